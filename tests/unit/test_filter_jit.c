// SPDX-License-Identifier: GPL-2.0
/* filter_jit: tcpdump filters translated to eBPF, written into the
 * placeholder of tests/bpf/cbpf_jit_verify.bpf.c, loaded (the verifier must
 * accept each) and run in the kernel with BPF_PROG_TEST_RUN: the verdicts
 * must equal the interpreter's in user space (which test_filter holds equal
 * to libpcap's) on every expression x packet x caplen, on a program of
 * CBPF_MAX_INSNS indexed loads (the longest translation) and on the random
 * programs test_filter runs. The translation alone (no root) is checked for
 * its size bound. Kernel parts skip without root (fail under CI). */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "collect/filter.h"
#include "collect/filter_jit.h"
#include "cbpf_random.h"
#include "filter_cases.h"

struct cbpf_test_pkt {
	uint32_t caplen;
	uint32_t wirelen;
	uint8_t data[CBPF_PKT_MAX];
};

/* One loaded object with prog translated into it. */
struct kern {
	struct bpf_object *obj;
	int prog_fd, pkts_fd;
	struct bpf_map *bss;
};

static bool have_root(void)
{
	if (geteuid() == 0)
		return true;
	if (getenv("CI") && !strcmp(getenv("CI"), "true"))
		fail_msg("needs root (CI=true: not skipped)");
	return false;
}

static void kern_load(struct kern *k, const struct cbpf_prog *prog)
{
	const char *out = getenv("OUT") ? getenv("OUT") : "build";
	struct bpf_program *p;
	char path[256];
	int n;

	snprintf(path, sizeof(path), "%s/bpftest/cbpf_jit_verify.bpf.o", out);
	k->obj = bpf_object__open_file(path, NULL);
	assert_non_null(k->obj);
	p = bpf_object__find_program_by_name(k->obj, "jit_test_run");
	assert_non_null(p);
	n = filter_jit_patch(p, prog);
	if (n != 1)
		fail_msg("filter_jit_patch: %d (want 1 block)", n);
	if (bpf_object__load(k->obj))
		fail_msg("the verifier refused a translation (%u cBPF insns)", prog->len);
	k->prog_fd = bpf_program__fd(p);
	k->pkts_fd = bpf_map__fd(bpf_object__find_map_by_name(k->obj, "pkts"));
	k->bss = bpf_object__find_map_by_name(k->obj, ".bss");
	assert_non_null(k->bss);
}

static uint32_t kern_run(const struct kern *k, const uint8_t *pkt, uint32_t caplen,
			 uint32_t wirelen)
{
	struct cbpf_test_pkt p = {.caplen = caplen, .wirelen = wirelen};
	struct {
		uint32_t result;
		uint32_t pad;
		uint64_t runs;
	} bss;
	uint32_t zero = 0;
	LIBBPF_OPTS(bpf_test_run_opts, opts);

	memcpy(p.data, pkt, caplen < CBPF_PKT_MAX ? caplen : CBPF_PKT_MAX);
	assert_int_equal(bpf_map_update_elem(k->pkts_fd, &zero, &p, BPF_ANY), 0);
	assert_int_equal(bpf_prog_test_run_opts(k->prog_fd, &opts), 0);
	assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(k->bss), &zero, &bss), 0);
	return bss.result;
}

/* CBPF_MAX_INSNS - 1 indexed word loads (the longest translation) and a
 * return of A. */
static void prog_max_ind(struct cbpf_prog *prog)
{
	memset(prog, 0, sizeof(*prog));
	prog->len = CBPF_MAX_INSNS;
	for (int i = 0; i < CBPF_MAX_INSNS - 1; i++)
		prog->insns[i] = (struct cbpf_insn){.code = CBPF_LD | CBPF_W | CBPF_IND, .k = 10};
	prog->insns[CBPF_MAX_INSNS - 1] = (struct cbpf_insn){.code = CBPF_RET | CBPF_A};
}

static void test_translation_fits(void **state)
{
	static struct bpf_insn out[CBPF_JIT_SLOTS + 1];
	struct cbpf_prog prog;
	char err[256];
	int n, most = 0;

	(void)state;
	prog_max_ind(&prog);
	n = filter_jit_translate(&prog, out, CBPF_JIT_SLOTS + 1);
	print_message("# %u indexed loads: %d eBPF insns of %d slots\n", prog.len, n,
		      CBPF_JIT_SLOTS + 1);
	assert_true(n > 0);
	for (size_t e = 0; e < FILTER_NEXPRS; e++) {
		assert_int_equal(filter_compile(filter_exprs[e], &prog, err, sizeof(err)), 0);
		n = filter_jit_translate(&prog, out, CBPF_JIT_SLOTS + 1);
		assert_true(n > 0);
		most = n > most ? n : most;
	}
	print_message("# longest expression: %d eBPF insns\n", most);
	/* too small a buffer is refused, not overrun */
	assert_int_equal(filter_jit_translate(&prog, out, 3), -E2BIG);
}

static void test_kernel_exprs(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	static const uint32_t caps[] = {0, 13, 14, 26, 34, 38, 42, 54};
	unsigned npkts = filter_build_pkts(pkts), pairs = 0, matches = 0;
	char err[256];

	(void)state;
	if (!have_root())
		skip();
	for (size_t e = 0; e < FILTER_NEXPRS; e++) {
		struct cbpf_prog prog;
		struct kern k;

		assert_int_equal(filter_compile(filter_exprs[e], &prog, err, sizeof(err)), 0);
		kern_load(&k, &prog);
		for (unsigned i = 0; i < npkts; i++) {
			const struct fx *f = &pkts[i].f;
			uint32_t full = f->len < CBPF_PKT_MAX ? f->len : CBPF_PKT_MAX;

			for (size_t c = 0; c <= sizeof(caps) / sizeof(caps[0]); c++) {
				uint32_t cap = c < sizeof(caps) / sizeof(caps[0]) ? caps[c] : full;
				uint32_t user, kern;

				if (cap > full)
					continue;
				user = filter_run_user(&prog, f->b, cap, f->len);
				kern = kern_run(&k, f->b, cap, f->len);
				if (kern != user)
					fail_msg(
					    "'%s' on %s, caplen %u: translated %u, interpreter %u",
					    filter_exprs[e], pkts[i].name, cap, kern, user);
				pairs++;
				matches += user != 0;
			}
		}
		bpf_object__close(k.obj);
	}
	print_message("# %u (expression, packet, caplen) verdicts of the translation equal "
		      "the interpreter's, %u matches\n",
		      pairs, matches);
	assert_true(matches > pairs / 20);
}

static void test_kernel_max_insns(void **state)
{
	struct cbpf_prog prog;
	uint8_t pkt[64];
	struct kern k;
	char err[128];

	(void)state;
	if (!have_root())
		skip();
	for (size_t i = 0; i < sizeof(pkt); i++)
		pkt[i] = (uint8_t)i;
	prog_max_ind(&prog);
	assert_int_equal(filter_validate(prog.insns, prog.len, err, sizeof(err)), 0);
	kern_load(&k, &prog);
	/* X = 0: the last load is the word at 10 */
	assert_int_equal(kern_run(&k, pkt, sizeof(pkt), sizeof(pkt)), 0x0a0b0c0d);
	assert_int_equal(filter_run_user(&prog, pkt, sizeof(pkt), sizeof(pkt)), 0x0a0b0c0d);
	assert_int_equal(kern_run(&k, pkt, 13, sizeof(pkt)), 0); /* word at 10 is cut */
	bpf_object__close(k.obj);
}

static void test_kernel_random_programs(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	unsigned npkts = filter_build_pkts(pkts), runs = 0;
	char err[128];

	(void)state;
	if (!have_root())
		skip();
	srand(CBPF_RANDOM_SEED);
	for (int t = 0; t < CBPF_RANDOM_PROGS; t++) {
		struct cbpf_prog prog;
		struct kern k;
		bool shift_x;

		cbpf_random_prog(&prog, &shift_x);
		if (filter_validate(prog.insns, prog.len, err, sizeof(err)))
			fail_msg("random program %d: %s", t, err);
		kern_load(&k, &prog);
		for (int j = 0; j < CBPF_RANDOM_RUNS * 4; j++) {
			const struct fx *f = &pkts[(unsigned)rand() % npkts].f;
			uint32_t cap = (uint32_t)rand() % (f->len + 1), user, kern;

			if (cap > CBPF_PKT_MAX)
				cap = CBPF_PKT_MAX;
			user = filter_run_user(&prog, f->b, cap, f->len);
			kern = kern_run(&k, f->b, cap, f->len);
			if (kern != user)
				fail_msg("random program %d, caplen %u: translated 0x%x, "
					 "interpreter 0x%x",
					 t, cap, kern, user);
			runs++;
		}
		bpf_object__close(k.obj);
	}
	print_message("# %u random-program runs: translation == interpreter\n", runs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_translation_fits),
	    cmocka_unit_test(test_kernel_exprs),
	    cmocka_unit_test(test_kernel_max_insns),
	    cmocka_unit_test(test_kernel_random_programs),
	};

	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
