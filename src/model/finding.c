// SPDX-License-Identifier: GPL-2.0
/* finding: building findings. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/finding.h"

struct finding *finding_add(struct finding_list *l, const char *id, enum finding_severity sev)
{
	struct finding *p = realloc(l->v, (l->n + 1) * sizeof(*p));

	if (!p)
		return NULL;
	l->v = p;
	p = &l->v[l->n++];
	memset(p, 0, sizeof(*p));
	snprintf(p->id, sizeof(p->id), "%s", id);
	p->severity = sev;
	return p;
}

void finding_summary(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->summary, sizeof(f->summary), fmt, ap);
	va_end(ap);
}

void finding_evidence(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (f->n_evidence >= FINDING_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(f->evidence[f->n_evidence++], FINDING_LINE_LEN, fmt, ap);
	va_end(ap);
}

void finding_fix(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (f->n_fix >= FINDING_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(f->fix[f->n_fix++], FINDING_LINE_LEN, fmt, ap);
	va_end(ap);
}

void finding_list_free(struct finding_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int finding_list_worst(const struct finding_list *l)
{
	int w = -1;

	for (size_t i = 0; i < l->n; i++)
		if ((int)l->v[i].severity > w)
			w = (int)l->v[i].severity;
	return w;
}

static const char *const sev_names[] = {"info", "notice", "warning", "error"};

const char *finding_severity_name(enum finding_severity s)
{
	return (unsigned)s < 4 ? sev_names[s] : "?";
}

int finding_severity_parse(const char *s, enum finding_severity *out)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, sev_names[i])) {
			*out = (enum finding_severity)i;
			return 0;
		}
	return -EINVAL;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h;
}

bool finding_recent(struct finding_recent *r, const struct finding *f, uint64_t now_ns)
{
	uint64_t h = fnv1a(fnv1a(0xcbf29ce484222325ull, f->id), f->summary) ^ f->netns;
	unsigned n = sizeof(r->shown) / sizeof(r->shown[0]), oldest = 0;

	for (unsigned i = 0; i < n; i++) {
		if (r->shown[i].hash == h && r->shown[i].until_ns > now_ns)
			return true;
		if (r->shown[i].until_ns < r->shown[oldest].until_ns)
			oldest = i;
	}
	r->shown[oldest].hash = h;
	r->shown[oldest].until_ns = now_ns + FINDING_RECENT_NS;
	return false;
}
