// SPDX-License-Identifier: GPL-2.0
/* explain_fwd: drops of a packet this host was forwarding — its TTL (hop
 * limit) ran out, or it was larger than the next link's MTU and could not
 * be fragmented — explained with the packet's own fields and the route it
 * would have taken (the namespace's model, IPv4; IPv6 routes are not
 * modelled yet, so those findings name the command that asks the kernel). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"
#include "model/fib.h"

struct fwd {
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const char *ip;		       /* "ip" or "ip -6" */
	const struct netcfg_link *out; /* the route's device (IPv4, modelled) */
	uint32_t gw;
	char route[200]; /* the route as ip route prints it, "" */
};

/* IPv6: the longest covering unicast route of any table (rules are not
 * modelled yet). */
static void route_on6(const struct explain_in *in, const struct pkt *p, struct fwd *w)
{
	const struct route6_set *rs = NULL;
	const struct route6 *r;

	if (!in->env || !in->env->routes6 || in->env->routes6(in->env->arg, in->d->netns, &rs))
		return;
	r = route6_best(rs, &p->dst.v6, RTN_UNICAST);
	if (!r)
		return;
	w->out = in->cfg ? netcfg_link_by_index(in->cfg, r->oif) : NULL;
	route6_format(r, w->out ? w->out->name : NULL, w->route, sizeof(w->route));
}

/* The route the forwarded packet would take (IPv4 in the model). */
static void route_on(const struct explain_in *in, const struct pkt *p, struct fwd *w)
{
	struct fib_result r;

	pkt_src(p, w->src, sizeof(w->src));
	pkt_dst(p, w->dst, sizeof(w->dst));
	w->ip = p->family == AF_INET6 ? "ip -6" : "ip";
	if (p->family == AF_INET6) {
		route_on6(in, p, w);
		return;
	}
	if (!in->cfg || !in->d->ifindex)
		return;
	fib_input(in->cfg, p->src.v4.s_addr, p->dst.v4.s_addr, (int)in->d->ifindex, p->tos,
		  in->d->mark, &r);
	if (r.verdict != FIB_V_FORWARD || !r.route)
		return;
	w->out = netcfg_link_by_index(in->cfg, r.oif[0]);
	w->gw = r.gw[0];
	netcfg_route_format(in->cfg, r.route, w->route, sizeof(w->route));
}

static void route_evidence(const struct explain_in *in, const struct fwd *w, struct finding *f)
{
	if (w->route[0])
		finding_evidence(f, "the route on to %s: %s", w->dst, w->route);
	else
		finding_evidence(f, "the route on to %s: %s%s route get %s", w->dst, in->pre, w->ip,
				 w->dst);
}

/* IP_INHDR at ip_forward / ip6_forward: the TTL ran out. */
int explain_ttl(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	const char *ttl = p && p->family == AF_INET6 ? "hop limit" : "TTL";
	bool probe;
	struct fwd w = {0};

	if (!p || (p->family != AF_INET && p->family != AF_INET6))
		return -ENOTSUP;
	route_on(in, p, &w);
	/* traceroute: UDP to 33434+, or echo requests, TCP SYNs, starting
	 * at TTL 1 */
	probe = (p->proto == IPPROTO_UDP && p->dport >= 33434 && p->dport <= 33534) ||
		p->icmp_type == 8 || p->icmp_type == 128;
	explain_begin(in, f, "ttl-expired", FINDING_NOTICE);
	finding_summary(f,
			"%s > %s arrived on %s with %s %u: forwarding would take it to 0, so the "
			"kernel dropped it%s",
			w.src, w.dst, d->dev, ttl, p->ttl,
			d->icmp_type >= 0 ? " and sent ICMP time exceeded back" : "");
	finding_evidence(f,
			 "packet: %s %u on arrival; a router decrements it and drops at 0 "
			 "(%s at %s)",
			 ttl, p->ttl, d->reason, d->location);
	route_evidence(in, &w, f);
	if (d->icmp_type >= 0)
		finding_evidence(f, "ICMP type %d code %d sent to %s", d->icmp_type, d->icmp_code,
				 w.src);
	if (probe)
		finding_evidence(f,
				 "a traceroute-style probe (%s): expiring on the way is its "
				 "purpose",
				 p->proto == IPPROTO_UDP ? "UDP to port 33434+" : "echo request");
	explain_counters(in, f, 2);
	finding_fix(f, "a sender that set a low %s on purpose (traceroute, mtr) needs nothing",
		    ttl);
	finding_fix(f,
		    "otherwise look for a routing loop: %s%s route get %s, on this host and the "
		    "next hop, must not point back",
		    in->pre, w.ip, w.dst);
	finding_fix(f, "and raise the sender's default: sysctl -w %s=64",
		    p->family == AF_INET6 ? "net.ipv6.conf.all.hop_limit"
					  : "net.ipv4.ip_default_ttl");
	return 0;
}

/* PKT_TOO_BIG: larger than the next link's MTU, and DF set (IPv6 never
 * fragments on the way). */
int explain_too_big(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	struct fwd w = {0};
	unsigned len;

	if (!p || (p->family != AF_INET && p->family != AF_INET6))
		return -ENOTSUP;
	route_on(in, p, &w);
	len = p->ip_len ? p->ip_len : d->len;
	explain_begin(in, f, "mtu-too-small", FINDING_WARNING);
	if (w.out)
		finding_summary(f,
				"%s > %s: %u bytes do not fit %s's MTU %u and the packet may not "
				"be fragmented",
				w.src, w.dst, len, w.out->name, w.out->mtu);
	else
		finding_summary(f,
				"%s > %s: %u bytes are more than the next link's MTU and the "
				"packet may not be fragmented",
				w.src, w.dst, len);
	finding_evidence(f, "packet: %u bytes of %s, %s", len,
			 p->family == AF_INET6 ? "IPv6" : "IPv4",
			 p->family == AF_INET6 ? "IPv6 routers never fragment"
					       : ((p->frag_off & 0x4000) ? "DF set" : "DF clear"));
	route_evidence(in, &w, f);
	if (w.out)
		finding_evidence(f, "%s: mtu %u (arrived on %s)", w.out->name, w.out->mtu, d->dev);
	if (d->icmp_type >= 0)
		finding_evidence(f, "ICMP %s sent back to %s: the sender should lower its path MTU",
				 p->family == AF_INET6 ? "packet too big" : "fragmentation needed",
				 w.src);
	explain_counters(in, f, 2);
	if (w.out)
		finding_fix(f, "%sip link set dev %s mtu %u  # if the link beyond can carry it",
			    in->pre, w.out->name, len);
	finding_fix(f,
		    "or clamp TCP's MSS to the route's MTU: %snft add rule inet filter forward "
		    "tcp flags syn tcp option maxseg size set rt mtu",
		    in->pre);
	finding_fix(f, "and let ICMP %s reach %s (path MTU discovery needs it)",
		    p->family == AF_INET6 ? "packet-too-big" : "frag-needed", w.src);
	return 0;
}

/* FRAG_REASM_TIMEOUT: part of a fragmented datagram came, the rest did not
 * within the namespace's reassembly time. */
int explain_frag_timeout(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	bool v6 = p && p->family == AF_INET6;
	const char *key = v6 ? "net.ipv6.ip6frag_time" : "net.ipv4.ipfrag_time";
	char t[24] = "?", hi[24] = "?", src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

	if (!p || (p->family != AF_INET && p->family != AF_INET6))
		return -ENOTSUP;
	explain_sysctl(in, key, t, sizeof(t));
	explain_sysctl(in, v6 ? "net.ipv6.ip6frag_high_thresh" : "net.ipv4.ipfrag_high_thresh", hi,
		       sizeof(hi));
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	explain_begin(in, f, "fragments-lost", FINDING_WARNING);
	finding_summary(f,
			"%s > %s: a fragmented datagram never arrived whole within %s s: the "
			"fragments that came were dropped",
			src, dst, t);
	if (!v6)
		finding_evidence(f,
				 "datagram id 0x%04x: its first fragment came (offset 0, more "
				 "fragments set), the rest did not",
				 p->ip_id);
	finding_evidence(f, "%s = %s s, high_thresh %s bytes", key, t, hi);
	explain_kernel_at(in, f);
	explain_counters(in, f, 2);
	finding_fix(f,
		    "a fragment was lost on the way from %s: the sender fragments because its "
		    "packets exceed a link's MTU — lower its MTU or let PMTU discovery work (ICMP "
		    "frag-needed / packet-too-big must reach it)",
		    src);
	finding_fix(f, "on a slow or reordering path only: %ssysctl -w %s=30", in->pre, key);
	return 0;
}
