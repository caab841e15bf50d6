// SPDX-License-Identifier: GPL-2.0
/* flows: request/reply pairing and the asymmetry decision, on decoded
 * packets built by hand. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "explain/flows.h"

#define NS_HOST 4026531999u
#define NS_GW	4026532000u

static struct pkt mk(int proto, const char *src, const char *dst, int sport, int dport)
{
	struct pkt p;

	memset(&p, 0, sizeof(p));
	p.family = AF_INET;
	p.proto = (uint8_t)proto;
	inet_pton(AF_INET, src, &p.src.v4);
	inet_pton(AF_INET, dst, &p.dst.v4);
	p.sport = sport;
	p.dport = dport;
	p.icmp_type = p.icmp_code = p.icmp_id = p.icmp_seq = -1;
	return p;
}

static struct pkt echo(int type, const char *src, const char *dst, int id, int seq)
{
	struct pkt p = mk(IPPROTO_ICMP, src, dst, -1, -1);

	p.icmp_type = type;
	p.icmp_code = 0;
	p.icmp_id = id;
	p.icmp_seq = seq;
	return p;
}

static struct pkt tcp(const char *src, const char *dst, int sport, int dport, uint8_t flags)
{
	struct pkt p = mk(IPPROTO_TCP, src, dst, sport, dport);

	p.tcp_flags = flags;
	return p;
}

static struct flow_hop hop(const struct pkt *p, uint32_t netns, uint32_t ifindex, const char *dev)
{
	struct flow_hop h = {.packet = 7, .netns = netns, .ifindex = ifindex, .dev = dev, .pkt = p};

	return h;
}

static void test_roles(void **state)
{
	struct pkt p;

	(void)state;
	p = echo(8, "198.51.100.2", "10.0.1.2", 1, 1);
	assert_int_equal(flows_role(&p), FLOW_REQUEST);
	p = echo(0, "10.0.1.2", "198.51.100.2", 1, 1);
	assert_int_equal(flows_role(&p), FLOW_REPLY);
	p = echo(3, "10.0.1.2", "198.51.100.2", -1, -1);
	assert_int_equal(flows_role(&p), FLOW_OTHER);
	p = tcp("1.1.1.1", "2.2.2.2", 1000, 22, 0x02);
	assert_int_equal(flows_role(&p), FLOW_REQUEST);
	p = tcp("2.2.2.2", "1.1.1.1", 22, 1000, 0x12);
	assert_int_equal(flows_role(&p), FLOW_REPLY);
	p = tcp("1.1.1.1", "2.2.2.2", 1000, 22, 0x10);
	assert_int_equal(flows_role(&p), FLOW_OTHER);
	assert_int_equal(flows_role(NULL), FLOW_OTHER);
}

/* seed 001: the echo request in on up1 (3), the reply out by up0 (2) */
static void test_echo_asymmetric(void **state)
{
	struct flows *f = flows_new();
	struct pkt rq = echo(8, "198.51.100.2", "10.0.1.2", 0xdd00, 1);
	struct pkt rp = echo(0, "10.0.1.2", "198.51.100.2", 0xdd00, 1);
	struct flow_hop in = hop(&rq, NS_HOST, 3, "up1"), out = hop(&rp, NS_HOST, 2, "up0");
	struct flow_asym a;
	char buf[INET_ADDRSTRLEN];

	(void)state;
	assert_int_equal(flows_hop_rx(f, &in), 1);
	out.has_route = true;
	out.table = 254;
	out.metric = 100;
	inet_pton(AF_INET, "10.0.0.1", &out.gw);
	assert_int_equal(flows_hop_tx(f, &out, &a), 1);
	assert_string_equal(a.in_dev, "up1");
	assert_string_equal(a.out_dev, "up0");
	assert_int_equal(a.in_ifindex, 3);
	assert_int_equal(a.out_ifindex, 2);
	assert_string_equal(inet_ntop(AF_INET, &a.server, buf, sizeof(buf)), "10.0.1.2");
	assert_string_equal(inet_ntop(AF_INET, &a.client, buf, sizeof(buf)), "198.51.100.2");
	assert_true(a.has_route);
	assert_int_equal(a.metric, 100);
	/* said once: the next reply of the same exchange is not flagged again */
	rq.icmp_seq = rp.icmp_seq = 2;
	flows_hop_rx(f, &in);
	assert_int_equal(flows_hop_tx(f, &out, &a), 0);
	flows_free(f);
}

static void test_symmetric_and_unpaired(void **state)
{
	struct flows *f = flows_new();
	struct pkt rq = echo(8, "10.1.0.2", "10.2.0.2", 5, 1);
	struct pkt rp = echo(0, "10.2.0.2", "10.1.0.2", 5, 1);
	struct pkt other = echo(0, "10.2.0.2", "10.1.0.2", 5, 2); /* another seq */
	struct flow_hop in = hop(&rq, NS_HOST, 2, "de"), out = hop(&rp, NS_HOST, 2, "de");
	struct flow_asym a;

	(void)state;
	flows_hop_rx(f, &in);
	assert_int_equal(flows_hop_tx(f, &out, &a), 0); /* same device */
	out.ifindex = 9;
	out.pkt = &other;
	assert_int_equal(flows_hop_tx(f, &out, &a), 0); /* no such request */
	out.pkt = &rp;
	out.netns = NS_GW;
	assert_int_equal(flows_hop_tx(f, &out, &a), 0); /* other namespace */
	flows_free(f);
}

static void test_tcp_and_udp(void **state)
{
	struct flows *f = flows_new();
	struct pkt syn = tcp("198.51.100.2", "10.0.1.2", 54646, 22, 0x02);
	struct pkt synack = tcp("10.0.1.2", "198.51.100.2", 22, 54646, 0x12);
	struct pkt wrongport = tcp("10.0.1.2", "198.51.100.2", 22, 54647, 0x12);
	struct pkt q = mk(IPPROTO_UDP, "198.51.100.2", "10.0.1.2", 40000, 53);
	struct pkt r = mk(IPPROTO_UDP, "10.0.1.2", "198.51.100.2", 53, 40000);
	struct flow_hop h;
	struct flow_asym a;

	(void)state;
	h = hop(&syn, NS_HOST, 3, "up1");
	flows_hop_rx(f, &h);
	h = hop(&wrongport, NS_HOST, 2, "up0");
	assert_int_equal(flows_hop_tx(f, &h, &a), 0);
	h = hop(&synack, NS_HOST, 2, "up0");
	assert_int_equal(flows_hop_tx(f, &h, &a), 1);
	assert_int_equal(a.proto, IPPROTO_TCP);
	flows_free(f);

	f = flows_new();
	h = hop(&q, NS_HOST, 3, "up1");
	flows_hop_rx(f, &h);
	h = hop(&r, NS_HOST, 2, "up0");
	assert_int_equal(flows_hop_tx(f, &h, &a), 1);
	assert_int_equal(a.proto, IPPROTO_UDP);
	flows_free(f);
}

static void test_finding(void **state)
{
	struct flow_asym a = {.netns = NS_HOST,
			      .family = AF_INET,
			      .proto = IPPROTO_ICMP,
			      .req_packet = 1,
			      .rep_packet = 2,
			      .in_ifindex = 3,
			      .out_ifindex = 2,
			      .in_dev = "up1",
			      .out_dev = "up0",
			      .has_route = true,
			      .table = 254,
			      .metric = 100};
	struct flow_route routes[2] = {
	    {.table = 254, .ifindex = 2, .metric = 100, .dev = "up0"},
	    {.table = 254, .ifindex = 3, .metric = 101, .dev = "up1"},
	};
	struct finding f;

	(void)state;
	inet_pton(AF_INET, "198.51.100.2", &a.client.v4);
	inet_pton(AF_INET, "10.0.1.2", &a.server.v4);
	inet_pton(AF_INET, "10.0.0.1", &a.gw);
	inet_pton(AF_INET, "10.0.0.1", &routes[0].gw);
	inet_pton(AF_INET, "10.0.1.1", &routes[1].gw);
	flows_asym_finding(&a, routes, 2, "ip -n host", &f);
	assert_string_equal(f.id, "asymmetric_route");
	assert_string_equal(f.dev, "up1");
	assert_string_equal(f.out_dev, "up0");
	assert_non_null(strstr(f.summary, "arrive on up1, but the replies leave by up0"));
	assert_non_null(strstr(f.evidence[2], "default via 10.0.0.1 dev up0 metric 100"));
	assert_non_null(strstr(f.evidence[3], "default via 10.0.1.1 dev up1 metric 101"));
	assert_non_null(strstr(f.evidence[3], "loses on metric"));
	assert_string_equal(f.fix[0], "ip -n host rule add from 10.0.1.2 table 103");
	assert_string_equal(f.fix[1],
			    "ip -n host route add default via 10.0.1.1 dev up1 table 103");
	assert_non_null(strstr(f.fix[2], "metric 99"));
	/* no default route on the ingress device: still a rule and a route */
	flows_asym_finding(&a, routes, 1, "ip", &f);
	assert_string_equal(f.fix[1], "ip route add default dev up1 table 103");
	assert_non_null(strstr(f.evidence[3], "no default route uses up1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles),
	    cmocka_unit_test(test_echo_asymmetric),
	    cmocka_unit_test(test_symmetric_and_unpaired),
	    cmocka_unit_test(test_tcp_and_udp),
	    cmocka_unit_test(test_finding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
