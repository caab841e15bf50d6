// SPDX-License-Identifier: GPL-2.0
/* netns_desc: a reader's table of namespace descriptors. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/clock.h"
#include "host/netns.h"
#include "host/netns_desc.h"

#define BUCKETS 256

struct entry {
	struct netns_desc d;
	uint64_t resolved_ns, used_ns;
	uint64_t gen; /* netns_generation() when resolved */
	struct {
		uint32_t ifindex;
		char name[16];
	} ifs[NETNS_DESC_IFS];
	unsigned nifs;
	struct entry *next; /* in its bucket, or in the retired list */
};

struct netns_descs {
	uint64_t gen, gen_checked_ns; /* netns_generation(), looked at most every ms */
	uint64_t last_tick_ns;
	struct entry *bucket[BUCKETS];
	struct entry *retired; /* replaced: freed at the next tick */
	size_t n;
};

int netns_descs_new(struct netns_descs **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static void free_list(struct entry *e)
{
	while (e) {
		struct entry *next = e->next;

		free(e);
		e = next;
	}
}

void netns_descs_free(struct netns_descs *t)
{
	if (!t)
		return;
	for (int b = 0; b < BUCKETS; b++)
		free_list(t->bucket[b]);
	free_list(t->retired);
	free(t);
}

static void resolve(struct entry *e, uint32_t inode, uint64_t now)
{
	bool ours = !inode || inode == netns_self_inode();

	memset(&e->d, 0, sizeof(e->d));
	e->d.inode = inode;
	if (inode) {
		snprintf(e->d.name, sizeof(e->d.name), "%s", netns_name(inode));
		snprintf(e->d.container, sizeof(e->d.container), "%s", netns_container(inode));
	}
	/* ours needs no prefix, whatever its name */
	netns_prefixes(ours ? NULL : e->d.name, e->d.exec, sizeof(e->d.exec), e->d.ip,
		       sizeof(e->d.ip));
	e->resolved_ns = now;
	e->nifs = 0;
}

/* Has a namespace been named or deleted since? Asked at most every ms
 * (real time: the callers' clock may stand still within a batch). */
static uint64_t generation(struct netns_descs *t)
{
	uint64_t real = clock_mono_ns();

	if (real - t->gen_checked_ns >= 1000000ull) {
		t->gen = netns_generation();
		t->gen_checked_ns = real;
	}
	return t->gen;
}

static struct entry **slot(struct netns_descs *t, uint32_t inode)
{
	struct entry **p = &t->bucket[inode % BUCKETS];

	while (*p && (*p)->d.inode != inode)
		p = &(*p)->next;
	return p;
}

static struct entry *get(struct netns_descs *t, uint32_t inode, uint64_t now)
{
	struct entry **p = slot(t, inode), *e = *p;
	uint64_t gen = generation(t);

	if (e && now - e->resolved_ns < NETNS_DESC_TTL_NS && e->gen == gen) {
		e->used_ns = now;
		return e;
	}
	/* new, or stale: a fresh entry; a stale one retires, still valid
	 * for whoever points into it until the next tick */
	struct entry *fresh = calloc(1, sizeof(*fresh));

	if (!fresh)
		return e;
	resolve(fresh, inode, now);
	fresh->used_ns = now;
	fresh->gen = gen;
	if (e) {
		fresh->next = e->next;
		e->next = t->retired;
		t->retired = e;
	} else {
		t->n++;
	}
	*p = fresh;
	return fresh;
}

const struct netns_desc *netns_descs_get(struct netns_descs *t, uint32_t inode, uint64_t now_ns)
{
	struct entry *e = get(t, inode, now_ns);

	return e ? &e->d : NULL;
}

int netns_descs_ifname(struct netns_descs *t, uint32_t inode, uint32_t ifindex, uint64_t now_ns,
		       char *buf, size_t n)
{
	struct entry *e = get(t, inode, now_ns);
	char name[16];
	int err;

	for (unsigned i = 0; e && i < e->nifs; i++)
		if (e->ifs[i].ifindex == ifindex) {
			snprintf(buf, n, "%s", e->ifs[i].name);
			return 0;
		}
	err = netns_ifname(inode, ifindex, name, sizeof(name));
	if (err)
		return err;
	if (e && e->nifs < NETNS_DESC_IFS) {
		e->ifs[e->nifs].ifindex = ifindex;
		snprintf(e->ifs[e->nifs++].name, sizeof(name), "%s", name);
	}
	snprintf(buf, n, "%s", name);
	return 0;
}

void netns_descs_tick(struct netns_descs *t, uint64_t now_ns)
{
	/* too many (a burst of namespaces): keep those in use lately */
	uint64_t idle = t->n > NETNS_DESC_MAX ? now_ns - t->last_tick_ns : NETNS_DESC_IDLE_NS;

	t->last_tick_ns = now_ns;
	free_list(t->retired);
	t->retired = NULL;
	for (int b = 0; b < BUCKETS; b++) {
		struct entry **p = &t->bucket[b];

		while (*p) {
			struct entry *e = *p;

			if (now_ns - e->used_ns >= idle) {
				*p = e->next;
				free(e);
				t->n--;
			} else {
				p = &e->next;
			}
		}
	}
}

size_t netns_descs_count(const struct netns_descs *t)
{
	return t ? t->n : 0;
}
