// SPDX-License-Identifier: GPL-2.0
/* netcfg: the per-namespace model cache. Each cached namespace has its own
 * rtnetlink socket subscribed (before the model is read, so nothing is
 * missed) to links, IPv4 addresses, routes, rules, netconf (rp_filter and
 * forwarding changes) and neighbours. A get drains that socket without
 * blocking: any structural change, or a lost notification (ENOBUFS),
 * rebuilds the model; neighbour-only churn rebuilds at most once a second;
 * other sysctls are re-read every sysctl_ms. Models handed out are never
 * modified: a rebuild makes a new one, old references stay valid. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "host/clock.h"
#include "model/netcfg.h"
#include "host/netns.h"
#include "host/rtnl.h"

#define NEIGH_REBUILD_MS 1000

struct entry {
	uint32_t inode;
	int fd; /* the namespace */
	struct rtnl mon;
	struct netcfg *cfg;
	bool stale;
	bool neigh_stale;
	uint64_t built_ms;
	uint64_t used_ms; /* last get, for eviction */
};

struct netcfg_cache {
	netcfg_open_ns_fn open_ns;
	unsigned sysctl_ms;
	struct entry *e;
	size_t n;
	unsigned long builds;
	unsigned long overruns; /* notifications lost (ENOBUFS): rebuilt */
	uint64_t gen;		/* netns_generation() when entries were last checked */
	uint64_t gen_ms;	/* when it was looked at (every 10 ms at most) */
};

static int default_open(uint32_t inode, int *fd)
{
	struct netns_ref r;
	char spec[16];
	int err;

	snprintf(spec, sizeof(spec), "%u", inode);
	err = netns_resolve(spec, &r);
	if (err)
		return err;
	*fd = r.fd;
	return 0;
}

int netcfg_cache_new(netcfg_open_ns_fn open_ns, unsigned sysctl_ms, struct netcfg_cache **out)
{
	struct netcfg_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->open_ns = open_ns ? open_ns : default_open;
	c->sysctl_ms = sysctl_ms;
	*out = c;
	return 0;
}

static void entry_clear(struct entry *e)
{
	if (e->mon.nl)
		rtnl_close(&e->mon);
	if (e->fd >= 0)
		close(e->fd);
	netcfg_unref(e->cfg);
	memset(e, 0, sizeof(*e));
	e->fd = -1;
}

void netcfg_cache_free(struct netcfg_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		entry_clear(&c->e[i]);
	free(c->e);
	free(c);
}

static int subscribe(struct entry *e)
{
	static const unsigned groups[] = {RTNLGRP_IPV4_NETCONF};
	int err;

	err = rtnl_open_in(&e->mon, NETLINK_ROUTE,
			   RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV4_RULE |
			       RTMGRP_NEIGH,
			   e->fd);
	for (size_t i = 0; !err && i < sizeof(groups) / sizeof(groups[0]); i++)
		if (mnl_socket_setsockopt(e->mon.nl, NETLINK_ADD_MEMBERSHIP, (void *)&groups[i],
					  sizeof(groups[i])) < 0)
			err = -errno;
	return err;
}

static int note_cb(const struct nlmsghdr *nlh, void *data)
{
	struct entry *e = data;

	if (nlh->nlmsg_type == RTM_NEWNEIGH || nlh->nlmsg_type == RTM_DELNEIGH)
		e->neigh_stale = true;
	else
		e->stale = true;
	return MNL_CB_OK;
}

static int build(struct netcfg_cache *c, struct entry *e)
{
	struct netcfg *cfg;
	char err[256];
	int ret;

	/* drain what is pending first: the dump below includes it */
	ret = rtnl_drain(&e->mon, note_cb, e);
	(void)ret;
	ret = netcfg_load(e->fd, &cfg, err, sizeof(err));
	if (ret)
		return ret;
	netcfg_unref(e->cfg);
	e->cfg = cfg;
	e->stale = e->neigh_stale = false;
	e->built_ms = clock_mono_ms();
	c->builds++;
	return 0;
}

/* Entry i goes: the last takes its place. */
static void entry_remove(struct netcfg_cache *c, size_t i)
{
	entry_clear(&c->e[i]);
	c->e[i] = c->e[--c->n];
}

/* Entries unused for NETCFG_CACHE_IDLE_MS go: their socket and fd hold the
 * namespace alive, deleted or not. */
static void drop_idle(struct netcfg_cache *c, uint64_t now)
{
	for (size_t i = 0; i < c->n; i++)
		if (now - c->e[i].used_ms >= NETCFG_CACHE_IDLE_MS)
			entry_remove(c, i--);
}

/* Room for one more: the idle go, then the least recently used while
 * NETCFG_CACHE_MAX are held. */
static void evict(struct netcfg_cache *c, uint64_t now)
{
	size_t lru = 0;

	drop_idle(c, now);
	if (c->n < NETCFG_CACHE_MAX)
		return;
	for (size_t i = 1; i < c->n; i++)
		if (c->e[i].used_ms < c->e[lru].used_ms)
			lru = i;
	entry_remove(c, lru);
}

static struct entry *lookup(struct netcfg_cache *c, uint32_t inode, int *err)
{
	uint64_t now = clock_mono_ms();
	struct entry *e;

	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].inode == inode) {
			c->e[i].used_ms = now;
			return &c->e[i];
		}
	evict(c, now);
	e = realloc(c->e, (c->n + 1) * sizeof(*e));
	if (!e) {
		*err = -ENOMEM;
		return NULL;
	}
	c->e = e;
	e = &c->e[c->n];
	memset(e, 0, sizeof(*e));
	e->fd = -1;
	e->inode = inode;
	e->used_ms = now;
	*err = c->open_ns(inode, &e->fd);
	if (!*err)
		*err = subscribe(e);
	if (!*err)
		*err = build(c, e);
	if (*err) {
		entry_clear(e);
		return NULL;
	}
	c->n++;
	return e;
}

/* A namespace was named or deleted: entries of namespaces that are gone
 * (no name in /run/netns, no process in them) go now, not when idle — each
 * holds its namespace alive, and with it the devices the kernel would tear
 * down (a veth's peer). */
static void drop_gone(struct netcfg_cache *c)
{
	uint64_t now = clock_mono_ms(), gen;

	if (now - c->gen_ms < 10)
		return;
	c->gen_ms = now;
	gen = netns_generation();
	if (gen == c->gen)
		return;
	c->gen = gen;
	for (size_t i = 0; i < c->n; i++)
		if (!netns_name(c->e[i].inode)[0])
			entry_remove(c, i--);
}

struct netcfg *netcfg_cache_get(struct netcfg_cache *c, uint32_t inode, int *err)
{
	struct entry *e;
	int ret = 0;

	e = lookup(c, inode, &ret);
	if (!e) {
		*err = ret;
		return NULL;
	}
	ret = rtnl_drain(&e->mon, note_cb, e);
	if (ret < 0) {
		e->stale = true; /* lost notifications (ENOBUFS): trust nothing */
		c->overruns++;
	}
	if (!e->stale && e->neigh_stale && clock_mono_ms() - e->built_ms >= NEIGH_REBUILD_MS)
		e->stale = true;
	if (!e->stale && c->sysctl_ms && clock_mono_ms() - e->built_ms >= c->sysctl_ms)
		e->stale = true;
	if (e->stale) {
		ret = build(c, e);
		if (ret) {
			*err = ret;
			return NULL;
		}
	}
	*err = 0;
	return netcfg_ref(e->cfg);
}

void netcfg_cache_invalidate(struct netcfg_cache *c, uint32_t inode)
{
	for (size_t i = 0; i < c->n; i++)
		if (!inode || c->e[i].inode == inode)
			entry_remove(c, i--);
}

unsigned long netcfg_cache_builds(const struct netcfg_cache *c)
{
	return c->builds;
}

void netcfg_cache_tick(struct netcfg_cache *c)
{
	drop_gone(c);
	drop_idle(c, clock_mono_ms());
}

unsigned long netcfg_cache_overruns(const struct netcfg_cache *c)
{
	return c->overruns;
}

size_t netcfg_cache_count(const struct netcfg_cache *c)
{
	return c->n;
}
