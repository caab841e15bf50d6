// SPDX-License-Identifier: GPL-2.0
/* explain_xfrm: an IPsec policy that refused the packet — a block policy
 * whose selector takes it, or one that requires SAs the packet did not
 * come through (plain text where IPsec is required). XFRM_POLICY in TCP
 * and forwarding; UDP frees such packets as NOT_SPECIFIED at
 * __udp4_lib_rcv / __udp6_lib_rcv, where this rule claims them only when a
 * policy takes them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/xfrm.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"

int explain_xfrm(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	struct xfrminfo_policy x[XFRMINFO_MAX];
	const struct xfrminfo_policy *best = NULL;
	char sel[200], src[64], dst[64];
	int n;

	if (!p || (p->family != AF_INET && p->family != AF_INET6) || !in->env || !in->env->xfrm)
		return -ENOTSUP;
	n = in->env->xfrm(in->env->arg, d->netns, x, XFRMINFO_MAX);
	for (int i = 0; i < n; i++) {
		if ((x[i].dir != XFRM_POLICY_IN && x[i].dir != XFRM_POLICY_FWD) ||
		    (!x[i].block && !x[i].has_tmpl) ||
		    !xfrminfo_matches(&x[i], p->family, &p->src, &p->dst, p->proto, p->sport,
				      p->dport))
			continue;
		if (!best || x[i].priority < best->priority)
			best = &x[i];
	}
	if (!best)
		return -ENOENT; /* none takes it now: what the kernel checked */
	xfrminfo_format(best, sel, sizeof(sel));
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	explain_begin(in, f, "ipsec-policy", FINDING_WARNING);
	if (best->block)
		finding_summary(f, "IPsec policy \"%s action block\" refused %s > %s", sel, src,
				dst);
	else
		finding_summary(f,
				"IPsec policy \"%s\" requires %s > %s to come through IPsec, and "
				"it came in plain",
				sel, src, dst);
	finding_evidence(f, "policy: %s action %s priority %u%s", sel,
			 best->block ? "block" : "allow", best->priority,
			 best->has_tmpl ? " (with templates: SAs required)" : "");
	explain_kernel_at(in, f);
	if (best->block)
		finding_fix(f, "%sip xfrm policy delete %s  # if this traffic should pass", in->pre,
			    sel);
	else
		finding_fix(
		    f,
		    "bring up the SA the policy needs: %sip xfrm state; or %sip xfrm policy "
		    "delete %s",
		    in->pre, in->pre, sel);
	finding_fix(f,
		    "%sip -s xfrm policy list; cat /proc/net/xfrm_stat  # XfrmInPolBlock, "
		    "XfrmInNoStates",
		    in->pre);
	return 0;
}
