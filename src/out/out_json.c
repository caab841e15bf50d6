// SPDX-License-Identifier: GPL-2.0
/* out_json: JSON lines (one object per line, every object has "type"; a
 * field that does not apply is null, never missing). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <string.h>

#include "decode/decode.h"
#include "decode/icmperr.h"
#include "out/out.h"
#include "out/out_finding.h"
#include "out/out_jsonw.h"

static void put_mac(struct json_object *o, const char *k, const uint8_t *m)
{
	char b[18];

	if (!m) {
		json_object_object_add(o, k, NULL);
		return;
	}
	snprintf(b, sizeof(b), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	out_put_str(o, k, b);
}

static const char *pkt_type_name(uint8_t t)
{
	static const char *const names[] = {"host",	"broadcast", "multicast", "otherhost",
					    "outgoing", "loopback",  "user",	  "kernel"};

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : NULL;
}

static void tcp_flags(char *b, uint8_t fl)
{
	static const char names[] = "FSRPAUEC";
	int n = 0;

	for (int i = 0; i < 8; i++)
		if (fl & (1 << i))
			b[n++] = names[i];
	b[n] = 0;
}

/* "xdp": what the XDP tracepoint told, or null for drops of an skb. */
static void put_xdp(struct json_object *o, const struct drop_xdp *x)
{
	struct json_object *j;

	if (!x) {
		json_object_object_add(o, "xdp", NULL);
		return;
	}
	j = json_object_new_object();
	out_put_int(j, "prog_id", x->prog_id, x->prog_id != 0);
	out_put_str(j, "prog_name", x->prog_id && x->prog_name ? x->prog_name : NULL);
	out_put_str(j, "action", x->action);
	out_put_int(j, "err", x->err, x->err != 0);
	out_put_str(j, "errno", x->err_name);
	out_put_int(j, "to_ifindex", x->to_ifindex, x->to_ifindex != 0);
	out_put_str(j, "to_dev", x->to_dev);
	out_put_int(j, "map_id", x->map_id, x->map_id != 0);
	out_put_int(j, "frames", x->frames, true);
	json_object_object_add(o, "xdp", j);
}

/* "icmp_sent": the ICMP error the kernel answered this packet with. */
static void put_icmp_sent(struct json_object *o, const struct drop_record *d)
{
	struct json_object *j;

	if (d->icmp_type < 0) {
		json_object_object_add(o, "icmp_sent", NULL);
		return;
	}
	j = json_object_new_object();
	out_put_int(j, "type", d->icmp_type, true);
	out_put_int(j, "code", d->icmp_code, true);
	out_put_str(j, "name", icmperr_name(d->icmp_type, d->icmp_code));
	json_object_object_add(o, "icmp_sent", j);
}

/* "callers": functions above the location (netfilter drops), or null. */
static void put_callers(struct json_object *o, const struct drop_record *d)
{
	struct json_object *a;

	if (!d->callers[0]) {
		json_object_object_add(o, "callers", NULL);
		return;
	}
	a = json_object_new_array();
	for (int i = 0; i < DROPS_CALLERS && d->callers[i]; i++)
		json_object_array_add(a, json_object_new_string(d->callers[i]));
	json_object_object_add(o, "callers", a);
}

void out_json_drop(FILE *f, const struct drop_record *d)
{
	struct json_object *o = out_json_obj("drop");
	const struct pkt *p = d->pkt;
	char t[40], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], fl[9], line[512];
	bool l3 = p && p->family;

	out_time_iso(d->time_ns, t, sizeof(t));
	out_put_str(o, "time", t);
	out_put_str(o, "reason", d->reason);
	out_put_int(o, "reason_code", d->reason_code, true);
	out_put_str(o, "location", d->location);
	out_put_int(o, "location_offset", (int64_t)d->location_off, d->location != NULL);
	out_put_str(o, "dev", d->dev && *d->dev ? d->dev : NULL);
	out_put_int(o, "ifindex", d->ifindex, d->ifindex != 0);
	out_put_int(o, "netns", d->netns, d->netns != 0);
	out_put_str(o, "netns_name", d->netns_name && *d->netns_name ? d->netns_name : NULL);
	out_put_str(o, "container", d->container && *d->container ? d->container : NULL);
	out_put_str(o, "pkt_type", d->xdp ? NULL : pkt_type_name(d->pkt_type));
	out_put_str(o, "family", p ? pkt_family_name(p) : NULL);
	out_put_str(o, "proto", p ? pkt_proto_name(p) : NULL);
	out_put_str(o, "src",
		    l3 ? pkt_src(p, a, sizeof(a))
		       : (p && p->is_arp ? inet_ntop(AF_INET, &p->arp_spa, a, sizeof(a)) : NULL));
	out_put_str(o, "dst",
		    l3 ? pkt_dst(p, b, sizeof(b))
		       : (p && p->is_arp ? inet_ntop(AF_INET, &p->arp_tpa, b, sizeof(b)) : NULL));
	out_put_int(o, "sport", p ? p->sport : 0, p && p->sport >= 0);
	out_put_int(o, "dport", p ? p->dport : 0, p && p->dport >= 0);
	out_put_int(o, "len", d->len, true);
	put_mac(o, "smac", p && p->has_eth ? p->smac : NULL);
	put_mac(o, "dmac", p && p->has_eth ? p->dmac : NULL);
	out_put_int(o, "vlan", p ? p->vlan : 0, p && p->vlan >= 0);
	out_put_int(o, "ttl", p ? p->ttl : 0, l3);
	out_put_int(o, "icmp_type", p ? p->icmp_type : 0, p && p->icmp_type >= 0);
	out_put_int(o, "icmp_code", p ? p->icmp_code : 0, p && p->icmp_code >= 0);
	if (p && p->proto == IPPROTO_TCP && p->sport >= 0) {
		tcp_flags(fl, p->tcp_flags);
		out_put_str(o, "tcp_flags", fl);
	} else {
		out_put_str(o, "tcp_flags", NULL);
	}
	out_put_int(o, "arp_op", p ? p->arp_op : 0, p && p->is_arp);
	out_put_str(o, "problem", p ? p->problem : NULL);
	if (p)
		pkt_format(p, line, sizeof(line));
	out_put_str(o, "packet", p ? line : NULL);
	put_xdp(o, d->xdp);
	put_icmp_sent(o, d);
	put_callers(o, d);
	json_object_object_add(o, "finding", d->finding ? out_finding_obj(d->finding) : NULL);
	out_json_line(f, o);
}

void out_json_stats(FILE *f, const struct out_stats *s)
{
	struct json_object *o = out_json_obj("stats");
	out_put_int(o, "seen", (int64_t)s->seen, true);
	out_put_int(o, "matched", (int64_t)s->matched, true);
	out_put_int(o, "printed", (int64_t)s->printed, true);
	out_put_int(o, "lost", (int64_t)s->lost, true);
	out_put_int(o, "summary_full", (int64_t)s->sum_full, true);
	json_object_object_add(o, "seconds", json_object_new_double(s->seconds));
	out_json_line(f, o);
}

void out_json_summary(FILE *f, const struct out_sum_row *rows, int n, uint64_t time_ns)
{
	char t[40];

	out_time_iso(time_ns, t, sizeof(t));
	for (int i = 0; i < n; i++) {
		struct json_object *o = out_json_obj("summary");
		out_put_str(o, "time", t);
		out_put_str(o, "reason", rows[i].reason);
		out_put_str(o, "location", rows[i].location);
		out_put_int(o, "location_offset", (int64_t)rows[i].location_off,
			    rows[i].location != NULL);
		out_put_str(o, "dev", rows[i].dev && *rows[i].dev ? rows[i].dev : NULL);
		out_put_int(o, "ifindex", rows[i].ifindex, rows[i].ifindex != 0);
		out_put_int(o, "netns", rows[i].netns, rows[i].netns != 0);
		out_put_str(o, "netns_name",
			    rows[i].netns_name && *rows[i].netns_name ? rows[i].netns_name : NULL);
		out_put_str(o, "container",
			    rows[i].container && *rows[i].container ? rows[i].container : NULL);
		out_put_int(o, "count", (int64_t)rows[i].count, true);
		out_json_line(f, o);
	}
}

void out_json_error(FILE *f, int code, const char *msg)
{
	struct json_object *o = out_json_obj("error");
	out_put_str(o, "message", msg);
	out_put_int(o, "exit_code", code, true);
	out_json_line(f, o);
	fflush(f);
}
