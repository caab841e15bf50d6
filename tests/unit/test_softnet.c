// SPDX-License-Identifier: GPL-2.0
/* softnet: /proc/net/softnet_stat's hex columns, a kernel's 13-column
 * rows (with the CPU id) and an older kernel's 11, bad lines, the live file. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "host/softnet.h"

static void parse_rows(void **state)
{
	static const char now[] =
	    "0000a1b2 00000003 00000010 0 0 0 0 0 0 0 0 0 00000000 00000000 00000000\n"
	    "00000100 00000000 00000001 0 0 0 0 0 0 0 0 0 00000002 00000000 00000000\n";
	static const char old[] = "00000005 00000001 00000002 0 0 0 0 0 0 0 0\n";
	struct softnet_cpu c[4];

	(void)state;
	assert_int_equal(softnet_parse(now, c, 4), 2);
	assert_int_equal(c[0].processed, 0xa1b2);
	assert_int_equal(c[0].dropped, 3);
	assert_int_equal(c[0].time_squeeze, 16);
	assert_int_equal(c[1].cpu, 2); /* a CPU offline in between */
	assert_int_equal(softnet_parse(old, c, 4), 1);
	assert_int_equal(c[0].cpu, 0);
	assert_int_equal(softnet_parse(now, c, 1), 1); /* n bounds it */
	assert_int_equal(softnet_parse("zz 1 2\n", c, 4), -EINVAL);
	assert_int_equal(softnet_parse("1 2 3\n", c, 4), -EINVAL);
}

static void live(void **state)
{
	struct softnet_cpu c[SOFTNET_MAX_CPUS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	(void)state;
	assert_int_equal(softnet_read(c, SOFTNET_MAX_CPUS), (int)cpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_rows),
	    cmocka_unit_test(live),
	};

	return cmocka_run_group_tests_name("softnet", tests, NULL, NULL);
}
