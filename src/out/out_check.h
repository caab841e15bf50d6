/* SPDX-License-Identifier: GPL-2.0 */
/* out_check: what `dropdoc check` prints — its rules, each namespace's
 * findings, the closing summary — in text or JSON lines. */
#ifndef DROPDOC_OUT_CHECK_H
#define DROPDOC_OUT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/check.h"
#include "model/netcfg.h"

/* --list: "id severity what it detects", one rule a line. */
void out_check_rules(FILE *f, const struct check_rule *rules, size_t n);
/* The findings of one namespace; in text under a "netns NAME (INODE): N
 * findings" line when header. */
void out_check_ns(FILE *f, bool json, const struct netcfg *cfg, const struct finding_list *l,
		  bool header);
/* "N findings in M namespaces", or {"type":"check",...}. */
void out_check_summary(FILE *f, bool json, size_t nns, const struct finding_list *all);

#endif
