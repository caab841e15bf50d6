// SPDX-License-Identifier: GPL-2.0
/* explain: each row of the drop-class table on configuration fixtures
 * (the seeds' own `ip route`/`ip addr`/sysctl outputs as snapshots). */
#include <arpa/inet.h>
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
#include "model/snapshot.h"

#define FIX "tests/fixtures/"

struct fx {
	struct snapshot snap;
	struct netcfg *cfg;
	struct pkt pkt;
	struct drop_record d;
	struct finding f;
};

static struct fx *load(const char *file)
{
	static struct fx x;
	char err[256];

	memset(&x, 0, sizeof(x));
	assert_int_equal(snapshot_read(file, &x.snap, err, sizeof(err)), 0);
	x.cfg = snapshot_find(&x.snap, NULL);
	assert_non_null(x.cfg);
	return &x;
}

static void drop_v4(struct fx *x, const char *reason, const char *dev, const char *src,
		    const char *dst)
{
	const struct netcfg_link *l = netcfg_link_by_name(x->cfg, dev);

	assert_non_null(l);
	memset(&x->pkt, 0, sizeof(x->pkt));
	x->pkt.has_eth = true;
	x->pkt.family = AF_INET;
	x->pkt.proto = IPPROTO_ICMP;
	x->pkt.sport = x->pkt.dport = x->pkt.vlan = -1;
	inet_pton(AF_INET, src, &x->pkt.src.v4);
	inet_pton(AF_INET, dst, &x->pkt.dst.v4);
	memcpy(x->pkt.dmac, l->addr, 6);
	memset(&x->d, 0, sizeof(x->d));
	x->d.reason = reason;
	x->d.location = "ip_rcv_finish_core";
	x->d.dev = dev;
	x->d.ifindex = (uint32_t)l->ifindex;
	x->d.netns_name = "seed";
	x->d.pkt = &x->pkt;
}

static void run(struct fx *x, const struct explain_env *env)
{
	struct explain_in in = {.d = &x->d, .cfg = x->cfg, .env = env, .pre = ""};

	explain_drop(&in, &x->f);
}

static void teardown(struct fx *x)
{
	snapshot_free(&x->snap);
}

/* seed 000: ICMP reply from the Internet on enp0s3, strict rp_filter, the
 * lowest-metric default route is via enp0s8. */
static void rp_filter_seed000(void **state)
{
	struct fx *x = load(FIX "seed000.json");

	(void)state;
	drop_v4(x, "IP_RPFILTER", "enp0s3", "180.76.76.76", "10.0.2.15");
	run(x, NULL);
	assert_string_equal(x->f.id, "rp_filter_strict");
	assert_non_null(strstr(x->f.summary, "enp0s3"));
	assert_evidence(x, "enp0s3: rp_filter 1 = max(conf/all=1, conf/enp0s3=1)");
	assert_evidence(x, "route back to 180.76.76.76: default via 172.31.22.1 dev enp0s8");
	assert_evidence(x, "metric 100");
	assert_fix(x, "sysctl -w net.ipv4.conf.enp0s3.rp_filter=2");
	assert_fix(x, "ip route add default via 10.0.2.2 dev enp0s3 table");
	assert_fix(x, "ip rule add from 10.0.2.15 table");
	teardown(x);
}

/* The kernel dropped it, but the model of the current configuration would
 * accept it (say, rp_filter was relaxed since): no invented cause. */
static void rp_filter_model_disagrees(void **state)
{
	struct fx *x = load(FIX "seed000.json");

	(void)state;
	drop_v4(x, "IP_RPFILTER", "enp0s3", "10.0.2.2", "10.0.2.15"); /* on-link source */
	run(x, NULL);
	assert_string_equal(x->f.id, "route_model_disagrees");
	assert_fix(x, "ip route get 10.0.2.15 from 10.0.2.2 iif enp0s3");
	teardown(x);
}

static void local_source(void **state)
{
	struct fx *x = load(FIX "seed000.json");

	(void)state;
	drop_v4(x, "IP_LOCAL_SOURCE", "enp0s3", "10.0.2.15", "10.0.2.15");
	run(x, NULL);
	assert_string_equal(x->f.id, "local_source");
	assert_fix(x, "sysctl -w net.ipv4.conf.enp0s3.accept_local=1");
	teardown(x);
}

/* Not for this host, and ip_forward is 0 in seed 000. */
static void not_forwarding(void **state)
{
	struct fx *x = load(FIX "seed000.json");

	(void)state;
	drop_v4(x, "IP_INADDRERRORS", "enp0s8", "172.31.22.7", "192.168.56.9");
	run(x, NULL);
	assert_string_equal(x->f.id, "not_forwarding");
	assert_evidence(x, "net.ipv4.ip_forward=0");
	assert_fix(x, "sysctl -w net.ipv4.ip_forward=1");
	teardown(x);
}

/* seed 002: a frame for another MAC, on a device that is not promiscuous. */
static void otherhost(void **state)
{
	struct fx *x = load(FIX "seed000.json");
	static const uint8_t stale[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x99};

	(void)state;
	drop_v4(x, "OTHERHOST", "enp0s3", "10.0.2.2", "10.0.2.15");
	memcpy(x->pkt.dmac, stale, 6);
	run(x, NULL);
	assert_string_equal(x->f.id, "foreign_dst_mac");
	assert_evidence(x, "frame destination MAC 52:54:00:00:00:99 != enp0s3 MAC "
			   "52:54:00:00:00:02");
	assert_evidence(x, "IP destination 10.0.2.15 is this host's own address");
	assert_no_evidence(x, "promiscuous");
	assert_fix(x, "ip neigh replace 10.0.2.15 lladdr 52:54:00:00:00:02");
	teardown(x);
}

static void malformed(void **state)
{
	struct fx *x = load(FIX "seed000.json");

	(void)state;
	drop_v4(x, "IP_CSUM", "enp0s3", "10.0.2.2", "10.0.2.15");
	x->pkt.ip_csum_ok = 0;
	x->pkt.ip_csum = 0x1234;
	x->pkt.ip_csum_calc = 0xabcd;
	x->pkt.ihl = 20;
	run(x, NULL);
	assert_string_equal(x->f.id, "ipv4_bad_checksum");
	assert_string_equal(x->f.summary, "IPv4 header checksum is 0x1234, should be 0xabcd");

	drop_v4(x, "PKT_TOO_SMALL", "enp0s3", "10.0.2.2", "10.0.2.15");
	x->pkt.ip_csum_ok = 1;
	x->pkt.ip_len = 54;
	x->pkt.missing = 14;
	run(x, NULL);
	assert_string_equal(x->f.id, "ipv4_tot_len_beyond_frame");
	assert_evidence(x, "tot_len 54, but the frame holds 40 bytes");

	/* the bytes look fine: nothing to say from them, so what the
	 * kernel checked and what to look at */
	drop_v4(x, "IP_INHDR", "enp0s3", "10.0.2.2", "10.0.2.15");
	x->pkt.ip_csum_ok = 1;
	run(x, NULL);
	assert_string_equal(x->f.id, "ip-inhdr");
	teardown(x);
}

/* The namespace's counters that moved: one related to PROTO_MEM, one not. */
static int fake_mibs(void *arg, uint32_t netns, const char *const *names, struct mib_delta *out,
		     int n)
{
	static const struct mib_delta moved[] = {{"UdpMemErrors", 7, false},
						 {"Ip6InMcastOctets", 999, false}};
	int k = 0;

	(void)arg;
	(void)netns;
	for (size_t i = 0; i < 2 && k < n; i++) {
		bool want = !names;

		for (const char *const *nm = names; nm && *nm; nm++)
			want |= !strcmp(*nm, moved[i].name);
		if (want)
			out[k++] = moved[i];
	}
	return k;
}

/* A reason the configuration cannot say more about: what the kernel
 * checked, where, what to look at, and only its own counters. */
static void described_with_own_counters(void **state)
{
	struct fx *x = load(FIX "seed000.json");
	struct explain_env env = {.mibs = fake_mibs};

	(void)state;
	drop_v4(x, "PROTO_MEM", "enp0s3", "10.0.2.2", "10.0.2.15");
	x->d.location = "__udp_enqueue_schedule_skb";
	x->d.location_off = 0x1f;
	x->d.netns_name = "seed";
	run(x, &env);
	assert_string_equal(x->f.id, "proto-mem");
	assert_int_equal(x->f.severity, FINDING_NOTICE);
	assert_evidence(x, "the kernel checked: the protocol's memory limit is reached");
	assert_evidence(x, "freed at __udp_enqueue_schedule_skb+0x1f");
	assert_evidence(x, "counter UdpMemErrors +7");
	assert_no_evidence(x, "Ip6InMcastOctets");
	assert_fix(x, "look at net.ipv4.tcp_mem");
	teardown(x);
}

/* A reason newer than the table, or NOT_SPECIFIED somewhere unlisted:
 * "unexplained", with no counters at all (none is known to belong). */
static void unexplained_without_counters(void **state)
{
	struct fx *x = load(FIX "seed000.json");
	struct explain_env env = {.mibs = fake_mibs};
	const char *reasons[] = {"SOME_FUTURE_REASON", "NOT_SPECIFIED"};

	(void)state;
	for (int i = 0; i < 2; i++) {
		drop_v4(x, reasons[i], "enp0s3", "10.0.2.2", "10.0.2.15");
		x->d.location = "some_function";
		run(x, &env);
		assert_string_equal(x->f.id, "unexplained");
		assert_evidence(x, "freed at some_function+0x0");
		assert_no_evidence(x, "counter");
		assert_true(x->f.n_fix >= 1);
	}
	teardown(x);
}

/* Normal operation: an info finding with its own id and why. */
static void normal_is_info(void **state)
{
	struct fx *x = load(FIX "seed000.json");

	(void)state;
	drop_v4(x, "NOT_SPECIFIED", "enp0s3", "10.0.2.2", "10.0.2.15");
	x->d.location = "ip6_mc_input";
	run(x, NULL);
	assert_string_equal(x->f.id, "mcast-not-joined");
	assert_int_equal(x->f.severity, FINDING_INFO);
	assert_evidence(x, "expected: MLD reports and router solicitations");
	drop_v4(x, "NO_SOCKET", "enp0s3", "10.0.2.2", "10.0.2.15");
	x->d.location = "ping_rcv";
	run(x, NULL);
	assert_string_equal(x->f.id, "ping-reply-late");
	assert_int_equal(x->f.severity, FINDING_INFO);
	teardown(x);
}

/* Without a model (namespace gone), a routing drop still gets a finding:
 * what the kernel checked and what to look at. */
static void no_model(void **state)
{
	struct fx *x = load(FIX "seed000.json");
	struct explain_in in = {.d = &x->d, .cfg = NULL, .pre = ""};

	(void)state;
	drop_v4(x, "IP_RPFILTER", "enp0s3", "180.76.76.76", "10.0.2.15");
	explain_drop(&in, &x->f);
	assert_string_equal(x->f.id, "ip-rpfilter");
	assert_evidence(x, "the kernel checked: reverse-path filter");
	assert_fix(x, "look at rp_filter");
	teardown(x);
}

/* The table: every reason is claimed by one row only, lookups ignore case,
 * and every claimed reason has a meaning for the unexplained fallback. */
static void table(void **state)
{
	(void)state;
	assert_true(explain_nrules >= 5);
	for (unsigned i = 0; i < explain_nrules; i++) {
		assert_non_null(explain_rules[i].explain);
		assert_non_null(explain_rules[i].reasons[0]);
		for (const char *const *r = explain_rules[i].reasons; *r; r++) {
			char reason[64];
			const char *at = strchr(*r, '@');

			snprintf(reason, sizeof(reason), "%.*s", at ? (int)(at - *r) : 63, *r);
			assert_ptr_equal(explain_rule_at(reason, at ? at + 1 : NULL),
					 &explain_rules[i]);
			assert_non_null(explain_reason_meaning(reason));
		}
	}
	assert_ptr_equal(explain_rule_for("ip_rpfilter"), explain_rule_for("IP_RPFILTER"));
	assert_null(explain_rule_for("NO_SUCH_REASON"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rp_filter_seed000),
	    cmocka_unit_test(rp_filter_model_disagrees),
	    cmocka_unit_test(local_source),
	    cmocka_unit_test(not_forwarding),
	    cmocka_unit_test(otherhost),
	    cmocka_unit_test(malformed),
	    cmocka_unit_test(described_with_own_counters),
	    cmocka_unit_test(unexplained_without_counters),
	    cmocka_unit_test(normal_is_info),
	    cmocka_unit_test(no_model),
	    cmocka_unit_test(table),
	};

	return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
