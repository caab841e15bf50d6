// SPDX-License-Identifier: GPL-2.0
/* out_finding: text and JSON printers for findings. */
#include "out/out_finding.h"

static json_object *lines(const char (*v)[FINDING_LINE_LEN], int n)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *fill(json_object *o, const struct finding *f)
{
	json_object_object_add(o, "id", json_object_new_string(f->id));
	json_object_object_add(o, "severity",
			       json_object_new_string(finding_severity_name(f->severity)));
	json_object_object_add(o, "summary", json_object_new_string(f->summary));
	json_object_object_add(o, "evidence", lines(f->evidence, f->n_evidence));
	json_object_object_add(o, "fix", lines(f->fix, f->n_fix));
	json_object_object_add(o, "dev", f->dev[0] ? json_object_new_string(f->dev) : NULL);
	json_object_object_add(o, "netns", f->netns ? json_object_new_int64(f->netns) : NULL);
	json_object_object_add(o, "netns_name",
			       f->netns_name[0] ? json_object_new_string(f->netns_name) : NULL);
	return o;
}

json_object *out_finding_json_obj(const struct finding *f)
{
	return fill(json_object_new_object(), f);
}

void out_finding_json(FILE *out, const struct finding *f)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string("finding"));
	fill(o, f);
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						      JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

void out_finding_text(FILE *out, const struct finding *f)
{
	fprintf(out, "%-7s %s", finding_severity_name(f->severity), f->id);
	if (f->dev[0])
		fprintf(out, " [%s]", f->dev);
	fprintf(out, "\n  %s\n", f->summary);
	for (int i = 0; i < f->n_evidence; i++)
		fprintf(out, "  %s %s\n", i ? "         " : "evidence:", f->evidence[i]);
	for (int i = 0; i < f->n_fix; i++)
		fprintf(out, "  %s %s\n", i ? "    " : "fix:", f->fix[i]);
}
