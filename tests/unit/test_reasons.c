// SPDX-License-Identifier: GPL-2.0
/* reasons: drop-reason names from BTF — a built fixture, and the running
 * kernel's own BTF (round trip of every name). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/btf.h>

#include "decode/reasons.h"

/* Writes a raw BTF file with a core and a subsystem enum like a kernel's. */
static char *fixture(int with_core)
{
	static char path[] = "/tmp/dropdoc-btf-XXXXXX";
	struct btf *btf = btf__new_empty();
	const void *raw;
	__u32 size;
	int fd;

	assert_non_null(btf);
	if (with_core) {
		assert_true(btf__add_enum(btf, "skb_drop_reason", 4) > 0);
		btf__add_enum_value(btf, "SKB_NOT_DROPPED_YET", 0);
		btf__add_enum_value(btf, "SKB_CONSUMED", 1);
		btf__add_enum_value(btf, "SKB_DROP_REASON_NOT_SPECIFIED", 2);
		btf__add_enum_value(btf, "SKB_DROP_REASON_NO_SOCKET", 3);
		btf__add_enum_value(btf, "SKB_DROP_REASON_IP_RPFILTER", 16);
		btf__add_enum_value(btf, "SKB_DROP_REASON_MAX", 17);
		btf__add_enum_value(btf, "SKB_DROP_REASON_SUBSYS_MASK", 0xffff0000);
	}
	assert_true(btf__add_enum(btf, "ovs_drop_reason", 4) > 0);
	btf__add_enum_value(btf, "OVS_DROP_LAST_ACTION", 3 << 16 | 1);
	btf__add_enum_value(btf, "OVS_DROP_ACTION_ERROR", 3 << 16 | 2);
	assert_true(btf__add_enum(btf, "unrelated", 4) > 0);
	btf__add_enum_value(btf, "SKB_DROP_REASON_FAKE", 99);
	raw = btf__raw_data(btf, &size);
	strcpy(path, "/tmp/dropdoc-btf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, raw, size), (ssize_t)size);
	close(fd);
	btf__free(btf);
	return path;
}

static void names_from_fixture(void **state)
{
	struct reasons *r = NULL;
	char *path = fixture(1);
	uint32_t code = 0;

	(void)state;
	assert_int_equal(reasons_load(path, &r), 0);
	unlink(path);
	assert_string_equal(reasons_name(r, 16), "IP_RPFILTER");
	assert_string_equal(reasons_name(r, 3), "NO_SOCKET");
	assert_string_equal(reasons_name(r, 1), "CONSUMED");
	assert_null(reasons_name(r, 17)); /* _MAX is a marker, not a reason */
	assert_null(reasons_name(r, 99)); /* not from a *_drop_reason enum */
	assert_string_equal(reasons_name(r, 3 << 16 | 2), "OVS_DROP_ACTION_ERROR");
	/* core 5 + subsystem 2 */
	assert_int_equal(reasons_count(r), 7);
	assert_int_equal(reasons_code(r, "ip_rpfilter", &code), 0);
	assert_int_equal(code, 16);
	assert_int_equal(reasons_code(r, "SKB_DROP_REASON_NO_SOCKET", &code), 0);
	assert_int_equal(code, 3);
	assert_int_equal(reasons_code(r, "NO_SUCH_REASON", &code), -ENOENT);
	reasons_free(r);
}

static void no_core_enum(void **state)
{
	struct reasons *r = NULL;
	char *path = fixture(0);

	(void)state;
	assert_int_equal(reasons_load(path, &r), -ENOENT);
	unlink(path);
	assert_null(r);
	assert_true(reasons_load("/nonexistent/btf", &r) < 0);
}

static void running_kernel_round_trip(void **state)
{
	struct reasons *r = NULL;
	uint32_t code;
	size_t n = 0;

	(void)state;
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		skip();
	assert_int_equal(reasons_load(NULL, &r), 0);
	assert_true(reasons_count(r) > 20);
	for (uint32_t c = 0; c < 1024; c++) {
		const char *name = reasons_name(r, c);

		if (!name)
			continue;
		assert_null(strstr(name, "SKB_DROP_REASON_"));
		assert_int_equal(reasons_code(r, name, &code), 0);
		assert_int_equal(code, c);
		n++;
	}
	assert_true(n > 20);
	/* the reasons the seed cases depend on exist by name */
	assert_int_equal(reasons_code(r, "IP_RPFILTER", &code), 0);
	assert_int_equal(reasons_code(r, "OTHERHOST", &code), 0);
	assert_int_equal(reasons_code(r, "NO_SOCKET", &code), 0);
	reasons_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_from_fixture),
	    cmocka_unit_test(no_core_enum),
	    cmocka_unit_test(running_kernel_round_trip),
	};

	return cmocka_run_group_tests_name("reasons", tests, NULL, NULL);
}
