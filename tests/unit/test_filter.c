// SPDX-License-Identifier: GPL-2.0
/* Unit tests for filter and the cBPF interpreter: on every (expression,
 * packet, caplen) our verdict must equal libpcap's own pcap_offline_filter();
 * hand-written programs cover each opcode against bpf_filter(). */
#include <errno.h>
#include <pcap/pcap.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "collect/filter.h"
#include "cbpf_random.h"
#include "filter_cases.h"

static const uint32_t caplens[] = {0, 13, 14, 20, 26, 30, 34, 38, 42, 50, 54, 58, 62, 70};

/* libpcap's verdict (and the program it compiled) for expr */
static int pcap_verdict(const struct bpf_program *bp, const uint8_t *pkt, uint32_t caplen,
			uint32_t len)
{
	struct pcap_pkthdr h = {.caplen = caplen, .len = len};

	return pcap_offline_filter(bp, &h, pkt) != 0;
}

static void pcap_compile_ref(const char *expr, struct bpf_program *bp)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);

	assert_non_null(p);
	assert_int_equal(pcap_compile(p, bp, expr, 1, PCAP_NETMASK_UNKNOWN), 0);
	pcap_close(p);
}

static void test_exprs_match_libpcap(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	unsigned npkts = filter_build_pkts(pkts), pairs = 0, matches = 0, maxlen = 0;
	char err[PCAP_ERRBUF_SIZE];

	(void)state;
	for (size_t e = 0; e < FILTER_NEXPRS; e++) {
		struct cbpf_prog prog;
		struct bpf_program bp;
		int rc = filter_compile(filter_exprs[e], &prog, err, sizeof(err));

		if (rc)
			fail_msg("'%s': %s", filter_exprs[e], err);
		if (prog.len > maxlen)
			maxlen = prog.len;
		pcap_compile_ref(filter_exprs[e], &bp);
		for (unsigned i = 0; i < npkts; i++) {
			const struct fx *f = &pkts[i].f;
			uint32_t full = f->len < CBPF_PKT_MAX ? f->len : CBPF_PKT_MAX;

			for (size_t c = 0; c <= sizeof(caplens) / sizeof(caplens[0]); c++) {
				uint32_t cap =
				    c < sizeof(caplens) / sizeof(caplens[0]) ? caplens[c] : full;
				int want, got;

				if (cap > full ||
				    (cap == full && c < sizeof(caplens) / sizeof(caplens[0])))
					continue;
				want = pcap_verdict(&bp, f->b, cap, f->len);
				got = filter_match_user(&prog, f->b, cap, f->len);
				if (want != got)
					fail_msg("'%s' on %s, caplen %u/%u: libpcap %d, cbpf %d",
						 filter_exprs[e], pkts[i].name, cap, f->len, want,
						 got);
				pairs++;
				matches += (unsigned)got;
			}
		}
		pcap_freecode(&bp);
	}
	print_message("# %zu expressions x %u packets: %u (expression, packet, caplen) "
		      "verdicts equal to libpcap's, %u matches; longest program %u insns\n",
		      FILTER_NEXPRS, npkts, pairs, matches, maxlen);
	assert_true(matches > pairs / 20); /* not a trivially all-reject run */
}

/* Spot checks that the packets are what their names say. */
static void test_expected_verdicts(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	static const struct {
		const char *expr;
		const char *pkt;
		bool match;
	} cases[] = {
	    {"icmp", "v4 icmp echo reply", true},
	    {"icmp", "v6 icmp6 echo request", false},
	    {"udp port 53", "v4 udp dns 10.1.2.3.5353 > 192.0.2.53.53", true},
	    {"src net 10.0.0.0/8 and tcp[tcpflags] & tcp-syn != 0",
	     "v4 tcp syn 10.0.0.1.1 > 10.0.0.2.80", true},
	    {"vlan and udp", "vlan 100 v4 udp", true},
	    {"vlan and udp", "v4 udp 192.0.2.1.40000 > 192.0.2.2.9", false},
	    {"arp", "arp request who-has 192.0.2.1", true},
	    {"not port 22", "v4 tcp ssh with 100 bytes", false},
	    {"portrange 1000-2000", "v4 tcp 10.9.9.9.1500 > 192.0.2.1.3000 syn", true},
	    {"ip6 and udp", "v6 udp 2001:db8::1.5000 > 2001:db8::2.9", true},
	    {"udp port 53", "v4 ihl 6 udp 53 (options)", true},
	};
	unsigned n = filter_build_pkts(pkts);
	char err[256];

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct cbpf_prog prog;
		unsigned i;

		assert_int_equal(filter_compile(cases[c].expr, &prog, err, sizeof(err)), 0);
		for (i = 0; i < n && strcmp(pkts[i].name, cases[c].pkt) != 0; i++)
			;
		assert_true(i < n);
		if (filter_match_user(&prog, pkts[i].f.b, pkts[i].f.len, pkts[i].f.len) !=
		    cases[c].match)
			fail_msg("'%s' on %s: expected %d", cases[c].expr, cases[c].pkt,
				 cases[c].match);
	}
}

static void test_bad_expression(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(filter_bad_exprs) / sizeof(filter_bad_exprs[0]); i++) {
		struct cbpf_prog prog;
		struct bpf_program bp;
		char err[PCAP_ERRBUF_SIZE], want[PCAP_ERRBUF_SIZE];
		pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);

		assert_int_equal(pcap_compile(p, &bp, filter_bad_exprs[i], 1, PCAP_NETMASK_UNKNOWN),
				 -1);
		snprintf(want, sizeof(want), "%s", pcap_geterr(p));
		pcap_close(p);
		assert_int_equal(filter_compile(filter_bad_exprs[i], &prog, err, sizeof(err)),
				 -EINVAL);
		assert_string_equal(err, want);
		assert_int_equal(prog.len, 0);
	}
}

static void test_too_long(void **state)
{
	char expr[4096], err[256];
	struct cbpf_prog prog;
	size_t off = 0;

	(void)state;
	for (int i = 1; i <= 100; i++)
		off += (size_t)snprintf(expr + off, sizeof(expr) - off, "%shost 10.0.%d.%d",
					i > 1 ? " or " : "", i / 7, i);
	assert_int_equal(filter_compile(expr, &prog, err, sizeof(err)), -E2BIG);
	assert_non_null(strstr(err, "the kernel side runs at most 256"));
	assert_int_equal(prog.len, 0);
}

#define STMT(c, kk)                                                                                \
	{                                                                                          \
		.code = (c), .k = (kk)                                                             \
	}
#define JUMP(c, kk, t, f)                                                                          \
	{                                                                                          \
		.code = (c), .jt = (t), .jf = (f), .k = (kk)                                       \
	}

static void test_validate(void **state)
{
	static const struct {
		struct cbpf_insn in[3];
		uint32_t len;
		int rc;
	} cases[] = {
	    {{STMT(CBPF_RET | CBPF_K, 1)}, 1, 0},
	    {{STMT(CBPF_RET | CBPF_K, 1)}, 0, -EINVAL},
	    {{JUMP(CBPF_JMP | CBPF_JEQ | CBPF_K, 0, 0, 2), STMT(CBPF_RET | CBPF_K, 1)}, 2, -EINVAL},
	    {{STMT(CBPF_JMP | CBPF_JA, 1), STMT(CBPF_RET | CBPF_K, 1)}, 2, -EINVAL},
	    {{STMT(CBPF_ST, 16), STMT(CBPF_RET | CBPF_K, 1)}, 2, -EINVAL},
	    {{STMT(CBPF_LD | CBPF_MEM, 16), STMT(CBPF_RET | CBPF_K, 1)}, 2, -EINVAL},
	    {{STMT(CBPF_ALU | CBPF_DIV | CBPF_K, 0), STMT(CBPF_RET | CBPF_K, 1)}, 2, -EINVAL},
	    {{STMT(CBPF_LD | CBPF_IMM, 1)}, 1, -EINVAL},
	    {{STMT(0x20 | 0x18, 0), STMT(CBPF_RET | CBPF_K, 1)}, 2, -ENOTSUP},
	    {{STMT(CBPF_MISC | 0x40, 0), STMT(CBPF_RET | CBPF_K, 1)}, 2, -ENOTSUP},
	    {{STMT(CBPF_RET | CBPF_X, 0)}, 1, -ENOTSUP},
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = filter_validate(cases[i].in, cases[i].len, err, sizeof(err));

		if (rc != cases[i].rc)
			fail_msg("case %zu: %d != %d (%s)", i, rc, cases[i].rc, rc ? err : "");
	}
}

/* Each opcode in a tiny program, against libpcap's bpf_filter(), on a packet
 * captured at every length from 0 to 16. The programs load from the packet,
 * operate, and return A, so any difference in A shows. */
static void test_ops_match_bpf_filter(void **state)
{
	static const uint8_t pkt[16] = {0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00,
					0x40, 0x01, 0xf2, 0x4b, 0xc0, 0x00, 0x02, 0x01};
	struct cbpf_insn progs[][6] = {
	    {STMT(CBPF_LD | CBPF_W | CBPF_ABS, 12), STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_H | CBPF_ABS, 15), STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_B | CBPF_ABS, 15), STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_B | CBPF_ABS, 0xffffffff), STMT(CBPF_RET | CBPF_K, 1)},
	    {STMT(CBPF_LDX | CBPF_B | CBPF_MSH, 0), STMT(CBPF_LD | CBPF_W | CBPF_IND, 0),
	     STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LDX | CBPF_IMM, 0xfffffffe), STMT(CBPF_LD | CBPF_H | CBPF_IND, 4),
	     STMT(CBPF_RET | CBPF_K, 7)},
	    {STMT(CBPF_LDX | CBPF_IMM, 9), STMT(CBPF_LD | CBPF_B | CBPF_IND, 1),
	     STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_W | CBPF_LEN, 0), STMT(CBPF_LDX | CBPF_W | CBPF_LEN, 0),
	     STMT(CBPF_ALU | CBPF_ADD | CBPF_X, 0), STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_IMM, 77), STMT(CBPF_ST, 3), STMT(CBPF_LDX | CBPF_MEM, 3),
	     STMT(CBPF_STX, 15), STMT(CBPF_LD | CBPF_MEM, 15), STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_H | CBPF_ABS, 2), STMT(CBPF_ALU | CBPF_SUB | CBPF_K, 100),
	     STMT(CBPF_ALU | CBPF_MUL | CBPF_K, 3), STMT(CBPF_ALU | CBPF_NEG, 0),
	     STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_H | CBPF_ABS, 2), STMT(CBPF_ALU | CBPF_DIV | CBPF_K, 5),
	     STMT(CBPF_ALU | CBPF_MOD | CBPF_K, 7), STMT(CBPF_ALU | CBPF_XOR | CBPF_K, 0xf0f),
	     STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_B | CBPF_ABS, 1), STMT(CBPF_MISC | CBPF_TAX, 0),
	     STMT(CBPF_LD | CBPF_H | CBPF_ABS, 2), STMT(CBPF_ALU | CBPF_DIV | CBPF_X, 0),
	     STMT(CBPF_RET | CBPF_K, 5)},
	    {STMT(CBPF_LD | CBPF_H | CBPF_ABS, 2), STMT(CBPF_LDX | CBPF_IMM, 0),
	     STMT(CBPF_ALU | CBPF_MOD | CBPF_X, 0), STMT(CBPF_RET | CBPF_K, 5)},
	    {STMT(CBPF_LD | CBPF_H | CBPF_ABS, 4), STMT(CBPF_LDX | CBPF_IMM, 3),
	     STMT(CBPF_ALU | CBPF_LSH | CBPF_X, 0), STMT(CBPF_ALU | CBPF_RSH | CBPF_K, 1),
	     STMT(CBPF_ALU | CBPF_OR | CBPF_K, 0x80000000), STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_W | CBPF_ABS, 4), STMT(CBPF_ALU | CBPF_AND | CBPF_K, 0xff00ff),
	     STMT(CBPF_MISC | CBPF_TAX, 0), STMT(CBPF_ALU | CBPF_RSH | CBPF_X, 0),
	     STMT(CBPF_MISC | CBPF_TXA, 0), STMT(CBPF_RET | CBPF_A, 0)},
	    {STMT(CBPF_LD | CBPF_B | CBPF_ABS, 9), JUMP(CBPF_JMP | CBPF_JSET | CBPF_K, 1, 1, 0),
	     STMT(CBPF_RET | CBPF_K, 10), JUMP(CBPF_JMP | CBPF_JGE | CBPF_K, 2, 0, 1),
	     STMT(CBPF_RET | CBPF_K, 20), STMT(CBPF_RET | CBPF_K, 30)},
	    {STMT(CBPF_LDX | CBPF_IMM, 0x40), STMT(CBPF_LD | CBPF_B | CBPF_ABS, 8),
	     JUMP(CBPF_JMP | CBPF_JEQ | CBPF_X, 0, 0, 1), STMT(CBPF_JMP | CBPF_JA, 1),
	     STMT(CBPF_RET | CBPF_K, 0), STMT(CBPF_RET | CBPF_K, 40)},
	    {STMT(CBPF_LDX | CBPF_IMM, 0x3f), STMT(CBPF_LD | CBPF_B | CBPF_ABS, 8),
	     JUMP(CBPF_JMP | CBPF_JGT | CBPF_X, 0, 1, 0), STMT(CBPF_RET | CBPF_K, 0),
	     JUMP(CBPF_JMP | CBPF_JSET | CBPF_X, 0, 0, 1), STMT(CBPF_RET | CBPF_K, 50)},
	};
	unsigned runs = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct cbpf_prog prog = {.len = 0};
		uint32_t n = 0;

		for (uint32_t j = 0; j < 6; j++) /* up to the last return */
			if ((progs[i][j].code & 0x07) == CBPF_RET)
				n = j + 1;
		memcpy(prog.insns, progs[i], n * sizeof(struct cbpf_insn));
		prog.len = n;
		for (uint32_t cap = 0; cap <= sizeof(pkt); cap++) {
			uint32_t want =
			    bpf_filter((const struct bpf_insn *)progs[i], pkt, sizeof(pkt), cap);
			uint32_t got = filter_run_user(&prog, pkt, cap, sizeof(pkt));

			if (want != got)
				fail_msg("program %zu, caplen %u: bpf_filter 0x%x, cbpf 0x%x", i,
					 cap, want, got);
			runs++;
		}
	}
	print_message("# %u hand-written program runs equal to bpf_filter()\n", runs);
}

/* The random programs test_filter_jit runs in the kernel, against bpf_filter(). */
static void test_random_programs(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	unsigned npkts = filter_build_pkts(pkts), runs = 0;
	char err[128];

	(void)state;
	srand(CBPF_RANDOM_SEED);
	for (int t = 0; t < CBPF_RANDOM_PROGS; t++) {
		struct cbpf_prog prog;
		bool shift_x;

		cbpf_random_prog(&prog, &shift_x);
		if (filter_validate(prog.insns, prog.len, err, sizeof(err)))
			fail_msg("random program %d: %s", t, err);
		for (int j = 0; j < CBPF_RANDOM_RUNS; j++) {
			const struct fx *f = &pkts[(unsigned)rand() % npkts].f;
			uint32_t cap = (uint32_t)rand() % (f->len + 1), want, got, span;

			if (cap > CBPF_PKT_MAX)
				cap = CBPF_PKT_MAX;
			if (shift_x)
				continue;
			want = bpf_filter((const struct bpf_insn *)prog.insns, f->b, f->len, cap);
			got = filter_run_user(&prog, f->b, cap, f->len);
			if (want != got)
				fail_msg("random program %d, caplen %u: bpf_filter 0x%x, cbpf 0x%x",
					 t, cap, want, got);
			span = filter_span(&prog);
			if (got != filter_run_user(&prog, f->b, cap < span ? cap : span, f->len))
				fail_msg("random program %d, caplen %u: cut to its span %u, the "
					 "verdict changes",
					 t, cap, span);
			runs++;
		}
	}
	print_message("# %u random-program runs equal to bpf_filter()\n", runs);
}

/* filter_span: copying only the span gives every verdict the full copy
 * gives (all expressions x packets x caplens), and the spans of a few
 * programs are what their loads say. */
static void test_span(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	static const struct {
		const char *expr;
		uint32_t span;
	} known[] = {
	    /* ARP's target address ends at 38 + 4 */
	    {"host 192.0.2.1", 42},
	    /* IPv4: ldxb 4*([14]&0xf), then ldh [x + 16]: 16 + 2 + 60 */
	    {"udp port 53", 78},
	    {"len > 100", 0},
	    {"ether[0] & 1 != 0", 1},
	};
	unsigned npkts = filter_build_pkts(pkts), pairs = 0, shorter = 0;
	char err[PCAP_ERRBUF_SIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		struct cbpf_prog prog;

		assert_int_equal(filter_compile(known[i].expr, &prog, err, sizeof(err)), 0);
		if (filter_span(&prog) != known[i].span)
			fail_msg("'%s': span %u, want %u", known[i].expr, filter_span(&prog),
				 known[i].span);
	}
	for (size_t e = 0; e < FILTER_NEXPRS; e++) {
		struct cbpf_prog prog;
		uint32_t span;

		assert_int_equal(filter_compile(filter_exprs[e], &prog, err, sizeof(err)), 0);
		span = filter_span(&prog);
		shorter += span < CBPF_PKT_MAX;
		for (unsigned i = 0; i < npkts; i++) {
			const struct fx *f = &pkts[i].f;
			uint32_t full = f->len < CBPF_PKT_MAX ? f->len : CBPF_PKT_MAX;

			for (uint32_t cap = 0; cap <= full; cap++) {
				uint32_t cut = cap < span ? cap : span;

				if (filter_run_user(&prog, f->b, cap, f->len) !=
				    filter_run_user(&prog, f->b, cut, f->len))
					fail_msg("'%s' on %s, caplen %u: cut to the span %u, "
						 "the verdict changes",
						 filter_exprs[e], pkts[i].name, cap, span);
				pairs++;
			}
		}
	}
	print_message("# %u (expression, packet, caplen) verdicts equal cut to the span; "
		      "%u of %zu expressions need less than %u bytes\n",
		      pairs, shorter, FILTER_NEXPRS, CBPF_PKT_MAX);
	assert_true(shorter > FILTER_NEXPRS / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exprs_match_libpcap),
	    cmocka_unit_test(test_expected_verdicts),
	    cmocka_unit_test(test_bad_expression),
	    cmocka_unit_test(test_too_long),
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_ops_match_bpf_filter),
	    cmocka_unit_test(test_random_programs),
	    cmocka_unit_test(test_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
