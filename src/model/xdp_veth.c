// SPDX-License-Identifier: GPL-2.0
/* xdp_veth: a veth's peer and XDP_REDIRECT, as evidence and fixes. */
#include <stdio.h>
#include <string.h>

#include "host/netns.h"
#include "model/xdp_veth.h"

bool xdp_veth_peer_refuses(const struct netcfg_link *l)
{
	return l && !strcmp(l->kind, "veth") && l->peer_xdp == 0;
}

void xdp_veth_peer_where(const struct netcfg *cfg, const struct netcfg_link *l, char *buf, size_t n)
{
	if (l->peer_netns && l->peer_netns != cfg->netns_inode)
		snprintf(buf, n, " in netns %s",
			 l->peer_netns_name[0] ? l->peer_netns_name : "(unnamed)");
	else
		snprintf(buf, n, "%s", "");
}

static const char *peer_name(const struct netcfg_link *l)
{
	return l->peer_name[0] ? l->peer_name : "PEER";
}

void xdp_veth_peer_evidence(struct finding *f, const struct netcfg *cfg,
			    const struct netcfg_link *l)
{
	char where[96];

	xdp_veth_peer_where(cfg, l, where, sizeof(where));
	finding_evidence(f, "peer %s (ifindex %d%s): no XDP program",
			 l->peer_name[0] ? l->peer_name : "?", l->link, where);
}

void xdp_veth_peer_fixes(struct finding *f, const struct netcfg *cfg, const struct netcfg_link *l,
			 const char *pre)
{
	char ip[96], exec[96];

	if (l->peer_netns_name[0] && l->peer_netns != cfg->netns_inode) {
		netns_prefixes(l->peer_netns_name, exec, sizeof(exec), ip, sizeof(ip));
	} else {
		snprintf(ip, sizeof(ip), "%sip", pre);
		snprintf(exec, sizeof(exec), "%s", pre);
	}
	finding_fix(f,
		    "%s link set dev %s xdp obj xdp_pass.o sec xdp  # any program returning "
		    "XDP_PASS",
		    ip, peer_name(l));
	finding_fix(f,
		    "%s link set dev %s xdp obj %s sec xdp  # dropdoc's XDP_PASS program (make "
		    "install)",
		    ip, peer_name(l), XDP_VETH_PASS_OBJ);
	finding_fix(f,
		    "%sethtool -K %s gro on  # or GRO on the peer: veth then takes XDP frames "
		    "without a program",
		    exec, peer_name(l));
}
