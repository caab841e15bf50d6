// SPDX-License-Identifier: GPL-2.0
/* explain_route: drops decided by the routing code on input — rp_filter,
 * local or invalid source, no route, not forwarding — explained by running
 * the same lookup over the namespace's model (fib/path) and reporting the
 * rules, routes and sysctls that decided it. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"
#include "model/fib.h"
#include "model/path.h"

int explain_route(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	struct path_query q = {0};
	struct path_result r;
	char err[160], s[INET_ADDRSTRLEN], t[INET_ADDRSTRLEN];

	if (!in->cfg || !p || p->family != AF_INET || !d->ifindex)
		return -ENOTSUP; /* IPv6 routing is not modelled yet */
	q.src = p->src.v4.s_addr;
	q.dst = p->dst.v4.s_addr;
	q.iif = (int)d->ifindex;
	q.mark = d->mark;
	if (path_eval(in->cfg, NULL, &q, in->pre, &r, err, sizeof(err)))
		return -ENOENT;
	inet_ntop(AF_INET, &p->src.v4, s, sizeof(s));
	inet_ntop(AF_INET, &p->dst.v4, t, sizeof(t));
	if (r.verdict != FIB_V_DROP || !r.has_finding) {
		/* The model of the configuration as it is now accepts what the
		 * kernel dropped: it changed since, or the model misses a
		 * selector. Say so rather than invent a cause. */
		explain_begin(in, f, "route_model_disagrees", FINDING_NOTICE);
		finding_summary(f,
				"the kernel dropped %s > %s on %s (%s) but the configuration read "
				"now would %s it",
				s, t, d->dev, d->reason, fib_verdict_name(r.verdict));
		finding_evidence(f, "model: %s", fib_verdict_name(r.verdict));
		if (r.model.unmodeled_rules)
			finding_evidence(f, "some ip rules use selectors dropdoc does not model "
					    "(uid, ports, l3mdev, tunnel id)");
		finding_fix(f, "%sip route get %s from %s iif %s  # ask the kernel again", in->pre,
			    t, s, d->dev);
		return 0;
	}
	*f = r.finding;
	f->netns = d->netns;
	snprintf(f->netns_name, sizeof(f->netns_name), "%s", d->netns_name ? d->netns_name : "");
	if (f->n_evidence < FINDING_LINES)
		finding_evidence(f, "kernel: %s at %s (the model reaches the same verdict)",
				 d->reason, d->location ? d->location : "?");
	return 0;
}

/* "no route" for a packet this host sends: the output lookup over the
 * model. A VXLAN device's packets go to its remote: the lookup that failed
 * is the underlay's, for that address. */
int explain_outnoroute(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct netcfg_link *l = explain_link(in);
	bool vxlan = l && !strcmp(l->kind, "vxlan");
	struct fib_result r;
	struct in_addr to;
	char t[INET_ADDRSTRLEN], inner[INET6_ADDRSTRLEN] = "?";

	if (!in->cfg || (!vxlan && (!d->pkt || d->pkt->family != AF_INET)))
		return -ENOTSUP; /* IPv6 output routes are not modelled yet */
	if (vxlan && !l->tun_remote)
		return -ENOENT; /* remotes from the FDB: not modelled */
	if (vxlan)
		to.s_addr = l->tun_remote;
	else
		to.s_addr = d->pkt->dst.v4.s_addr; /* d->pkt checked above */
	inet_ntop(AF_INET, &to, t, sizeof(t));
	if (d->pkt)
		pkt_dst(d->pkt, inner, sizeof(inner));
	fib_output(in->cfg, vxlan ? l->tun_local : 0, to.s_addr, d->mark, &r);
	explain_begin(in, f, vxlan ? "vxlan-remote-unroutable" : "no_route", FINDING_WARNING);
	if (vxlan)
		finding_summary(f,
				"VXLAN %s (id %u) sends to its remote %s, and the underlay has no "
				"route there: what it carries (to %s) is dropped",
				l->name, l->vni, t, inner);
	else
		finding_summary(f, "this host has no route to %s for what it sends", t);
	if (vxlan)
		finding_evidence(f, "%s: vxlan id %u remote %s", l->name, l->vni, t);
	finding_evidence(f, "model: the output lookup for %s: %s (%s)", t,
			 fib_verdict_name(r.verdict), fib_cause_name(r.cause));
	explain_kernel_at(in, f);
	explain_counters(in, f, 2);
	finding_fix(f, "%sip route add %s via <gateway>  # or a default route%s", in->pre, t,
		    vxlan ? ", or give the VXLAN device its underlay: dev <uplink>" : "");
	finding_fix(f, "%sip route get %s  # the kernel's answer", in->pre, t);
	return 0;
}
