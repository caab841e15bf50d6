// SPDX-License-Identifier: GPL-2.0
/* exporter: one scrape = read the kernel table, name every row (fresh
 * device lists per namespace), age out the rows of what is gone, sum rows
 * into label sets, cap their number, print. Rows and state are kept sorted
 * by key, label sets by their text, so every step is a sort and a merge. */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect/capture.h"
#include "live/exporter.h"
#include "live/live.h"
#include "decode/ksym.h"
#include "host/netns.h"
#include "host/netns_desc.h"
#include "decode/reasons.h"

struct keystate {
	struct dd_sum_key key;
	char *labels; /* last label set the row was named with (owned) */
	uint64_t count;
	double gone_since; /* 0 = its namespace and device are there */
	bool expired;	   /* deleted this scrape: not served */
};

struct nsview { /* one namespace as this scrape found it */
	uint32_t inode;
	int err; /* 0, or -ENOENT when gone */
	struct if_nameindex *links;
};

struct series {
	const char *labels;
	uint64_t count;
	bool admitted;
};

struct exporter {
	struct exporter_opts o;
	struct live_opts lo;
	struct live_run live; /* reason names and symbols, as drops and trace load them */
	struct capture *c;
	struct keystate *ks; /* sorted by key */
	size_t nks;
	char **admitted; /* label sets served as themselves, sorted */
	size_t nadmitted;
	uint64_t expired;
	bool other_used;
};

static double now_s(void)
{
	return live_clock(CLOCK_MONOTONIC) / 1e9;
}

int exporter_open(const struct exporter_opts *o, struct exporter **out, char *err, size_t n)
{
	struct exporter *ex = calloc(1, sizeof(*ex));
	struct capture_opts co = {.c.verbose = o->verbose, .summary = true};
	int e;

	if (!ex)
		return -ENOMEM;
	ex->o = *o;
	if (!ex->o.max_series)
		ex->o.max_series = EXPORTER_MAX_SERIES;
	if (ex->o.expire < 0)
		ex->o.expire = EXPORTER_EXPIRE;
	ex->lo.verbose = o->verbose;
	/* without symbols, locations are "unknown"; without reason names, codes */
	e = live_prepare(&ex->live, &ex->lo, false, err, n);
	if (e)
		goto fail;
	e = capture_open(&co, NULL, NULL, &ex->c, err, n);
	if (e) {
		e = live_err_open(e);
		goto fail;
	}
	*out = ex;
	return 0;
fail:
	exporter_close(ex);
	return e;
}

static int cmp_key(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct dd_sum_key));
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_series_label(const void *a, const void *b)
{
	return strcmp(((const struct series *)a)->labels, ((const struct series *)b)->labels);
}

static int cmp_series_count(const void *a, const void *b)
{
	const struct series *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

/* The namespaces of rows, each looked at once. */
static struct nsview *look_at_namespaces(const struct capture_row *rows, int n, size_t *nv)
{
	uint32_t *inodes = malloc((n ? n : 1) * sizeof(*inodes));
	struct nsview *v;
	size_t k = 0;

	if (!inodes)
		return NULL;
	for (int i = 0; i < n; i++)
		inodes[i] = rows[i].key.netns;
	qsort(inodes, n, sizeof(*inodes), cmp_u32);
	v = calloc(n ? n : 1, sizeof(*v));
	for (int i = 0; v && i < n; i++) {
		if (!inodes[i] || (k && v[k - 1].inode == inodes[i]))
			continue;
		v[k].inode = inodes[i];
		v[k].err = netns_links(inodes[i], &v[k].links);
		k++;
	}
	free(inodes);
	*nv = k;
	return v;
}

static void free_namespaces(struct nsview *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (v[i].links)
			if_freenameindex(v[i].links);
	free(v);
}

/* The device of a row now: 0 with its name ("" for none), or -ENOENT when
 * its namespace or device is gone. */
static int device_of(const struct nsview *v, size_t nv, const struct dd_sum_key *k,
		     const char **dev)
{
	const struct nsview *ns;

	*dev = "";
	if (!k->netns)
		return 0; /* no device and no socket: nothing to go */
	ns = bsearch(&k->netns, v, nv, sizeof(*v), cmp_u32);
	if (!ns || ns->err)
		return -ENOENT;
	if (!k->ifindex)
		return 0;
	for (const struct if_nameindex *l = ns->links; l && l->if_index; l++) {
		if (l->if_index == k->ifindex) {
			*dev = l->if_name;
			return 0;
		}
	}
	return -ENOENT;
}

static char *render(struct exporter *ex, const struct dd_sum_key *k, const char *dev)
{
	char rbuf[32], nsbuf[16], devbuf[16];
	const char *reason = reasons_label(ex->live.reasons, k->reason, rbuf, sizeof(rbuf));
	char *labels;
	uint64_t off;
	const char *loc = ksym_lookup(ex->live.ksyms, k->location, &off);
	const struct netns_desc *d = netns_descs_get(ex->live.ns, k->netns, ex->live.now);
	const char *ns = k->netns && d ? d->name : "";
	struct prom_buf b = {0};

	if (!dev) { /* gone before we ever named it */
		snprintf(devbuf, sizeof(devbuf), "#%" PRIu32, k->ifindex);
		dev = k->ifindex ? devbuf : "";
	}
	if (k->netns && !*ns) {
		snprintf(nsbuf, sizeof(nsbuf), "%" PRIu32, k->netns);
		ns = nsbuf;
	}
	const struct prom_label l[] = {
	    {"reason", reason},
	    {"location", loc ? loc : "unknown"},
	    {"device", dev},
	    {"netns", ns},
	    {"container", k->netns && d ? d->container : ""},
	};
	prom_labels(&b, l, sizeof(l) / sizeof(l[0]));
	if (b.err || !b.data) {
		prom_buf_free(&b);
		return strdup("");
	}
	/* kept per row while it lives (up to the kernel table's 16,384): its
	 * length, not the 4 KiB the buffer started with */
	labels = strdup(b.data);
	prom_buf_free(&b);
	return labels;
}

/* Carries the state of every row over from the last scrape (rows sorted),
 * names rows afresh, and ages out those whose namespace or device is gone. */
static int update(struct exporter *ex, const struct capture_row *rows, int n, double now)
{
	struct keystate *ks = calloc(n ? n : 1, sizeof(*ks));
	struct nsview *v;
	size_t nv = 0, j = 0;

	if (!ks)
		return -ENOMEM;
	v = look_at_namespaces(rows, n, &nv);
	for (int i = 0; i < n; i++) {
		struct keystate *s = &ks[i];
		const char *dev;

		s->key = rows[i].key;
		s->count = rows[i].count;
		while (j < ex->nks && cmp_key(&ex->ks[j].key, &s->key) < 0)
			free(ex->ks[j++].labels);
		if (j < ex->nks && !cmp_key(&ex->ks[j].key, &s->key)) {
			s->labels = ex->ks[j].labels;
			s->gone_since = ex->ks[j].gone_since;
			j++;
		}
		if (v && !device_of(v, nv, &s->key, &dev)) {
			char *fresh = render(ex, &s->key, dev);

			if (fresh) {
				free(s->labels);
				s->labels = fresh;
			}
			s->gone_since = 0;
			continue;
		}
		if (!s->gone_since)
			s->gone_since = now;
		if (!s->labels)
			s->labels = render(ex, &s->key, NULL);
		if (now - s->gone_since >= ex->o.expire) {
			capture_summary_delete(ex->c, &s->key);
			s->expired = true;
			ex->expired++;
		}
	}
	while (j < ex->nks)
		free(ex->ks[j++].labels);
	free(ex->ks);
	ex->ks = ks;
	ex->nks = n;
	free_namespaces(v, nv);
	return 0;
}

/* Sums rows into label sets, admits new sets while there is room, and
 * returns the sets (sorted by labels) and the "other" sum. */
static struct series *group(struct exporter *ex, size_t *ns, uint64_t *other)
{
	struct series *s = calloc(ex->nks ? ex->nks : 1, sizeof(*s)), *cand;
	char **admitted;
	size_t n = 0, k = 0, ncand = 0, room;

	*other = 0;
	if (!s)
		return NULL;
	for (size_t i = 0; i < ex->nks; i++)
		if (!ex->ks[i].expired && ex->ks[i].labels)
			s[n++] =
			    (struct series){.labels = ex->ks[i].labels, .count = ex->ks[i].count};
	qsort(s, n, sizeof(*s), cmp_series_label);
	for (size_t i = 0; i < n; i++) {
		if (k && !strcmp(s[k - 1].labels, s[i].labels))
			s[k - 1].count += s[i].count;
		else
			s[k++] = s[i];
	}
	n = k;
	/* sets served last time stay; new ones get the room that is left,
	 * biggest first */
	k = 0;
	for (size_t i = 0; i < n; i++) {
		s[i].admitted = bsearch(&s[i].labels, ex->admitted, ex->nadmitted, sizeof(char *),
					cmp_str) != NULL;
		k += s[i].admitted;
	}
	room = ex->o.max_series > k ? ex->o.max_series - k : 0;
	cand = malloc((n ? n : 1) * sizeof(*cand));
	admitted = calloc(n ? n : 1, sizeof(char *));
	if (!cand || !admitted) {
		free(cand);
		free(admitted);
		free(s);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!s[i].admitted)
			cand[ncand++] = s[i];
	qsort(cand, ncand, sizeof(*cand), cmp_series_count);
	for (size_t i = 0; i < ncand; i++) {
		struct series *t = bsearch(&cand[i], s, n, sizeof(*s), cmp_series_label);

		if (i < room)
			t->admitted = true;
		else
			*other += t->count;
	}
	free(cand);
	k = 0;
	for (size_t i = 0; i < n; i++) {
		char *d = s[i].admitted ? strdup(s[i].labels) : NULL;

		if (d) /* out of memory: served, but not remembered */
			admitted[k++] = d;
	}
	for (size_t i = 0; i < ex->nadmitted; i++)
		free(ex->admitted[i]);
	free(ex->admitted);
	ex->admitted = admitted;
	ex->nadmitted = k;
	qsort(ex->admitted, k, sizeof(char *), cmp_str);
	*ns = n;
	return s;
}

int exporter_scrape(struct exporter *ex, struct prom_buf *b)
{
	static const char drops[] = "dropdoc_drops_total";
	double t0 = now_s();
	ex->live.now = live_clock(CLOCK_MONOTONIC);
	struct capture_row *rows = NULL;
	struct series *s = NULL;
	uint64_t st[DD_STAT_MAX] = {0}, other = 0;
	size_t ns = 0, served = 0;
	int n, e = 0;

	n = capture_summary(ex->c, &rows);
	if (n < 0)
		e = n;
	else
		qsort(rows, n, sizeof(*rows), cmp_key);
	if (!e)
		e = update(ex, rows, n, t0);
	if (!e) {
		s = group(ex, &ns, &other);
		if (!s)
			e = -ENOMEM;
	}
	prom_family(b, drops, "counter",
		    "Packets the kernel dropped, by reason, kernel function, device, network "
		    "namespace and container; label sets beyond the cap are summed into "
		    "reason=\"other\".");
	for (size_t i = 0; i < ns; i++) {
		if (!s[i].admitted)
			continue;
		prom_sample_raw(b, drops, s[i].labels, s[i].count);
		served++;
	}
	ex->other_used |= other > 0;
	if (ex->other_used) {
		const struct prom_label l[] = {{"reason", "other"},
					       {"location", "other"},
					       {"device", "other"},
					       {"netns", "other"}};

		prom_sample_u64(b, drops, l, 4, other);
	}
	capture_stats(ex->c, st);
	prom_family(b, "dropdoc_events_lost_total", "counter",
		    "Drops matched but not delivered to user space (ring buffer full).");
	prom_sample_u64(b, "dropdoc_events_lost_total", NULL, 0, st[DD_STAT_LOST]);
	prom_family(b, "dropdoc_table_full_total", "counter",
		    "Drops not counted because the in-kernel table was full.");
	prom_sample_u64(b, "dropdoc_table_full_total", NULL, 0, st[DD_STAT_SUM_FULL]);
	prom_family(b, "dropdoc_series", "gauge", "Label sets of dropdoc_drops_total served.");
	prom_sample_u64(b, "dropdoc_series", NULL, 0, served);
	prom_family(b, "dropdoc_series_expired_total", "counter",
		    "Rows aged out because their namespace or device was gone.");
	prom_sample_u64(b, "dropdoc_series_expired_total", NULL, 0, ex->expired);
	prom_family(b, "dropdoc_up", "gauge", "1 when the in-kernel drop table could be read.");
	prom_sample_u64(b, "dropdoc_up", NULL, 0, e ? 0 : 1);
	prom_family(b, "dropdoc_scrape_duration_seconds", "gauge",
		    "Time this scrape took to read and name the drop table.");
	prom_sample_f64(b, "dropdoc_scrape_duration_seconds", NULL, 0, now_s() - t0);
	free(s);
	free(rows);
	netns_descs_tick(ex->live.ns, ex->live.now); /* the labels are rendered */
	return e ? e : b->err;
}

void exporter_close(struct exporter *ex)
{
	if (!ex)
		return;
	capture_close(ex->c);
	for (size_t i = 0; i < ex->nks; i++)
		free(ex->ks[i].labels);
	free(ex->ks);
	for (size_t i = 0; i < ex->nadmitted; i++)
		free(ex->admitted[i]);
	free(ex->admitted);
	live_release(&ex->live);
	free(ex);
}
