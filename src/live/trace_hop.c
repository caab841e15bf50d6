// SPDX-License-Identifier: GPL-2.0
/* trace_hop: a collector hop named for the printers. */
#include <arpa/inet.h>
#include <linux/bpf.h> /* enum xdp_action */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode/ksym.h"
#include "model/netcfg.h"
#include "host/netns.h"
#include "host/netns_desc.h"
#include "decode/reasons.h"
#include "live/trace_hop.h"
#include "host/xdpinfo.h"

static const char *route_type_name(uint8_t type, int err)
{
	static const char *const names[] = {
	    "unspec",	 "unicast",	"local",    "broadcast", "anycast", "multicast",
	    "blackhole", "unreachable", "prohibit", "throw",	 "nat",	    "xresolve",
	};

	if (type && type < sizeof(names) / sizeof(names[0]))
		return names[type];
	/* a failed lookup has no nexthop to read the type from, but in
	 * fib_table_lookup the error is the route type's (fib_props) */
	switch (err) {
	case 0:
		return NULL;
	case -EAGAIN:
		return "no_match"; /* or a throw route: try the next rule */
	case -EINVAL:
		return "blackhole";
	case -EHOSTUNREACH:
		return "unreachable";
	case -EACCES:
		return "prohibit";
	default:
		return "error";
	}
}

static const char *kind_name(const struct dd_hop *h, const struct dd_hop *prev)
{
	switch (h->kind) {
	case DD_HOP_RX:
		return "rx";
	case DD_HOP_ROUTE:
		return "route";
	case DD_HOP_RPF:
		return "rpf";
	case DD_HOP_TX:
		return "tx";
	case DD_HOP_TX_ERR:
		return "tx_error";
	case DD_HOP_ICMP:
		return "icmp";
	case DD_HOP_DROP:
		return "drop";
	case DD_HOP_NEIGH:
		return "neigh";
	case DD_HOP_TO_XDP:
		return "to_xdp";
	case DD_HOP_XDP:
		return "xdp";
	case DD_HOP_CONSUME:
		/* freed right after being sent (a NIC's completion) vs used
		 * up inside the stack (delivered) */
		return prev && (prev->kind == DD_HOP_TX || prev->kind == DD_HOP_TX_ERR) ? "sent"
											: "deliver";
	default:
		return "unknown";
	}
}

bool trace_hop_is_end(const struct dd_hop *h)
{
	return h->kind == DD_HOP_DROP || h->kind == DD_HOP_CONSUME ||
	       (h->kind == DD_HOP_XDP && h->xdp_act != XDP_PASS);
}

bool trace_hop_is_loss(const struct dd_hop *h)
{
	/* an XDP verdict carries a reason (DD_REASON_XDP_*) when it lost it */
	return h->kind == DD_HOP_DROP || (h->kind == DD_HOP_XDP && h->reason);
}

const char *trace_hop_end(const struct dd_hop *hops, int n)
{
	const struct dd_hop *last = &hops[n - 1];

	switch (last->kind) {
	case DD_HOP_DROP:
		return "dropped";
	case DD_HOP_TO_XDP: /* XDP_DROP and a sent XDP_TX fire nothing */
		return "xdp_unseen";
	case DD_HOP_XDP:
		return last->reason		       ? "dropped"
		       : last->xdp_act == XDP_REDIRECT ? "redirected"
						       : "unfinished";
	case DD_HOP_CONSUME:
		return n > 1 && hops[n - 2].kind == DD_HOP_TX ? "sent" : "delivered";
	case DD_HOP_TX:
	case DD_HOP_TX_ERR:
		return "forwarded";
	case DD_HOP_ROUTE:
		return last->route_type == 2 /* RTN_LOCAL */ ? "delivered" : "unfinished";
	default:
		return "unfinished";
	}
}

static const char *ip4(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* Names from the run's descriptors: valid until its loop's next tick,
 * however many other namespaces the journey passes. */
static const char *hop_ns_name(const struct trace_hop_names *s, uint32_t inode)
{
	const struct netns_desc *d;

	if (!s->ns)
		return netns_name(inode);
	d = netns_descs_get(s->ns, inode, *s->now);
	return d ? d->name : "";
}

static int hop_ifname(const struct trace_hop_names *s, uint32_t inode, uint32_t ifindex, char *buf,
		      size_t n)
{
	if (!s->ns)
		return netns_ifname(inode, ifindex, buf, n);
	return netns_descs_ifname(s->ns, inode, ifindex, *s->now, buf, n);
}

void trace_hop_record(const struct trace_hop_names *s, const struct dd_hop *h,
		      const struct dd_hop *prev, struct trace_hop_bufs *b, struct trace_hop_rec *r)
{
	bool route = h->kind == DD_HOP_ROUTE || h->kind == DD_HOP_RPF;

	memset(r, 0, sizeof(*r));
	r->packet = h->packet;
	r->hop = h->hop;
	r->kind = kind_name(h, prev);
	r->time_ns = h->ts_ns + s->boot_to_real;
	r->netns = h->netns;
	r->netns_name = hop_ns_name(s, h->netns);
	r->metric = -1;
	r->icmp_type = r->icmp_code = -1;
	if (h->caplen) {
		pkt_decode(h->data, h->caplen, h->len, &b->pkt);
		r->pkt = &b->pkt;
		r->len = h->len;
	}
	if (!route) {
		r->dev = h->ifname[0] ? h->ifname : NULL;
		r->ifindex = h->ifindex;
	} else {
		r->table = netcfg_table_name(h->tb_id, b->table, sizeof(b->table));
		r->err = h->err;
		r->route_type = route_type_name(h->route_type, h->err);
		r->dev = h->oifname[0] ? h->oifname : NULL;
		r->ifindex = h->oif;
		r->ipv6 = h->flags & DD_HOPF_IPV6;
		if (r->ipv6) {
			static const uint8_t none[16];

			r->gateway = memcmp(h->gw6, none, 16)
					 ? inet_ntop(AF_INET6, h->gw6, b->gw, sizeof(b->gw))
					 : NULL;
			r->lookup_src = inet_ntop(AF_INET6, h->fl_src6, b->src, sizeof(b->src));
			r->lookup_dst = inet_ntop(AF_INET6, h->fl_dst6, b->dst, sizeof(b->dst));
		} else {
			r->gateway = h->gw4 ? ip4(h->gw4, b->gw) : NULL;
			r->lookup_src = ip4(h->fl_src, b->src);
			r->lookup_dst = ip4(h->fl_dst, b->dst);
			r->prefsrc = h->prefsrc ? ip4(h->prefsrc, b->prefsrc) : NULL;
		}
		r->metric = h->err || !h->route_type ? -1 : (long)h->metric;
		r->output = h->flags & DD_HOPF_OUTPUT;
		if (!r->output && h->ifindex > 1 &&
		    !hop_ifname(s, h->netns, h->ifindex, b->in_dev, sizeof(b->in_dev)))
			r->in_dev = b->in_dev;
	}
	if (h->kind == DD_HOP_DROP)
		r->reason = reasons_label(s->reasons, h->reason, b->reason, sizeof(b->reason));
	if (h->kind == DD_HOP_DROP || h->kind == DD_HOP_CONSUME)
		r->location = ksym_lookup(s->ksyms, h->location, &r->location_off);
	if (h->kind == DD_HOP_ICMP) {
		r->icmp_type = h->icmp_type;
		r->icmp_code = h->icmp_code;
	}
	if (h->kind == DD_HOP_TX_ERR)
		r->tx_rc = (int)h->reason;
	if (h->kind == DD_HOP_XDP) {
		r->xdp_action = xdpinfo_action_name(h->xdp_act);
		r->xdp_prog_id = h->prog_id;
		r->err = h->err;
		if (h->reason)
			r->reason =
			    reasons_label(s->reasons, h->reason, b->reason, sizeof(b->reason));
		if (h->oif && !hop_ifname(s, h->netns, h->oif, b->target, sizeof(b->target)))
			r->target_dev = b->target;
	}
	if (h->kind == DD_HOP_NEIGH) {
		if (h->flags & DD_HOPF_IPV6)
			r->gateway = inet_ntop(AF_INET6, h->gw6, b->gw, sizeof(b->gw));
		else
			r->gateway = h->gw4 ? ip4(h->gw4, b->gw) : NULL;
		r->neigh_state = netcfg_nud_name(h->nud_state, b->nud, sizeof(b->nud));
	}
}
