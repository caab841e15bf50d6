// SPDX-License-Identifier: GPL-2.0
/* out_lab: `dropdoc lab`'s output. */
#include "out/out_jsonw.h"
#include "out/out_lab.h"

void out_lab_scenario(FILE *f, bool json, const char *name, const char *seed, const char *story)
{
	json_object *o;

	if (!json) {
		fprintf(f, "%-21s %-10s %s\n", name, seed, story);
		return;
	}
	o = out_json_obj("scenario");
	out_put_str(o, "name", name);
	out_put_str(o, "seed", seed);
	out_put_str(o, "story", story);
	out_json_line(f, o);
}

static json_object *expect_obj(const struct out_lab_expect *e)
{
	json_object *x = json_object_new_object();

	out_put_str(x, "reason", e->reason);
	out_put_str(x, "finding", e->finding);
	out_put_str(x, "out_dev", e->out_dev);
	out_put_str(x, "location", e->location);
	out_put_str(x, "family", e->family);
	out_put_str(x, "netns_name", e->netns_name);
	out_put_str(x, "dev", e->dev);
	out_put_str(x, "src", e->src);
	out_put_str(x, "dst", e->dst);
	out_put_int(x, "sport", e->sport, e->sport != 0);
	out_put_int(x, "dport", e->dport, e->dport != 0);
	out_put_int(x, "count", e->count, true);
	out_put_bool(x, "found", e->count > 0);
	return x;
}

static void expect_text(FILE *f, const struct out_lab_expect *e)
{
	const char *seen = e->count ? "found" : "MISSING";

	if (!e->reason && e->finding) {
		fprintf(
		    f, "  %-8s finding %s in %s: requests in on %s, replies out by %s (%ld seen)\n",
		    seen, e->finding, e->netns_name, e->dev, e->out_dev, e->count);
		return;
	}
	if (!e->family) { /* a drop with no packet: XDP */
		fprintf(f, "  %-8s %s, %s dev %s (%ld seen)\n", seen, e->reason, e->netns_name,
			e->dev, e->count);
		return;
	}
	fprintf(f, "  %-8s %s at %s, %s dev %s: %s %s", seen, e->reason, e->location, e->netns_name,
		e->dev, e->family, e->src);
	if (e->sport)
		fprintf(f, ".%d", e->sport);
	fprintf(f, " > %s", e->dst);
	if (e->dport)
		fprintf(f, ".%d", e->dport);
	fprintf(f, " (%ld seen)", e->count);
	if (e->finding)
		fprintf(f, " finding %s", e->finding);
	fprintf(f, "\n");
}

void out_lab_result(FILE *f, bool json, const struct out_lab_result *r)
{
	json_object *o, *a;

	if (!json) {
		for (int i = 0; i < r->n; i++)
			expect_text(f, &r->v[i]);
		fprintf(f, "%s: %s, %d of %d expected drops seen\n", r->scenario,
			r->missing ? "FAILED" : "ok", r->found, r->n);
		return;
	}
	o = out_json_obj("lab");
	out_put_str(o, "scenario", r->scenario);
	out_put_str(o, "seed", r->seed);
	a = json_object_new_array();
	for (int i = 0; i < r->n; i++)
		json_object_array_add(a, expect_obj(&r->v[i]));
	json_object_object_add(o, "expected", a);
	out_put_int(o, "found", r->found, true);
	out_put_int(o, "missing", r->missing, true);
	out_put_bool(o, "ok", r->missing == 0);
	out_json_line(f, o);
}

void out_lab_up(FILE *f, bool json, const char *scenario, const char *const *roles,
		const char *const *names, int n)
{
	json_object *o, *m;

	if (!json) {
		for (int i = 0; i < n; i++)
			fprintf(f, "%s\n", names[i]);
		return;
	}
	o = out_json_obj("lab_up");
	out_put_str(o, "scenario", scenario);
	m = json_object_new_object();
	for (int i = 0; i < n; i++)
		out_put_str(m, roles[i], names[i]);
	json_object_object_add(o, "netns", m);
	out_json_line(f, o);
}
