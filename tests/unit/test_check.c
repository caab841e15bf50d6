// SPDX-License-Identifier: GPL-2.0
/* check: every rule of the table on the seed fixtures — the right ids on
 * the right devices, evidence with the host's real values, fixes with them
 * filled in — and every rule triggered by at least one fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "model/check.h"
#include "model/snapshot.h"

struct expect {
	const char *fixture;
	const char *ids[6]; /* "id" or "id@dev", in report order */
	/* a line that must appear in some finding's evidence / fix */
	const char *evidence;
	const char *fix;
};

static const struct expect expects[] = {
    {"seed000.json",
     {"rp_filter_strict_multihomed@enp0s3", "rp_filter_strict_multihomed@enp0s9",
      "multiple_default_routes"},
     "route back to an off-link source (e.g. 198.51.100.77): default via 172.31.22.1 dev "
     "enp0s8 proto dhcp metric 100",
     "ip netns exec seed000 sysctl -w net.ipv4.conf.enp0s3.rp_filter=2"},
    {"seed001.json",
     {"multiple_default_routes"},
     "a request to 10.66.60.236 (eth1) from an off-link host is answered via eth0, not eth1",
     "ip netns exec seed001 ip rule add from 10.66.60.236 table 103"},
    {"seed002.json", {"promiscuous_interface@eth0"}, "eth0: promiscuity 1", NULL},
    {"seed003a.json",
     {"xdp_veth_peer_without_xdp@t22"},
     "peer veth0 (ifindex 2 in netns t33): no XDP program",
     "ip -n t33 link set dev veth0 xdp obj xdp_pass.o sec xdp  # any program returning "
     "XDP_PASS"},
    {"seed004.json",
     {"rp_filter_strict_tunnel@tun_a"},
     "route back to 172.16.1.62: default via 172.16.16.1 dev eth0",
     "ip netns exec seed004 sysctl -w net.ipv4.conf.tun_a.rp_filter=2"},
    {"router_noforward.json",
     {"ip_forward_off_router"},
     "rule for traffic arriving from elsewhere: 100: from all iif lan lookup main",
     "ip netns exec router sysctl -w net.ipv4.ip_forward=1"},
    {"clean.json", {NULL}, NULL, NULL},
};

static void run_fixture(const struct expect *e, bool *triggered)
{
	struct snapshot s;
	struct finding_list l = {0};
	char path[128], err[256], prefix[96];
	bool ev = !e->evidence, fx = !e->fix;
	size_t n = 0;

	snprintf(path, sizeof(path), "tests/fixtures/%s", e->fixture);
	if (snapshot_read(path, &s, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	snprintf(prefix, sizeof(prefix), "ip netns exec %s ", s.ns[0]->netns_name);
	check_run(s.ns[0], prefix, &l);
	for (; n < 6 && e->ids[n]; n++)
		;
	if (l.n != n) {
		for (size_t i = 0; i < l.n; i++)
			print_message("%s: got %s@%s\n", e->fixture, l.v[i].id, l.v[i].dev);
		fail_msg("%s: %zu findings, expected %zu", e->fixture, l.n, n);
	}
	for (size_t i = 0; i < l.n; i++) {
		char got[80];

		snprintf(got, sizeof(got), l.v[i].dev[0] ? "%s@%s" : "%s", l.v[i].id, l.v[i].dev);
		assert_string_equal(got, e->ids[i]);
		assert_true(l.v[i].summary[0]);
		assert_true(l.v[i].n_evidence > 0);
		for (size_t r = 0; r < check_nrules; r++)
			if (!strcmp(check_rules[r].id, l.v[i].id)) {
				triggered[r] = true;
				assert_int_equal(l.v[i].severity, check_rules[r].severity);
			}
		ev |= e->evidence &&
		      unit_lines_have(l.v[i].evidence, l.v[i].n_evidence, e->evidence, true, false);
		fx |= e->fix && unit_lines_have(l.v[i].fix, l.v[i].n_fix, e->fix, true, false);
	}
	if (!ev)
		fail_msg("%s: no evidence line \"%s\"", e->fixture, e->evidence);
	if (!fx)
		fail_msg("%s: no fix line \"%s\"", e->fixture, e->fix);
	finding_list_free(&l);
	snapshot_free(&s);
}

static void test_rules_on_fixtures(void **state)
{
	bool triggered[32] = {false};

	(void)state;
	assert_true(check_nrules <= 32);
	for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++)
		run_fixture(&expects[i], triggered);
	for (size_t r = 0; r < check_nrules; r++)
		if (!triggered[r])
			fail_msg("rule %s is not covered by any fixture", check_rules[r].id);
}

static void test_rule_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < check_nrules; i++) {
		assert_non_null(check_rules[i].id);
		assert_non_null(check_rules[i].run);
		assert_true(strlen(check_rules[i].detects) > 10);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(check_rules[i].id, check_rules[j].id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rule_table),
	    cmocka_unit_test(test_rules_on_fixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
