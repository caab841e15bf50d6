// SPDX-License-Identifier: GPL-2.0
/* The scenario table is consistent (every role a step, a packet or an
 * expectation names exists; names fit), and drops match expectations on
 * exactly the fields a drop JSON line carries. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "decode/decode.h"
#include "live/drops.h"
#include "lab/lab.h"
#include "model/finding.h"

static bool role_ok(const struct lab_scenario *sc, const char *role)
{
	for (int i = 0; i < LAB_MAX_ROLES && sc->roles[i]; i++)
		if (!strcmp(sc->roles[i], role))
			return true;
	return false;
}

static void test_table_consistent(void **state)
{
	const struct lab_ctx ctx = {.prefix = "a-24-character-prefix-xx"};
	char ns[LAB_NAME_MAX];

	(void)state;
	assert_true(lab_count() >= 6 + 8);
	for (size_t i = 0; i < lab_count(); i++) {
		const struct lab_scenario *sc = lab_scenario_at(i);

		assert_non_null(sc->name);
		assert_ptr_equal(lab_find(sc->name), sc); /* names are unique */
		assert_non_null(sc->seed);
		assert_non_null(sc->story);
		assert_true(role_ok(sc, sc->drop_role));
		for (int r = 0; r < LAB_MAX_ROLES && sc->roles[r]; r++)
			assert_int_equal(lab_ns_name(&ctx, sc, sc->roles[r], ns, sizeof(ns)), 0);
		for (const struct lab_step *st = sc->setup; st->kind; st++) {
			const char *at = st->arg;

			assert_true(role_ok(sc, st->role));
			while ((at = strchr(at, '@'))) {
				char role[16];

				assert_int_equal(sscanf(at + 1, "%15[a-z0-9]", role), 1);
				assert_true(role_ok(sc, role));
				at++;
			}
			if (st->kind == LAB_STEP_SYSCTL || st->kind == LAB_STEP_XDP)
				assert_non_null(st->value);
			if (st->kind == LAB_STEP_XDP && !strcmp(st->value, "lab_redirect"))
				assert_non_null(st->target);
		}
		assert_int_not_equal(sc->traffic[0].kind, LAB_TX_END);
		for (const struct lab_traffic *t = sc->traffic; t->kind; t++) {
			assert_true(role_ok(sc, t->role));
			assert_non_null(t->dst);
		}
		assert_true(lab_nexpect(sc) >= 1);
		for (int e = 0; e < lab_nexpect(sc); e++) {
			const struct lab_expect *x = &sc->expect[e];

			assert_true(role_ok(sc, x->role));
			if (!x->family) { /* XDP: no skb, no packet, no location */
				assert_int_equal(strncmp(x->reason, "XDP_", 4), 0);
				assert_null(x->location);
				assert_null(x->src);
				assert_non_null(x->dev);
				continue;
			}
			assert_true(!strcmp(x->family, "ipv4") || !strcmp(x->family, "ipv6") ||
				    !strcmp(x->family, "arp"));
			assert_true(x->finding || x->location);
			assert_non_null(x->dev);
			assert_true(strlen(x->dev) <= 15);
		}
	}
	assert_null(lab_find("nope"));
}

static void test_prefix_and_names(void **state)
{
	const struct lab_scenario *sc = lab_find("rp-filter");
	const struct lab_ctx ctx = {.prefix = "dd"};
	char ns[LAB_NAME_MAX], small[8];

	(void)state;
	assert_int_equal(lab_check_prefix("dd"), 0);
	assert_int_equal(lab_check_prefix("dl12345"), 0);
	assert_int_equal(lab_check_prefix(""), -EINVAL);
	assert_int_equal(lab_check_prefix("a/b"), -EINVAL);
	assert_int_equal(lab_check_prefix("a b"), -EINVAL);
	assert_int_equal(lab_check_prefix("0123456789012345678901234"), -EINVAL);
	assert_int_equal(lab_ns_name(&ctx, sc, "gw1", ns, sizeof(ns)), 0);
	assert_string_equal(ns, "dd-rp-filter-gw1");
	assert_int_equal(lab_ns_name(&ctx, sc, "peer", ns, sizeof(ns)), -ENOENT);
	assert_int_equal(lab_ns_name(&ctx, sc, "host", small, sizeof(small)), -ENAMETOOLONG);
}

/* A drop record as the pipeline would hand it for closed-port over IPv6. */
struct fake {
	struct pkt p;
	struct drop_record d;
	struct finding f;
};

static void fake_v6(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->p.family = AF_INET6;
	f->p.proto = IPPROTO_UDP;
	inet_pton(AF_INET6, "2001:db8:0:0::2", &f->p.src.v6); /* other spelling */
	inet_pton(AF_INET6, "2001:db8::1", &f->p.dst.v6);
	f->p.sport = 40001;
	f->p.dport = 33434;
	f->d.reason = "NO_SOCKET";
	f->d.location = "__udp6_lib_rcv";
	f->d.dev = "eth0";
	f->d.netns_name = "dd-closed-port-host";
	f->d.pkt = &f->p;
	snprintf(f->f.id, sizeof(f->f.id), "no_socket");
	f->d.finding = &f->f;
}

static void test_match(void **state)
{
	const struct lab_scenario *sc = lab_find("closed-port");
	const struct lab_ctx ctx = {.prefix = "dd"};
	const struct lab_expect *v6 = &sc->expect[1];
	struct lab_result r;
	struct fake f;

	(void)state;
	fake_v6(&f);
	assert_true(lab_expect_match(v6, "dd-closed-port-host", 0, &f.d));
	assert_false(lab_expect_match(&sc->expect[0], "dd-closed-port-host", 0, &f.d));
	assert_false(lab_expect_match(v6, "dd-closed-port-peer", 0, &f.d));
	f.p.dport = 53;
	assert_false(lab_expect_match(v6, "dd-closed-port-host", 0, &f.d));
	fake_v6(&f);
	f.d.dev = "eth1";
	assert_false(lab_expect_match(v6, "dd-closed-port-host", 0, &f.d));
	fake_v6(&f);
	f.d.location = NULL;
	assert_false(lab_expect_match(v6, "dd-closed-port-host", 0, &f.d));
	fake_v6(&f); /* a known inode wins over the name */
	f.d.netns = 4026530000;
	f.d.netns_name = "";
	assert_true(lab_expect_match(v6, "dd-closed-port-host", 4026530000, &f.d));
	assert_false(lab_expect_match(v6, "dd-closed-port-host", 4026530001, &f.d));
	fake_v6(&f);
	f.d.pkt = NULL;
	assert_false(lab_expect_match(v6, "dd-closed-port-host", 0, &f.d));

	fake_v6(&f);
	lab_result_init(&ctx, sc, &r); /* no such namespaces: inodes stay 0 */
	assert_int_equal(r.nexpect, 2);
	assert_int_equal(r.missing, 2);
	assert_true(lab_match(&ctx, sc, &f.d, &r));
	assert_true(lab_match(&ctx, sc, &f.d, &r));
	assert_int_equal(r.count[1], 2);
	assert_int_equal(r.found, 1);
	assert_int_equal(r.missing, 1);
	f.d.reason = "OTHERHOST";
	assert_false(lab_match(&ctx, sc, &f.d, &r));
	assert_int_equal(r.unmatched, 1);
}

/* ICMP drops have no ports: the expectation's 0 means "null". */
static void test_match_no_ports(void **state)
{
	const struct lab_scenario *sc = lab_find("rp-filter");
	struct finding fd;
	struct fake f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.p.family = AF_INET;
	f.p.proto = IPPROTO_ICMP;
	inet_pton(AF_INET, "203.0.113.1", &f.p.src.v4);
	inet_pton(AF_INET, "10.0.1.2", &f.p.dst.v4);
	f.p.sport = f.p.dport = -1;
	f.d.reason = "IP_RPFILTER";
	f.d.location = "ip_rcv_finish_core";
	f.d.dev = "up1";
	f.d.netns_name = "dd-rp-filter-host";
	f.d.pkt = &f.p;
	/* the expectation names the finding: none, or another one, fails */
	assert_false(lab_expect_match(&sc->expect[0], "dd-rp-filter-host", 0, &f.d));
	snprintf(fd.id, sizeof(fd.id), "local_source");
	f.d.finding = &fd;
	assert_false(lab_expect_match(&sc->expect[0], "dd-rp-filter-host", 0, &f.d));
	snprintf(fd.id, sizeof(fd.id), "rp_filter_strict");
	assert_true(lab_expect_match(&sc->expect[0], "dd-rp-filter-host", 0, &f.d));
	f.p.sport = 0;
	assert_false(lab_expect_match(&sc->expect[0], "dd-rp-filter-host", 0, &f.d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_consistent),
	    cmocka_unit_test(test_prefix_and_names),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_match_no_ports),
	};

	return cmocka_run_group_tests_name("lab", tests, NULL, NULL);
}
