// SPDX-License-Identifier: GPL-2.0
/* mib: the nstat names out of /proc/net/{snmp,netstat,snmp6} text, the
 * counters that moved (errors and drops first, gauges never), totals when
 * there is no earlier reading, and the tracker's baselines and rate limit. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "host/mib.h"

/* Shaped like this kernel's files, values made up. */
static const char snmp_a[] =
    "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InDiscards\n"
    "Ip: 1 64 1000 0 0 0 0\n"
    "Icmp: InMsgs InErrors OutMsgs OutDestUnreachs\n"
    "Icmp: 5 0 7 2\n"
    "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens CurrEstab OutRsts\n"
    "Tcp: 1 200 120000 -1 10 3 4\n"
    "Udp: InDatagrams NoPorts InErrors RcvbufErrors\n"
    "Udp: 500 2 0 0\n";
static const char snmp_b[] =
    "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InDiscards\n"
    "Ip: 1 64 1400 0 0 0 0\n"
    "Icmp: InMsgs InErrors OutMsgs OutDestUnreachs\n"
    "Icmp: 5 0 12 7\n"
    "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens CurrEstab OutRsts\n"
    "Tcp: 1 200 120000 -1 10 9 4\n"
    "Udp: InDatagrams NoPorts InErrors RcvbufErrors\n"
    "Udp: 500 7 0 1\n";
static const char netstat[] = "TcpExt: SyncookiesSent ListenOverflows ListenDrops\n"
			      "TcpExt: 0 3 3\n"
			      "IpExt: InNoRoutes InTruncatedPkts InOctets\n"
			      "IpExt: 1 0 123456\n";
static const char snmp6[] = "Ip6InReceives                   \t40\n"
			    "Ip6InNoRoutes                   \t2\n"
			    "Udp6NoPorts                     \t1\n";

static void parse(const char *text, struct mib_set *s, int table)
{
	assert_int_equal(table ? mib_parse_table(text, s) : mib_parse_lines(text, s), 0);
}

static void names_and_values(void **state)
{
	struct mib_set s = {0};

	(void)state;
	parse(snmp_a, &s, 1);
	parse(netstat, &s, 1);
	parse(snmp6, &s, 0);
	assert_int_equal(s.n, 7 + 4 + 7 + 4 + 3 + 3 + 3);
	assert_int_equal(mib_get(&s, "IpInReceives")->value, 1000);
	assert_int_equal(mib_get(&s, "TcpMaxConn")->value, -1);
	assert_int_equal(mib_get(&s, "UdpNoPorts")->value, 2);
	assert_int_equal(mib_get(&s, "TcpExtListenDrops")->value, 3);
	assert_int_equal(mib_get(&s, "IpExtInNoRoutes")->value, 1);
	assert_int_equal(mib_get(&s, "Ip6InNoRoutes")->value, 2);
	assert_int_equal(mib_get(&s, "Udp6NoPorts")->value, 1);
	assert_null(mib_get(&s, "NoPorts"));
	mib_set_free(&s);
}

static void malformed(void **state)
{
	struct mib_set s = {0};

	(void)state;
	/* a header without its values, values of another group, counts off */
	assert_int_equal(mib_parse_table("Ip: A B\n", &s), -EINVAL);
	assert_int_equal(mib_parse_table("Ip: A B\nTcp: 1 2\n", &s), -EINVAL);
	assert_int_equal(mib_parse_table("Ip: A B\nIp: 1\n", &s), -EINVAL);
	assert_int_equal(mib_parse_table("Ip: A\nIp: 1 2\n", &s), -EINVAL);
	assert_int_equal(mib_parse_lines("Ip6InReceives\n", &s), -EINVAL);
	mib_set_free(&s);
	assert_int_equal(mib_parse_table("", &s), 0);
	assert_int_equal(s.n, 0);
}

static void moved_errors_first(void **state)
{
	struct mib_set a = {0}, b = {0};
	struct mib_delta m[MIB_MAX_DELTAS];
	int n;

	(void)state;
	parse(snmp_a, &a, 1);
	parse(snmp_b, &b, 1);
	n = mib_moved(&a, &b, m, MIB_MAX_DELTAS);
	/* UdpNoPorts +5, UdpRcvbufErrors +1 (drops), IcmpOutDestUnreachs +5
	 * (a refusal), then IpInReceives +400, IcmpOutMsgs +5; TcpCurrEstab
	 * is a gauge */
	assert_int_equal(n, 5);
	assert_string_equal(m[0].name, "UdpNoPorts");
	assert_int_equal(m[0].delta, 5);
	assert_false(m[0].total);
	assert_string_equal(m[1].name, "UdpRcvbufErrors");
	assert_string_equal(m[2].name, "IcmpOutDestUnreachs");
	assert_string_equal(m[3].name, "IpInReceives");
	assert_int_equal(m[3].delta, 400);
	assert_string_equal(m[4].name, "IcmpOutMsgs");
	/* room for two: the two drops */
	assert_int_equal(mib_moved(&a, &b, m, 2), 2);
	assert_string_equal(m[1].name, "UdpRcvbufErrors");
	/* nothing moved */
	assert_int_equal(mib_moved(&b, &b, m, MIB_MAX_DELTAS), 0);
	mib_set_free(&a);
	mib_set_free(&b);
}

static void totals_are_errors_only(void **state)
{
	struct mib_set s = {0};
	struct mib_delta m[MIB_MAX_DELTAS];
	int n;

	(void)state;
	parse(snmp_a, &s, 1);
	parse(netstat, &s, 1);
	n = mib_totals(&s, m, MIB_MAX_DELTAS);
	/* TcpExtListenOverflows 3, TcpExtListenDrops 3, UdpNoPorts 2,
	 * IpExtInNoRoutes 1, then the refusals IcmpOutDestUnreachs 2 and
	 * TcpOutRsts 4 */
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++) {
		assert_true(m[i].total);
		assert_true(mib_is_error(m[i].name));
	}
	assert_string_equal(m[0].name, "TcpExtListenDrops");
	assert_string_equal(m[1].name, "TcpExtListenOverflows");
	assert_string_equal(m[2].name, "UdpNoPorts");
	assert_string_equal(m[3].name, "IpExtInNoRoutes");
	assert_string_equal(m[4].name, "TcpOutRsts");
	assert_string_equal(m[5].name, "IcmpOutDestUnreachs");
	mib_set_free(&s);
}

static void tracker_totals_then_deltas(void **state)
{
	struct mib_tracker *t;
	struct mib_set s = {0};
	struct mib_delta m[MIB_MAX_DELTAS];
	int n;

	(void)state;
	assert_int_equal(mib_tracker_new(200, &t), 0);
	/* first question about namespace 7: no reading before, totals */
	parse(snmp_a, &s, 1);
	n = mib_tracker_update(t, 7, &s, 1000, NULL, m, MIB_MAX_DELTAS);
	assert_int_equal(s.n, 0); /* taken over */
	assert_true(n > 0);
	assert_true(m[0].total);
	assert_string_equal(m[0].name, "UdpNoPorts");
	/* the next one: deltas since */
	parse(snmp_b, &s, 1);
	n = mib_tracker_update(t, 7, &s, 2000, NULL, m, MIB_MAX_DELTAS);
	assert_int_equal(n, 5);
	assert_false(m[0].total);
	assert_string_equal(m[0].name, "UdpNoPorts");
	assert_int_equal(m[0].delta, 5);
	/* a rule asks for its own counters only: those that moved, asked
	 * again within the interval from the same readings */
	{
		static const char *const udp[] = {"UdpRcvbufErrors", "UdpInErrors", "IpInReceives",
						  NULL};
		struct mib_set c = {0};

		parse(snmp_b, &c, 1);
		mib_set_free(&s);
		/* unchanged since: nothing moved */
		assert_int_equal(mib_tracker_update(t, 7, &c, 3000, udp, m, MIB_MAX_DELTAS), 0);
	}
	parse(snmp_a, &s, 1);
	{
		static const char *const udp[] = {"UdpRcvbufErrors", "IpInReceives", NULL};

		/* b → a: RcvbufErrors 1 → 0, IpInReceives 1400 → 1000 */
		n = mib_tracker_update(t, 7, &s, 4000, udp, m, MIB_MAX_DELTAS);
		assert_int_equal(n, 2);
		assert_string_equal(m[0].name, "UdpRcvbufErrors"); /* errors first */
		assert_int_equal(m[0].delta, -1);
		assert_string_equal(m[1].name, "IpInReceives");
		assert_int_equal(m[1].delta, -400);
	}
	/* a first reading answers the named counters' totals, errors or not */
	{
		static const char *const in[] = {"IpInReceives", NULL};

		parse(snmp_b, &s, 1);
		n = mib_tracker_update(t, 9, &s, 2000, in, m, MIB_MAX_DELTAS);
		assert_int_equal(n, 1);
		assert_true(m[0].total);
		assert_int_equal(m[0].delta, 1400);
	}
	/* another namespace is its own */
	parse(snmp_b, &s, 1);
	n = mib_tracker_update(t, 8, &s, 2000, NULL, m, MIB_MAX_DELTAS);
	assert_true(m[0].total);
	mib_tracker_free(t);
	mib_set_free(&s);
}

/* The real thing, on our own namespace: a baseline, then one reading per
 * interval however often we ask. */
static void tracker_reads_live(void **state)
{
	struct mib_tracker *t;
	struct mib_delta m[MIB_MAX_DELTAS];
	struct mib_set s = {0};

	(void)state;
	assert_int_equal(mib_read(-1, &s), 0);
	assert_non_null(mib_get(&s, "UdpNoPorts"));
	assert_non_null(mib_get(&s, "TcpExtListenDrops"));
	mib_set_free(&s);
	assert_int_equal(mib_tracker_new(60000, &t), 0);
	assert_int_equal(mib_tracker_baseline(t, 1, -1), 0);
	assert_int_equal(mib_tracker_reads(t), 1);
	/* after a baseline the first question reads again (the drop came
	 * after it); the ones after that within the interval do not */
	assert_true(mib_tracker_moved(t, 1, -1, NULL, m, MIB_MAX_DELTAS) >= 0);
	assert_int_equal(mib_tracker_reads(t), 2);
	assert_true(mib_tracker_moved(t, 1, -1, NULL, m, MIB_MAX_DELTAS) >= 0);
	assert_true(mib_tracker_moved(t, 1, -1, NULL, m, MIB_MAX_DELTAS) >= 0);
	assert_int_equal(mib_tracker_reads(t), 2);
	mib_tracker_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_and_values),		  cmocka_unit_test(malformed),
	    cmocka_unit_test(moved_errors_first),	  cmocka_unit_test(totals_are_errors_only),
	    cmocka_unit_test(tracker_totals_then_deltas), cmocka_unit_test(tracker_reads_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
