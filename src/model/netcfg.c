// SPDX-License-Identifier: GPL-2.0
/* netcfg: the model's memory, lookups, effective sysctl values and the
 * number↔name tables shared by the snapshot and the printers. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>

#include "model/netcfg.h"

struct netcfg *netcfg_new(void)
{
	struct netcfg *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->refs = 1;
	cfg->ip_forward = -1;
	netcfg_conf_unknown(&cfg->all);
	netcfg_conf_unknown(&cfg->deflt);
	return cfg;
}

struct netcfg *netcfg_ref(struct netcfg *cfg)
{
	if (cfg)
		cfg->refs++;
	return cfg;
}

void netcfg_unref(struct netcfg *cfg)
{
	if (!cfg || --cfg->refs > 0)
		return;
	free(cfg->links);
	free(cfg->addrs);
	free(cfg->routes);
	free(cfg->rules);
	free(cfg->neighs);
	free(cfg);
}

const struct netcfg_conf_key netcfg_conf_keys[] = {
    {"rp_filter", offsetof(struct netcfg_conf, rp_filter)},
    {"accept_local", offsetof(struct netcfg_conf, accept_local)},
    {"forwarding", offsetof(struct netcfg_conf, forwarding)},
    {"log_martians", offsetof(struct netcfg_conf, log_martians)},
    {"arp_ignore", offsetof(struct netcfg_conf, arp_ignore)},
    {"arp_filter", offsetof(struct netcfg_conf, arp_filter)},
    {"send_redirects", offsetof(struct netcfg_conf, send_redirects)},
    {"route_localnet", offsetof(struct netcfg_conf, route_localnet)},
    {"src_valid_mark", offsetof(struct netcfg_conf, src_valid_mark)},
    {"bc_forwarding", offsetof(struct netcfg_conf, bc_forwarding)},
};
const size_t netcfg_conf_nkeys = sizeof(netcfg_conf_keys) / sizeof(netcfg_conf_keys[0]);

void netcfg_conf_unknown(struct netcfg_conf *c)
{
	c->rp_filter = c->accept_local = c->forwarding = c->log_martians = -1;
	c->arp_ignore = c->arp_filter = c->send_redirects = c->route_localnet = -1;
	c->src_valid_mark = c->bc_forwarding = -1;
}

/* Grow an array by one zeroed element; NULL on ENOMEM. */
static void *grow(void **arr, size_t *n, size_t size)
{
	void *p = realloc(*arr, (*n + 1) * size);

	if (!p)
		return NULL;
	*arr = p;
	p = (char *)p + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

struct netcfg_link *netcfg_add_link(struct netcfg *cfg)
{
	struct netcfg_link *l = grow((void **)&cfg->links, &cfg->n_links, sizeof(*l));

	if (l) {
		l->link_netnsid = -1;
		l->peer_xdp = -1;
		netcfg_conf_unknown(&l->conf);
	}
	return l;
}

struct netcfg_addr *netcfg_add_addr(struct netcfg *cfg)
{
	return grow((void **)&cfg->addrs, &cfg->n_addrs, sizeof(struct netcfg_addr));
}

struct netcfg_route *netcfg_add_route(struct netcfg *cfg)
{
	return grow((void **)&cfg->routes, &cfg->n_routes, sizeof(struct netcfg_route));
}

struct netcfg_rule *netcfg_add_rule(struct netcfg *cfg)
{
	struct netcfg_rule *r = grow((void **)&cfg->rules, &cfg->n_rules, sizeof(*r));

	if (r)
		r->suppress_prefixlen = r->suppress_ifgroup = -1;
	return r;
}

struct netcfg_neigh *netcfg_add_neigh(struct netcfg *cfg)
{
	return grow((void **)&cfg->neighs, &cfg->n_neighs, sizeof(struct netcfg_neigh));
}

static int link_cmp(const void *a, const void *b)
{
	const struct netcfg_link *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int rule_cmp(const void *a, const void *b)
{
	const struct netcfg_rule *x = a, *y = b;

	return (x->priority > y->priority) - (x->priority < y->priority);
}

void netcfg_sort(struct netcfg *cfg)
{
	if (cfg->n_links)
		qsort(cfg->links, cfg->n_links, sizeof(*cfg->links), link_cmp);
	/* The kernel dumps rules in list order already; keep equal
	 * priorities in that order (merge of a stable sort not needed when
	 * priorities differ, and qsort is only used when they are unsorted). */
	for (size_t i = 1; i < cfg->n_rules; i++)
		if (cfg->rules[i].priority < cfg->rules[i - 1].priority) {
			qsort(cfg->rules, cfg->n_rules, sizeof(*cfg->rules), rule_cmp);
			break;
		}
}

bool netcfg_equal(const struct netcfg *a, const struct netcfg *b)
{
	if (a->netns_inode != b->netns_inode || strcmp(a->netns_name, b->netns_name) ||
	    a->ip_forward != b->ip_forward || memcmp(&a->all, &b->all, sizeof(a->all)) ||
	    memcmp(&a->deflt, &b->deflt, sizeof(a->deflt)))
		return false;
	if (a->n_links != b->n_links || a->n_addrs != b->n_addrs || a->n_routes != b->n_routes ||
	    a->n_rules != b->n_rules || a->n_neighs != b->n_neighs)
		return false;
	return (!a->n_links || !memcmp(a->links, b->links, a->n_links * sizeof(*a->links))) &&
	       (!a->n_addrs || !memcmp(a->addrs, b->addrs, a->n_addrs * sizeof(*a->addrs))) &&
	       (!a->n_routes || !memcmp(a->routes, b->routes, a->n_routes * sizeof(*a->routes))) &&
	       (!a->n_rules || !memcmp(a->rules, b->rules, a->n_rules * sizeof(*a->rules))) &&
	       (!a->n_neighs || !memcmp(a->neighs, b->neighs, a->n_neighs * sizeof(*a->neighs)));
}

const struct netcfg_link *netcfg_link_by_index(const struct netcfg *cfg, int ifindex)
{
	for (size_t i = 0; i < cfg->n_links; i++)
		if (cfg->links[i].ifindex == ifindex)
			return &cfg->links[i];
	return NULL;
}

const struct netcfg_link *netcfg_link_by_name(const struct netcfg *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_links; i++)
		if (!strcmp(cfg->links[i].name, name))
			return &cfg->links[i];
	return NULL;
}

const char *netcfg_ifname(const struct netcfg *cfg, int ifindex)
{
	const struct netcfg_link *l = netcfg_link_by_index(cfg, ifindex);

	return l ? l->name : "?";
}

const struct netcfg_addr *netcfg_addr_find(const struct netcfg *cfg, uint32_t ip)
{
	for (size_t i = 0; i < cfg->n_addrs; i++)
		if (cfg->addrs[i].local == ip)
			return &cfg->addrs[i];
	return NULL;
}

const struct netcfg_addr *netcfg_addr_primary(const struct netcfg *cfg, int ifindex)
{
	for (size_t i = 0; i < cfg->n_addrs; i++)
		if (cfg->addrs[i].ifindex == ifindex)
			return &cfg->addrs[i];
	return NULL;
}

bool netcfg_link_has_addr(const struct netcfg *cfg, int ifindex)
{
	return netcfg_addr_primary(cfg, ifindex) != NULL;
}

bool netcfg_link_is_tunnel(const struct netcfg_link *l)
{
	static const char *const kinds[] = {
	    "ipip",   "gre",	"gretap",    "sit",    "vti",	  "vxlan", "geneve",
	    "ip6tnl", "ip6gre", "wireguard", "erspan", "bareudp", "fou",   "ipvlan_tunnel"};

	if (l->type == ARPHRD_TUNNEL || l->type == ARPHRD_IPGRE || l->type == ARPHRD_SIT ||
	    l->type == ARPHRD_NONE)
		return true;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(l->kind, kinds[i]))
			return true;
	return false;
}

static int conf_max(int a, int b)
{
	return a > b ? a : b;
}

int netcfg_rp_filter(const struct netcfg *cfg, const struct netcfg_link *l)
{
	return conf_max(cfg->all.rp_filter > 0 ? cfg->all.rp_filter : 0,
			l && l->conf.rp_filter > 0 ? l->conf.rp_filter : 0);
}

static bool conf_or(int all, int dev)
{
	return all > 0 || dev > 0;
}

bool netcfg_accept_local(const struct netcfg *cfg, const struct netcfg_link *l)
{
	return conf_or(cfg->all.accept_local, l ? l->conf.accept_local : 0);
}

bool netcfg_route_localnet(const struct netcfg *cfg, const struct netcfg_link *l)
{
	return conf_or(cfg->all.route_localnet, l ? l->conf.route_localnet : 0);
}

bool netcfg_send_redirects(const struct netcfg *cfg, const struct netcfg_link *l)
{
	return conf_or(cfg->all.send_redirects, l ? l->conf.send_redirects : 0);
}

bool netcfg_forwarding(const struct netcfg *cfg, const struct netcfg_link *l)
{
	if (!l)
		return cfg->ip_forward > 0;
	return l->conf.forwarding > 0;
}

static bool rule_is_default(const struct netcfg_rule *r)
{
	if (r->action != FR_ACT_TO_TBL || r->src_len || r->dst_len || r->tos || r->flags ||
	    r->fwmark || r->fwmask || r->iif[0] || r->oif[0] || r->unmodeled ||
	    r->suppress_prefixlen != -1 || r->suppress_ifgroup != -1)
		return false;
	return (r->priority == 0 && r->table == RT_TABLE_LOCAL) ||
	       (r->priority == 32766 && r->table == RT_TABLE_MAIN) ||
	       (r->priority == 32767 && r->table == RT_TABLE_DEFAULT);
}

bool netcfg_has_custom_rules(const struct netcfg *cfg)
{
	if (cfg->n_rules != 3)
		return true;
	for (size_t i = 0; i < cfg->n_rules; i++)
		if (!rule_is_default(&cfg->rules[i]))
			return true;
	return false;
}

bool netcfg_has_custom_local_routes(const struct netcfg *cfg)
{
	/* The kernel sets a sticky flag when anyone but itself adds a local
	 * route; its own carry proto kernel. */
	for (size_t i = 0; i < cfg->n_routes; i++)
		if (cfg->routes[i].type == RTN_LOCAL && cfg->routes[i].proto != RTPROT_KERNEL)
			return true;
	return false;
}

bool netcfg_table_exists(const struct netcfg *cfg, uint32_t table)
{
	for (size_t i = 0; i < cfg->n_routes; i++)
		if (cfg->routes[i].table == table)
			return true;
	return false;
}

/* name tables */
struct name {
	unsigned v;
	const char *s;
};

static const struct name rtypes[] = {
    {RTN_UNSPEC, "unspec"},
    {RTN_UNICAST, "unicast"},
    {RTN_LOCAL, "local"},
    {RTN_BROADCAST, "broadcast"},
    {RTN_ANYCAST, "anycast"},
    {RTN_MULTICAST, "multicast"},
    {RTN_BLACKHOLE, "blackhole"},
    {RTN_UNREACHABLE, "unreachable"},
    {RTN_PROHIBIT, "prohibit"},
    {RTN_THROW, "throw"},
    {RTN_NAT, "nat"},
    {RTN_XRESOLVE, "xresolve"},
};
static const struct name scopes[] = {
    {RT_SCOPE_UNIVERSE, "global"}, {RT_SCOPE_SITE, "site"},	  {RT_SCOPE_LINK, "link"},
    {RT_SCOPE_HOST, "host"},	   {RT_SCOPE_NOWHERE, "nowhere"},
};
static const struct name protos[] = {
    {RTPROT_UNSPEC, "unspec"}, {RTPROT_REDIRECT, "redirect"}, {RTPROT_KERNEL, "kernel"},
    {RTPROT_BOOT, "boot"},     {RTPROT_STATIC, "static"},     {RTPROT_RA, "ra"},
    {RTPROT_DHCP, "dhcp"},     {RTPROT_ZEBRA, "zebra"},	      {RTPROT_BIRD, "bird"},
    {RTPROT_BABEL, "babel"},   {RTPROT_BGP, "bgp"},	      {RTPROT_ISIS, "isis"},
    {RTPROT_OSPF, "ospf"},     {RTPROT_RIP, "rip"},	      {RTPROT_EIGRP, "eigrp"},
};
static const struct name tables[] = {
    {RT_TABLE_UNSPEC, "unspec"}, {RT_TABLE_COMPAT, "compat"}, {RT_TABLE_DEFAULT, "default"},
    {RT_TABLE_MAIN, "main"},	 {RT_TABLE_LOCAL, "local"},
};
static const struct name actions[] = {
    {FR_ACT_UNSPEC, "unspec"},	     {FR_ACT_TO_TBL, "lookup"},
    {FR_ACT_GOTO, "goto"},	     {FR_ACT_NOP, "nop"},
    {FR_ACT_BLACKHOLE, "blackhole"}, {FR_ACT_UNREACHABLE, "unreachable"},
    {FR_ACT_PROHIBIT, "prohibit"},
};
static const struct name xdps[] = {
    {NETCFG_XDP_NONE, "none"},	{NETCFG_XDP_DRV, "driver"},  {NETCFG_XDP_SKB, "generic"},
    {NETCFG_XDP_HW, "offload"}, {NETCFG_XDP_MULTI, "multi"},
};
/* neighbour states, as `ip neigh` prints them */
static const struct name nuds[] = {
    {NUD_NONE, "NONE"},	    {NUD_INCOMPLETE, "INCOMPLETE"}, {NUD_REACHABLE, "REACHABLE"},
    {NUD_STALE, "STALE"},   {NUD_DELAY, "DELAY"},	    {NUD_PROBE, "PROBE"},
    {NUD_FAILED, "FAILED"}, {NUD_NOARP, "NOARP"},	    {NUD_PERMANENT, "PERMANENT"},
};

static const char *name_of(const struct name *t, size_t n, unsigned v, char *buf, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].s;
	snprintf(buf, len, "%u", v);
	return buf;
}

static int parse_name(const struct name *t, size_t n, const char *s, unsigned *v)
{
	char *end;
	unsigned long x;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].s, s)) {
			*v = t[i].v;
			return 0;
		}
	errno = 0;
	x = strtoul(s, &end, 10);
	if (!*s || *end || errno || x > UINT32_MAX)
		return -EINVAL;
	*v = (unsigned)x;
	return 0;
}

#define NAMES(fn, tbl)                                                                             \
	const char *netcfg_##fn##_name(unsigned v, char *buf, size_t len)                          \
	{                                                                                          \
		return name_of(tbl, sizeof(tbl) / sizeof(tbl[0]), v, buf, len);                    \
	}                                                                                          \
	int netcfg_##fn##_parse(const char *s, unsigned *v)                                        \
	{                                                                                          \
		return parse_name(tbl, sizeof(tbl) / sizeof(tbl[0]), s, v);                        \
	}
NAMES(rtype, rtypes)
NAMES(scope, scopes)
NAMES(proto, protos)
NAMES(table, tables)
NAMES(action, actions)
NAMES(xdp, xdps)
NAMES(nud, nuds)
