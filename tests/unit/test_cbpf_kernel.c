// SPDX-License-Identifier: GPL-2.0
/* The interpreter compiled for BPF, run in the kernel with BPF_PROG_TEST_RUN
 * (tests/bpf/cbpf_verify.bpf.c): its return values must equal the user-space
 * build's on the filter cases, on a full CBPF_MAX_INSNS program and on
 * random programs. test_filter checks the user-space build against libpcap on
 * the same cases (libbpf's and libpcap's headers cannot share a file: both
 * define struct bpf_insn). Skipped without root. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "filter.h"
#include "cbpf_random.h"
#include "filter_cases.h"

struct cbpf_test_pkt {
	uint32_t caplen;
	uint32_t wirelen;
	uint8_t data[CBPF_PKT_MAX];
};

struct cbpf_test_result {
	uint32_t ret;
	uint32_t steps;
	uint64_t runs;
};

struct kern {
	struct bpf_object *obj;
	int prog_fd, ro_prog_fd, progs_fd, pkts_fd, result_fd;
};

/* 255 additions and a return: every one of the CBPF_MAX_INSNS runs. */
static void prog_max_insns(struct cbpf_prog *prog)
{
	memset(prog, 0, sizeof(*prog));
	prog->len = CBPF_MAX_INSNS;
	for (int i = 0; i < CBPF_MAX_INSNS - 1; i++)
		prog->insns[i] = (struct cbpf_insn){.code = CBPF_ALU | CBPF_ADD | CBPF_K, .k = 1};
	prog->insns[CBPF_MAX_INSNS - 1] = (struct cbpf_insn){.code = CBPF_RET | CBPF_A};
}

static int kern_setup(void **state)
{
	const char *out = getenv("OUT") ? getenv("OUT") : "build";
	char path[256];
	struct kern *k;

	*state = NULL;
	if (geteuid() != 0)
		return 0; /* the tests skip */
	k = calloc(1, sizeof(*k));
	if (!k)
		return -1;
	snprintf(path, sizeof(path), "%s/bpftest/cbpf_verify.bpf.o", out);
	k->obj = bpf_object__open_file(path, NULL);
	if (k->obj) {
		/* .rodata holds only ro_prog: set it before load */
		struct bpf_map *ro = bpf_object__find_map_by_name(k->obj, ".rodata");
		struct cbpf_prog ro_prog;
		size_t sz = 0;

		prog_max_insns(&ro_prog);
		if (!ro || !bpf_map__initial_value(ro, &sz) || sz != sizeof(ro_prog) ||
		    bpf_map__set_initial_value(ro, &ro_prog, sizeof(ro_prog))) {
			fprintf(stderr, "cannot set .rodata of %s\n", path);
			return -1;
		}
	}
	if (!k->obj || bpf_object__load(k->obj)) {
		fprintf(stderr, "cannot load %s\n", path);
		free(k);
		return -1;
	}
	k->prog_fd = bpf_program__fd(bpf_object__find_program_by_name(k->obj, "cbpf_test_run"));
	k->ro_prog_fd =
	    bpf_program__fd(bpf_object__find_program_by_name(k->obj, "cbpf_test_run_ro"));
	k->progs_fd = bpf_map__fd(bpf_object__find_map_by_name(k->obj, "progs"));
	k->pkts_fd = bpf_map__fd(bpf_object__find_map_by_name(k->obj, "pkts"));
	k->result_fd = bpf_map__fd(bpf_object__find_map_by_name(k->obj, "result"));
	*state = k;
	return 0;
}

static int kern_teardown(void **state)
{
	struct kern *k = *state;

	if (k) {
		bpf_object__close(k->obj);
		free(k);
	}
	return 0;
}

static void kern_load_prog(const struct kern *k, const struct cbpf_prog *prog)
{
	uint32_t zero = 0;

	assert_int_equal(bpf_map_update_elem(k->progs_fd, &zero, prog, BPF_ANY), 0);
}

/* Runs the loaded program in the kernel on pkt[0..caplen). */
static struct cbpf_test_result kern_run_fd(const struct kern *k, int fd, const uint8_t *pkt,
					   uint32_t caplen, uint32_t wirelen)
{
	struct cbpf_test_pkt p = {.caplen = caplen, .wirelen = wirelen};
	struct cbpf_test_result r;
	uint32_t zero = 0;
	LIBBPF_OPTS(bpf_test_run_opts, opts);

	memcpy(p.data, pkt, caplen < CBPF_PKT_MAX ? caplen : CBPF_PKT_MAX);
	assert_int_equal(bpf_map_update_elem(k->pkts_fd, &zero, &p, BPF_ANY), 0);
	assert_int_equal(bpf_prog_test_run_opts(fd, &opts), 0);
	assert_int_equal(bpf_map_lookup_elem(k->result_fd, &zero, &r), 0);
	return r;
}

static struct cbpf_test_result kern_run(const struct kern *k, const uint8_t *pkt, uint32_t caplen,
					uint32_t wirelen)
{
	return kern_run_fd(k, k->prog_fd, pkt, caplen, wirelen);
}

#define SKIP_UNLESS_ROOT(k)                                                                        \
	do {                                                                                       \
		if (!(k))                                                                          \
			skip();                                                                    \
	} while (0)

static void test_kernel_exprs(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	static const uint32_t caps[] = {0, 14, 26, 38, 54};
	struct kern *k = *state;
	unsigned npkts = filter_build_pkts(pkts), pairs = 0;
	char err[256];

	SKIP_UNLESS_ROOT(k);
	for (size_t e = 0; e < FILTER_NEXPRS; e++) {
		struct cbpf_prog prog;

		assert_int_equal(filter_compile(filter_exprs[e], &prog, err, sizeof(err)), 0);
		kern_load_prog(k, &prog);
		for (unsigned i = 0; i < npkts; i++) {
			const struct fx *f = &pkts[i].f;
			uint32_t full = f->len < CBPF_PKT_MAX ? f->len : CBPF_PKT_MAX;

			for (size_t c = 0; c <= sizeof(caps) / sizeof(caps[0]); c++) {
				uint32_t cap = c < sizeof(caps) / sizeof(caps[0]) ? caps[c] : full;
				uint32_t user = filter_run_user(&prog, f->b, cap, f->len);
				struct cbpf_test_result r;

				if (cap > full)
					continue;
				r = kern_run(k, f->b, cap, f->len);
				if (r.ret != user)
					fail_msg("'%s' on %s, caplen %u: kernel %u, user space %u",
						 filter_exprs[e], pkts[i].name, cap, r.ret, user);
				pairs++;
			}
		}
	}
	print_message("# %u (expression, packet, caplen) kernel results equal to user space\n",
		      pairs);
}

/* The longest program, from an array map and from .rodata. */
static void test_kernel_max_insns(void **state)
{
	struct kern *k = *state;
	struct cbpf_prog prog;
	static const uint8_t pkt[60];
	struct cbpf_test_result r;
	char err[128];

	SKIP_UNLESS_ROOT(k);
	prog_max_insns(&prog);
	assert_int_equal(filter_validate(prog.insns, prog.len, err, sizeof(err)), 0);
	kern_load_prog(k, &prog);
	r = kern_run(k, pkt, sizeof(pkt), sizeof(pkt));
	assert_int_equal(r.ret, CBPF_MAX_INSNS - 1);
	assert_int_equal(r.steps, CBPF_MAX_INSNS);
	assert_int_equal(filter_run_user(&prog, pkt, sizeof(pkt), sizeof(pkt)), r.ret);
	r = kern_run_fd(k, k->ro_prog_fd, pkt, sizeof(pkt), sizeof(pkt));
	assert_int_equal(r.ret, CBPF_MAX_INSNS - 1);
	assert_int_equal(r.steps, CBPF_MAX_INSNS);
	for (int i = 0; i < 2; i++) {
		struct bpf_prog_info info = {0};
		uint32_t len = sizeof(info);
		int fd = i ? k->ro_prog_fd : k->prog_fd;

		assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
		print_message("# %s: verifier processed %u insns\n", info.name,
			      info.verified_insns);
	}
}

static void test_kernel_random_programs(void **state)
{
	static struct filter_pkt pkts[FILTER_MAX_PKTS];
	struct kern *k = *state;
	unsigned npkts = filter_build_pkts(pkts), runs = 0;
	char err[128];

	SKIP_UNLESS_ROOT(k);
	srand(CBPF_RANDOM_SEED);
	for (int t = 0; t < CBPF_RANDOM_PROGS; t++) {
		struct cbpf_prog prog;
		bool shift_x;

		cbpf_random_prog(&prog, &shift_x);
		if (filter_validate(prog.insns, prog.len, err, sizeof(err)))
			fail_msg("random program %d: %s", t, err);
		kern_load_prog(k, &prog);
		for (int j = 0; j < CBPF_RANDOM_RUNS; j++) {
			const struct fx *f = &pkts[(unsigned)rand() % npkts].f;
			uint32_t cap = (uint32_t)rand() % (f->len + 1), user;
			struct cbpf_test_result r;

			if (cap > CBPF_PKT_MAX)
				cap = CBPF_PKT_MAX;
			r = kern_run(k, f->b, cap, f->len);
			user = filter_run_user(&prog, f->b, cap, f->len);
			if (r.ret != user)
				fail_msg("random program %d, caplen %u: kernel 0x%x, user 0x%x", t,
					 cap, r.ret, user);
			runs++;
		}
	}
	print_message("# %u random-program runs: kernel == user space\n", runs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kernel_exprs),
	    cmocka_unit_test(test_kernel_max_insns),
	    cmocka_unit_test(test_kernel_random_programs),
	};

	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	return cmocka_run_group_tests(tests, kern_setup, kern_teardown);
}
