// SPDX-License-Identifier: GPL-2.0
/* mkfixtures: the seed snapshot fixtures (tests/fixtures/NAME.json), built as
 * models from the seeds' literal `ip route` / `ip addr` / sysctl outputs —
 * plus what the kernel adds on its own (lo, the local table's local and
 * broadcast routes, the three default rules) — and written by dropdoc's
 * own snapshot writer.
 *   mkfixtures DIR          write them into DIR (host "seed", no date: the
 *                           same bytes each time)
 *   mkfixtures --check DIR  the files in DIR hold the same models (exit 1
 *                           and a line per difference otherwise)
 * tests/unit/test_fixtures.c runs the check on tests/fixtures in make check. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>

#include "model/netcfg.h"
#include "model/snapshot.h"

#define ETHER_FLAGS (IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | 0x10000)

static uint32_t ip(const char *s)
{
	struct in_addr a = {0};

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

/* conf(**kw) of the Python original: all 0, send_redirects 1 */
static struct netcfg_conf conf(int rp_filter)
{
	return (struct netcfg_conf){.rp_filter = rp_filter, .send_redirects = 1};
}

static struct netcfg_link *link_add(struct netcfg *c, int ifindex, const char *name, int rp)
{
	struct netcfg_link *l = netcfg_add_link(c);

	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->type = ARPHRD_ETHER;
	l->operstate = 6; /* IF_OPER_UP */
	l->mtu = 1500;
	l->flags = ETHER_FLAGS;
	l->addr_len = 6;
	memcpy(l->addr, (uint8_t[]){0x52, 0x54, 0, 0, 0, (uint8_t)ifindex}, 6);
	l->link_netnsid = -1;
	l->peer_xdp = -1;
	l->conf = conf(rp);
	return l;
}

/* One line of `ip route` output (table main unless it says). */
static void route_line(struct netcfg *c, const char *line)
{
	struct netcfg_route *r = netcfg_add_route(c);
	char buf[256], *save, *w;
	unsigned v;

	snprintf(buf, sizeof(buf), "%s", line);
	r->table = 254;
	r->type = RTN_UNICAST;
	r->proto = 3; /* boot */
	w = strtok_r(buf, " ", &save);
	if (!netcfg_rtype_parse(w, &v)) {
		r->type = (uint8_t)v;
		w = strtok_r(NULL, " ", &save);
	}
	if (!strcmp(w, "default")) {
		r->dst_len = 0;
	} else {
		char *slash = strchr(w, '/');

		r->dst_len = slash ? (uint8_t)atoi(slash + 1) : 32;
		if (slash)
			*slash = 0;
		r->dst = ip(w);
	}
	while ((w = strtok_r(NULL, " ", &save))) {
		const char *val = strtok_r(NULL, " ", &save);

		if (!val)
			break;
		if (!strcmp(w, "via") || !strcmp(w, "dev")) {
			if (!r->nh_count)
				r->nh[r->nh_count++].weight = 1;
			if (*w == 'v')
				r->nh[0].gw = ip(val);
			else
				r->nh[0].ifindex = netcfg_link_by_name(c, val)->ifindex;
		} else if (!strcmp(w, "proto") && !netcfg_proto_parse(val, &v)) {
			r->proto = (uint8_t)v;
		} else if (!strcmp(w, "scope") && !netcfg_scope_parse(val, &v)) {
			r->scope = (uint8_t)v;
		} else if (!strcmp(w, "table") && !netcfg_table_parse(val, &v)) {
			r->table = v;
		} else if (!strcmp(w, "src")) {
			r->prefsrc = ip(val);
		} else if (!strcmp(w, "metric")) {
			r->metric = (uint32_t)atoi(val);
		}
	}
}

/* An address "a.b.c.d/len" on dev, and its local-table routes. */
static void addr(struct netcfg *c, const char *dev, const char *cidr)
{
	struct netcfg_addr *a = netcfg_add_addr(c);
	bool lo = !strcmp(dev, "lo");
	char s[64], line[200], bcast[INET_ADDRSTRLEN];
	char *slash;
	uint32_t mask;

	snprintf(s, sizeof(s), "%s", cidr);
	slash = strchr(s, '/');
	*slash = 0;
	a->ifindex = netcfg_link_by_name(c, dev)->ifindex;
	a->prefixlen = (uint8_t)atoi(slash + 1);
	a->local = a->address = ip(s);
	a->scope = lo ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	a->flags = 0x80; /* IFA_F_PERMANENT */
	snprintf(a->label, sizeof(a->label), "%s", dev);
	mask = a->prefixlen ? htonl(~0u << (32 - a->prefixlen)) : 0;
	if (a->prefixlen < 31)
		a->broadcast = a->local | ~mask;
	inet_ntop(AF_INET, &(uint32_t){a->broadcast}, bcast, sizeof(bcast));
	if (lo)
		route_line(c, "local 127.0.0.0/8 dev lo table local proto kernel scope host src "
			      "127.0.0.1");
	snprintf(line, sizeof(line), "local %s dev %s table local proto kernel scope host src %s",
		 s, dev, s);
	route_line(c, line);
	if (a->prefixlen < 31) {
		snprintf(line, sizeof(line),
			 "broadcast %s dev %s table local proto kernel scope link src %s", bcast,
			 dev, s);
		route_line(c, line);
	}
}

static void rule(struct netcfg *c, uint32_t prio, uint32_t table, const char *iif)
{
	struct netcfg_rule *r = netcfg_add_rule(c);

	r->priority = prio;
	r->action = 1; /* FR_ACT_TO_TBL */
	r->table = table;
	r->suppress_prefixlen = r->suppress_ifgroup = -1;
	snprintf(r->iif, sizeof(r->iif), "%s", iif ? iif : "");
}

/* A namespace: lo, then the caller adds its links; conf/all = rp. */
static struct netcfg *ns_new(const char *name, int rp, int ip_forward)
{
	struct netcfg *c = netcfg_new();
	struct netcfg_link *lo = link_add(c, 1, "lo", 0);

	snprintf(c->netns_name, sizeof(c->netns_name), "%s", name);
	c->ip_forward = ip_forward;
	c->all = c->deflt = conf(rp);
	lo->type = ARPHRD_LOOPBACK;
	lo->operstate = 0;
	lo->mtu = 65536;
	lo->flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | 0x10000;
	memset(lo->addr, 0, 6);
	return c;
}

/* Addresses ("dev cidr" pairs), main routes, then the default rules
 * (router: with an iif rule). */
static void ns_fill(struct netcfg *c, const char *const *addrs, const char *const *routes,
		    const char *iif_rule)
{
	for (int i = 0; routes[i]; i++) /* main first, then the local table's */
		route_line(c, routes[i]);
	addr(c, "lo", "127.0.0.1/8");
	for (int i = 0; addrs[i]; i += 2)
		addr(c, addrs[i], addrs[i + 1]);
	rule(c, 0, 255, NULL);
	if (iif_rule)
		rule(c, 100, 254, iif_rule);
	rule(c, 32766, 254, NULL);
	rule(c, 32767, 253, NULL);
}

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

/* seed 000: CentOS 8, four NICs, conf/all/rp_filter=1, the others 0. */
static struct netcfg *seed000(void)
{
	struct netcfg *c = ns_new("seed000", 1, 0);

	link_add(c, 2, "enp0s3", 1);
	link_add(c, 3, "enp0s8", 1);
	link_add(c, 4, "enp0s9", 1);
	link_add(c, 5, "enp0s10", 1);
	ns_fill(
	    c,
	    L("enp0s3", "10.0.2.15/24", "enp0s8", "172.31.22.3/24", "enp0s9", "192.168.56.107/24",
	      "enp0s10", "172.31.20.200/24"),
	    L("default via 172.31.22.1 dev enp0s8 proto dhcp metric 100",
	      "default via 192.168.56.1 dev enp0s9 proto static metric 101",
	      "default via 10.0.2.2 dev enp0s3 proto dhcp metric 102",
	      "10.0.2.0/24 dev enp0s3 proto kernel scope link src 10.0.2.15 metric 102",
	      "172.31.20.0/24 dev enp0s10 proto kernel scope link src 172.31.20.200 metric 103",
	      "172.31.22.0/24 dev enp0s8 proto kernel scope link src 172.31.22.3 metric 100",
	      "192.168.56.0/24 dev enp0s9 proto kernel scope link src 192.168.56.107 metric 101"),
	    NULL);
	return c;
}

/* seed 001: RHEL 8 VM, two NICs, two DHCP default routes. (rp_filter is
 * not shown; the replies were sent, so it was not strict: 0 here.) */
static struct netcfg *seed001(void)
{
	struct netcfg *c = ns_new("seed001", 0, 0);

	link_add(c, 2, "eth0", 0);
	link_add(c, 3, "eth1", 0);
	ns_fill(c, L("eth0", "192.168.122.106/24", "eth1", "10.66.60.236/23"),
		L("default via 192.168.122.1 dev eth0 proto dhcp src 192.168.122.106 metric 100",
		  "default via 10.66.61.254 dev eth1 proto dhcp src 10.66.60.236 metric 101",
		  "10.66.60.0/23 dev eth1 proto kernel scope link src 10.66.60.236 metric 101",
		  "192.168.122.0/24 dev eth0 proto kernel scope link src 192.168.122.106 metric "
		  "100"),
		NULL);
	return c;
}

/* seed 004: machine A with IPIP tunnel tun_a (172.16.16.22 -> 172.16.1.62),
 * 192.168.1.1/24 on the tunnel, CentOS's conf/all/rp_filter=1. */
static struct netcfg *seed004(void)
{
	struct netcfg *c = ns_new("seed004", 1, 0);
	struct netcfg_link *t;

	link_add(c, 2, "eth0", 1);
	t = link_add(c, 3, "tun_a", 1);
	snprintf(t->kind, sizeof(t->kind), "ipip");
	t->type = ARPHRD_TUNNEL;
	t->flags = IFF_UP | IFF_POINTOPOINT | IFF_RUNNING | IFF_NOARP | 0x10000;
	t->mtu = 1480;
	t->addr_len = 4;
	memcpy(t->addr, (uint8_t[]){0xac, 0x10, 0x10, 0x16}, 4);
	t->tun_local = ip("172.16.16.22");
	t->tun_remote = ip("172.16.1.62");
	ns_fill(c, L("eth0", "172.16.16.22/20", "tun_a", "192.168.1.1/24"),
		L("default via 172.16.16.1 dev eth0",
		  "172.16.16.0/20 dev eth0 proto kernel scope link src 172.16.16.22",
		  "192.168.1.0/24 dev tun_a proto kernel scope link src 192.168.1.1"),
		NULL);
	return c;
}

/* seed 003 (a): XDP program on veth t22 whose peer (in netns t33) has none. */
static struct netcfg *seed003a(void)
{
	struct netcfg *c = ns_new("seed003a", 0, 0);
	struct netcfg_link *v;

	link_add(c, 2, "eth0", 0);
	v = link_add(c, 3, "t22", 0);
	snprintf(v->kind, sizeof(v->kind), "veth");
	v->link = 2;
	v->link_netnsid = 0;
	v->peer_netns = 4026532999u;
	snprintf(v->peer_name, sizeof(v->peer_name), "veth0");
	snprintf(v->peer_netns_name, sizeof(v->peer_netns_name), "t33");
	v->peer_xdp = 0;
	v->xdp_mode = NETCFG_XDP_DRV;
	v->xdp_prog_id = 42;
	ns_fill(c, L("eth0", "10.0.0.2/24", "t22", "10.22.0.1/24"),
		L("default via 10.0.0.1 dev eth0",
		  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2",
		  "10.22.0.0/24 dev t22 proto kernel scope link src 10.22.0.1"),
		NULL);
	return c;
}

/* seed 002 context: eth0 held promiscuous (tcpdump), a second address. */
static struct netcfg *seed002(void)
{
	struct netcfg *c = ns_new("seed002", 0, 0);

	link_add(c, 2, "eth0", 0)->promiscuity = 1;
	ns_fill(c, L("eth0", "10.0.0.2/24", "eth0", "10.0.0.3/24"),
		L("default via 10.0.0.1 dev eth0",
		  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2"),
		NULL);
	return c;
}

/* a router with forwarding off: static routes to networks behind two
 * interfaces and an iif rule. */
static struct netcfg *router_noforward(void)
{
	struct netcfg *c = ns_new("router", 0, 0);

	link_add(c, 2, "lan", 0);
	link_add(c, 3, "wan", 0);
	ns_fill(c, L("lan", "192.168.10.1/24", "wan", "203.0.113.2/30"),
		L("default via 203.0.113.1 dev wan", "10.20.0.0/16 via 192.168.10.254 dev lan",
		  "192.168.10.0/24 dev lan proto kernel scope link src 192.168.10.1",
		  "203.0.113.0/30 dev wan proto kernel scope link src 203.0.113.2"),
		"lan");
	return c;
}

/* a clean dual-homed host: loose rp_filter, one default route. */
static struct netcfg *clean(void)
{
	struct netcfg *c = ns_new("clean", 2, 0);

	link_add(c, 2, "eth0", 2);
	link_add(c, 3, "eth1", 2);
	ns_fill(c, L("eth0", "10.0.0.2/24", "eth1", "10.1.0.2/24"),
		L("default via 10.0.0.1 dev eth0",
		  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2",
		  "10.1.0.0/24 dev eth1 proto kernel scope link src 10.1.0.2"),
		NULL);
	return c;
}

static const struct {
	const char *file;
	struct netcfg *(*build)(void);
} fixtures[] = {
    {"seed000.json", seed000}, {"seed001.json", seed001},
    {"seed002.json", seed002}, {"seed003a.json", seed003a},
    {"seed004.json", seed004}, {"router_noforward.json", router_noforward},
    {"clean.json", clean},
};

/* The file holds one namespace equal to the built one? */
static int check_one(const char *path, struct netcfg *built)
{
	struct snapshot s = {0}, b = {0};
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc = 1;

	/* the built model as the reader sees it: written, then read back */
	if (!mem || snapshot_write(mem, &built, 1) || fclose(mem)) {
		fprintf(stderr, "mkfixtures: %s: cannot serialise\n", path);
		free(text);
		return 1;
	}
	if (snapshot_parse(text, len, &b, err, sizeof(err)) ||
	    snapshot_read(path, &s, err, sizeof(err))) {
		fprintf(stderr, "mkfixtures: %s: %s\n", path, err);
	} else if (s.n != 1 || !netcfg_equal(s.ns[0], b.ns[0])) {
		fprintf(stderr, "mkfixtures: %s differs from what mkfixtures builds\n", path);
	} else {
		rc = 0;
	}
	snapshot_free(&s);
	snapshot_free(&b);
	free(text);
	return rc;
}

#ifndef MKFIXTURES_NO_MAIN
int main(int argc, char **argv)
{
	bool check = argc == 3 && !strcmp(argv[1], "--check");
	const char *dir = argv[argc - 1];
	int bad = 0;

	if (argc != 2 && !check) {
		fprintf(stderr, "usage: mkfixtures [--check] DIR\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		struct netcfg *c = fixtures[i].build();
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, fixtures[i].file);
		if (check) {
			bad |= check_one(path, c);
		} else if (!(f = fopen(path, "we")) || snapshot_write_as(f, &c, 1, "seed", "") ||
			   fclose(f)) {
			fprintf(stderr, "mkfixtures: cannot write %s: %s\n", path, strerror(errno));
			bad = 1;
		}
		netcfg_unref(c);
	}
	return bad;
}
#endif
