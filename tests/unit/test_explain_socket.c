// SPDX-License-Identifier: GPL-2.0
/* explain_socket: the no-socket row on fixture socket lists (a fake
 * explain_env) — nothing on the port, a listener on another address, of
 * the other family, bound to another device, only in another namespace,
 * one that takes it now — and the socket matching rules themselves. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "decode/decode.h"
#include "explain/explain.h"
#include "explain/explain_classes.h"

#define NS_HERE	 4026532001u
#define NS_OTHER 4026532002u

/* The fake host: one namespace "web" with eth0 192.0.2.1/24. */
struct fake {
	struct explain_sock socks[EXPLAIN_MAX_SOCKS];
	int nsocks, err;
	int asked_proto, asked_port;
	struct mib_delta mibs[2];
	int nmibs;
};

static int fake_sockets(void *arg, uint32_t netns, int family, int proto, int port,
			struct explain_sock *out, int n)
{
	struct fake *f = arg;

	(void)family;
	assert_int_equal(netns, NS_HERE);
	f->asked_proto = proto;
	f->asked_port = port;
	if (f->err)
		return f->err;
	for (int i = 0; i < f->nsocks && i < n; i++)
		out[i] = f->socks[i];
	return f->nsocks < n ? f->nsocks : n;
}

static int fake_mibs(void *arg, uint32_t netns, const char *const *names, struct mib_delta *out,
		     int n)
{
	struct fake *f = arg;

	int k = 0;

	(void)netns;
	for (int i = 0; i < f->nmibs && k < n; i++)
		for (const char *const *nm = names; nm && *nm; nm++)
			if (!strcmp(*nm, f->mibs[i].name))
				out[k++] = f->mibs[i];
	return k;
}

/* A socket: "127.0.0.1", "::" ... ; dev "" for none. */
static void sock(struct fake *f, uint32_t netns, int proto, const char *addr, int port, bool v6only,
		 const char *dev, const char *proc)
{
	struct explain_sock *s = &f->socks[f->nsocks++];
	bool v6 = strchr(addr, ':') != NULL;

	memset(s, 0, sizeof(*s));
	s->family = v6 ? AF_INET6 : AF_INET;
	s->proto = proto;
	s->port = port;
	assert_int_equal(inet_pton(s->family, addr, s->addr), 1);
	s->v6only = v6only;
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	snprintf(s->local, sizeof(s->local), v6 ? "[%s]%s%s:%d" : "%s%s%s:%d", addr,
		 *dev ? "%" : "", dev, port);
	s->netns = netns;
	snprintf(s->netns_name, sizeof(s->netns_name), "%s", netns == NS_HERE ? "web" : "db");
	snprintf(s->proc, sizeof(s->proc), "%s", proc);
}

struct drop {
	struct pkt p;
	struct drop_record d;
	struct finding f;
};

static void drop(struct drop *x, int proto, const char *src, const char *dst, int dport)
{
	memset(x, 0, sizeof(*x));
	x->p.family = strchr(dst, ':') ? AF_INET6 : AF_INET;
	x->p.proto = (uint8_t)proto;
	inet_pton(x->p.family, src, &x->p.src);
	inet_pton(x->p.family, dst, &x->p.dst);
	x->p.sport = 40000;
	x->p.dport = dport;
	x->p.tcp_flags = proto == IPPROTO_TCP ? 0x02 : 0; /* SYN */
	x->d.reason = "NO_SOCKET";
	x->d.location = proto == IPPROTO_TCP ? "tcp_v4_rcv" : "__udp4_lib_rcv";
	x->d.dev = "eth0";
	x->d.ifindex = 2;
	x->d.netns = NS_HERE;
	x->d.netns_name = "web";
	x->d.pkt = &x->p;
}

static void run(struct drop *x, struct fake *f)
{
	struct explain_env env = {.arg = f, .sockets = fake_sockets, .mibs = fake_mibs};
	struct explain_in in = {
	    .d = &x->d, .cfg = NULL, .env = f ? &env : NULL, .pre = "ip netns exec web "};

	explain_drop(&in, &x->f);
}

static void nothing_listens(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	drop(&x, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 33434);
	run(&x, &f);
	assert_int_equal(f.asked_proto, IPPROTO_UDP);
	assert_int_equal(f.asked_port, 33434);
	assert_string_equal(x.f.id, "no_socket");
	assert_string_equal(x.f.summary, "nothing in web listens on UDP 192.0.2.1:33434: no socket "
					 "is bound to port 33434");
	assert_evidence(&x, "UDP 192.0.2.2:40000 > 192.0.2.1:33434 arrived on eth0 and was freed "
			    "at __udp4_lib_rcv");
	assert_evidence(&x, "UDP sockets on port 33434 in web: none");
	assert_evidence(&x, "ICMP port unreachable");
	assert_fix(&x, "start the service that should listen on UDP 192.0.2.1:33434 in web (ip "
		       "netns exec web <service>)");
	assert_fix(&x, "ip netns exec web ss -ulnp 'sport = :33434'");
}

/* The seed of the brief: a resolver bound to 127.0.0.1:53 only. */
static void loopback_only(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	sock(&f, NS_HERE, IPPROTO_UDP, "127.0.0.1", 53, false, "", "812/dnsmasq");
	sock(&f, NS_OTHER, IPPROTO_UDP, "0.0.0.0", 53, false, "", "99/named");
	drop(&x, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 53);
	run(&x, &f);
	assert_string_equal(x.f.id, "socket_bound_elsewhere");
	assert_int_equal(x.f.severity, FINDING_WARNING);
	assert_string_equal(x.f.summary, "UDP port 53 in web is bound to 127.0.0.1:53: packets to "
					 "192.0.2.1:53 find no socket");
	assert_evidence(&x, "127.0.0.1:53 (812/dnsmasq) is bound to 127.0.0.1 (loopback) only, not "
			    "to 192.0.2.1");
	assert_evidence(&x, "in namespace db: 0.0.0.0:53 (99/named)");
	assert_fix(&x, "make 812/dnsmasq listen on 192.0.2.1:53 (or on all addresses, 0.0.0.0:53) "
		       "instead of 127.0.0.1:53");
	assert_fix(&x, "ip netns exec web ss -ulnp 'sport = :53'");
}

static void ipv6_only_listener(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	sock(&f, NS_HERE, IPPROTO_TCP, "::", 443, true, "", "77/nginx");
	drop(&x, IPPROTO_TCP, "192.0.2.2", "192.0.2.1", 443);
	run(&x, &f);
	assert_string_equal(x.f.id, "socket_bound_elsewhere");
	assert_evidence(&x, "[::]:443 (77/nginx) is IPv6-only (IPV6_V6ONLY=1): it takes no IPv4");
	assert_evidence(&x, "TCP RST");
	assert_no_evidence(&x, "not a SYN");
	assert_fix(&x, "make 77/nginx take IPv4 too: listen on 0.0.0.0:443 as well");
	assert_fix(&x, "ip netns exec web ss -tlnp 'sport = :443'");
}

static void ipv4_listener_ipv6_packet(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	sock(&f, NS_HERE, IPPROTO_TCP, "0.0.0.0", 80, false, "", "");
	drop(&x, IPPROTO_TCP, "2001:db8::2", "2001:db8::1", 80);
	run(&x, &f);
	assert_string_equal(x.f.id, "socket_bound_elsewhere");
	assert_string_equal(x.f.summary, "TCP port 80 in web is bound to 0.0.0.0:80: packets to "
					 "[2001:db8::1]:80 find no socket");
	assert_evidence(&x, "0.0.0.0:80 is an IPv4 socket: it takes no IPv6");
	assert_fix(&x, "make the service listen on IPv6 too: [2001:db8::1]:80 or [::]:80");
}

static void bound_to_other_device(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	sock(&f, NS_HERE, IPPROTO_UDP, "0.0.0.0", 67, false, "eth1", "5/dhcpd");
	drop(&x, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 67);
	run(&x, &f);
	assert_string_equal(x.f.id, "socket_bound_elsewhere");
	assert_evidence(&x, "0.0.0.0%eth1:67 (5/dhcpd) is bound to device eth1 (SO_BINDTODEVICE); "
			    "the packet came in on eth0");
	assert_fix(&x, "bind 5/dhcpd to device eth0 (where the packets arrive), or to no device");
}

static void only_in_other_namespace(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	sock(&f, NS_OTHER, IPPROTO_TCP, "0.0.0.0", 5432, false, "", "31/postgres");
	drop(&x, IPPROTO_TCP, "192.0.2.2", "192.0.2.1", 5432);
	x.p.tcp_flags = 0x10; /* an ACK: a connection we do not have */
	run(&x, &f);
	assert_string_equal(x.f.id, "socket_in_other_netns");
	assert_string_equal(
	    x.f.summary, "nothing in web listens on TCP port 5432; 0.0.0.0:5432 (31/postgres) in "
			 "namespace db does, but the packets for 192.0.2.1:5432 arrive in web");
	assert_evidence(&x, "TCP sockets on port 5432 in web: none");
	assert_evidence(&x, "it is not a SYN (flags 0x10)");
	assert_fix(&x, "run the service in web (ip netns exec web <service>), or send the traffic "
		       "to namespace db's address");
}

/* A socket that takes it exists now: it came after the drop. Dual-stack
 * [::] takes IPv4 too. */
static void listening_now(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	sock(&f, NS_HERE, IPPROTO_UDP, "::", 53, false, "", "812/dnsmasq");
	drop(&x, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 53);
	run(&x, &f);
	assert_string_equal(x.f.id, "socket_now_listening");
	assert_evidence(&x, "[::]:53 (812/dnsmasq) would take it now");
	assert_fix(&x, "ss -ulnp 'sport = :53'");
}

/* The facts could not be read, or there is no env at all: still a
 * finding, saying so. */
static void no_facts(void **state)
{
	struct fake f = {.err = -EPERM};
	struct drop x;

	(void)state;
	drop(&x, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 53);
	run(&x, &f);
	assert_string_equal(x.f.id, "no_socket");
	assert_evidence(&x, "the sockets of web could not be read (Operation not permitted)");
	run(&x, NULL);
	assert_string_equal(x.f.id, "no_socket");
	assert_evidence(&x, "could not be read");
}

/* NO_SOCKET's own counters only, at most three, after the socket lines. */
static void counters(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	snprintf(f.mibs[0].name, sizeof(f.mibs[0].name), "UdpNoPorts");
	f.mibs[0].delta = 4;
	snprintf(f.mibs[1].name, sizeof(f.mibs[1].name), "IpInReceives");
	f.mibs[1].delta = 9;
	f.nmibs = 2;
	drop(&x, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 53);
	run(&x, &f);
	assert_evidence(&x, "counter UdpNoPorts +4 since the last look at this namespace");
	assert_no_evidence(&x, "IpInReceives");
	f.mibs[0].total = true;
	run(&x, &f);
	assert_evidence(&x, "counter UdpNoPorts = 4 (no earlier reading: its total)");
}

/* Not TCP/UDP, or no packet: the row declines; what the kernel checked
 * answers. */
static void declines(void **state)
{
	struct fake f = {0};
	struct drop x;

	(void)state;
	drop(&x, IPPROTO_ICMP, "192.0.2.2", "192.0.2.1", 0);
	x.p.dport = -1;
	run(&x, &f);
	assert_string_equal(x.f.id, "no-socket");
	drop(&x, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 53);
	x.d.pkt = NULL;
	run(&x, &f);
	assert_string_equal(x.f.id, "no-socket");
}

/* The kernel's socket lookup, as the row models it. */
static void takes(void **state)
{
	struct fake f = {0};
	struct drop v4, v6;

	(void)state;
	drop(&v4, IPPROTO_UDP, "192.0.2.2", "192.0.2.1", 53);
	drop(&v6, IPPROTO_UDP, "2001:db8::2", "2001:db8::1", 53);
	sock(&f, NS_HERE, IPPROTO_UDP, "0.0.0.0", 53, false, "", "");	       /* 0 */
	sock(&f, NS_HERE, IPPROTO_UDP, "192.0.2.1", 53, false, "", "");	       /* 1 */
	sock(&f, NS_HERE, IPPROTO_UDP, "192.0.2.9", 53, false, "", "");	       /* 2 */
	sock(&f, NS_HERE, IPPROTO_UDP, "::", 53, false, "", "");	       /* 3 */
	sock(&f, NS_HERE, IPPROTO_UDP, "::", 53, true, "", "");		       /* 4 */
	sock(&f, NS_HERE, IPPROTO_UDP, "::ffff:192.0.2.1", 53, false, "", ""); /* 5 */
	sock(&f, NS_HERE, IPPROTO_UDP, "2001:db8::1", 53, false, "", "");      /* 6 */
	sock(&f, NS_HERE, IPPROTO_UDP, "0.0.0.0", 53, false, "eth0", "");      /* 7 */
	assert_int_equal(explain_sock_takes(&f.socks[0], &v4.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[1], &v4.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[2], &v4.p, "eth0"), SOCK_MISS_ADDRESS);
	assert_int_equal(explain_sock_takes(&f.socks[3], &v4.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[4], &v4.p, "eth0"), SOCK_MISS_V6ONLY);
	assert_int_equal(explain_sock_takes(&f.socks[5], &v4.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[6], &v4.p, "eth0"), SOCK_MISS_ADDRESS);
	assert_int_equal(explain_sock_takes(&f.socks[7], &v4.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[7], &v4.p, "eth1"), SOCK_MISS_DEVICE);
	assert_int_equal(explain_sock_takes(&f.socks[0], &v6.p, "eth0"), SOCK_MISS_V4ONLY);
	assert_int_equal(explain_sock_takes(&f.socks[3], &v6.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[4], &v6.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[6], &v6.p, "eth0"), SOCK_TAKES);
	assert_int_equal(explain_sock_takes(&f.socks[5], &v6.p, "eth0"), SOCK_MISS_ADDRESS);
	snprintf(f.socks[0].peer, sizeof(f.socks[0].peer), "192.0.2.7:4000");
	assert_int_equal(explain_sock_takes(&f.socks[0], &v4.p, "eth0"), SOCK_MISS_PEER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(nothing_listens),
	    cmocka_unit_test(loopback_only),
	    cmocka_unit_test(ipv6_only_listener),
	    cmocka_unit_test(ipv4_listener_ipv6_packet),
	    cmocka_unit_test(bound_to_other_device),
	    cmocka_unit_test(only_in_other_namespace),
	    cmocka_unit_test(listening_now),
	    cmocka_unit_test(no_facts),
	    cmocka_unit_test(counters),
	    cmocka_unit_test(declines),
	    cmocka_unit_test(takes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
