// SPDX-License-Identifier: GPL-2.0
/* explain_route6: IPv6 packets the routing table discarded — a blackhole
 * route (NOT_SPECIFIED at dst_discard_out), an unreachable or prohibit
 * route or no route at all (IP_INNOROUTES at ip6_pkt_discard[_out],
 * ip6_pkt_prohibit[_out]) — with the route that covers the destination
 * (env->routes6, all tables). Multicast that a router has no route for
 * (MLD reports from ::, sent when an interface comes up) is normal. IPv6
 * policy rules are not modelled yet: the longest covering prefix of any
 * table is named, and the kernel's own lookup is given to run. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"

static const char *type_name(uint8_t t)
{
	return t == RTN_BLACKHOLE     ? "blackhole"
	       : t == RTN_UNREACHABLE ? "unreachable"
	       : t == RTN_PROHIBIT    ? "prohibit"
				      : "unicast";
}

static const char *del_dst(const struct route6 *r, char *buf, size_t n)
{
	return inet_ntop(AF_INET6, &r->dst, buf, (socklen_t)n);
}

static void mcast_normal(const struct explain_in *in, const char *src, const char *dst,
			 struct finding *f)
{
	explain_begin(in, f, "mcast-not-routed", FINDING_INFO);
	finding_summary(f, "normal: IPv6 multicast %s > %s that no route takes (%s at %s)", src,
			dst, in->d->reason, in->d->location);
	finding_evidence(f, "expected: MLD reports and solicitations to link-local groups, sent "
			    "while addresses are set up (from ::), find no multicast route");
	finding_fix(f, "nothing to fix: this is normal operation ('--hide-normal' hides it)");
}

int explain_route6(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	const struct route6_set *rs = NULL;
	const struct route6 *r;
	const struct netcfg_link *l;
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], dbuf[INET6_ADDRSTRLEN], text[200];

	if (!p || p->family != AF_INET6)
		return -ENOTSUP;
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	if (IN6_IS_ADDR_MULTICAST(&p->dst.v6)) {
		mcast_normal(in, src, dst, f);
		return 0;
	}
	if (!in->env || !in->env->routes6 || in->env->routes6(in->env->arg, d->netns, &rs))
		return -ENOENT;
	r = route6_best(rs, &p->dst.v6, -1);
	l = r && in->cfg ? netcfg_link_by_index(in->cfg, r->oif) : NULL;
	if (r)
		route6_format(r, l ? l->name : NULL, text, sizeof(text));
	if (r && r->type != RTN_UNICAST) {
		explain_begin(in, f, r->type == RTN_BLACKHOLE ? "blackhole" : type_name(r->type),
			      FINDING_WARNING);
		finding_summary(f, "dropped: the route %s swallows %s (from %s on %s)", text, dst,
				src, d->dev);
		finding_evidence(f, "route: %s (the longest prefix covering %s)", text, dst);
		finding_fix(f, "%sip -6 route del %s %s/%u table %u  # if %s should be reachable",
			    in->pre, type_name(r->type), del_dst(r, dbuf, sizeof(dbuf)), r->dst_len,
			    r->table, dst);
	} else {
		explain_begin(in, f, "no_route", FINDING_WARNING);
		finding_summary(f, "dropped: no IPv6 route to %s (from %s on %s)", dst, src,
				d->dev);
		if (r)
			finding_evidence(
			    f,
			    "the longest covering route, %s, is not the one the kernel "
			    "used: a policy rule took the lookup elsewhere",
			    text);
		else
			finding_evidence(f, "no route of any table covers %s, and no default route",
					 dst);
		finding_fix(f, "%sip -6 route add %s/64 via <next hop>  # or a default route",
			    in->pre, dst);
	}
	explain_kernel_at(in, f);
	finding_evidence(f,
			 "IPv6 policy rules are not modelled yet: %sip -6 rule; %sip -6 route "
			 "get %s from %s iif %s",
			 in->pre, in->pre, dst, src, d->dev);
	explain_counters(in, f, 2);
	return 0;
}
