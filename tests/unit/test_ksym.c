// SPDX-License-Identifier: GPL-2.0
/* ksym: symbolization against a kallsyms fixture and the running kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "decode/ksym.h"

#define FIX "tests/fixtures/"

static void lookup_in_fixture(void **state)
{
	struct ksyms *k = NULL;
	uint64_t off = 99;
	const char *s;

	(void)state;
	assert_int_equal(ksym_load(FIX "kallsyms.txt", &k), 0);
	s = ksym_lookup(k, 0xffffffff81a01000ull, &off);
	assert_string_equal(s, "ip_rcv_finish_core");
	assert_int_equal(off, 0);
	s = ksym_lookup(k, 0xffffffff81a011a2ull, &off);
	assert_string_equal(s, "ip_rcv_finish_core");
	assert_int_equal(off, 0x1a2);
	/* the data symbol between them is not a location */
	s = ksym_lookup(k, 0xffffffff81a01900ull, &off);
	assert_string_equal(s, "ip_rcv_finish_core");
	assert_int_equal(off, 0x900);
	s = ksym_lookup(k, 0xffffffff81a02010ull, &off);
	assert_string_equal(s, "ip_rcv_core");
	assert_int_equal(off, 0x10);
	/* module symbols keep their name without the [module] tag */
	s = ksym_lookup(k, 0xffffffffc0001004ull, &off);
	assert_string_equal(s, "veth_xmit");
	assert_null(ksym_lookup(k, 0xffffffff80000000ull, &off));
	ksym_free(k);
}

static void range_in_fixture(void **state)
{
	struct ksyms *k = NULL;
	uint64_t lo = 0, hi = 0;

	(void)state;
	assert_int_equal(ksym_load(FIX "kallsyms.txt", &k), 0);
	/* up to the next function (the data symbol between does not count) */
	assert_int_equal(ksym_range(k, "ip_rcv_finish_core", &lo, &hi), 0);
	assert_int_equal(lo, 0xffffffff81a01000ull);
	assert_int_equal(hi, 0xffffffff81a02000ull);
	assert_int_equal(ksym_range(k, "ip_rcv", &lo, &hi), 0);
	assert_int_equal(hi, 0xffffffffc0001000ull);
	assert_int_equal(ksym_range(k, "veth_xmit", &lo, &hi), -ENOENT); /* the last: no end */
	assert_int_equal(ksym_range(k, "some_data_object", &lo, &hi), -ENOENT);
	assert_int_equal(ksym_range(k, "no_such_function", &lo, &hi), -ENOENT);
	ksym_free(k);
}

static void hidden_addresses(void **state)
{
	struct ksyms *k = NULL;

	(void)state;
	assert_int_equal(ksym_load(FIX "kallsyms-hidden.txt", &k), -EPERM);
	assert_null(k);
	assert_int_equal(ksym_load(FIX "no-such-file", &k), -ENOENT);
	assert_null(ksym_lookup(NULL, 1, NULL));
}

static void running_kernel(void **state)
{
	struct ksyms *k = NULL;
	uint64_t off;
	int err;

	(void)state;
	err = ksym_load(NULL, &k);
	if (err == -EPERM)
		skip(); /* not root: kallsyms addresses are hidden */
	assert_int_equal(err, 0);
	/* every symbol we look up by its own start address maps back to it */
	for (const char *want = "ip_rcv_core"; want; want = NULL) {
		const char *s = NULL;
		FILE *f = fopen("/proc/kallsyms", "re");
		char line[512], name[256], type;
		unsigned long long addr = 0;

		assert_non_null(f);
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 &&
			    !strcmp(name, want))
				break;
		fclose(f);
		s = ksym_lookup(k, addr, &off);
		assert_non_null(s);
		assert_int_equal(off, 0);
	}
	ksym_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lookup_in_fixture),
	    cmocka_unit_test(range_in_fixture),
	    cmocka_unit_test(hidden_addresses),
	    cmocka_unit_test(running_kernel),
	};

	return cmocka_run_group_tests_name("ksym", tests, NULL, NULL);
}
