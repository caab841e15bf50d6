/* SPDX-License-Identifier: GPL-2.0 */
/* out_lab: what `dropdoc lab` prints — its scenarios, the verdict of a
 * run (each expected drop or finding, found or missing), the namespaces
 * of a scenario that is up — in text or JSON lines. Plain data in; the
 * lab (cli/cmd_lab.c) fills it. */
#ifndef DROPDOC_OUT_LAB_H
#define DROPDOC_OUT_LAB_H

#include <stdbool.h>
#include <stdio.h>

/* One expectation of a scenario and how often it was seen. A drop has a
 * reason (and a family unless it is an XDP drop: no packet); a finding
 * without a reason is a journey's (requests in on dev, replies out by
 * out_dev). */
struct out_lab_expect {
	const char *reason, *finding, *out_dev, *location, *family;
	const char *netns_name, *dev, *src, *dst;
	int sport, dport; /* 0: none */
	long count;
};

struct out_lab_result {
	const char *scenario, *seed;
	const struct out_lab_expect *v;
	int n, found, missing;
};

/* --list: one scenario. */
void out_lab_scenario(FILE *f, bool json, const char *name, const char *seed, const char *story);
/* After a run: each expectation, then "NAME: ok|FAILED, N of M ..." (text),
 * or one {"type":"lab",...} object. */
void out_lab_result(FILE *f, bool json, const struct out_lab_result *r);
/* up: the namespaces by role, one name a line, or one {"type":"lab_up"}. */
void out_lab_up(FILE *f, bool json, const char *scenario, const char *const *roles,
		const char *const *names, int n);

#endif
