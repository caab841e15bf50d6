// SPDX-License-Identifier: GPL-2.0
/* out_path: printers for `dropdoc path`. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <json-c/json.h>

#include "out/out_finding.h"
#include "out/out_jsonw.h"
#include "out/out_path.h"

static const char *ip4(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static const char *errno_name(int err)
{
	switch (-err) {
	case EINVAL:
		return "EINVAL";
	case EHOSTUNREACH:
		return "EHOSTUNREACH";
	case ENETUNREACH:
		return "ENETUNREACH";
	case EACCES:
		return "EACCES";
	case EXDEV:
		return "EXDEV";
	case ENODEV:
		return "ENODEV";
	default:
		return err ? "other" : NULL;
	}
}

void out_path_text(FILE *out, const struct netcfg *cfg, const struct path_result *r)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN], line[200], tb[16];

	fprintf(out, "path %s -> %s in %s%s (netns %s)\n", ip4(r->q.src, s), ip4(r->q.dst, d),
		netcfg_ifname(cfg, r->q.iif),
		r->iif_assumed ? " (assumed: route back to source)" : "",
		cfg->netns_name[0] ? cfg->netns_name : "-");
	switch (r->verdict) {
	case FIB_V_LOCAL:
		fprintf(out, "  verdict: delivered locally");
		break;
	case FIB_V_BROADCAST:
		fprintf(out, "  verdict: delivered as broadcast");
		break;
	case FIB_V_FORWARD:
		fprintf(out, "  verdict: forwarded via %s", netcfg_ifname(cfg, r->oif));
		if (r->gw)
			fprintf(out, " gateway %s", ip4(r->gw, g));
		fprintf(out, " (table %s)", netcfg_table_name(r->table, tb, sizeof(tb)));
		break;
	case FIB_V_DROP:
		fprintf(out, "  verdict: dropped: %s", fib_cause_name(r->model.cause));
		break;
	}
	if (r->live)
		fprintf(out, "  [kernel: %s%s]\n", r->err ? strerror(-r->err) : "ok",
			r->agrees ? ", model agrees" : ", MODEL DISAGREES");
	else
		fprintf(out, "  [model]\n");
	if (r->model.route && r->verdict != FIB_V_DROP) {
		netcfg_route_format(cfg, r->model.route, line, sizeof(line));
		fprintf(out, "  route:   %s\n", line);
	}
	if (r->has_reply) {
		fprintf(out, "  reply:   %s -> %s leaves by %s", d, s,
			netcfg_ifname(cfg, r->reply_oif));
		if (r->reply_gw)
			fprintf(out, " gateway %s", ip4(r->reply_gw, g));
		fprintf(out, "%s\n",
			r->asymmetric ? "  ASYMMETRIC: not the arrival interface" : "");
	}
	if (r->has_finding)
		out_finding_text(out, &r->finding, OUT_FINDING_REPORT, false);
}

static json_object *str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

void out_path_json(FILE *out, const struct netcfg *cfg, const struct path_result *r)
{
	json_object *o = out_json_obj("path"), *reply = NULL;
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN], line[200], tb[16];
	bool fwd = r->verdict == FIB_V_FORWARD, drop = r->verdict == FIB_V_DROP;

	json_object_object_add(o, "netns", json_object_new_int64(cfg->netns_inode));
	json_object_object_add(o, "netns_name", str_or_null(cfg->netns_name));
	json_object_object_add(o, "from", json_object_new_string(ip4(r->q.src, s)));
	json_object_object_add(o, "to", json_object_new_string(ip4(r->q.dst, d)));
	json_object_object_add(o, "in", json_object_new_string(netcfg_ifname(cfg, r->q.iif)));
	json_object_object_add(o, "in_assumed", json_object_new_boolean(r->iif_assumed));
	json_object_object_add(o, "verdict",
			       json_object_new_string(drop  ? "dropped"
						      : fwd ? "forwarded"
							    : fib_verdict_name(r->verdict)));
	json_object_object_add(
	    o, "cause", drop ? json_object_new_string(fib_cause_name(r->model.cause)) : NULL);
	json_object_object_add(o, "errno", str_or_null(errno_name(r->err)));
	json_object_object_add(o, "dev", drop ? NULL : str_or_null(netcfg_ifname(cfg, r->oif)));
	json_object_object_add(o, "gateway", fwd && r->gw ? str_or_null(ip4(r->gw, g)) : NULL);
	json_object_object_add(
	    o, "table", drop ? NULL : str_or_null(netcfg_table_name(r->table, tb, sizeof(tb))));
	if (r->model.route && !drop)
		netcfg_route_format(cfg, r->model.route, line, sizeof(line));
	json_object_object_add(o, "route", r->model.route && !drop ? str_or_null(line) : NULL);
	json_object_object_add(o, "source", json_object_new_string(r->live ? "kernel" : "model"));
	json_object_object_add(o, "model_agrees",
			       r->live ? json_object_new_boolean(r->agrees) : NULL);
	if (r->has_reply) {
		reply = json_object_new_object();
		json_object_object_add(reply, "dev", str_or_null(netcfg_ifname(cfg, r->reply_oif)));
		json_object_object_add(reply, "gateway",
				       r->reply_gw ? str_or_null(ip4(r->reply_gw, g)) : NULL);
	}
	json_object_object_add(o, "reply", reply);
	json_object_object_add(o, "asymmetric", json_object_new_boolean(r->asymmetric));
	json_object_object_add(o, "finding", r->has_finding ? out_finding_obj(&r->finding) : NULL);
	out_json_line(out, o);
}
