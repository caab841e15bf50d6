/* SPDX-License-Identifier: GPL-2.0 */
/* xdp_veth: the rule a veth follows for XDP-redirected frames — it takes
 * them (ndo_xdp_xmit) only when its peer runs an XDP program or has GRO
 * on; otherwise the redirect fails with EOPNOTSUPP (6.18: xdp_redirect_err
 * err=-95) — told as facts and fixes, shared by `check` (before a frame is
 * lost) and the explanation of a live XDP drop. Pure. */
#ifndef DROPDOC_XDP_VETH_H
#define DROPDOC_XDP_VETH_H

#include <stdbool.h>
#include <stddef.h>

#include "model/finding.h"
#include "model/netcfg.h"

/* Where dropdoc installs its XDP_PASS program (make install). */
#ifndef DD_LIBDIR
#define DD_LIBDIR "/usr/local/lib/dropdoc"
#endif
#define XDP_VETH_PASS_OBJ DD_LIBDIR "/xdp_pass.o"

/* True when l is a veth whose peer is known to have no XDP program. */
bool xdp_veth_peer_refuses(const struct netcfg_link *l);
/* " in netns NAME", " in netns (unnamed)", or "" when the peer is in cfg's
 * own namespace. */
void xdp_veth_peer_where(const struct netcfg *cfg, const struct netcfg_link *l, char *buf,
			 size_t n);
/* Evidence line: "peer P (ifindex N in netns X): no XDP program". */
void xdp_veth_peer_evidence(struct finding *f, const struct netcfg *cfg,
			    const struct netcfg_link *l);
/* Fix lines that make l's peer take redirected frames, as commands run
 * where the peer lives (pre: the prefix for cfg's own namespace). */
void xdp_veth_peer_fixes(struct finding *f, const struct netcfg *cfg, const struct netcfg_link *l,
			 const char *pre);

#endif
