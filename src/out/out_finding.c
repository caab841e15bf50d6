// SPDX-License-Identifier: GPL-2.0
/* out_finding: a finding as JSON and as text. */
#include "out/out_finding.h"
#include "out/out_jsonw.h"

static json_object *lines(const char (*v)[FINDING_LINE_LEN], int n)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *fill(json_object *o, const struct finding *f)
{
	out_put_str(o, "id", f->id);
	out_put_str(o, "severity", finding_severity_name(f->severity));
	out_put_str(o, "summary", f->summary);
	json_object_object_add(o, "evidence", lines(f->evidence, f->n_evidence));
	json_object_object_add(o, "fix", lines(f->fix, f->n_fix));
	out_put_str(o, "dev", f->dev[0] ? f->dev : NULL);
	out_put_int(o, "netns", f->netns, f->netns != 0);
	out_put_str(o, "netns_name", f->netns_name[0] ? f->netns_name : NULL);
	if (f->out_dev[0]) /* a flow's finding: the device its replies leave by */
		out_put_str(o, "out_dev", f->out_dev);
	return o;
}

json_object *out_finding_obj(const struct finding *f)
{
	return fill(json_object_new_object(), f);
}

void out_finding_json(FILE *out, const struct finding *f)
{
	out_json_line(out, fill(out_json_obj("finding"), f));
}

/* How a layout prefixes the first and the other evidence and fix lines. */
static const struct {
	const char *ev_first, *ev_rest, *fix_first, *fix_rest;
} layouts[] = {
    [OUT_FINDING_REPORT] = {"  evidence: ", "            ", "  fix: ", "       "},
    [OUT_FINDING_WHY] = {"       ", "       ", "  fix: ", "       "},
    [OUT_FINDING_LINE] = {"  evidence: ", "  evidence: ", "  fix: ", "  fix: "},
};

void out_finding_text(FILE *out, const struct finding *f, enum out_finding_layout layout,
		      bool brief)
{
	const char *as_above = brief ? " (evidence and fix as above)" : "";

	switch (layout) {
	case OUT_FINDING_REPORT:
		fprintf(out, "%-7s %s", finding_severity_name(f->severity), f->id);
		if (f->dev[0])
			fprintf(out, " [%s]", f->dev);
		fprintf(out, "\n  %s\n", f->summary);
		break;
	case OUT_FINDING_WHY:
		fprintf(out, "  why: %s [%s]%s\n", f->summary, f->id, as_above);
		break;
	case OUT_FINDING_LINE:
		fprintf(out, "finding %s (%s): %s%s\n", f->id, finding_severity_name(f->severity),
			f->summary, as_above);
		break;
	}
	if (brief && layout != OUT_FINDING_REPORT)
		return;
	for (int i = 0; i < f->n_evidence; i++)
		fprintf(out, "%s%s\n", i ? layouts[layout].ev_rest : layouts[layout].ev_first,
			f->evidence[i]);
	for (int i = 0; i < f->n_fix; i++)
		fprintf(out, "%s%s\n", i ? layouts[layout].fix_rest : layouts[layout].fix_first,
			f->fix[i]);
}
