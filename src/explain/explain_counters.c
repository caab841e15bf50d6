// SPDX-License-Identifier: GPL-2.0
/* explain_counters: the counters that belong to a drop's reason (its
 * catalogue entry names them) and moved, as evidence lines. No other
 * counter is shown: a drop's evidence is about that drop. */
#include <stdio.h>

#include "explain/catalogue.h"
#include "explain/explain_classes.h"
#include "host/mib.h"

int explain_counters(const struct explain_in *in, struct finding *f, int max)
{
	const struct cat_entry *e = catalogue_find(in->d->reason, in->d->location);
	struct mib_delta m[EXPLAIN_MAX_MIBS];
	int n;

	if (!e || !e->counters[0] || !in->env || !in->env->mibs || max <= 0)
		return 0;
	n = in->env->mibs(in->env->arg, in->d->netns, e->counters, m,
			  max < EXPLAIN_MAX_MIBS ? max : EXPLAIN_MAX_MIBS);
	for (int i = 0; i < n; i++) {
		if (m[i].total)
			finding_evidence(f, "counter %s = %lld (no earlier reading: its total)",
					 m[i].name, (long long)m[i].delta);
		else
			finding_evidence(f,
					 "counter %s %+lld since the last look at this namespace",
					 m[i].name, (long long)m[i].delta);
	}
	return n < 0 ? 0 : n;
}
