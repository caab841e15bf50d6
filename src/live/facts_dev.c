// SPDX-License-Identifier: GPL-2.0
/* facts_dev: device facts for the explain rules, memoized per namespace
 * and key for a second (FACTS_MEMO_MS). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/brport.h"
#include "host/clock.h"
#include "host/qdiscinfo.h"
#include "host/sysctl.h"
#include "host/softnet.h"
#include "host/tcinfo.h"
#include "host/xfrminfo.h"
#include "live/facts.h"
#include "live/facts_dev.h"

#define FACTS_MEMO_MS	 1000
#define FACTS_MEMO_SLOTS 32

enum memo_kind { MEMO_SYSCTL = 1, MEMO_TC_IN, MEMO_TC_EG, MEMO_QDISC, MEMO_BRPORT, MEMO_XFRM };

/* One answer: its key, when it was read, what came back. */
struct memo_slot {
	enum memo_kind kind;
	uint32_t netns;
	int ifindex;
	char name[96]; /* sysctl key */
	uint64_t ms;
	int ret; /* the call's return */
	size_t len;
	union {
		char text[64];
		struct tcinfo_filter tc[TCINFO_MAX];
		struct qdiscinfo q[QDISCINFO_MAX];
		struct xfrminfo_policy x[XFRMINFO_MAX];
		int state;
	} v;
};

struct facts_memo {
	struct memo_slot slot[FACTS_MEMO_SLOTS];
	unsigned next;
};

struct facts_memo *facts_memo_new(void)
{
	return calloc(1, sizeof(struct facts_memo));
}

void facts_memo_free(struct facts_memo *m)
{
	free(m);
}

/* A fresh answer for the key, or NULL. */
static struct memo_slot *memo_get(struct facts_memo *m, enum memo_kind kind, uint32_t netns,
				  int ifindex, const char *name, uint64_t ms)
{
	for (unsigned i = 0; i < FACTS_MEMO_SLOTS; i++) {
		struct memo_slot *s = &m->slot[i];

		if (s->kind == kind && s->netns == netns && s->ifindex == ifindex &&
		    !strcmp(s->name, name ? name : "") && ms - s->ms < FACTS_MEMO_MS)
			return s;
	}
	return NULL;
}

static struct memo_slot *memo_put(struct facts_memo *m, enum memo_kind kind, uint32_t netns,
				  int ifindex, const char *name, uint64_t ms)
{
	struct memo_slot *s = &m->slot[m->next++ % FACTS_MEMO_SLOTS];

	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->netns = netns;
	s->ifindex = ifindex;
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "");
	s->ms = ms;
	return s;
}

/* What a fill reads for a memo slot, in the namespace open at nsfd. */
struct fill {
	const char *name;
	int ifindex;
	bool egress;
};

static int fill_sysctl(int fd, const struct fill *q, struct memo_slot *s)
{
	return sysctl_read(fd, q->name, s->v.text, sizeof(s->v.text));
}

static int fill_tc(int fd, const struct fill *q, struct memo_slot *s)
{
	return tcinfo_list(fd, q->ifindex, q->egress, s->v.tc, TCINFO_MAX);
}

static int fill_qdisc(int fd, const struct fill *q, struct memo_slot *s)
{
	return qdiscinfo_list(fd, q->ifindex, s->v.q, QDISCINFO_MAX);
}

static int fill_brport(int fd, const struct fill *q, struct memo_slot *s)
{
	return brport_state(fd, q->ifindex, &s->v.state);
}

static int fill_xfrm(int fd, const struct fill *q, struct memo_slot *s)
{
	(void)q;
	return xfrminfo_list(fd, s->v.x, XFRMINFO_MAX);
}

/* The answer for the key: the memo's when fresh, else read now. */
static const struct memo_slot *memo(struct facts *f, enum memo_kind kind, uint32_t netns,
				    const struct fill *q,
				    int (*fill)(int, const struct fill *, struct memo_slot *))
{
	uint64_t ms = clock_mono_ms();
	struct memo_slot *s = memo_get(facts_memo_of(f), kind, netns, q->ifindex, q->name, ms);
	int fd, err;

	if (s)
		return s;
	s = memo_put(facts_memo_of(f), kind, netns, q->ifindex, q->name, ms);
	err = facts_ns_open(f, netns, &fd);
	s->ret = err ? err : fill(fd, q, s);
	facts_ns_close(fd);
	return s;
}

int facts_sysctl(void *arg, uint32_t netns, const char *name, char *buf, size_t n)
{
	const struct fill q = {.name = name};
	const struct memo_slot *s = memo(arg, MEMO_SYSCTL, netns, &q, fill_sysctl);

	if (!s->ret)
		snprintf(buf, n, "%s", s->v.text);
	return s->ret;
}

/* Copies the first of a memo's n answers. */
static int copy_out(void *out, const void *from, int ret, int n, size_t each)
{
	int k = ret < n ? ret : n;

	if (k > 0)
		memcpy(out, from, (size_t)k * each);
	return k;
}

int facts_tc_filters(void *arg, uint32_t netns, int ifindex, bool egress, struct tcinfo_filter *out,
		     int n)
{
	const struct fill q = {.ifindex = ifindex, .egress = egress};
	const struct memo_slot *s = memo(arg, egress ? MEMO_TC_EG : MEMO_TC_IN, netns, &q, fill_tc);

	return copy_out(out, s->v.tc, s->ret, n, sizeof(*out));
}

int facts_qdiscs(void *arg, uint32_t netns, int ifindex, struct qdiscinfo *out, int n)
{
	const struct fill q = {.ifindex = ifindex};
	const struct memo_slot *s = memo(arg, MEMO_QDISC, netns, &q, fill_qdisc);

	return copy_out(out, s->v.q, s->ret, n, sizeof(*out));
}

int facts_brport(void *arg, uint32_t netns, int ifindex, int *state)
{
	const struct fill q = {.ifindex = ifindex};
	const struct memo_slot *s = memo(arg, MEMO_BRPORT, netns, &q, fill_brport);

	if (!s->ret)
		*state = s->v.state;
	return s->ret;
}

int facts_xfrm(void *arg, uint32_t netns, struct xfrminfo_policy *out, int n)
{
	const struct fill q = {0};
	const struct memo_slot *s = memo(arg, MEMO_XFRM, netns, &q, fill_xfrm);

	return copy_out(out, s->v.x, s->ret, n, sizeof(*out));
}

int facts_softnet(void *arg, struct softnet_cpu *out, int n)
{
	(void)arg;
	return softnet_read(out, n);
}
