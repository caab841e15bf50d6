// SPDX-License-Identifier: GPL-2.0
/* prom: text exposition format 0.0.4. Label values escape \ " and newline;
 * HELP text escapes \ and newline. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/prom.h"

static int grow(struct prom_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *nd;

	if (b->err)
		return b->err;
	if (b->len + more + 1 <= b->cap)
		return 0;
	while (cap < b->len + more + 1)
		cap *= 2;
	nd = realloc(b->data, cap);
	if (!nd) {
		b->err = -ENOMEM;
		return b->err;
	}
	b->data = nd;
	b->cap = cap;
	return 0;
}

static void put(struct prom_buf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

static void puts_(struct prom_buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void printf_(struct prom_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void printf_(struct prom_buf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* quote: also escape '"' (label values, not HELP text) */
static void escaped(struct prom_buf *b, const char *s, int quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			puts_(b, "\\\\");
		else if (*s == '\n')
			puts_(b, "\\n");
		else if (*s == '"' && quote)
			puts_(b, "\\\"");
		else
			put(b, s, 1);
	}
}

void prom_family(struct prom_buf *b, const char *name, const char *type, const char *help)
{
	puts_(b, "# HELP ");
	puts_(b, name);
	puts_(b, " ");
	escaped(b, help, 0);
	puts_(b, "\n# TYPE ");
	puts_(b, name);
	puts_(b, " ");
	puts_(b, type);
	puts_(b, "\n");
}

void prom_labels(struct prom_buf *b, const struct prom_label *l, int n)
{
	int first = 1;

	for (int i = 0; i < n; i++) {
		if (!l[i].value || !*l[i].value)
			continue;
		if (!first)
			puts_(b, ",");
		first = 0;
		puts_(b, l[i].name);
		puts_(b, "=\"");
		escaped(b, l[i].value, 1);
		puts_(b, "\"");
	}
}

static void head(struct prom_buf *b, const char *name, const struct prom_label *l, int n)
{
	puts_(b, name);
	if (n > 0) {
		size_t at = b->len;

		puts_(b, "{");
		prom_labels(b, l, n);
		if (!b->err && b->len == at + 1) { /* every value was empty */
			b->len = at;
			b->data[at] = 0;
		} else {
			puts_(b, "}");
		}
	}
}

void prom_sample_u64(struct prom_buf *b, const char *name, const struct prom_label *l, int n,
		     uint64_t v)
{
	head(b, name, l, n);
	printf_(b, " %" PRIu64 "\n", v);
}

void prom_sample_f64(struct prom_buf *b, const char *name, const struct prom_label *l, int n,
		     double v)
{
	head(b, name, l, n);
	printf_(b, " %.9g\n", v);
}

void prom_sample_raw(struct prom_buf *b, const char *name, const char *labels, uint64_t v)
{
	puts_(b, name);
	if (labels && *labels) {
		puts_(b, "{");
		puts_(b, labels);
		puts_(b, "}");
	}
	printf_(b, " %" PRIu64 "\n", v);
}

void prom_buf_free(struct prom_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}
