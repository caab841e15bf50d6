// SPDX-License-Identifier: GPL-2.0
/* explain_counters: the namespace's counters that moved, as evidence lines
 * (used by the rows that have counters to show, and by "unexplained"). */
#include <stdio.h>

#include "explain/explain_classes.h"
#include "host/mib.h"

int explain_counters(const struct explain_in *in, struct finding *f, int max, bool errors_only)
{
	struct mib_delta m[EXPLAIN_MAX_MIBS];
	int n, shown = 0;

	if (!in->env || !in->env->mibs || max <= 0)
		return 0;
	n = in->env->mibs(in->env->arg, in->d->netns, m, EXPLAIN_MAX_MIBS);
	for (int i = 0; i < n && shown < max; i++) {
		if (errors_only && !mib_is_error(m[i].name))
			continue;
		shown++;
		if (m[i].total)
			finding_evidence(f, "counter %s = %lld (no earlier reading: its total)",
					 m[i].name, (long long)m[i].delta);
		else
			finding_evidence(f,
					 "counter %s %+lld since the last look at this namespace",
					 m[i].name, (long long)m[i].delta);
	}
	return shown;
}
