// SPDX-License-Identifier: GPL-2.0
/* finding_recent: which findings a text printer shows in full (once per
 * FINDING_RECENT_NS) and which it only names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/finding.h"

#define S 1000000000ull

static struct finding mk(const char *id, const char *summary, uint32_t netns)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	snprintf(f.id, sizeof(f.id), "%s", id);
	snprintf(f.summary, sizeof(f.summary), "%s", summary);
	f.netns = netns;
	return f;
}

static void test_once_per_window(void **state)
{
	struct finding_recent r = {0};
	struct finding a = mk("rp_filter_strict", "dropped by strict rp_filter on up1", 7);

	(void)state;
	assert_false(finding_recent(&r, &a, 100 * S)); /* first: in full */
	assert_true(finding_recent(&r, &a, 101 * S));
	assert_true(finding_recent(&r, &a, 100 * S + FINDING_RECENT_NS - 1));
	assert_false(finding_recent(&r, &a, 100 * S + FINDING_RECENT_NS)); /* again in full */
	assert_true(finding_recent(&r, &a, 100 * S + FINDING_RECENT_NS + 1));
}

static void test_what_makes_it_another(void **state)
{
	struct finding_recent r = {0};
	struct finding a = mk("rp_filter_strict", "dropped by strict rp_filter on up1", 7);
	struct finding other_ns = mk("rp_filter_strict", "dropped by strict rp_filter on up1", 8);
	struct finding other_summary =
	    mk("rp_filter_strict", "dropped by strict rp_filter on up2", 7);
	struct finding other_id = mk("no_socket", "dropped by strict rp_filter on up1", 7);

	(void)state;
	assert_false(finding_recent(&r, &a, S));
	assert_false(finding_recent(&r, &other_ns, S));
	assert_false(finding_recent(&r, &other_summary, S));
	assert_false(finding_recent(&r, &other_id, S));
	assert_true(finding_recent(&r, &a, 2 * S));
	assert_true(finding_recent(&r, &other_ns, 2 * S));
}

static void test_full_memory_forgets_the_oldest(void **state)
{
	size_t n = sizeof(((struct finding_recent *)0)->shown) /
		   sizeof(((struct finding_recent *)0)->shown[0]);
	struct finding_recent r = {0};
	char sum[32];

	(void)state;
	for (size_t i = 0; i <= n; i++) { /* one more than it holds, a second apart */
		struct finding f;

		snprintf(sum, sizeof(sum), "summary %zu", i);
		f = mk("x", sum, 1);
		assert_false(finding_recent(&r, &f, S + i * 10000000ull));
	}
	{
		struct finding first = mk("x", "summary 0", 1), last;

		snprintf(sum, sizeof(sum), "summary %zu", n);
		last = mk("x", sum, 1);
		assert_true(finding_recent(&r, &last, 2 * S));
		assert_false(finding_recent(&r, &first, 2 * S)); /* its slot was taken */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_once_per_window),
	    cmocka_unit_test(test_what_makes_it_another),
	    cmocka_unit_test(test_full_memory_forgets_the_oldest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
