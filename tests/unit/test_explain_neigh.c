// SPDX-License-Identifier: GPL-2.0
/* explain_neigh: the neighbour-failure row on a model built here — a host
 * with eth0 192.0.2.1/24 and a default route via 192.0.2.254 — for an
 * on-link destination nobody answers for, an unanswering gateway, a full
 * queue, a full table, a device without carrier, a forwarded packet, and
 * IPv6 (not modelled). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include "unit_netcfg.h"
#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "decode/decode.h"
#include "explain/explain.h"

#define IFF_LOWER_UP_ 0x10000

static void neigh_add(struct netcfg *c, int ifindex, const char *ip, uint16_t state)
{
	struct netcfg_neigh *n = netcfg_add_neigh(c);

	n->ifindex = ifindex;
	n->dst = a4(ip);
	n->state = state;
	if (state & NUD_REACHABLE) {
		static const uint8_t mac[6] = {0x02, 0xdd, 0, 0, 0, 0x07};

		n->lladdr_len = 6;
		memcpy(n->lladdr, mac, 6);
	}
}

/* lo 1, eth0 2 (192.0.2.1/24), eth1 3 (198.51.100.1/24); default via
 * 192.0.2.254; 192.0.2.99 FAILED, 192.0.2.254 INCOMPLETE. */
static struct netcfg *host(uint32_t eth0_flags)
{
	struct netcfg *c = netcfg_new();
	struct netcfg_addr *a;

	assert_non_null(c);
	c->ip_forward = 1;
	netcfg_conf_unknown(&c->all);
	netcfg_conf_unknown(&c->deflt);
	link_add(c, 1, "lo", IFF_UP | IFF_LOOPBACK | IFF_LOWER_UP_);
	link_add(c, 2, "eth0", eth0_flags);
	link_add(c, 3, "eth1", IFF_UP | IFF_LOWER_UP_);
	a = netcfg_add_addr(c);
	a->ifindex = 2;
	a->prefixlen = 24;
	a->local = a->address = a4("192.0.2.1");
	a = netcfg_add_addr(c);
	a->ifindex = 3;
	a->prefixlen = 24;
	a->local = a->address = a4("198.51.100.1");
	route_add(c, RT_TABLE_LOCAL, RTN_LOCAL, "192.0.2.1", 32, NULL, 2, RT_SCOPE_HOST);
	route_add(c, RT_TABLE_LOCAL, RTN_LOCAL, "198.51.100.1", 32, NULL, 3, RT_SCOPE_HOST);
	route_add(c, RT_TABLE_MAIN, RTN_UNICAST, "192.0.2.0", 24, NULL, 2, RT_SCOPE_LINK);
	route_add(c, RT_TABLE_MAIN, RTN_UNICAST, "198.51.100.0", 24, NULL, 3, RT_SCOPE_LINK);
	route_add(c, RT_TABLE_MAIN, RTN_UNICAST, "0.0.0.0", 0, "192.0.2.254", 2, RT_SCOPE_UNIVERSE);
	default_rules(c);
	neigh_add(c, 2, "192.0.2.99", NUD_FAILED);
	neigh_add(c, 2, "192.0.2.254", NUD_INCOMPLETE);
	neigh_add(c, 2, "192.0.2.7", NUD_REACHABLE);
	netcfg_sort(c);
	return c;
}

struct drop {
	struct pkt p;
	struct drop_record d;
	struct finding f;
};

static void drop(struct drop *x, const char *reason, const char *src, const char *dst)
{
	memset(x, 0, sizeof(*x));
	x->p.family = strchr(dst, ':') ? AF_INET6 : AF_INET;
	x->p.proto = IPPROTO_UDP;
	inet_pton(x->p.family, src, &x->p.src);
	inet_pton(x->p.family, dst, &x->p.dst);
	x->p.sport = 40002;
	x->p.dport = 9;
	x->d.reason = reason;
	x->d.location = "neigh_invalidate";
	x->d.dev = "eth0";
	x->d.ifindex = 2;
	x->d.netns = 4026532001u;
	x->d.netns_name = "host";
	x->d.pkt = &x->p;
}

static void run(struct drop *x, const struct netcfg *cfg)
{
	struct explain_in in = {.d = &x->d, .cfg = cfg, .pre = "ip netns exec host "};

	explain_drop(&in, &x->f);
}

/* The lab's case: an on-link address nobody owns. */
static void on_link_failed(void **state)
{
	struct netcfg *c = host(IFF_UP | IFF_LOWER_UP_);
	struct drop x;

	(void)state;
	drop(&x, "NEIGH_FAILED", "192.0.2.1", "192.0.2.99");
	run(&x, c);
	assert_string_equal(x.f.id, "neigh_failed");
	assert_int_equal(x.f.severity, FINDING_WARNING);
	assert_string_equal(x.f.dev, "eth0");
	assert_non_null(
	    strstr(x.f.summary, "the on-link host 192.0.2.99 did not answer ARP on eth0"));
	assert_evidence(&x, "route to 192.0.2.99: 192.0.2.0/24 dev eth0 proto kernel scope link");
	assert_evidence(&x, "next hop: 192.0.2.99 itself (on-link, no gateway)");
	assert_evidence(&x, "192.0.2.99 is inside eth0's subnet 192.0.2.1/24");
	assert_evidence(&x, "neighbour 192.0.2.99 dev eth0: FAILED — nobody answered the ARP "
			    "requests");
	assert_no_evidence(&x, "carrier");
	assert_fix(&x, "ip netns exec host ping -c1 -I eth0 192.0.2.99");
	assert_fix(&x, "ip netns exec host ip neigh replace 192.0.2.99 lladdr <its MAC> dev eth0 "
		       "nud permanent");
	assert_fix(&x, "ip netns exec host ip neigh del 192.0.2.99 dev eth0");
	assert_no_fix(&x, "ip route replace");
	netcfg_unref(c);
}

/* Off-link: the gateway is the one that did not answer. */
static void gateway_incomplete(void **state)
{
	struct netcfg *c = host(IFF_UP | IFF_LOWER_UP_);
	struct drop x;

	(void)state;
	drop(&x, "NEIGH_FAILED", "192.0.2.1", "203.0.113.5");
	run(&x, c);
	assert_string_equal(x.f.id, "neigh_failed");
	assert_non_null(strstr(x.f.summary, "the gateway 192.0.2.254 did not answer ARP on eth0"));
	assert_evidence(&x, "route to 203.0.113.5: default via 192.0.2.254 dev eth0");
	assert_evidence(&x, "next hop: the gateway 192.0.2.254 on eth0");
	assert_evidence(&x, "neighbour 192.0.2.254 dev eth0: INCOMPLETE");
	assert_fix(&x, "check that gateway 192.0.2.254 is up");
	assert_fix(&x, "ip netns exec host ip route replace default via <gateway> dev eth0");
	netcfg_unref(c);
}

/* A forwarded packet (not our source) takes the same route; an entry that
 * answers now says so; no entry at all says so. */
static void forwarded_and_states(void **state)
{
	struct netcfg *c = host(IFF_UP | IFF_LOWER_UP_);
	struct drop x;

	(void)state;
	drop(&x, "NEIGH_FAILED", "198.51.100.20", "192.0.2.7");
	run(&x, c);
	assert_evidence(&x, "next hop: 192.0.2.7 itself");
	assert_evidence(&x, "neighbour 192.0.2.7 dev eth0: REACHABLE lladdr 02:dd:00:00:00:07 — it "
			    "answers now");
	drop(&x, "NEIGH_FAILED", "198.51.100.20", "192.0.2.8");
	run(&x, c);
	assert_evidence(&x, "neighbour 192.0.2.8 dev eth0: no entry now");
	netcfg_unref(c);
}

static void queue_full_and_dead(void **state)
{
	struct netcfg *c = host(IFF_UP | IFF_LOWER_UP_);
	struct drop x;

	(void)state;
	drop(&x, "NEIGH_QUEUEFULL", "192.0.2.1", "192.0.2.99");
	run(&x, c);
	assert_string_equal(x.f.id, "neigh_queue_full");
	assert_evidence(&x, "net.ipv4.neigh.eth0.unres_qlen_bytes");
	assert_fix(&x, "ip netns exec host sysctl net.ipv4.neigh.eth0.unres_qlen_bytes");
	drop(&x, "NEIGH_DEAD", "192.0.2.1", "192.0.2.99");
	run(&x, c);
	assert_string_equal(x.f.id, "neigh_dead");
	assert_non_null(strstr(x.f.summary, "192.0.2.99 on eth0 was removed"));
	netcfg_unref(c);
}

static void table_full(void **state)
{
	struct netcfg *c = host(IFF_UP | IFF_LOWER_UP_);
	struct drop x;

	(void)state;
	drop(&x, "NEIGH_CREATEFAIL", "192.0.2.1", "192.0.2.99");
	run(&x, c);
	assert_string_equal(x.f.id, "neigh_table_full");
	assert_non_null(strstr(x.f.summary, "the neighbour table is full (3 entries)"));
	assert_fix(&x, "ip netns exec host sysctl -w net.ipv4.neigh.default.gc_thresh3=1024");
	assert_int_equal(x.f.n_fix, 1);
	netcfg_unref(c);
}

static void no_carrier(void **state)
{
	struct netcfg *c = host(IFF_UP);
	struct drop x;

	(void)state;
	drop(&x, "NEIGH_FAILED", "192.0.2.1", "192.0.2.99");
	run(&x, c);
	assert_evidence(&x, "eth0 has no carrier");
	netcfg_unref(c);
	c = host(IFF_NOARP);
	run(&x, c);
	assert_evidence(&x, "eth0 is administratively down");
	assert_evidence(&x, "eth0 has NOARP set");
	netcfg_unref(c);
}

/* IPv6 and missing models: still a finding, with how to look. */
static void unmodelled(void **state)
{
	struct netcfg *c = host(IFF_UP | IFF_LOWER_UP_);
	struct drop x;

	(void)state;
	drop(&x, "NEIGH_FAILED", "2001:db8::1", "2001:db8::99");
	run(&x, c);
	assert_string_equal(x.f.id, "neigh_failed");
	assert_non_null(strstr(x.f.summary, "(neighbour discovery)"));
	assert_evidence(&x, "dropdoc models IPv4 routes only");
	assert_fix(&x, "ip netns exec host ip -6 route get 2001:db8::99");
	assert_fix(&x, "ip netns exec host ip -6 neigh show dev eth0");
	drop(&x, "NEIGH_FAILED", "192.0.2.1", "192.0.2.99");
	run(&x, NULL);
	assert_string_equal(x.f.id, "neigh_failed");
	assert_fix(&x, "ip netns exec host ip neigh show dev eth0");
	x.d.pkt = NULL;
	run(&x, c);
	assert_string_equal(x.f.id, "neigh-failed");
	netcfg_unref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(on_link_failed),	    cmocka_unit_test(gateway_incomplete),
	    cmocka_unit_test(forwarded_and_states), cmocka_unit_test(queue_full_and_dead),
	    cmocka_unit_test(table_full),	    cmocka_unit_test(no_carrier),
	    cmocka_unit_test(unmodelled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
