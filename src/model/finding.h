/* SPDX-License-Identifier: GPL-2.0 */
/* finding: one diagnosis — {id, severity, summary, evidence[], fix[]} —
 * the shape `check`, `path` and the explanations of live drops share.
 * Evidence lines are facts of this host (devices, addresses, sysctl
 * values, routes); fix lines are commands to paste, values filled in.
 * Printers: out_finding.h. */
#ifndef DROPDOC_FINDING_H
#define DROPDOC_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum finding_severity {
	FINDING_INFO = 0,
	FINDING_NOTICE,
	FINDING_WARNING,
	FINDING_ERROR,
};

#define FINDING_LINES	 12
#define FINDING_LINE_LEN 240

struct finding {
	char id[48];
	enum finding_severity severity;
	char summary[320];
	char evidence[FINDING_LINES][FINDING_LINE_LEN];
	char fix[FINDING_LINES][FINDING_LINE_LEN];
	int n_evidence, n_fix;
	/* where */
	uint32_t netns;
	char netns_name[64];
	char dev[16];	  /* "" when not about one device */
	char out_dev[16]; /* flow findings: the device the replies leave by */
};

struct finding_list {
	struct finding *v;
	size_t n;
};

/* A new zeroed finding at the end of the list (NULL on ENOMEM). */
struct finding *finding_add(struct finding_list *l, const char *id, enum finding_severity sev);
void finding_summary(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Add a line; lines past FINDING_LINES are dropped. */
void finding_evidence(struct finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void finding_fix(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void finding_list_free(struct finding_list *l);
/* The highest severity in the list, -1 when empty. */
int finding_list_worst(const struct finding_list *l);

/* Findings shown lately, so that a text printer shows each in full once
 * per FINDING_RECENT_NS and names it in one line in between. */
#define FINDING_RECENT_NS 10000000000ull
struct finding_recent {
	struct {
		uint64_t hash, until_ns;
	} shown[64];
};
/* Was f (same id, summary, namespace) shown in the last FINDING_RECENT_NS
 * before now? Remembers it, in place of the entry that expires first. */
bool finding_recent(struct finding_recent *r, const struct finding *f, uint64_t now_ns);

const char *finding_severity_name(enum finding_severity s);
int finding_severity_parse(const char *s, enum finding_severity *out);

#endif
