// SPDX-License-Identifier: GPL-2.0
/* fib: the offline lookup on fixtures and on a policy-routing model, one
 * table row per case (what `ip route get DST from SRC iif DEV` answers on
 * this kernel, and the cause dropdoc names). The live differential test is
 * tests/integration/fib_differential.sh. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "model/fib.h"
#include "out/out_finding.h"
#include "model/path.h"
#include "model/snapshot.h"

/* A host with three uplinks and policy routing: rules with from/to/iif/
 * fwmark/not/goto/suppress_prefixlength, blackhole/unreachable/prohibit/
 * throw routes, two tables, multipath. */
static const char policy_json[] =
    "{\"format\":\"dropdoc-snapshot\",\"version\":1,\"netns\":[{\"name\":\"pol\","
    "\"ip_forward\":1,\"conf\":{\"all\":{\"rp_filter\":0,\"forwarding\":1}},"
    "\"links\":[{\"ifindex\":1,\"name\":\"lo\",\"conf\":{\"forwarding\":1}},"
    "{\"ifindex\":2,\"name\":\"a\",\"conf\":{\"forwarding\":1,\"rp_filter\":1}},"
    "{\"ifindex\":3,\"name\":\"b\",\"conf\":{\"forwarding\":1,\"rp_filter\":2}},"
    "{\"ifindex\":4,\"name\":\"c\",\"conf\":{\"forwarding\":0,\"rp_filter\":0}}],"
    "\"addrs\":[{\"dev\":\"lo\",\"local\":\"127.0.0.1/8\"},"
    "{\"dev\":\"a\",\"local\":\"10.1.0.1/24\",\"broadcast\":\"10.1.0.255\"},"
    "{\"dev\":\"b\",\"local\":\"10.2.0.1/24\",\"broadcast\":\"10.2.0.255\"},"
    "{\"dev\":\"c\",\"local\":\"10.3.0.1/24\",\"broadcast\":\"10.3.0.255\"}],"
    "\"routes\":["
    "{\"table\":\"local\",\"type\":\"local\",\"dst\":\"127.0.0.0/8\",\"proto\":\"kernel\","
    "\"scope\":\"host\",\"nexthops\":[{\"dev\":\"lo\"}]},"
    "{\"table\":\"local\",\"type\":\"local\",\"dst\":\"10.1.0.1/32\",\"proto\":\"kernel\","
    "\"scope\":\"host\",\"nexthops\":[{\"dev\":\"a\"}]},"
    "{\"table\":\"local\",\"type\":\"local\",\"dst\":\"10.2.0.1/32\",\"proto\":\"kernel\","
    "\"scope\":\"host\",\"nexthops\":[{\"dev\":\"b\"}]},"
    "{\"table\":\"local\",\"type\":\"local\",\"dst\":\"10.3.0.1/32\",\"proto\":\"kernel\","
    "\"scope\":\"host\",\"nexthops\":[{\"dev\":\"c\"}]},"
    "{\"table\":\"local\",\"type\":\"broadcast\",\"dst\":\"10.1.0.255/32\",\"proto\":\"kernel\","
    "\"scope\":\"link\",\"nexthops\":[{\"dev\":\"a\"}]},"
    "{\"dst\":\"10.1.0.0/"
    "24\",\"scope\":\"link\",\"proto\":\"kernel\",\"nexthops\":[{\"dev\":\"a\"}]},"
    "{\"dst\":\"10.2.0.0/"
    "24\",\"scope\":\"link\",\"proto\":\"kernel\",\"nexthops\":[{\"dev\":\"b\"}]},"
    "{\"dst\":\"10.3.0.0/"
    "24\",\"scope\":\"link\",\"proto\":\"kernel\",\"nexthops\":[{\"dev\":\"c\"}]},"
    "{\"dst\":\"0.0.0.0/0\",\"metric\":100,\"nexthops\":[{\"dev\":\"a\",\"gw\":\"10.1.0.254\"}]},"
    "{\"dst\":\"0.0.0.0/0\",\"metric\":200,\"nexthops\":[{\"dev\":\"b\",\"gw\":\"10.2.0.254\"}]},"
    "{\"type\":\"blackhole\",\"dst\":\"192.0.2.0/24\"},"
    "{\"type\":\"unreachable\",\"dst\":\"198.51.100.0/24\"},"
    "{\"type\":\"prohibit\",\"dst\":\"203.0.113.0/24\"},"
    "{\"dst\":\"172.16.0.0/12\",\"nexthops\":[{\"dev\":\"a\",\"gw\":\"10.1.0.254\"},"
    "{\"dev\":\"b\",\"gw\":\"10.2.0.254\"}]},"
    "{\"table\":\"100\",\"dst\":\"0.0.0.0/"
    "0\",\"nexthops\":[{\"dev\":\"b\",\"gw\":\"10.2.0.254\"}]},"
    "{\"table\":\"100\",\"type\":\"throw\",\"dst\":\"8.8.0.0/16\"},"
    "{\"table\":\"200\",\"dst\":\"9.9.9.0/"
    "24\",\"nexthops\":[{\"dev\":\"c\",\"gw\":\"10.3.0.254\"}]}"
    "],\"rules\":["
    "{\"priority\":0,\"table\":\"local\"},"
    "{\"priority\":100,\"src\":\"10.2.0.0/24\",\"table\":\"100\"},"
    "{\"priority\":110,\"dst\":\"9.9.0.0/16\",\"action\":\"goto\",\"goto\":300},"
    "{\"priority\":120,\"dst\":\"9.9.0.0/16\",\"action\":\"prohibit\"},"
    "{\"priority\":200,\"fwmark\":7,\"action\":\"blackhole\"},"
    "{\"priority\":300,\"table\":\"200\"},"
    "{\"priority\":400,\"table\":\"main\",\"suppress_prefixlen\":0},"
    "{\"priority\":500,\"iif\":\"b\",\"dst\":\"0.0.0.0/1\",\"action\":\"unreachable\"},"
    "{\"priority\":32766,\"table\":\"main\"},"
    "{\"priority\":32767,\"table\":\"default\"}]}]}";

struct fcase {
	const char *src, *dst, *iif;
	uint32_t mark;
	enum fib_verdict verdict;
	enum fib_cause cause;
	int err;
	const char *oif; /* NULL: not checked */
	const char *gw;
};

static const struct fcase policy_cases[] = {
    /* local delivery, and loose rp_filter on b accepting via a default */
    {"10.1.0.7", "10.1.0.1", "a", 0, FIB_V_LOCAL, FIB_OK, 0, "lo", NULL},
    {"8.8.8.8", "10.1.0.1", "a", 0, FIB_V_LOCAL, FIB_OK, 0, "lo", NULL},
    {"8.8.8.8", "10.2.0.1", "b", 0, FIB_V_LOCAL, FIB_OK, 0, "lo", NULL},
    /* strict on a: source only routed via b */
    {"10.2.0.9", "10.1.0.1", "a", 0, FIB_V_DROP, FIB_RPF_STRICT, -EINVAL, NULL, NULL},
    /* forwarding; to a blackhole/unreachable/prohibit route */
    {"10.1.0.7", "10.3.0.9", "a", 0, FIB_V_FORWARD, FIB_OK, 0, "c", "0.0.0.0"},
    /* the reverse lookup for 10.1.0.7 from 10.2.0.9 meets rule 100 (from
     * 10.2.0.0/24 → table 100, default via b): strict a fails */
    {"10.1.0.7", "10.2.0.9", "a", 0, FIB_V_DROP, FIB_RPF_STRICT, -EINVAL, NULL, NULL},
    {"10.1.0.7", "192.0.2.1", "a", 0, FIB_V_DROP, FIB_BLACKHOLE, -EINVAL, NULL, NULL},
    {"10.1.0.7", "198.51.100.1", "a", 0, FIB_V_DROP, FIB_UNREACHABLE, -EHOSTUNREACH, NULL, NULL},
    {"10.1.0.7", "203.0.113.1", "a", 0, FIB_V_DROP, FIB_PROHIBIT, -EACCES, NULL, NULL},
    /* forwarding off on c */
    {"10.3.0.7", "10.1.0.9", "c", 0, FIB_V_DROP, FIB_NOT_FORWARDING, -EHOSTUNREACH, NULL, NULL},
    /* martians and local source */
    {"127.0.0.1", "10.1.0.1", "a", 0, FIB_V_DROP, FIB_MARTIAN_SRC, -EINVAL, NULL, NULL},
    {"10.1.0.7", "127.0.0.1", "a", 0, FIB_V_DROP, FIB_MARTIAN_DST, -EINVAL, NULL, NULL},
    {"10.3.0.1", "10.3.0.1", "c", 0, FIB_V_DROP, FIB_LOCAL_SRC, -EINVAL, NULL, NULL},
    {"10.1.0.7", "10.1.0.255", "a", 0, FIB_V_BROADCAST, FIB_OK, 0, "lo", NULL},
    /* rule from 10.2.0.0/24 → table 100 (default via b); throw → back to main */
    {"10.2.0.7", "1.2.3.4", "b", 0, FIB_V_FORWARD, FIB_OK, 0, "b", "10.2.0.254"},
    {"10.2.0.7", "8.8.4.4", "b", 0, FIB_V_DROP, FIB_UNREACHABLE, -ENETUNREACH, NULL, NULL},
    /* goto 300 skips the prohibit rule; table 200 has 9.9.9.0/24 */
    {"10.1.0.7", "9.9.9.9", "a", 0, FIB_V_FORWARD, FIB_OK, 0, "c", "10.3.0.254"},
    /* 9.9.1.1: goto 300 → table 200 misses → main lookup suppressed (default
     * route /0) → iif b not matched here → main: default via a */
    {"10.1.0.7", "9.9.1.1", "a", 0, FIB_V_FORWARD, FIB_OK, 0, "a", "10.1.0.254"},
    /* same from b: unreachable rule for iif b */
    {"10.2.0.7", "9.9.1.1", "b", 0, FIB_V_FORWARD, FIB_OK, 0, "b", "10.2.0.254"},
    {"10.3.0.7", "1.1.1.1", "b", 0, FIB_V_DROP, FIB_UNREACHABLE, -ENETUNREACH, NULL, NULL},
    /* fwmark 7 → blackhole rule */
    {"10.1.0.7", "10.2.0.9", "a", 7, FIB_V_DROP, FIB_BLACKHOLE, -EINVAL, NULL, NULL},
    /* multipath: either path */
    {"10.1.0.7", "172.16.5.5", "a", 0, FIB_V_FORWARD, FIB_OK, 0, NULL, NULL},
};

static uint32_t ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static void run_cases(const struct netcfg *cfg, const struct fcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct fib_result r;
		const struct netcfg_link *in = netcfg_link_by_name(cfg, c[i].iif);

		assert_non_null(in);
		fib_input(cfg, ip(c[i].src), ip(c[i].dst), in->ifindex, 0, c[i].mark, &r);
		if (r.verdict != c[i].verdict || r.cause != c[i].cause || r.err != c[i].err)
			fail_msg("case %zu: %s -> %s iif %s: got %s/%s/%d, want %s/%s/%d", i,
				 c[i].src, c[i].dst, c[i].iif, fib_verdict_name(r.verdict),
				 fib_cause_name(r.cause), r.err, fib_verdict_name(c[i].verdict),
				 fib_cause_name(c[i].cause), c[i].err);
		if (c[i].oif)
			assert_string_equal(netcfg_ifname(cfg, r.oif[0]), c[i].oif);
		if (c[i].gw)
			assert_int_equal(r.gw[0], ip(c[i].gw));
		if (!c[i].oif && r.verdict == FIB_V_FORWARD)
			assert_int_equal(r.n_paths, 2);
	}
}

static void test_policy(void **state)
{
	struct snapshot s;
	char err[256];

	(void)state;
	if (snapshot_parse(policy_json, strlen(policy_json), &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(netcfg_has_custom_rules(s.ns[0]));
	run_cases(s.ns[0], policy_cases, sizeof(policy_cases) / sizeof(policy_cases[0]));
	snapshot_free(&s);
}

static const struct fcase seed000_cases[] = {
    /* the seed's own three `ip route get`s */
    {"180.76.76.76", "10.0.2.15", "enp0s3", 0, FIB_V_DROP, FIB_RPF_STRICT, -EINVAL, NULL, NULL},
    {"10.0.2.2", "10.0.2.15", "enp0s3", 0, FIB_V_LOCAL, FIB_OK, 0, "lo", NULL},
    {"180.76.76.76", "172.31.22.3", "enp0s8", 0, FIB_V_LOCAL, FIB_OK, 0, "lo", NULL},
    /* not a router: forwarding off */
    {"10.0.2.2", "8.8.8.8", "enp0s3", 0, FIB_V_DROP, FIB_NO_ROUTE, -EHOSTUNREACH, NULL, NULL},
};

static void test_seed000(void **state)
{
	struct snapshot s;
	char err[256];

	(void)state;
	if (snapshot_read("tests/fixtures/seed000.json", &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_false(netcfg_has_custom_rules(s.ns[0]));
	run_cases(s.ns[0], seed000_cases, 3);
	{
		struct fib_result r;

		fib_input(s.ns[0], ip("10.0.2.2"), ip("8.8.8.8"),
			  netcfg_link_by_name(s.ns[0], "enp0s3")->ifindex, 0, 0, &r);
		assert_int_equal(r.err, -EHOSTUNREACH);
		assert_true(r.forwarding_off);
		assert_int_equal(r.cause, FIB_NOT_FORWARDING);
	}
	snapshot_free(&s);
}

static void test_output(void **state)
{
	struct snapshot s;
	struct fib_result r;
	char err[256];

	(void)state;
	if (snapshot_read("tests/fixtures/seed001.json", &s, err, sizeof(err)))
		fail_msg("%s", err);
	/* seed 001: the reply from eth1's address leaves by eth0 */
	fib_output(s.ns[0], ip("10.66.60.236"), ip("10.72.112.29"), 0, &r);
	assert_int_equal(r.verdict, FIB_V_FORWARD);
	assert_string_equal(netcfg_ifname(s.ns[0], r.oif[0]), "eth0");
	assert_int_equal(r.gw[0], ip("192.168.122.1"));
	/* not a local address as source */
	fib_output(s.ns[0], ip("10.66.60.237"), ip("10.72.112.29"), 0, &r);
	assert_int_equal(r.err, -EINVAL);
	snapshot_free(&s);
}

/* path: every drop gets a finding named for its cause, with a summary,
 * evidence, and (where there is one) a fix; replies and asymmetry. */
static void test_path(void **state)
{
	struct snapshot s;
	char err[256];
	int with_fix = 0;

	(void)state;
	if (snapshot_parse(policy_json, strlen(policy_json), &s, err, sizeof(err)))
		fail_msg("%s", err);
	for (size_t i = 0; i < sizeof(policy_cases) / sizeof(policy_cases[0]); i++) {
		const struct fcase *c = &policy_cases[i];
		struct path_query q = {.src = ip(c->src),
				       .dst = ip(c->dst),
				       .mark = c->mark,
				       .iif = netcfg_link_by_name(s.ns[0], c->iif)->ifindex};
		struct path_result r;

		assert_int_equal(path_eval(s.ns[0], NULL, &q, "", &r, err, sizeof(err)), 0);
		assert_int_equal(r.verdict, c->verdict);
		if (c->verdict != FIB_V_DROP)
			continue;
		assert_true(r.has_finding);
		assert_string_equal(r.finding.id, fib_cause_name(c->cause));
		assert_true(strlen(r.finding.summary) > 10);
		assert_string_equal(r.finding.dev, c->iif);
		with_fix += r.finding.n_fix > 0;
	}
	assert_true(with_fix >= 5);
	{
		/* 1.2.3.4 → 10.2.0.1 on b: delivered; the reply follows rule 100 */
		struct path_query q = {.src = ip("1.2.3.4"),
				       .dst = ip("10.2.0.1"),
				       .iif = netcfg_link_by_name(s.ns[0], "b")->ifindex};
		struct path_result r;

		assert_int_equal(path_eval(s.ns[0], NULL, &q, "", &r, err, sizeof(err)), 0);
		assert_int_equal(r.verdict, FIB_V_LOCAL);
		assert_true(r.has_reply);
		/* rule 100 (from 10.2.0.0/24 → table 100: default via b) keeps it symmetric */
		assert_string_equal(netcfg_ifname(s.ns[0], r.reply_oif), "b");
		assert_false(r.asymmetric);
		q.dst = ip("10.1.0.1");
		assert_int_equal(path_eval(s.ns[0], NULL, &q, "", &r, err, sizeof(err)), 0);
		assert_string_equal(netcfg_ifname(s.ns[0], r.reply_oif), "a");
		assert_true(r.asymmetric);
		assert_string_equal(r.finding.id, "asymmetric_reply");
		/* no --in: inferred from the route back to the source */
		q.iif = 0;
		assert_int_equal(path_eval(s.ns[0], NULL, &q, "", &r, err, sizeof(err)), 0);
		assert_true(r.iif_assumed);
		assert_string_equal(netcfg_ifname(s.ns[0], r.q.iif), "a");
	}
	snapshot_free(&s);
}

/* The JSON shape of a finding: "type" first, absent things null. */
static void test_finding_json(void **state)
{
	struct finding_list l = {0};
	struct finding *f = finding_add(&l, "x_id", FINDING_WARNING);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	finding_summary(f, "sum %d", 1);
	finding_evidence(f, "ev \"q\"");
	finding_fix(f, "sysctl -w a/b=1");
	out_finding_json(out, f);
	fclose(out);
	assert_string_equal(text, "{\"type\":\"finding\",\"id\":\"x_id\",\"severity\":\"warning\","
				  "\"summary\":\"sum 1\",\"evidence\":[\"ev \\\"q\\\"\"],"
				  "\"fix\":[\"sysctl -w a/b=1\"],\"dev\":null,\"netns\":null,"
				  "\"netns_name\":null}\n");
	free(text);
	assert_int_equal(finding_list_worst(&l), FINDING_WARNING);
	finding_list_free(&l);
}

static void test_cause_names(void **state)
{
	(void)state;
	for (int c = 0; c < FIB_CAUSE_MAX; c++) {
		assert_non_null(fib_cause_name((enum fib_cause)c));
		for (int d = 0; d < c; d++)
			assert_string_not_equal(fib_cause_name((enum fib_cause)c),
						fib_cause_name((enum fib_cause)d));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy), cmocka_unit_test(test_seed000),
	    cmocka_unit_test(test_output), cmocka_unit_test(test_cause_names),
	    cmocka_unit_test(test_path),   cmocka_unit_test(test_finding_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
