// SPDX-License-Identifier: GPL-2.0
/* facts: sockets and counters for the explain rules of a live run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/clock.h"
#include "live/facts.h"
#include "live/facts_dev.h"
#include "decode/record.h"
#include "model/netcfg.h"
#include "host/brport.h"
#include "host/mib.h"
#include "host/sysctl.h"
#include "host/netns.h"
#include "host/netns_desc.h"
#include "model/nftrules.h"
#include "host/sockdiag.h"
#include "host/xdpinfo.h"

#define SOCK_CACHE	  64   /* remembered answers */
#define SOCK_CACHE_MS	  1000 /* how long an answer is reused */
#define CROSS_INTERVAL_MS 200  /* other namespaces: one search per */
#define SOCKS_PER_NS	  32   /* sockets looked at per namespace */

struct sock_answer {
	uint32_t netns;
	int proto, port;
	uint64_t ms;
	int n;
	struct explain_sock v[EXPLAIN_MAX_SOCKS];
};

/* The last namespace's IPv6 routes, reused for SOCK_CACHE_MS (a flood of
 * drops in one namespace costs one dump a second). */
struct facts_routes6 {
	uint32_t netns;
	uint64_t ms;
	struct route6_set set;
};

struct facts {
	uint32_t self; /* our own namespace's inode */
	struct facts_routes6 r6;
	struct facts_memo *memo; /* device facts, reused for a second (facts_dev.c) */
	struct netns_descs *ns;	 /* the run's namespace descriptors, or NULL */
	struct mib_tracker *mibs;
	struct nftrules_tracker *fw; /* firewall rules and their counters */
	struct sock_answer cache[SOCK_CACHE];
	unsigned next; /* round robin slot */
	uint64_t cross_ms;
};

/* An open fd of the namespace with this inode (-1 with 0 for our own). */
struct facts_memo *facts_memo_of(const struct facts *f)
{
	return f->memo;
}

int facts_ns_open(const struct facts *f, uint32_t netns, int *fd)
{
	*fd = -1;
	if (!netns || netns == f->self)
		return 0;
	return netns_open_inode(netns, fd);
}

void facts_ns_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void to_explain(struct facts *f, const struct sockdiag_sock *s, uint32_t netns,
		       struct explain_sock *e)
{
	uint64_t now = f->ns ? clock_mono_ns() : 0;
	char dev[16] = "";
	int err;

	memset(e, 0, sizeof(*e));
	if (s->ifindex) {
		err = f->ns ? netns_descs_ifname(f->ns, netns, s->ifindex, now, dev, sizeof(dev))
			    : netns_ifname(netns, s->ifindex, dev, sizeof(dev));
		if (err)
			snprintf(dev, sizeof(dev), "if%u", s->ifindex);
	}
	sockdiag_format_local(s, dev, e->local, sizeof(e->local));
	sockdiag_format_peer(s, e->peer, sizeof(e->peer));
	e->netns = netns;
	if (f->ns)
		snprintf(e->netns_name, sizeof(e->netns_name), "%s",
			 netns_descs_get(f->ns, netns, now)->name);
	else
		snprintf(e->netns_name, sizeof(e->netns_name), "%s", netns_name(netns));
	sockdiag_owner(s->inode, e->proc, sizeof(e->proc));
	e->family = s->family;
	e->proto = s->proto;
	e->port = s->port;
	memcpy(e->addr, s->addr, sizeof(e->addr));
	e->v6only = s->v6only;
	e->has_mem = s->has_mem;
	e->rmem = s->rmem;
	e->rcvbuf = s->rcvbuf;
	e->drops = s->drops;
	e->rqueue = s->rqueue;
	e->wqueue = s->wqueue;
	snprintf(e->dev, sizeof(e->dev), "%s", dev);
}

/* Appends the sockets of one namespace, the drop's family first. */
static int add_ns(struct facts *f, int nsfd, uint32_t netns, int family, int proto, int port,
		  struct explain_sock *out, int k, int n)
{
	struct sockdiag_sock s[SOCKS_PER_NS];
	int cnt = sockdiag_list(nsfd, proto, port, s, SOCKS_PER_NS);

	if (cnt < 0)
		return cnt;
	if (cnt > SOCKS_PER_NS)
		cnt = SOCKS_PER_NS;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < cnt && k < n; i++)
			if ((s[i].family == family) == (pass == 0))
				to_explain(f, &s[i], netns, &out[k++]);
	return k;
}

/* The same port in the other namespaces, while room is left. */
static int add_others(struct facts *f, uint32_t netns, int family, int proto, int port,
		      struct explain_sock *out, int k, int n)
{
	struct netns_ref *list = NULL;
	size_t cnt = 0, scanned = 0;

	if (netns_list_all(&list, &cnt))
		return k;
	for (size_t i = 0; i < cnt && k < n && scanned < FACTS_SCAN_NS; i++) {
		int r;

		if (list[i].inode == netns)
			continue;
		scanned++;
		r = add_ns(f, list[i].inode == f->self ? -1 : list[i].fd, list[i].inode, family,
			   proto, port, out, k, n);
		if (r >= 0)
			k = r;
	}
	netns_list_free(list, cnt);
	return k;
}

int facts_sockets(void *arg, uint32_t netns, int family, int proto, int port,
		  struct explain_sock *out, int n)
{
	struct facts *f = arg;
	struct sock_answer *a = NULL;
	uint64_t ms = clock_mono_ms();
	int k, err, fd;

	if (n > EXPLAIN_MAX_SOCKS)
		n = EXPLAIN_MAX_SOCKS;
	for (unsigned i = 0; i < SOCK_CACHE; i++) {
		a = &f->cache[i];
		if (a->ms && a->netns == netns && a->proto == proto && a->port == port &&
		    ms - a->ms < SOCK_CACHE_MS) {
			k = a->n < n ? a->n : n;
			memcpy(out, a->v, (size_t)k * sizeof(*out));
			return k;
		}
	}
	err = facts_ns_open(f, netns, &fd);
	if (err)
		return err;
	k = add_ns(f, fd, netns, family, proto, port, out, 0, n);
	facts_ns_close(fd);
	if (k < 0)
		return k;
	if (k < n && ms - f->cross_ms >= CROSS_INTERVAL_MS) {
		f->cross_ms = ms;
		k = add_others(f, netns, family, proto, port, out, k, n);
	}
	a = &f->cache[f->next++ % SOCK_CACHE];
	a->netns = netns;
	a->proto = proto;
	a->port = port;
	a->ms = ms;
	a->n = k;
	memcpy(a->v, out, (size_t)k * sizeof(*out));
	return k;
}

int facts_mibs(void *arg, uint32_t netns, const char *const *names, struct mib_delta *out, int n)
{
	struct facts *f = arg;
	int fd, err = facts_ns_open(f, netns, &fd), k;

	if (err)
		return err;
	k = mib_tracker_moved(f->mibs, netns ? netns : f->self, fd, names, out, n);
	facts_ns_close(fd);
	return k;
}

/* Counters of every namespace there is now (bounded). */
static void baselines(struct facts *f)
{
	struct netns_ref *list = NULL;
	size_t cnt = 0;

	if (netns_list_all(&list, &cnt))
		return;
	for (size_t i = 0; i < cnt && i < FACTS_BASELINE_NS; i++)
		mib_tracker_baseline(f->mibs, list[i].inode,
				     list[i].inode == f->self ? -1 : list[i].fd);
	netns_list_free(list, cnt);
}

int facts_prog(void *arg, uint32_t id, struct xdpinfo_prog *out)
{
	(void)arg;
	return xdpinfo_prog(id, out);
}

int facts_fw_rules(void *arg, uint32_t netns, struct nftrules_set *out)
{
	struct facts *f = arg;

	return nftrules_read(f->fw, netns, out);
}

int facts_routes6(void *arg, uint32_t netns, const struct route6_set **out)
{
	struct facts *f = arg;
	struct facts_routes6 *c = &f->r6;
	uint64_t ms = clock_mono_ms();
	int fd, err;

	if (!netns)
		netns = f->self;
	if (c->netns == netns && c->ms && ms - c->ms < SOCK_CACHE_MS) {
		*out = &c->set;
		return 0;
	}
	err = facts_ns_open(f, netns, &fd);
	if (err)
		return err;
	err = route6_dump(fd, &c->set);
	facts_ns_close(fd);
	c->netns = err ? 0 : netns;
	c->ms = ms;
	*out = &c->set;
	return err;
}

int facts_env_init(struct explain_env *env)
{
	struct facts *f = calloc(1, sizeof(*f));
	struct netns_ref self;
	int err;

	memset(env, 0, sizeof(*env));
	if (!f)
		return -ENOMEM;
	err = netns_self(&self);
	if (err)
		goto fail;
	f->self = self.inode;
	netns_ref_close(&self);
	err = mib_tracker_new(FACTS_MIB_INTERVAL_MS, &f->mibs);
	if (err)
		goto fail;
	err = nftrules_tracker_new(&f->fw);
	if (err)
		goto fail;
	f->memo = facts_memo_new();
	if (!f->memo) {
		err = -ENOMEM;
		goto fail;
	}
	baselines(f);
	env->arg = f;
	env->sockets = facts_sockets;
	env->mibs = facts_mibs;
	env->prog = facts_prog;
	env->fw_rules = facts_fw_rules;
	env->sysctl = facts_sysctl;
	env->tc_filters = facts_tc_filters;
	env->routes6 = facts_routes6;
	env->qdiscs = facts_qdiscs;
	env->brport = facts_brport;
	env->xfrm = facts_xfrm;
	env->softnet = facts_softnet;
	return 0;
fail:
	nftrules_tracker_free(f->fw);
	mib_tracker_free(f->mibs);
	free(f);
	return err;
}

void facts_env_free(struct explain_env *env)
{
	struct facts *f = env->arg;

	if (f) {
		route6_set_free(&f->r6.set);
		facts_memo_free(f->memo);
		mib_tracker_free(f->mibs);
		nftrules_tracker_free(f->fw);
		free(f);
	}
	memset(env, 0, sizeof(*env));
}

int facts_explainer_open(struct facts_explainer *x, struct netns_descs *ns, char *err,
			 size_t errlen)
{
	/* sysctls re-read at most every second; netlink notifications
	 * invalidate the rest */
	int e = netcfg_cache_new(netns_open_inode, 1000, &x->cfgs);

	if (e) {
		snprintf(err, errlen, "configuration cache: %s", strerror(-e));
		return e;
	}
	facts_env_init(&x->env);
	if (x->env.arg)
		((struct facts *)x->env.arg)->ns = ns;
	/* reason code -> rule and meaning, looked up once per code per run */
	e = explain_index_new(&x->index);
	if (e) {
		snprintf(err, errlen, "reason index: %s", strerror(-e));
		return e;
	}
	return 0;
}

void facts_explain(struct facts_explainer *x, struct drop_record *d, struct finding *f)
{
	struct explain_in in = {.d = d, .env = &x->env, .index = x->index};
	struct netcfg *cfg;
	char pre[96];
	int err = 0;

	cfg = netcfg_cache_get(x->cfgs, d->netns, &err);
	if (d->ns)
		snprintf(pre, sizeof(pre), "%s", d->ns->exec);
	else
		netns_cmd_prefix(d->netns, pre, sizeof(pre));
	in.cfg = cfg;
	in.pre = pre;
	explain_drop(&in, f);
	if (!cfg && f->n_evidence < FINDING_LINES)
		finding_evidence(f, "the configuration of this namespace could not be read (%s)",
				 strerror(-err));
	netcfg_unref(cfg);
	d->finding = f;
}

void facts_explainer_close(struct facts_explainer *x)
{
	netcfg_cache_free(x->cfgs);
	x->cfgs = NULL;
	facts_env_free(&x->env);
	explain_index_free(x->index);
	x->index = NULL;
}
