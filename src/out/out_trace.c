// SPDX-License-Identifier: GPL-2.0
/* out_trace: text and JSON printers for journeys, findings and stats. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <string.h>

#include "decode/decode.h"
#include "out/out.h"
#include "out/out_trace.h"
#include "out/out_finding.h"
#include "out/out_jsonw.h"

static const char *ns_label(const struct trace_hop_rec *h, char *buf, size_t n)
{
	if (h->netns_name && *h->netns_name)
		return h->netns_name;
	snprintf(buf, n, "%" PRIu32, h->netns);
	return buf;
}

static const char *icmp_name(int type, int code)
{
	if (type == 3) {
		static const char *const unreach[] = {"net unreachable", "host unreachable",
						      "protocol unreachable", "port unreachable",
						      "fragmentation needed"};

		if (code >= 0 && code < 5)
			return unreach[code];
		return code == 13 ? "administratively prohibited" : "unreachable";
	}
	if (type == 11)
		return "time exceeded";
	if (type == 5)
		return "redirect";
	return "error";
}

static void text_route(FILE *f, const struct trace_hop_rec *h)
{
	const char *via = h->gateway ? " via " : "";

	if (!strcmp(h->kind, "rpf")) {
		fprintf(f, "reverse-path check: %s is routed back%s%s", h->lookup_dst, via,
			h->gateway ? h->gateway : "");
		if (h->dev)
			fprintf(f, " dev %s", h->dev);
		if (h->err)
			fprintf(f, " (%s)", strerror(-h->err));
		fprintf(f, " (table %s)", h->table);
		return;
	}
	fprintf(f, "route%s: table %s, ", h->output ? " (output)" : "", h->table);
	if (h->route_type && !strcmp(h->route_type, "no_match")) {
		fprintf(f, "no match for %s", h->lookup_dst);
		return;
	}
	fprintf(f, "%s", h->route_type ? h->route_type : "?");
	if (h->err) {
		fprintf(f, " (%s)", strerror(-h->err));
		return;
	}
	if (h->gateway)
		fprintf(f, " via %s", h->gateway);
	if (h->dev)
		fprintf(f, " dev %s", h->dev);
	if (h->metric > 0)
		fprintf(f, " metric %ld", h->metric);
}

static void location(char *buf, size_t n, const struct trace_hop_rec *h)
{
	if (h->location)
		snprintf(buf, n, "%s+0x%" PRIx64, h->location, h->location_off);
	else
		snprintf(buf, n, "?");
}

static void text_hop(FILE *f, const struct trace_hop_rec *h)
{
	char ns[32], loc[160];

	if (!strcmp(h->kind, "rx") || !strcmp(h->kind, "tx")) {
		fprintf(f, "%s %s (%s)", h->kind, h->dev ? h->dev : "-",
			ns_label(h, ns, sizeof(ns)));
	} else if (!strcmp(h->kind, "route") || !strcmp(h->kind, "rpf")) {
		text_route(f, h);
	} else if (!strcmp(h->kind, "neigh")) {
		fprintf(
		    f,
		    "queued on neighbour %s (%s) dev %s (%s): waiting for its link-layer address",
		    h->gateway ? h->gateway : "?", h->neigh_state ? h->neigh_state : "?",
		    h->dev ? h->dev : "-", ns_label(h, ns, sizeof(ns)));
	} else if (!strcmp(h->kind, "to_xdp")) {
		fprintf(f, "copied for the XDP program on %s (%s)", h->dev ? h->dev : "-",
			ns_label(h, ns, sizeof(ns)));
	} else if (!strcmp(h->kind, "xdp")) {
		if (h->xdp_prog_id)
			fprintf(f, "XDP program %u on %s: ", h->xdp_prog_id, h->dev ? h->dev : "-");
		else
			fprintf(f, "XDP on %s: ", h->dev ? h->dev : "-");
		fputs(h->xdp_action ? h->xdp_action : "?", f);
		if (h->target_dev)
			fprintf(f, " to %s", h->target_dev);
		if (h->err)
			fprintf(f, " failed: %s (%d)", strerror(-h->err), h->err);
		if (!h->xdp_prog_id) /* XDP_PASS: seen, not reported */
			fputs(" (its copy reached the stack)", f);
	} else if (!strcmp(h->kind, "icmp")) {
		fprintf(f, "ICMP error sent back: %s (type %d, code %d)",
			icmp_name(h->icmp_type, h->icmp_code), h->icmp_type, h->icmp_code);
	} else if (!strcmp(h->kind, "drop")) {
		location(loc, sizeof(loc), h);
		fprintf(f, "dropped %s at %s (dev %s, %s)", h->reason, loc, h->dev ? h->dev : "-",
			ns_label(h, ns, sizeof(ns)));
	} else if (!strcmp(h->kind, "deliver")) {
		location(loc, sizeof(loc), h);
		fprintf(f, "delivered (%s, %s)", loc, ns_label(h, ns, sizeof(ns)));
	} else if (!strcmp(h->kind, "sent")) {
		location(loc, sizeof(loc), h);
		fprintf(f, "freed after transmit (%s)", loc);
	} else if (!strcmp(h->kind, "tx_error")) {
		fprintf(f, "transmit failed on %s (rc %d)", h->dev ? h->dev : "-", h->tx_rc);
	} else {
		fprintf(f, "%s", h->kind);
	}
}

void out_text_trace_packet(FILE *f, const struct trace_packet *p)
{
	char t[32];

	out_time_short(p->nhops ? p->hops[0].time_ns : 0, t, sizeof(t));
	fprintf(f, "%s packet %" PRIu64 ": %s\n", t, p->id, p->summary ? p->summary : "");
	for (int i = 0; i < p->nhops; i++) {
		fputs(i ? "  → " : "    ", f);
		text_hop(f, &p->hops[i]);
		fputc('\n', f);
	}
	if (p->partial)
		fprintf(f,
			"  (route lookups not seen: the host was busy and the route hook detached; "
			"--keep-hooks keeps it)\n");
	if (!strcmp(p->end, "forwarded"))
		fprintf(f, "  = forwarded out %s (not followed further)\n",
			p->nhops && p->hops[p->nhops - 1].dev ? p->hops[p->nhops - 1].dev : "-");
	else if (!strcmp(p->end, "unfinished"))
		fprintf(f, "  = no end seen\n");
	else if (!strcmp(p->end, "xdp_unseen"))
		fprintf(f, "  = handed to XDP: no verdict seen (XDP_DROP and a sent XDP_TX fire no "
			   "tracepoint)\n");
	else
		fprintf(f, "  = %s\n", p->end);
}

void out_text_trace_stats(FILE *f, const struct trace_stats *s)
{
	fprintf(f,
		"%" PRIu64 " packets printed (%" PRIu64 " selected of %" PRIu64
		" first hops), %" PRIu64 " hops, %" PRIu64 " lost, %" PRIu64 " findings in %.1fs\n",
		s->printed, s->selected, s->candidates, s->hops, s->lost, s->findings, s->seconds);
	if (s->track_full)
		fprintf(f, "%" PRIu64 " packets not followed (tracking table full)\n",
			s->track_full);
	if (s->route_hook_detaches)
		fprintf(f,
			"route hook detached %u times while busy; %" PRIu64
			" packets selected meanwhile have no route hops\n",
			s->route_hook_detaches, s->partial);
}

/* ---- JSON ---- */

static void json_hop(FILE *f, const struct trace_hop_rec *h, const char *end, bool partial)
{
	struct json_object *o = out_json_obj("hop");
	const struct pkt *p = h->pkt;
	char t[40], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	bool route = !strcmp(h->kind, "route") || !strcmp(h->kind, "rpf");
	bool l3 = p && p->family;

	out_time_iso(h->time_ns, t, sizeof(t));
	out_put_int(o, "packet", (int64_t)h->packet, true);
	out_put_int(o, "hop", h->hop, true);
	out_put_str(o, "kind", h->kind);
	out_put_str(o, "time", t);
	out_put_str(o, "dev", h->dev);
	out_put_int(o, "ifindex", h->ifindex, h->ifindex != 0);
	out_put_int(o, "netns", h->netns, h->netns != 0);
	out_put_str(o, "netns_name", h->netns_name && *h->netns_name ? h->netns_name : NULL);
	out_put_str(o, "family",
		    route ? (h->ipv6 ? "ipv6" : "ipv4")
		    : p	  ? pkt_family_name(p)
			  : NULL);
	out_put_str(o, "proto", p ? pkt_proto_name(p) : NULL);
	out_put_str(o, "src", route ? h->lookup_src : l3 ? pkt_src(p, a, sizeof(a)) : NULL);
	out_put_str(o, "dst", route ? h->lookup_dst : l3 ? pkt_dst(p, b, sizeof(b)) : NULL);
	out_put_int(o, "sport", p ? p->sport : 0, p && p->sport >= 0);
	out_put_int(o, "dport", p ? p->dport : 0, p && p->dport >= 0);
	out_put_int(o, "len", h->len, p != NULL);
	out_put_str(o, "table", route ? h->table : NULL);
	out_put_str(o, "route_type", route ? h->route_type : NULL);
	out_put_str(o, "gateway", h->gateway);
	out_put_int(o, "metric", h->metric, h->metric >= 0);
	out_put_int(o, "err", h->err, route || h->xdp_action);
	out_put_str(o, "in_dev", h->in_dev);
	json_object_object_add(o, "output", route ? json_object_new_boolean(h->output) : NULL);
	out_put_str(o, "reason", h->reason);
	out_put_str(o, "location", h->location);
	out_put_int(o, "location_offset", (int64_t)h->location_off, h->location != NULL);
	out_put_str(o, "neigh_state", h->neigh_state);
	out_put_str(o, "xdp_action", h->xdp_action);
	out_put_int(o, "xdp_prog_id", h->xdp_prog_id, h->xdp_prog_id != 0);
	out_put_str(o, "target_dev", h->target_dev);
	out_put_int(o, "icmp_type", h->icmp_type, h->icmp_type >= 0);
	out_put_int(o, "icmp_code", h->icmp_code, h->icmp_code >= 0);
	out_put_str(o, "end", end);
	json_object_object_add(o, "partial", json_object_new_boolean(partial));
	out_json_line(f, o);
}

void out_json_trace_packet(FILE *f, const struct trace_packet *p)
{
	for (int i = 0; i < p->nhops; i++)
		json_hop(f, &p->hops[i], i == p->nhops - 1 ? p->end : NULL, p->partial);
}

void out_json_trace_stats(FILE *f, const struct trace_stats *s)
{
	struct json_object *o = out_json_obj("stats");
	out_put_int(o, "candidates", (int64_t)s->candidates, true);
	out_put_int(o, "selected", (int64_t)s->selected, true);
	out_put_int(o, "hops", (int64_t)s->hops, true);
	out_put_int(o, "printed", (int64_t)s->printed, true);
	out_put_int(o, "lost", (int64_t)s->lost, true);
	out_put_int(o, "not_followed", (int64_t)s->track_full, true);
	out_put_int(o, "partial", (int64_t)s->partial, true);
	out_put_int(o, "route_hook_detaches", s->route_hook_detaches, true);
	out_put_int(o, "findings", (int64_t)s->findings, true);
	json_object_object_add(o, "seconds", json_object_new_double(s->seconds));
	out_json_line(f, o);
}
