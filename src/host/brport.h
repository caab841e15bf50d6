/* SPDX-License-Identifier: GPL-2.0 */
/* brport: a bridge port's STP state as the bridge keeps it (`bridge link
 * show`), over rtnetlink (RTM_GETLINK, AF_BRIDGE: IFLA_PROTINFO /
 * IFLA_BRPORT_STATE). Nothing here prints. */
#ifndef DROPDOC_BRPORT_H
#define DROPDOC_BRPORT_H

/* BR_STATE_*: 0 disabled, 1 listening, 2 learning, 3 forwarding, 4 blocking */
int brport_state(int nsfd, int ifindex, int *state); /* 0, -ENOENT (no port), -errno */
const char *brport_state_name(int state);

#endif
