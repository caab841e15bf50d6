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
