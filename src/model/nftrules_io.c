// SPDX-License-Identifier: GPL-2.0
/* nftrules_io: reading and changing a namespace's nftables ruleset through
 * libnftables (entering the namespace for the call), legacy iptables
 * tables noticed, and counters remembered between reads. */
#include <errno.h>
#include <fcntl.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/clock.h"
#include "host/netns.h"
#include "host/nsexec.h"
#include "model/nftrules.h"

/* "filter, nat" from /proc/net/ip_tables_names of the current namespace:
 * tables of the legacy iptables, which nft does not show. */
static void legacy_tables(char *buf, size_t n)
{
	char names[256];
	ssize_t len;
	int fd = open("/proc/thread-self/net/ip_tables_names", O_RDONLY | O_CLOEXEC);

	buf[0] = 0;
	if (fd < 0)
		return;
	len = read(fd, names, sizeof(names) - 1);
	close(fd);
	if (len <= 0)
		return;
	names[len] = 0;
	for (char *save = NULL, *w = strtok_r(names, "\n", &save); w;
	     w = strtok_r(NULL, "\n", &save)) {
		size_t l = strlen(buf);

		snprintf(buf + l, n - l, "%s%s", l ? ", " : "", w);
	}
}

/* What nft_run_here needs and gives. */
struct nft_job {
	const char *cmd;
	unsigned flags;
	char **out;
	char *legacy;
	size_t llen;
	char *err;
	size_t errlen;
};

/* Runs the job's command where the calling thread is. */
static int nft_run_here(void *arg)
{
	const struct nft_job *j = arg;
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	int rc = 0;

	if (!ctx) {
		snprintf(j->err, j->errlen, "libnftables: no context");
		return -ENOMEM;
	}
	nft_ctx_output_set_flags(ctx, j->flags);
	if (nft_ctx_buffer_output(ctx) || nft_ctx_buffer_error(ctx)) {
		rc = -ENOMEM;
		snprintf(j->err, j->errlen, "libnftables: no buffers");
		goto cleanup;
	}
	if (nft_run_cmd_from_buffer(ctx, j->cmd)) {
		const char *e = nft_ctx_get_error_buffer(ctx);

		rc = -EINVAL;
		snprintf(j->err, j->errlen, "nft: %.*s", (int)strcspn(e ? e : "", "\n"),
			 e ? e : "");
		goto cleanup;
	}
	if (j->out) {
		*j->out = strdup(nft_ctx_get_output_buffer(ctx) ?: "");
		if (!*j->out)
			rc = -ENOMEM;
	}
	if (j->legacy)
		legacy_tables(j->legacy, j->llen);
cleanup:
	nft_ctx_free(ctx);
	return rc;
}

/* Runs cmd in ns (-1: here) with the given output flags; *out gets a copy
 * of nft's output (caller frees) when out is not NULL. */
static int nft_run(int nsfd, const char *cmd, unsigned flags, char **out, char *legacy, size_t llen,
		   char *err, size_t errlen)
{
	struct nft_job j = {cmd, flags, out, legacy, llen, err, errlen};
	int rc;

	err[0] = 0;
	rc = netns_run(nsfd, nft_run_here, &j);
	if (rc && !err[0])
		snprintf(err, errlen, "entering the namespace: %s", strerror(-rc));
	return rc;
}

int nftrules_list(int nsfd, struct nftrules_set *out)
{
	char legacy[sizeof(out->legacy)] = "", err[160];
	char *json = NULL;
	int rc;

	rc = nft_run(nsfd, "list ruleset", NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE, &json,
		     legacy, sizeof(legacy), err, sizeof(err));
	if (!rc)
		rc = nftrules_parse(json[0] ? json : "{\"nftables\":[]}", out);
	if (!rc)
		snprintf(out->legacy, sizeof(out->legacy), "%s", legacy);
	free(json);
	return rc;
}

int nftrules_apply(int nsfd, const char *cmds, char *err, size_t errlen)
{
	return nft_run(nsfd, cmds, 0, NULL, NULL, 0, err, errlen);
}

/* counters by namespace and rule; at most SEEN_MAX, those of rules not
 * read for SEEN_IDLE_MS (a namespace gone, a rule deleted) go first */
struct seen {
	uint32_t netns;
	uint64_t handle;
	char family[8], table[32];
	int64_t packets;
	uint64_t used_ms;
};
#define SEEN_MAX     4096
#define SEEN_IDLE_MS 60000

/* the last read of a namespace */
struct lastread {
	uint32_t netns;
	uint64_t at_ms;
	struct nftrules_set set;
};
#define NFTRULES_CACHED 8

struct nftrules_tracker {
	struct seen *v;
	size_t n, cap;
	struct lastread *last[NFTRULES_CACHED];
	unsigned next; /* round-robin slot to reuse */
};

int nftrules_tracker_new(struct nftrules_tracker **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void nftrules_tracker_free(struct nftrules_tracker *t)
{
	if (!t)
		return;
	for (int i = 0; i < NFTRULES_CACHED; i++)
		free(t->last[i]);
	free(t->v);
	free(t);
}

/* Full: the idle go; if none is, all do (their next deltas are unknown
 * once, as for a rule seen the first time). */
static void tracker_evict(struct nftrules_tracker *t, uint64_t now)
{
	size_t k = 0;

	for (size_t i = 0; i < t->n; i++)
		if (now - t->v[i].used_ms < SEEN_IDLE_MS)
			t->v[k++] = t->v[i];
	t->n = k < t->n ? k : 0;
}

static struct seen *tracker_slot(struct nftrules_tracker *t, uint32_t netns,
				 const struct nftrules_rule *r, bool *fresh)
{
	uint64_t now = clock_mono_ms();

	*fresh = false;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].netns == netns && t->v[i].handle == r->handle &&
		    !strcmp(t->v[i].family, r->family) && !strcmp(t->v[i].table, r->table)) {
			t->v[i].used_ms = now;
			return &t->v[i];
		}
	if (t->n == SEEN_MAX)
		tracker_evict(t, now);
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct seen *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	*fresh = true;
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	t->v[t->n].netns = netns;
	t->v[t->n].used_ms = now;
	t->v[t->n].handle = r->handle;
	snprintf(t->v[t->n].family, sizeof(t->v[0].family), "%s", r->family);
	snprintf(t->v[t->n].table, sizeof(t->v[0].table), "%s", r->table);
	return &t->v[t->n++];
}

void nftrules_tracker_update(struct nftrules_tracker *t, uint32_t netns, struct nftrules_set *s)
{
	for (int i = 0; i < s->n; i++) {
		struct nftrules_rule *r = &s->rules[i];
		bool fresh;
		struct seen *e;

		r->delta = -1;
		if (r->packets < 0 || !r->handle)
			continue;
		e = tracker_slot(t, netns, r, &fresh);
		if (!e)
			continue;
		if (!fresh && r->packets >= e->packets)
			r->delta = r->packets - e->packets;
		e->packets = r->packets;
	}
}

int nftrules_read(struct nftrules_tracker *t, uint32_t netns, struct nftrules_set *out)
{
	struct lastread *l = NULL;
	uint64_t now = clock_mono_ms();
	int fd = -1, rc;

	for (int i = 0; i < NFTRULES_CACHED; i++)
		if (t->last[i] && t->last[i]->netns == netns)
			l = t->last[i];
	if (l && now - l->at_ms < NFTRULES_REREAD_MS) {
		*out = l->set;
		return out->n;
	}
	rc = netns_open_inode(netns, &fd);
	if (rc)
		return rc;
	rc = nftrules_list(fd, out);
	close(fd);
	if (rc)
		return rc;
	nftrules_tracker_update(t, netns, out);
	if (!l) {
		unsigned slot = t->next++ % NFTRULES_CACHED;

		if (!t->last[slot])
			t->last[slot] = malloc(sizeof(*l));
		l = t->last[slot];
	}
	if (l) {
		l->netns = netns;
		l->at_ms = now;
		l->set = *out;
	}
	return out->n;
}
