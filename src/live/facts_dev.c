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

int facts_sysctl(void *arg, uint32_t netns, const char *name, char *buf, size_t n)
{
	struct facts *f = arg;
	uint64_t ms = clock_mono_ms();
	struct memo_slot *s = memo_get(facts_memo_of(f), MEMO_SYSCTL, netns, 0, name, ms);
	int fd, err;

	if (!s) {
		s = memo_put(facts_memo_of(f), MEMO_SYSCTL, netns, 0, name, ms);
		err = facts_ns_open(f, netns, &fd);
		s->ret = err ? err : sysctl_read(fd, name, s->v.text, sizeof(s->v.text));
		facts_ns_close(fd);
	}
	if (!s->ret)
		snprintf(buf, n, "%s", s->v.text);
	return s->ret;
}

int facts_tc_filters(void *arg, uint32_t netns, int ifindex, bool egress, struct tcinfo_filter *out,
		     int n)
{
	struct facts *f = arg;
	enum memo_kind kind = egress ? MEMO_TC_EG : MEMO_TC_IN;
	uint64_t ms = clock_mono_ms();
	struct memo_slot *s = memo_get(facts_memo_of(f), kind, netns, ifindex, NULL, ms);
	int fd, err;

	if (!s) {
		s = memo_put(facts_memo_of(f), kind, netns, ifindex, NULL, ms);
		err = facts_ns_open(f, netns, &fd);
		s->ret = err ? err : tcinfo_list(fd, ifindex, egress, s->v.tc, TCINFO_MAX);
		facts_ns_close(fd);
	}
	if (s->ret > 0)
		memcpy(out, s->v.tc, (size_t)(s->ret < n ? s->ret : n) * sizeof(*out));
	return s->ret < n ? s->ret : n;
}

int facts_qdiscs(void *arg, uint32_t netns, int ifindex, struct qdiscinfo *out, int n)
{
	struct facts *f = arg;
	uint64_t ms = clock_mono_ms();
	struct memo_slot *s = memo_get(facts_memo_of(f), MEMO_QDISC, netns, ifindex, NULL, ms);
	int fd, err;

	if (!s) {
		s = memo_put(facts_memo_of(f), MEMO_QDISC, netns, ifindex, NULL, ms);
		err = facts_ns_open(f, netns, &fd);
		s->ret = err ? err : qdiscinfo_list(fd, ifindex, s->v.q, QDISCINFO_MAX);
		facts_ns_close(fd);
	}
	if (s->ret > 0)
		memcpy(out, s->v.q, (size_t)(s->ret < n ? s->ret : n) * sizeof(*out));
	return s->ret < n ? s->ret : n;
}

int facts_brport(void *arg, uint32_t netns, int ifindex, int *state)
{
	struct facts *f = arg;
	uint64_t ms = clock_mono_ms();
	struct memo_slot *s = memo_get(facts_memo_of(f), MEMO_BRPORT, netns, ifindex, NULL, ms);
	int fd, err;

	if (!s) {
		s = memo_put(facts_memo_of(f), MEMO_BRPORT, netns, ifindex, NULL, ms);
		err = facts_ns_open(f, netns, &fd);
		s->ret = err ? err : brport_state(fd, ifindex, &s->v.state);
		facts_ns_close(fd);
	}
	if (!s->ret)
		*state = s->v.state;
	return s->ret;
}

int facts_xfrm(void *arg, uint32_t netns, struct xfrminfo_policy *out, int n)
{
	struct facts *f = arg;
	uint64_t ms = clock_mono_ms();
	struct memo_slot *s = memo_get(facts_memo_of(f), MEMO_XFRM, netns, 0, NULL, ms);
	int fd, err;

	if (!s) {
		s = memo_put(facts_memo_of(f), MEMO_XFRM, netns, 0, NULL, ms);
		err = facts_ns_open(f, netns, &fd);
		s->ret = err ? err : xfrminfo_list(fd, s->v.x, XFRMINFO_MAX);
		facts_ns_close(fd);
	}
	if (s->ret > 0)
		memcpy(out, s->v.x, (size_t)(s->ret < n ? s->ret : n) * sizeof(*out));
	return s->ret < n ? s->ret : n;
}
