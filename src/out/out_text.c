// SPDX-License-Identifier: GPL-2.0
/* out_text: human-readable printers. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "decode/icmperr.h"
#include "out/out.h"
#include "out/out_finding.h"
#include "model/finding.h"

void out_time_iso(uint64_t ns, char *buf, size_t n)
{
	time_t s = ns / 1000000000ull;
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%06" PRIu64 "Z", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (uint64_t)((ns % 1000000000ull) / 1000));
}

void out_time_short(uint64_t ns, char *buf, size_t n)
{
	time_t s = ns / 1000000000ull;
	struct tm tm;

	localtime_r(&s, &tm);
	snprintf(buf, n, "%02d:%02d:%02d.%06" PRIu64, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (uint64_t)((ns % 1000000000ull) / 1000));
}

static void location(char *buf, size_t n, const char *sym, uint64_t off, uint64_t addr)
{
	if (sym)
		snprintf(buf, n, "%s+0x%" PRIx64, sym, off);
	else
		snprintf(buf, n, "0x%" PRIx64, addr);
}

static void netns_label(char *buf, size_t n, uint32_t inode, const char *name,
			const char *container)
{
	int len;

	if (name && *name)
		len = snprintf(buf, n, "%s", name);
	else
		len = snprintf(buf, n, "%" PRIu32, inode);
	if (container && *container && len >= 0 && (size_t)len < n)
		snprintf(buf + len, n - len, " (container %s)", container);
}

/* "XDP program 12 (lb) XDP_REDIRECT to out0: -95 EOPNOTSUPP" */
static void xdp_line(const struct drop_xdp *x, char *buf, size_t n)
{
	int l =
	    snprintf(buf, n, "XDP program %u%s%s%s %s", x->prog_id,
		     x->prog_name && *x->prog_name ? " (" : "", x->prog_name ? x->prog_name : "",
		     x->prog_name && *x->prog_name ? ")" : "", x->action ? x->action : "?");

	if (l < 0 || (size_t)l >= n)
		return;
	if (x->to_ifindex)
		l += snprintf(buf + l, n - l, " to %s", x->to_dev ? x->to_dev : "?");
	if (x->err && (size_t)l < n)
		snprintf(buf + l, n - l, ": %d %s", x->err, x->err_name ? x->err_name : "");
}

void out_text_drop(FILE *f, const struct drop_record *d)
{
	char t[32], loc[160], ns[112], pkt[512] = "";

	out_time_short(d->time_ns, t, sizeof(t));
	location(loc, sizeof(loc), d->location, d->location_off, d->location_addr);
	netns_label(ns, sizeof(ns), d->netns, d->netns_name, d->container);
	if (d->pkt)
		pkt_format(d->pkt, pkt, sizeof(pkt));
	else if (d->xdp)
		xdp_line(d->xdp, pkt, sizeof(pkt));
	if (d->icmp_type >= 0) {
		size_t l = strlen(pkt);
		const char *what = icmperr_name(d->icmp_type, d->icmp_code);

		snprintf(pkt + l, sizeof(pkt) - l, " [answered with ICMP %s]",
			 what ? what : "error");
	}
	fprintf(f, "%s %s at %s dev %s netns %s: %s\n", t, d->reason, d->location_addr ? loc : "-",
		d->dev && *d->dev ? d->dev : "-", ns, pkt[0] ? pkt : "(no packet data)");
	if (d->finding)
		out_finding_text(f, d->finding, OUT_FINDING_WHY, d->finding_repeat);
}

void out_text_stats(FILE *f, const struct out_stats *s)
{
	fprintf(
	    f, "%" PRIu64 " drops seen, %" PRIu64 " matched, %" PRIu64 " printed, %" PRIu64 " lost",
	    s->seen, s->matched, s->printed, s->lost);
	if (s->sum_full)
		fprintf(f, ", %" PRIu64 " not counted (summary table full)", s->sum_full);
	fprintf(f, " in %.1fs\n", s->seconds);
}

void out_text_summary(FILE *f, const struct out_sum_row *rows, int n, uint64_t time_ns)
{
	char t[32];

	out_time_short(time_ns, t, sizeof(t));
	fprintf(f, "%s drops by reason, location, device and namespace\n", t);
	fprintf(f, "%10s  %-24s %-40s %-16s %s\n", "COUNT", "REASON", "LOCATION", "DEVICE",
		"NETNS");
	for (int i = 0; i < n; i++) {
		char loc[160], ns[112];

		location(loc, sizeof(loc), rows[i].location, rows[i].location_off,
			 rows[i].location_addr);
		netns_label(ns, sizeof(ns), rows[i].netns, rows[i].netns_name, rows[i].container);
		char dev[24];

		/* a device whose name is gone (its namespace was deleted) */
		if (rows[i].dev && *rows[i].dev)
			snprintf(dev, sizeof(dev), "%s", rows[i].dev);
		else if (rows[i].ifindex)
			snprintf(dev, sizeof(dev), "#%" PRIu32, rows[i].ifindex);
		else
			snprintf(dev, sizeof(dev), "-");
		fprintf(f, "%10" PRIu64 "  %-24s %-40s %-16s %s\n", rows[i].count, rows[i].reason,
			loc, dev, ns);
	}
	if (!n)
		fprintf(f, "%10s  (no drops matched)\n", "0");
}

void out_error(bool json, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "dropdoc: %s\n", msg);
	if (json)
		out_json_error(stdout, code, msg);
}

void out_text_fold(FILE *f, const struct out_fold *o)
{
	fprintf(f, "normal  x%llu %s%s%s: %s (%s at %s) in the last %.1f s\n",
		(unsigned long long)o->count, o->id, o->netns && *o->netns ? " in " : "",
		o->netns ? o->netns : "", o->summary, o->reason, o->location ? o->location : "?",
		o->seconds);
}
