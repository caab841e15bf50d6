// SPDX-License-Identifier: GPL-2.0
/* check: running the rule table. */
#include "model/check.h"

int check_run(const struct netcfg *cfg, const char *cmd_prefix, struct finding_list *out)
{
	struct check_ctx c = {.cfg = cfg, .cmd_prefix = cmd_prefix ? cmd_prefix : "", .out = out};

	for (size_t i = 0; i < check_nrules; i++)
		check_rules[i].run(&c, &check_rules[i]);
	return 0;
}
