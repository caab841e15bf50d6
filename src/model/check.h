/* SPDX-License-Identifier: GPL-2.0 */
/* check: the static doctor. A table of rules (check_rules.c), each a
 * hazard the seeds taught, run over one namespace's model; every rule
 * reports findings with this host's facts as evidence and commands as
 * fixes. Pure: no I/O. */
#ifndef DROPDOC_CHECK_H
#define DROPDOC_CHECK_H

#include "model/finding.h"
#include "model/netcfg.h"

struct check_ctx {
	const struct netcfg *cfg;
	/* put before every fix command, e.g. "ip netns exec B " ("" for none) */
	const char *cmd_prefix;
	struct finding_list *out;
};

struct check_rule {
	const char *id;
	enum finding_severity severity;
	const char *detects; /* one line for reviewers and --list */
	void (*run)(const struct check_ctx *ctx, const struct check_rule *rule);
};

extern const struct check_rule check_rules[];
extern const size_t check_nrules;

/* Runs every rule; findings are appended to out (with netns filled). */
int check_run(const struct netcfg *cfg, const char *cmd_prefix, struct finding_list *out);

#endif
