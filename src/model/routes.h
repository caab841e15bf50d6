/* SPDX-License-Identifier: GPL-2.0 */
/* routes: the IPv4 default routes of one network namespace, every table,
 * read over netlink. Deliberately tiny: the netcfg model replaces it when
 * it lands. */
#ifndef DROPDOC_ROUTES_H
#define DROPDOC_ROUTES_H

#include <stddef.h>
#include <stdint.h>

#include "explain/flows.h"

/* Fills up to max routes of the namespace with this inode; returns their
 * number or -errno with a one-line reason in err. */
int routes_defaults(uint32_t netns_inode, struct flow_route *out, int max, char *err,
		    size_t errlen);

#endif
