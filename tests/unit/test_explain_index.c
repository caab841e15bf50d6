// SPDX-License-Identifier: GPL-2.0
/* explain_index: a reason code is matched to its row and meaning once per
 * run, and a drop explained through the index gets the finding the name
 * lookup gives. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "decode/decode.h"
#include "explain/explain.h"
#include "model/snapshot.h"

static void explain_rp(struct explain_index *x, uint32_t code, const char *reason,
		       struct finding *f)
{
	struct snapshot snap = {0};
	struct netcfg *cfg;
	const struct netcfg_link *l;
	struct pkt p = {0};
	struct drop_record d = {0};
	char err[256];

	assert_int_equal(snapshot_read("tests/fixtures/seed000.json", &snap, err, sizeof(err)), 0);
	cfg = snapshot_find(&snap, NULL);
	assert_non_null(cfg);
	l = netcfg_link_by_name(cfg, "enp0s3");
	assert_non_null(l);
	p.has_eth = true;
	p.family = AF_INET;
	p.proto = IPPROTO_ICMP;
	p.sport = p.dport = p.vlan = -1;
	inet_pton(AF_INET, "180.76.76.76", &p.src.v4);
	inet_pton(AF_INET, "10.0.2.15", &p.dst.v4);
	memcpy(p.dmac, l->addr, 6);
	d.reason = reason;
	d.reason_code = code;
	d.location = "ip_rcv_finish_core";
	d.dev = "enp0s3";
	d.ifindex = (uint32_t)l->ifindex;
	d.pkt = &p;
	struct explain_in in = {.d = &d, .cfg = cfg, .pre = "", .index = x};
	explain_drop(&in, f);
	snapshot_free(&snap);
}

static void same_finding_as_by_name(void **state)
{
	struct explain_index *x;
	struct finding a, b;

	(void)state;
	assert_int_equal(explain_index_new(&x), 0);
	explain_rp(NULL, 16, "IP_RPFILTER", &a);
	explain_rp(x, 16, "IP_RPFILTER", &b);
	assert_string_not_equal(a.id, "unexplained");
	assert_string_equal(a.id, b.id);
	assert_int_equal(a.n_evidence, b.n_evidence);
	assert_int_equal(a.n_fix, b.n_fix);
	explain_index_free(x);
}

/* The second drop of a code takes the row the first one matched: the name
 * is not looked at again (here it is a name no row claims). */
static void matched_once(void **state)
{
	struct explain_index *x;
	struct finding a, b;

	(void)state;
	assert_int_equal(explain_index_new(&x), 0);
	explain_rp(x, 16, "IP_RPFILTER", &a);
	explain_rp(x, 16, "NO_SUCH_REASON", &b);
	assert_string_equal(a.id, b.id);
	assert_string_not_equal(b.id, "unexplained");
	/* codes past the index (subsystem, synthesized) go by name each time */
	explain_rp(x, 0x10000, "NO_SUCH_REASON", &b);
	assert_string_equal(b.id, "unexplained");
	explain_index_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(same_finding_as_by_name),
	    cmocka_unit_test(matched_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
