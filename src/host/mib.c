// SPDX-License-Identifier: GPL-2.0
/* mib: nstat-style counters of a namespace and the ones that moved. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/clock.h"
#include "host/mib.h"
#include "host/nsexec.h"

#define MIB_FILE_MAX (256 * 1024)
#define MIB_NS_MAX   256 /* namespaces the tracker remembers */

void mib_set_free(struct mib_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int add(struct mib_set *s, const char *prefix, const char *name, size_t namelen,
	       int64_t value)
{
	struct mib_counter *c;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct mib_counter *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	c = &s->v[s->n++];
	snprintf(c->name, sizeof(c->name), "%s%.*s", prefix, (int)namelen, name);
	c->value = value;
	return 0;
}

/* One line without its newline: [p, end). */
static const char *line_end(const char *p)
{
	const char *e = strchr(p, '\n');

	return e ? e : p + strlen(p);
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *word_end(const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	return p;
}

int mib_parse_table(const char *text, struct mib_set *s)
{
	const char *p = text;

	while (*p) {
		const char *h = p, *he = line_end(h), *v, *ve, *colon;
		char prefix[32];
		size_t plen;
		int err;

		if (h == he) { /* blank line */
			p = *he ? he + 1 : he;
			continue;
		}
		if (!*he)
			return -EINVAL; /* a header without its values */
		v = he + 1;
		ve = line_end(v);
		colon = memchr(h, ':', (size_t)(he - h));
		plen = colon ? (size_t)(colon - h) : 0;
		if (!colon || plen >= sizeof(prefix) || (size_t)(ve - v) <= plen ||
		    memcmp(h, v, plen + 1))
			return -EINVAL;
		memcpy(prefix, h, plen);
		prefix[plen] = 0;
		h = colon + 1;
		v += plen + 1;
		for (;;) {
			const char *ne, *vend;
			char num[32];

			h = skip_ws(h, he);
			v = skip_ws(v, ve);
			if (h == he || v == ve) {
				if (h != he || v != ve)
					return -EINVAL; /* counts differ */
				break;
			}
			ne = word_end(h, he);
			vend = word_end(v, ve);
			if ((size_t)(vend - v) >= sizeof(num))
				return -EINVAL;
			memcpy(num, v, (size_t)(vend - v));
			num[vend - v] = 0;
			err = add(s, prefix, h, (size_t)(ne - h), strtoll(num, NULL, 10));
			if (err)
				return err;
			h = ne;
			v = vend;
		}
		p = *ve ? ve + 1 : ve;
	}
	return 0;
}

int mib_parse_lines(const char *text, struct mib_set *s)
{
	const char *p = text;

	while (*p) {
		const char *e = line_end(p), *ne, *v;
		int err;

		p = skip_ws(p, e);
		if (p < e) {
			ne = word_end(p, e);
			v = skip_ws(ne, e);
			if (v == e)
				return -EINVAL;
			err = add(s, "", p, (size_t)(ne - p), strtoll(v, NULL, 10));
			if (err)
				return err;
		}
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* The whole of a /proc file, NUL-terminated (malloc'd). */
static int slurp(const char *path, char **out)
{
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap);
	int fd, err = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto fail;
	}
	for (;;) {
		ssize_t r;

		if (len + 1 == cap) {
			char *p;

			if (cap >= MIB_FILE_MAX) {
				err = -EFBIG;
				goto fail;
			}
			p = realloc(buf, cap * 2);
			if (!p) {
				err = -ENOMEM;
				goto fail;
			}
			buf = p;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	*out = buf;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return err;
}

/* The three files, read in the namespace (by the thread that runs this). */
struct mib_texts {
	const char *path[3];
	char **text;
};

static int mib_slurp(void *arg)
{
	struct mib_texts *t = arg;
	int err = 0;

	for (size_t i = 0; i < 3 && !err; i++) {
		err = slurp(t->path[i], &t->text[i]);
		if (err == -ENOENT && i == 2)
			err = 0; /* no IPv6 */
	}
	return err;
}

int mib_read(int nsfd, struct mib_set *s)
{
	/* thread-self: the files show the namespace of the thread that opens
	 * them, which is the one we entered */
	static const struct {
		const char *path;
		int (*parse)(const char *, struct mib_set *);
	} files[] = {
	    {"/proc/thread-self/net/snmp", mib_parse_table},
	    {"/proc/thread-self/net/netstat", mib_parse_table},
	    {"/proc/thread-self/net/snmp6", mib_parse_lines},
	};
	char *text[3] = {NULL, NULL, NULL};
	struct mib_texts t = {.path = {files[0].path, files[1].path, files[2].path}, .text = text};
	int err = netns_run(nsfd, mib_slurp, &t);

	for (size_t i = 0; i < 3 && !err; i++)
		if (text[i])
			err = files[i].parse(text[i], s);
	for (size_t i = 0; i < 3; i++)
		free(text[i]);
	return err;
}

const struct mib_counter *mib_get(const struct mib_set *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

/* 0: a counter of drops and errors; 1: of refusals the kernel answered
 * (ICMP unreachable, RST) or gave up on; 2: anything else. */
static int rank(const char *name)
{
	static const char *const words[2][12] = {
	    {"Err", "Drop", "Discard", "NoPort", "NoRoute", "Fail", "Overflow", "Prune", "Trunc",
	     "Unknown", "Csum", NULL},
	    {"Unreach", "Rst", "Reset", "Abort", "Timeout", "RateLimit", NULL},
	};

	for (int r = 0; r < 2; r++)
		for (int i = 0; words[r][i]; i++)
			if (strstr(name, words[r][i]))
				return r;
	return 2;
}

bool mib_is_error(const char *name)
{
	return rank(name) < 2;
}

/* Settings and gauges, not events: never "moved" in a useful sense. */
static bool is_gauge(const char *name)
{
	static const char *const gauges[] = {
	    "IpForwarding", "IpDefaultTTL", "TcpRtoAlgorithm", "TcpRtoMin",
	    "TcpRtoMax",    "TcpMaxConn",   "TcpCurrEstab",
	};

	for (size_t i = 0; i < sizeof(gauges) / sizeof(gauges[0]); i++)
		if (!strcmp(name, gauges[i]))
			return true;
	return false;
}

static uint64_t mag(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static int mib_cmp(const void *a, const void *b)
{
	const struct mib_delta *x = a, *y = b;
	int rx = rank(x->name), ry = rank(y->name);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (mag(x->delta) != mag(y->delta))
		return mag(x->delta) > mag(y->delta) ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sort all candidates, keep the first n. */
static int keep_best(struct mib_delta *all, size_t cnt, struct mib_delta *out, int n)
{
	int k = 0;

	qsort(all, cnt, sizeof(*all), mib_cmp);
	for (size_t i = 0; i < cnt && k < n; i++)
		out[k++] = all[i];
	return k;
}

static bool named(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (!strcmp(*names, name))
			return true;
	return false;
}

/* The counters of now worth showing, best first: with before, those that
 * moved since (by how much); without, those that are not zero (their
 * totals), only the error counters unless all_totals. Gauges never. */
static int mib_select(const struct mib_set *before, const struct mib_set *now, bool all_totals,
		      struct mib_delta *out, int n)
{
	struct mib_delta *all;
	size_t cnt = 0;
	int k;

	if (n <= 0 || !now->n)
		return 0;
	all = calloc(now->n, sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (size_t i = 0; i < now->n; i++) {
		const struct mib_counter *c = &now->v[i], *b = NULL;
		int64_t d = c->value;

		if (is_gauge(c->name))
			continue;
		if (before) {
			/* same order in both readings, almost always: try in place */
			b = i < before->n && !strcmp(before->v[i].name, c->name)
				? &before->v[i]
				: mib_get(before, c->name);
			d -= b ? b->value : 0;
			if (!d)
				continue;
		} else if (c->value <= 0 || (!all_totals && !mib_is_error(c->name))) {
			continue;
		}
		snprintf(all[cnt].name, sizeof(all[cnt].name), "%s", c->name);
		all[cnt].delta = d;
		all[cnt++].total = !before;
	}
	k = keep_best(all, cnt, out, n);
	free(all);
	return k;
}

int mib_moved(const struct mib_set *before, const struct mib_set *now, struct mib_delta *out, int n)
{
	return mib_select(before, now, false, out, n);
}

int mib_totals(const struct mib_set *now, struct mib_delta *out, int n)
{
	return mib_select(NULL, now, false, out, n);
}

/* The tracker: one reading and the last answer per namespace. */
struct mib_ns {
	uint32_t netns;
	uint64_t read_ms; /* when `last` was read */
	uint64_t used_ms; /* last question, for eviction */
	struct mib_set last;
	/* what moved between the reading before last and last (or, with
	 * none before, every counter's total), best first */
	struct mib_delta *answer;
	int nanswer;
	bool answered; /* answer is the diff ending at read_ms (not a baseline) */
};

struct mib_tracker {
	unsigned min_interval_ms;
	struct mib_ns ns[MIB_NS_MAX];
	int n;
	unsigned long reads;
};

int mib_tracker_new(unsigned min_interval_ms, struct mib_tracker **out)
{
	struct mib_tracker *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->min_interval_ms = min_interval_ms;
	*out = t;
	return 0;
}

void mib_tracker_free(struct mib_tracker *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++) {
		mib_set_free(&t->ns[i].last);
		free(t->ns[i].answer);
	}
	free(t);
}

unsigned long mib_tracker_reads(const struct mib_tracker *t)
{
	return t->reads;
}

static struct mib_ns *find(struct mib_tracker *t, uint32_t netns)
{
	for (int i = 0; i < t->n; i++)
		if (t->ns[i].netns == netns)
			return &t->ns[i];
	return NULL;
}

/* A slot for netns: a free one, else the least recently asked about. */
static struct mib_ns *slot(struct mib_tracker *t, uint32_t netns)
{
	struct mib_ns *e = find(t, netns);

	if (e)
		return e;
	if (t->n < MIB_NS_MAX) {
		e = &t->ns[t->n++];
	} else {
		e = &t->ns[0];
		for (int i = 1; i < t->n; i++)
			if (t->ns[i].used_ms < e->used_ms)
				e = &t->ns[i];
		mib_set_free(&e->last);
		free(e->answer);
	}
	memset(e, 0, sizeof(*e));
	e->netns = netns;
	return e;
}

int mib_tracker_baseline(struct mib_tracker *t, uint32_t netns, int nsfd)
{
	struct mib_set s = {0};
	struct mib_ns *e;
	int err = mib_read(nsfd, &s);

	if (err) {
		mib_set_free(&s);
		return err;
	}
	t->reads++;
	e = slot(t, netns);
	mib_set_free(&e->last);
	e->last = s;
	e->read_ms = e->used_ms = clock_mono_ms();
	free(e->answer);
	e->answer = NULL;
	e->nanswer = 0;
	e->answered = false;
	return 0;
}

/* The stored answer, only names when given, up to n. */
static int answer(const struct mib_ns *e, const char *const *names, struct mib_delta *out, int n)
{
	int k = 0;

	for (int i = 0; i < e->nanswer && k < n; i++) {
		const struct mib_delta *m = &e->answer[i];

		if (names ? named(names, m->name) : !m->total || mib_is_error(m->name))
			out[k++] = *m;
	}
	return k;
}

int mib_tracker_update(struct mib_tracker *t, uint32_t netns, struct mib_set *now, uint64_t ms,
		       const char *const *names, struct mib_delta *out, int n)
{
	struct mib_ns *e = find(t, netns);
	struct mib_delta *all = calloc(now->n ? now->n : 1, sizeof(*all));
	int k;

	if (!all)
		return -ENOMEM;
	if (!e) {
		/* no reading before: every non-zero total, the error counters
		 * first (an answer without names shows only those) */
		e = slot(t, netns);
		k = mib_select(NULL, now, true, all, (int)now->n);
	} else {
		k = mib_select(&e->last, now, false, all, (int)now->n);
	}
	if (k < 0) {
		free(all);
		return k;
	}
	free(e->answer);
	e->answer = all;
	e->nanswer = k;
	e->answered = true;
	mib_set_free(&e->last);
	e->last = *now;
	memset(now, 0, sizeof(*now));
	e->read_ms = e->used_ms = ms;
	return answer(e, names, out, n);
}

int mib_tracker_moved(struct mib_tracker *t, uint32_t netns, int nsfd, const char *const *names,
		      struct mib_delta *out, int n)
{
	struct mib_ns *e = find(t, netns);
	struct mib_set s = {0};
	uint64_t ms = clock_mono_ms();
	int err, k;

	if (e && e->answered && ms - e->read_ms < t->min_interval_ms) {
		/* asked again within the interval: the same answer */
		e->used_ms = ms;
		return answer(e, names, out, n);
	}
	err = mib_read(nsfd, &s);
	if (err) {
		mib_set_free(&s);
		return err;
	}
	t->reads++;
	k = mib_tracker_update(t, netns, &s, ms, names, out, n);
	mib_set_free(&s);
	return k;
}
