// SPDX-License-Identifier: GPL-2.0
/* out_check: `dropdoc check`'s output. */
#include "out/out_check.h"
#include "out/out_finding.h"
#include "out/out_jsonw.h"

void out_check_rules(FILE *f, const struct check_rule *rules, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%-28s %-8s %s\n", rules[i].id, finding_severity_name(rules[i].severity),
			rules[i].detects);
}

void out_check_ns(FILE *f, bool json, const struct netcfg *cfg, const struct finding_list *l,
		  bool header)
{
	if (!json && header)
		fprintf(f, "netns %s (%u): %zu finding%s\n",
			cfg->netns_name[0] ? cfg->netns_name : "-", cfg->netns_inode, l->n,
			l->n == 1 ? "" : "s");
	for (size_t j = 0; j < l->n; j++) {
		if (json)
			out_finding_json(f, &l->v[j]);
		else
			out_finding_text(f, &l->v[j], OUT_FINDING_REPORT, false);
	}
}

void out_check_summary(FILE *f, bool json, size_t nns, const struct finding_list *all)
{
	int worst = finding_list_worst(all);
	json_object *o;

	if (!json) {
		fprintf(f, "%zu finding%s in %zu namespace%s\n", all->n, all->n == 1 ? "" : "s",
			nns, nns == 1 ? "" : "s");
		return;
	}
	o = out_json_obj("check");
	out_put_int(o, "namespaces", (int64_t)nns, true);
	out_put_int(o, "findings", (int64_t)all->n, true);
	out_put_str(o, "worst",
		    worst < 0 ? NULL : finding_severity_name((enum finding_severity)worst));
	out_json_line(f, o);
}
