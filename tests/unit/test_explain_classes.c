// SPDX-License-Identifier: GPL-2.0
/* explain classes: the rows added with the reason catalogue, each on a
 * model built here (a router: in0 10.1.0.1/24, out0 10.2.0.1/24 MTU 1280,
 * vx200 VXLAN id 200, vx0 VXLAN id 7 to 203.0.113.9, br0 with port eth0)
 * and a fake environment standing in for the live host's sysctls, tc
 * filters, qdiscs, bridge ports, IPsec policies, IPv6 routes and sockets. */
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

#include <linux/xfrm.h>

#include "decode/decode.h"
#include "explain/explain.h"

#define UP (IFF_UP | 0x10000)

struct fx {
	struct netcfg *cfg;
	struct pkt p;
	struct drop_record d;
	struct finding f;
	uint8_t bytes[128];
};

static struct netcfg *router(void)
{
	struct netcfg *c = netcfg_new();
	struct netcfg_link *l;

	assert_non_null(c);
	c->ip_forward = 1;
	netcfg_conf_unknown(&c->all);
	netcfg_conf_unknown(&c->deflt);
	link_add(c, 1, "lo", UP);
	link_add(c, 2, "in0", UP);
	link_add(c, 3, "out0", UP);
	link_add(c, 4, "vx200", UP);
	link_add(c, 5, "vx0", UP);
	link_add(c, 6, "br0", UP);
	link_add(c, 7, "eth0", UP);
	for (size_t i = 0; i < c->n_links; i++) {
		l = &c->links[i];
		l->mtu = l->ifindex == 3 ? 1280 : 1500;
		if (l->ifindex == 4 || l->ifindex == 5)
			snprintf(l->kind, sizeof(l->kind), "vxlan");
		if (l->ifindex == 4)
			l->vni = 200;
		if (l->ifindex == 5) {
			l->vni = 7;
			l->tun_remote = a4("203.0.113.9");
		}
		if (l->ifindex == 7)
			l->master = 6;
	}
	c->all.forwarding = 1;
	c->all.rp_filter = 0;
	for (size_t i = 0; i < c->n_links; i++)
		c->links[i].conf.forwarding = 1;
	for (int i = 0; i < 2; i++) {
		struct netcfg_addr *a = netcfg_add_addr(c);

		a->ifindex = 2 + i;
		a->prefixlen = 24;
		a->local = a->address = a4(i ? "10.2.0.1" : "10.1.0.1");
	}
	route_add(c, RT_TABLE_LOCAL, RTN_LOCAL, "10.1.0.1", 32, NULL, 2, RT_SCOPE_HOST);
	route_add(c, RT_TABLE_LOCAL, RTN_LOCAL, "10.2.0.1", 32, NULL, 3, RT_SCOPE_HOST);
	route_add(c, RT_TABLE_MAIN, RTN_UNICAST, "10.1.0.0", 24, NULL, 2, RT_SCOPE_LINK);
	route_add(c, RT_TABLE_MAIN, RTN_UNICAST, "10.2.0.0", 24, NULL, 3, RT_SCOPE_LINK);
	default_rules(c);
	netcfg_sort(c);
	return c;
}

/* A drop of src > dst (IPv4 or IPv6) arriving on ifindex/dev. */
static void drop(struct fx *x, const char *reason, const char *location, const char *dev,
		 int ifindex, const char *src, const char *dst, int proto)
{
	memset(x, 0, sizeof(*x));
	x->cfg = router();
	x->p.has_eth = true;
	x->p.family = strchr(src, ':') ? AF_INET6 : AF_INET;
	inet_pton(x->p.family, src, &x->p.src);
	inet_pton(x->p.family, dst, &x->p.dst);
	x->p.proto = (uint8_t)proto;
	x->p.sport = proto == IPPROTO_UDP ? 40000 : -1;
	x->p.dport = proto == IPPROTO_UDP ? 9 : -1;
	x->p.vlan = x->p.icmp_type = x->p.icmp_code = -1;
	x->p.ttl = 1;
	x->p.ihl = 20;
	x->d.reason = reason;
	x->d.location = location;
	x->d.dev = dev;
	x->d.ifindex = (uint32_t)ifindex;
	x->d.netns_name = "r";
	x->d.pkt = &x->p;
	x->d.icmp_type = x->d.icmp_code = -1;
}

/* The fake host. */
static int fake_sysctl(void *arg, uint32_t netns, const char *name, char *buf, size_t n)
{
	static const char *const kv[][2] = {
	    {"net.ipv6.conf.in0.disable_ipv6", "1"},
	    {"net.ipv6.conf.all.disable_ipv6", "0"},
	    {"net.ipv4.conf.in0.drop_unicast_in_l2_multicast", "1"},
	    {"net.ipv4.conf.all.drop_unicast_in_l2_multicast", "0"},
	    {"net.ipv6.conf.all.forwarding", "0"},
	    {"net.ipv6.conf.in0.forwarding", "0"},
	    {"net.ipv6.conf.in0.force_forwarding", "0"},
	    {"net.core.rmem_max", "212992"},
	    {"net.core.rmem_default", "212992"},
	    {"net.core.netdev_max_backlog", "1000"},
	    {"net.core.netdev_budget", "300"},
	};

	(void)arg;
	(void)netns;
	for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++)
		if (!strcmp(kv[i][0], name)) {
			snprintf(buf, n, "%s", kv[i][1]);
			return 0;
		}
	return -ENOENT;
}

static int fake_tc(void *arg, uint32_t netns, int ifindex, bool egress, struct tcinfo_filter *out,
		   int n)
{
	(void)arg;
	(void)netns;
	if (ifindex != 2 || egress || n < 1)
		return 0;
	memset(out, 0, sizeof(*out));
	snprintf(out->kind, sizeof(out->kind), "bpf");
	out->prio = 49152;
	out->prog_id = 77;
	snprintf(out->prog_name, sizeof(out->prog_name), "policy_in");
	snprintf(out->tag, sizeof(out->tag), "0123456789abcdef");
	out->direct_action = true;
	return 1;
}

static int fake_qdiscs(void *arg, uint32_t netns, int ifindex, struct qdiscinfo *out, int n)
{
	(void)arg;
	(void)netns;
	if (ifindex != 3 || n < 1)
		return 0;
	memset(out, 0, sizeof(*out));
	snprintf(out->kind, sizeof(out->kind), "pfifo");
	out->root = true;
	out->limit = 10;
	out->qlen = 10;
	out->backlog = 15000;
	out->drops = 42;
	return 1;
}

static int fake_brport(void *arg, uint32_t netns, int ifindex, int *state)
{
	(void)arg;
	(void)netns;
	if (ifindex != 7)
		return -ENOENT;
	*state = 4; /* blocking */
	return 0;
}

static int fake_xfrm(void *arg, uint32_t netns, struct xfrminfo_policy *out, int n)
{
	(void)arg;
	(void)netns;
	if (n < 2)
		return 0;
	memset(out, 0, 2 * sizeof(*out));
	/* an outbound one that does not count, and the inbound block */
	out[0].family = AF_INET;
	out[0].dir = XFRM_POLICY_OUT;
	out[0].block = true;
	out[1].family = AF_INET;
	inet_pton(AF_INET, "10.1.0.0", out[1].src);
	out[1].src_len = 24;
	out[1].proto = IPPROTO_UDP;
	out[1].dir = XFRM_POLICY_IN;
	out[1].block = true;
	return 2;
}

static int fake_routes6(void *arg, uint32_t netns, const struct route6_set **out)
{
	static struct route6 v[2];
	static struct route6_set s = {.v = v, .n = 2, .cap = 2};

	(void)arg;
	(void)netns;
	memset(v, 0, sizeof(v));
	v[0].type = RTN_BLACKHOLE;
	v[0].table = RT_TABLE_MAIN;
	v[0].dst_len = 48;
	v[0].metric = 1024;
	inet_pton(AF_INET6, "2001:db8:9::", &v[0].dst);
	v[1].type = RTN_UNICAST;
	v[1].table = RT_TABLE_MAIN;
	v[1].dst_len = 64;
	v[1].oif = 3;
	inet_pton(AF_INET6, "2001:db8:2::", &v[1].dst);
	*out = &s;
	return 0;
}

static int fake_sockets(void *arg, uint32_t netns, int family, int proto, int port,
			struct explain_sock *out, int n)
{
	(void)arg;
	(void)family;
	if (proto != IPPROTO_UDP || port != 9 || n < 1)
		return 0;
	memset(out, 0, sizeof(*out));
	snprintf(out->local, sizeof(out->local), "0.0.0.0:9");
	snprintf(out->proc, sizeof(out->proc), "4242/discard");
	out->netns = netns;
	out->family = AF_INET;
	out->proto = IPPROTO_UDP;
	out->port = 9;
	out->has_mem = true;
	out->rcvbuf = 425984;
	out->rmem = 425000;
	out->drops = 17;
	return 1;
}

static int fake_softnet(void *arg, struct softnet_cpu *out, int n)
{
	static const char text[] = "00001000 00000000 00000003 0 0 0 0 0 0 0 0 0 00000000 0 0\n"
				   "00002000 00000029 00000011 0 0 0 0 0 0 0 0 0 00000001 0 0\n";

	(void)arg;
	return softnet_parse(text, out, n);
}

static void run(struct fx *x)
{
	struct explain_env env = {.sysctl = fake_sysctl,
				  .tc_filters = fake_tc,
				  .qdiscs = fake_qdiscs,
				  .brport = fake_brport,
				  .xfrm = fake_xfrm,
				  .routes6 = fake_routes6,
				  .sockets = fake_sockets,
				  .softnet = fake_softnet};
	struct explain_in in = {.d = &x->d, .cfg = x->cfg, .env = &env, .pre = "ip netns exec r "};

	explain_drop(&in, &x->f);
	netcfg_unref(x->cfg);
}

static void ttl(void **state)
{
	struct fx x;

	(void)state;
	drop(&x, "IP_INHDR", "ip_forward", "in0", 2, "10.1.0.2", "10.2.0.2", IPPROTO_UDP);
	x.d.icmp_type = 11;
	x.d.icmp_code = 0;
	run(&x);
	assert_string_equal(x.f.id, "ttl-expired");
	assert_evidence(&x, "packet: TTL 1 on arrival");
	assert_evidence(&x, "the route on to 10.2.0.2: 10.2.0.0/24 dev out0");
	assert_evidence(&x, "ICMP type 11 code 0 sent to 10.1.0.2");
	assert_fix(&x, "ip netns exec r ip route get 10.2.0.2");
	/* IPv6: the hop limit, the covering route */
	drop(&x, "IP_INHDR", "ip6_forward", "in0", 2, "2001:db8:1::2", "2001:db8:2::2",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "ttl-expired");
	assert_evidence(&x, "packet: hop limit 1 on arrival");
	assert_evidence(&x, "the route on to 2001:db8:2::2: 2001:db8:2::/64 dev out0 table main");
	/* elsewhere IP_INHDR stays a header problem */
	drop(&x, "IP_INHDR", "ip_rcv_core", "in0", 2, "10.1.0.2", "10.2.0.2", IPPROTO_UDP);
	x.p.ip_csum_ok = 1;
	run(&x);
	assert_string_not_equal(x.f.id, "ttl-expired");
}

static void too_big(void **state)
{
	struct fx x;

	(void)state;
	drop(&x, "PKT_TOO_BIG", "ip_forward", "in0", 2, "10.1.0.2", "10.2.0.2", IPPROTO_UDP);
	x.p.ip_len = 1428;
	x.p.frag_off = 0x4000;
	run(&x);
	assert_string_equal(x.f.id, "mtu-too-small");
	assert_non_null(strstr(x.f.summary, "1428 bytes do not fit out0's MTU 1280"));
	assert_evidence(&x, "DF set");
	assert_fix(&x, "ip netns exec r ip link set dev out0 mtu 1428");
}

static void route6(void **state)
{
	struct fx x;

	(void)state;
	drop(&x, "NOT_SPECIFIED", "dst_discard_out", "in0", 2, "2001:db8:1::2", "2001:db8:9::5",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "blackhole");
	assert_evidence(&x, "route: blackhole 2001:db8:9::/48 table main metric 1024");
	assert_fix(&x, "ip netns exec r ip -6 route del blackhole 2001:db8:9::/48 table 254");
	/* multicast that no route takes: normal */
	drop(&x, "IP_INNOROUTES", "ip6_pkt_discard", "in0", 2, "::", "ff02::16", IPPROTO_ICMPV6);
	run(&x);
	assert_string_equal(x.f.id, "mcast-not-routed");
	assert_int_equal(x.f.severity, FINDING_INFO);
	/* nothing covers it */
	drop(&x, "IP_INNOROUTES", "ip6_pkt_discard", "in0", 2, "2001:db8:1::2", "2001:db8:77::1",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "no_route");
	assert_evidence(&x, "no route of any table covers 2001:db8:77::1");
}

static void noproto_and_vxlan(void **state)
{
	struct fx x;
	static const uint8_t vxlan_hdr[8] = {0x08, 0, 0, 0, 0, 0, 100, 0};

	(void)state;
	drop(&x, "IP_NOPROTO", "ip_local_deliver_finish", "in0", 2, "10.1.0.2", "10.1.0.1", 253);
	run(&x);
	assert_string_equal(x.f.id, "ip-protocol-unhandled");
	assert_non_null(strstr(x.f.summary, "IP protocol 253"));
	/* the VNI from the bytes after the outer UDP header: 14 + 20 + 8 */
	drop(&x, "VXLAN_VNI_NOT_FOUND", "vxlan_rcv", "in0", 2, "10.1.0.2", "10.1.0.1", IPPROTO_UDP);
	x.p.dport = 4789;
	memcpy(x.bytes + 42, vxlan_hdr, sizeof(vxlan_hdr));
	x.d.data = x.bytes;
	x.d.caplen = 60;
	run(&x);
	assert_string_equal(x.f.id, "vxlan-vni-unknown");
	assert_non_null(strstr(x.f.summary, "carries VNI 100"));
	assert_evidence(&x, "VXLAN devices: vx200 id 200, vx0 id 7");
	/* a VXLAN device whose remote is not routed */
	drop(&x, "IP_OUTNOROUTES", "vxlan_xmit_one", "vx0", 5, "10.20.0.1", "10.20.0.2",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "vxlan-remote-unroutable");
	assert_evidence(&x, "vx0: vxlan id 7 remote 203.0.113.9");
	assert_fix(&x, "ip netns exec r ip route add 203.0.113.9 via <gateway>");
}

static void sockets_tc_qdisc(void **state)
{
	struct fx x;

	(void)state;
	drop(&x, "SOCKET_RCVBUFF", "udp_queue_rcv_one_skb", "in0", 2, "10.1.0.2", "10.1.0.1",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "socket-rcvbuf-full");
	assert_evidence(&x, "socket 0.0.0.0:9 in");
	assert_evidence(&x, "owner 4242/discard");
	assert_evidence(&x, "receive buffer 425984 bytes, 425000 held now; the socket dropped 17");
	assert_evidence(&x, "that is net.core.rmem_default 212992 doubled");
	drop(&x, "SOCKET_FILTER", "udp_queue_rcv_one_skb", "in0", 2, "10.1.0.2", "10.1.0.1",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "socket-filter");
	assert_evidence(&x, "owner 4242/discard");
	assert_evidence(&x, "the socket has dropped 17 packets so far");
	drop(&x, "TC_INGRESS", "tcf_classify", "in0", 2, "10.1.0.2", "10.1.0.1", IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "tc-drop");
	assert_evidence(&x, "in0 ingress: bpf pref 49152 prog id 77 name policy_in tag "
			    "0123456789abcdef direct-action");
	assert_fix(&x, "ip netns exec r tc filter del dev in0 ingress pref 49152");
	drop(&x, "QDISC_DROP", "__dev_queue_xmit", "out0", 3, "10.1.0.2", "10.2.0.2", IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "qdisc-full");
	assert_evidence(&x, "out0 root qdisc pfifo: limit 10p; now 10 packets, 15000 bytes queued");
	assert_fix(&x, "ip netns exec r tc qdisc change dev out0 root pfifo limit 40");
}

static void device_settings(void **state)
{
	struct fx x;

	(void)state;
	drop(&x, "IPV6DISABLED", "ip6_rcv_core", "in0", 2, "2001:db8:1::2", "2001:db8:1::1",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "ipv6-disabled");
	assert_evidence(&x, "net.ipv6.conf.in0.disable_ipv6 = 1");
	assert_fix(&x, "ip netns exec r sysctl -w net.ipv6.conf.in0.disable_ipv6=0");
	drop(&x, "UNICAST_IN_L2_MULTICAST", "ip_rcv_finish_core", "in0", 2, "10.1.0.2", "10.1.0.1",
	     IPPROTO_UDP);
	memset(x.p.dmac, 0xff, 6);
	run(&x);
	assert_string_equal(x.f.id, "unicast-in-l2-multicast");
	assert_evidence(&x, "net.ipv4.conf.in0.drop_unicast_in_l2_multicast = 1 (all: 0)");
	drop(&x, "BRIDGE_INGRESS_STP_STATE", "br_handle_frame", "eth0", 7, "10.1.0.2", "10.1.0.1",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "bridge-port-not-forwarding");
	assert_evidence(&x, "eth0: state blocking (4), master br0");
	drop(&x, "IP_INADDRERRORS", "ip6_forward", "in0", 2, "2001:db8:1::2", "2001:db8:5::1",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "ipv6-not-forwarding");
	assert_evidence(&x, "net.ipv6.conf.all.forwarding = 0");
}

static void backlog(void **state)
{
	struct fx x;

	(void)state;
	drop(&x, "CPU_BACKLOG", "enqueue_to_backlog", "in0", 2, "10.1.0.2", "10.1.0.1",
	     IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "cpu-backlog-full");
	assert_evidence(&x, "net.core.netdev_max_backlog = 1000, netdev_budget = 300");
	assert_evidence(&x, "/proc/net/softnet_stat: 41 dropped, 20 time_squeeze over 2 CPUs");
	assert_evidence(&x, "CPU 1 dropped the most: 41");
	assert_fix(&x, "sysctl -w net.core.netdev_max_backlog=2000");
}

static void ipsec(void **state)
{
	struct fx x;

	(void)state;
	drop(&x, "NOT_SPECIFIED", "__udp4_lib_rcv", "in0", 2, "10.1.0.2", "10.1.0.1", IPPROTO_UDP);
	run(&x);
	assert_string_equal(x.f.id, "ipsec-policy");
	assert_non_null(strstr(x.f.summary, "src 10.1.0.0/24 dst 0.0.0.0/0 proto 17 dir in action "
					    "block"));
	/* a packet no policy takes: not this row's */
	drop(&x, "NOT_SPECIFIED", "__udp4_lib_rcv", "in0", 2, "10.2.0.2", "10.1.0.1", IPPROTO_UDP);
	run(&x);
	assert_string_not_equal(x.f.id, "ipsec-policy");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ttl),
	    cmocka_unit_test(too_big),
	    cmocka_unit_test(route6),
	    cmocka_unit_test(noproto_and_vxlan),
	    cmocka_unit_test(sockets_tc_qdisc),
	    cmocka_unit_test(device_settings),
	    cmocka_unit_test(ipsec),
	    cmocka_unit_test(backlog),
	};

	return cmocka_run_group_tests_name("explain classes", tests, NULL, NULL);
}
