// SPDX-License-Identifier: GPL-2.0
/* explain, firewall row, and nftrules: a real `nft -j list ruleset` dump
 * (tests/fixtures/nft_firewalld.json: a firewalld-like inet table whose
 * input chain jumps to zone chains, a drop policy on forward, a named set,
 * an ip table rejecting with tcp reset on output) read into rules, then
 * drops explained against it: the hook from the stack, the rule from the
 * packet, the verdict and the ICMP error sent, the counter that moved. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include <net/if.h>

#include "decode/decode.h"
#include "explain/explain.h"
#include "model/nftrules.h"

#define FIXTURE "tests/fixtures/nft_firewalld.json"
/* the lab's inet filter table plus iptables-nft's ip filter INPUT: REJECT
 * (an xt target) for tcp dport 82, DROP for 83 */
#define FIXTURE_IPT "tests/fixtures/nft_iptables.json"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static const struct nftrules_rule *find(const struct nftrules_set *s, const char *chain,
					uint64_t handle)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->rules[i].chain, chain) && s->rules[i].handle == handle)
			return &s->rules[i];
	fail_msg("no rule %s handle %llu", chain, (unsigned long long)handle);
	return NULL;
}

static void parse_fixture(void **state)
{
	char *json = slurp(FIXTURE);
	struct nftrules_set *s = calloc(1, sizeof(*s));
	const struct nftrules_rule *r;

	(void)state;
	assert_int_equal(nftrules_parse(json, s), 0);
	assert_int_equal(s->n, 5); /* 4 drop/reject rules + 1 drop policy */
	r = find(s, "filter_INPUT", 10);
	assert_string_equal(r->family, "inet");
	assert_string_equal(r->table, "firewalld");
	assert_string_equal(r->hook, "input");
	assert_int_equal(r->priority, 10);
	assert_string_equal(r->verdict, "reject");
	assert_int_equal(r->reject_type, 3);
	assert_int_equal(r->reject_code, 13); /* icmpx admin-prohibited */
	assert_string_equal(r->text, "reject with icmp admin-prohibited");
	/* reached through a jump and a goto: the input hook */
	r = find(s, "filter_IN_public", 15);
	assert_string_equal(r->hook, "input");
	assert_string_equal(r->base, "filter_INPUT");
	assert_true(r->partial); /* @blocked: a named set */
	assert_int_equal(r->packets, 0);
	r = find(s, "filter_IN_public", 18);
	assert_false(r->partial);
	assert_int_equal(r->nmatch, 2);
	assert_string_equal(r->text, "ip saddr 198.51.100.0/24 udp dport 5000-5100 drop");
	r = find(s, "out", 2);
	assert_string_equal(r->family, "ip");
	assert_string_equal(r->hook, "output");
	assert_int_equal(r->reject_type, -1); /* tcp reset */
	assert_string_equal(r->text, "oifname \"eth1\" tcp dport 25 reject with tcp reset");
	r = find(s, "filter_FORWARD", 0);
	assert_string_equal(r->hook, "forward");
	assert_string_equal(r->verdict, "drop");
	assert_int_equal(nftrules_parse("{\"nope\":1}", s), -EINVAL);
	assert_int_equal(nftrules_parse("not json", s), -EINVAL);
	free(s);
	free(json);
}

static void tracker_deltas(void **state)
{
	char *json = slurp(FIXTURE);
	struct nftrules_set *s = calloc(1, sizeof(*s));
	struct nftrules_tracker *t;

	(void)state;
	assert_int_equal(nftrules_tracker_new(&t), 0);
	assert_int_equal(nftrules_parse(json, s), 0);
	nftrules_tracker_update(t, 7, s);
	assert_int_equal(find(s, "filter_IN_public", 18)->delta, -1); /* first read */
	s->rules[2].packets += 0;
	((struct nftrules_rule *)find(s, "filter_IN_public", 18))->packets = 5;
	nftrules_tracker_update(t, 7, s);
	assert_int_equal(find(s, "filter_IN_public", 18)->delta, 5);
	assert_int_equal(find(s, "filter_IN_public", 15)->delta, 0);
	nftrules_tracker_update(t, 8, s); /* another namespace starts over */
	assert_int_equal(find(s, "filter_IN_public", 18)->delta, -1);
	assert_int_equal(find(s, "filter_INPUT", 10)->delta, -1); /* no counter */
	nftrules_tracker_free(t);
	free(s);
	free(json);
}

/* The drop and its world. */
struct fx {
	struct netcfg *cfg;
	struct pkt p;
	struct drop_record d;
	struct finding f;
	struct nftrules_set set;
	int env_err;
	char legacy[64];
	uint64_t moved_handle; /* that rule's counter moved by 2 */
	const char *fixture;   /* NULL: FIXTURE */
};

static int fake_rules(void *arg, uint32_t netns, struct nftrules_set *out)
{
	struct fx *x = arg;
	char *json;

	(void)netns;
	if (x->env_err)
		return x->env_err;
	json = slurp(x->fixture ? x->fixture : FIXTURE);
	assert_int_equal(nftrules_parse(json, out), 0);
	free(json);
	for (int i = 0; i < out->n; i++)
		if (out->rules[i].handle && out->rules[i].handle == x->moved_handle)
			out->rules[i].delta = 2;
	snprintf(out->legacy, sizeof(out->legacy), "%s", x->legacy);
	return out->n;
}

static void setup(struct fx *x, int proto, const char *src, int dport, const char *dev)
{
	struct netcfg_link *l;
	struct netcfg_addr *a;

	memset(x, 0, sizeof(*x));
	x->cfg = netcfg_new();
	assert_non_null(x->cfg);
	l = netcfg_add_link(x->cfg);
	l->ifindex = 2;
	snprintf(l->name, sizeof(l->name), "eth0");
	l->flags = IFF_UP;
	a = netcfg_add_addr(x->cfg);
	a->ifindex = 2;
	a->prefixlen = 24;
	inet_pton(AF_INET, "192.0.2.1", &a->local);
	a->address = a->local;
	x->p.has_eth = true;
	x->p.family = AF_INET;
	x->p.proto = (uint8_t)proto;
	x->p.sport = 40000;
	x->p.dport = dport;
	x->p.vlan = x->p.icmp_type = x->p.icmp_code = -1;
	inet_pton(AF_INET, src, &x->p.src.v4);
	inet_pton(AF_INET, "192.0.2.1", &x->p.dst.v4);
	x->d.reason = "NETFILTER_DROP";
	x->d.location = "nft_do_chain";
	x->d.dev = dev;
	x->d.ifindex = 2;
	x->d.netns_name = "fw";
	x->d.pkt = &x->p;
	x->d.icmp_type = x->d.icmp_code = -1;
	x->d.callers[0] = "nft_do_chain_inet";
	x->d.callers[1] = "nf_hook_slow";
	x->d.callers[2] = "ip_local_deliver";
	x->d.callers[3] = "__netif_receive_skb_one_core";
}

static void run(struct fx *x)
{
	struct explain_env env = {.arg = x, .fw_rules = fake_rules};
	struct explain_in in = {.d = &x->d, .cfg = x->cfg, .env = &env, .pre = "ip netns exec fw "};

	explain_drop(&in, &x->f);
	netcfg_unref(x->cfg);
}

/* seed 003c: TCP to port 80 rejected with admin-prohibited by the zone's
 * final reject; the drop rule on @blocked also sits in the input hook but
 * sends no ICMP, so it is not the one. */
static void reject_admin_prohibited(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.2", 80, "eth0");
	x.d.icmp_type = 3;
	x.d.icmp_code = 13;
	run(&x);
	assert_string_equal(x.f.id, "firewall");
	assert_non_null(strstr(x.f.summary, "\"reject with icmp admin-prohibited\" (inet firewalld "
					    "filter_INPUT, handle 10, hook input) rejected"));
	assert_non_null(strstr(x.f.summary, "answering ICMP admin-prohibited"));
	assert_evidence(&x, "hook input: nf_hook_slow was called from ip_local_deliver");
	assert_evidence(&x, "by nftables' inet");
	assert_evidence(&x, "ICMP admin-prohibited (type 3 code 13): the sender sees \"No route to "
			    "host\"");
	assert_evidence(&x,
			"inet firewalld filter_INPUT (hook input, priority 10): reject with icmp "
			"admin-prohibited # handle 10");
	assert_evidence(&x, "the packet meets every condition of this rule");
	assert_fix(&x,
		   "ip netns exec fw nft insert rule inet firewalld filter_INPUT position 10 ip "
		   "saddr 192.0.2.2 tcp dport 80 accept");
	assert_fix(&x, "ip netns exec fw nft delete rule inet firewalld filter_INPUT handle 10");
	assert_fix(&x, "firewall-cmd");
}

/* A silent drop of UDP from 198.51.100.7 to 5050: the prefix/range rule,
 * reached from input through jump and goto. */
static void drop_by_prefix_and_range(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_UDP, "198.51.100.7", 5050, "eth0");
	x.moved_handle = 18;
	run(&x);
	assert_non_null(
	    strstr(x.f.summary, "\"ip saddr 198.51.100.0/24 udp dport 5000-5100 drop\""));
	assert_non_null(strstr(x.f.summary, "handle 18"));
	assert_evidence(&x, "no ICMP error was sent for it");
	assert_evidence(&x, "its counter: 0 packets, +2 since the last drop read here");
	assert_fix(&x, "nft delete rule inet firewalld filter_IN_public handle 18");
}

/* From a blocked source: only the @blocked rule (not evaluable) can fit;
 * the 198.51.100.0/24 rule cannot (address), the reject sent nothing. */
static void drop_by_named_set(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_UDP, "203.0.113.9", 53, "eth0");
	run(&x);
	assert_non_null(strstr(x.f.summary, "handle 15"));
	assert_evidence(&x, "the packet meets the conditions dropdoc can evaluate");
}

/* Forwarded: the forward chain's drop policy. */
static void forward_policy(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.2", 8080, "eth0");
	inet_pton(AF_INET, "10.9.9.9", &x.p.dst.v4);
	x.d.callers[2] = "ip_forward";
	run(&x);
	assert_non_null(strstr(x.f.summary, "drop policy of chain inet firewalld filter_FORWARD"));
	assert_evidence(&x, "hook forward: nf_hook_slow was called from ip_forward");
	assert_fix(&x, "ip netns exec fw nft add rule inet firewalld filter_FORWARD ip saddr "
		       "192.0.2.2 tcp dport 8080 accept");
}

/* No stack (callers unknown): the hook from the packet, legacy tables
 * noticed, and the packet fits no rule in output. */
static void inferred_hook_and_legacy(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.2", 25, "eth0");
	memset(x.d.callers, 0, sizeof(x.d.callers));
	x.d.location = "nf_hook_slow";
	snprintf(x.legacy, sizeof(x.legacy), "filter");
	run(&x);
	assert_evidence(&x,
			"hook input: inferred from the packet (its destination is this host's)");
	assert_evidence(&x, "legacy iptables tables in use (filter)");
	assert_evidence(&x, "freed by x_tables, not nftables");
}

static void unreadable_rules(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.2", 80, "eth0");
	x.env_err = -EPERM;
	run(&x);
	assert_string_equal(x.f.id, "firewall");
	assert_evidence(&x, "the ruleset could not be read (Operation not permitted)");
	assert_fix(&x, "ip netns exec fw nft -a list ruleset");
}

/* Outgoing TCP to 25 on eth1, rejected with a reset in ip mail out. */
static void output_reset(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.1", 25, "eth1");
	x.d.callers[0] = "nft_do_chain_ipv4";
	x.d.callers[2] = "__ip_local_out";
	run(&x);
	assert_non_null(strstr(x.f.summary, "(ip mail out, handle 2, hook output) rejected"));
}

/* iptables-nft: the REJECT target is an xt expression; the fix speaks
 * iptables, with the rule's number in its chain. */
static void iptables_nft_reject(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.2", 82, "eth0");
	x.fixture = FIXTURE_IPT;
	x.d.icmp_type = 3;
	x.d.icmp_code = 13;
	x.d.callers[0] = "nft_do_chain_ipv4";
	run(&x);
	assert_non_null(strstr(x.f.summary, "\"tcp dport 82 reject (iptables REJECT target)\" (ip "
					    "filter INPUT, handle 2, hook input) rejected"));
	assert_fix(&x,
		   "ip netns exec fw iptables -t filter -I INPUT 1 -s 192.0.2.2 -p tcp --dport 82 "
		   "-j ACCEPT");
	assert_fix(&x, "ip netns exec fw iptables -t filter -D INPUT 1  # or remove the rule (nft "
		       "handle 2)");
}

/* Freed in nf_hook_slow itself: x_tables, a legacy iptables rule; the nft
 * rules, even one that would match, are not offered. */
static void legacy_reject(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.2", 82, "eth0");
	x.fixture = FIXTURE_IPT;
	x.d.icmp_type = 3;
	x.d.icmp_code = 10;
	x.d.location = "nf_hook_slow";
	x.d.callers[0] = "ip_local_deliver";
	x.d.callers[1] = x.d.callers[2] = x.d.callers[3] = NULL;
	snprintf(x.legacy, sizeof(x.legacy), "filter");
	run(&x);
	assert_non_null(strstr(x.f.summary, "a legacy iptables rule in hook input dropped"));
	assert_evidence(&x, "hook input: nf_hook_slow was called from ip_local_deliver");
	assert_evidence(&x, "ICMP host-prohibited (type 3 code 10)");
	assert_evidence(&x, "legacy iptables tables in use (filter): their rules are not read");
	assert_fix(&x, "ip netns exec fw iptables-legacy -L INPUT -v -n --line-numbers");
}

/* A sysctl of the namespace: conntrack's table and TCP settings. */
static int fake_sysctl(void *arg, uint32_t netns, const char *name, char *buf, size_t n)
{
	(void)arg;
	(void)netns;
	if (!strcmp(name, "net.netfilter.nf_conntrack_count"))
		snprintf(buf, n, "262144");
	else if (!strcmp(name, "net.netfilter.nf_conntrack_max"))
		snprintf(buf, n, "262144");
	else if (!strcmp(name, "net.netfilter.nf_conntrack_tcp_loose"))
		snprintf(buf, n, "1");
	else if (!strcmp(name, "net.netfilter.nf_conntrack_tcp_be_liberal"))
		snprintf(buf, n, "0");
	else
		return -ENOENT;
	return 0;
}

/* NF_DROP in nf_hook_slow with no nftables chain on the stack, in a
 * namespace without legacy tables: conntrack said drop (here: its table is
 * full), not "a legacy iptables rule". */
static void conntrack_itself(void **state)
{
	struct fx x;
	struct explain_env env = {.arg = &x, .fw_rules = fake_rules, .sysctl = fake_sysctl};
	struct explain_in in = {.d = &x.d, .env = &env, .pre = "ip netns exec fw "};

	(void)state;
	setup(&x, IPPROTO_TCP, "192.0.2.2", 22, "eth0");
	in.cfg = x.cfg;
	x.d.location = "nf_hook_slow";
	x.d.callers[0] = "ip_rcv";
	x.d.callers[1] = x.d.callers[2] = x.d.callers[3] = NULL;
	explain_drop(&in, &x.f);
	netcfg_unref(x.cfg);
	assert_string_equal(x.f.id, "conntrack-drop");
	assert_non_null(strstr(x.f.summary, "conntrack dropped"));
	assert_no_evidence(&x, "legacy iptables rule");
	assert_evidence(&x,
			"nf_conntrack_count 262144 of nf_conntrack_max 262144: the table is full");
	assert_evidence(&x, "nf_conntrack_tcp_loose 1, nf_conntrack_tcp_be_liberal 0");
	assert_fix(&x, "ip netns exec fw conntrack -S");
	assert_fix(&x, "ip netns exec fw sysctl -w net.netfilter.nf_conntrack_max=");
	/* the same with a legacy table in the namespace: x_tables' then */
	setup(&x, IPPROTO_TCP, "192.0.2.2", 22, "eth0");
	in.cfg = x.cfg;
	x.d.location = "nf_hook_slow";
	x.d.callers[0] = "ip_rcv";
	x.d.callers[1] = x.d.callers[2] = x.d.callers[3] = NULL;
	snprintf(x.legacy, sizeof(x.legacy), "filter");
	explain_drop(&in, &x.f);
	netcfg_unref(x.cfg);
	assert_string_equal(x.f.id, "firewall");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_fixture),
	    cmocka_unit_test(tracker_deltas),
	    cmocka_unit_test(reject_admin_prohibited),
	    cmocka_unit_test(drop_by_prefix_and_range),
	    cmocka_unit_test(drop_by_named_set),
	    cmocka_unit_test(forward_policy),
	    cmocka_unit_test(inferred_hook_and_legacy),
	    cmocka_unit_test(unreadable_rules),
	    cmocka_unit_test(output_reset),
	    cmocka_unit_test(iptables_nft_reject),
	    cmocka_unit_test(legacy_reject),
	    cmocka_unit_test(conntrack_itself),
	};

	return cmocka_run_group_tests_name("explain_fw", tests, NULL, NULL);
}
