// SPDX-License-Identifier: GPL-2.0
/* fixtures: the committed seed snapshots (tests/fixtures/) are what
 * mkfixtures builds and dropdoc's own snapshot writer writes — one writer
 * of the format. After changing a description in mkfixtures.c:
 *   build/tools/mkfixtures tests/fixtures */
#define MKFIXTURES_NO_MAIN
#include "../tools/lib/mkfixtures.c"

#include "unit.h"

static void committed_equal_built(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		struct netcfg *c = fixtures[i].build();
		char path[256];

		snprintf(path, sizeof(path), "tests/fixtures/%s", fixtures[i].file);
		assert_int_equal(check_one(path, c), 0);
		netcfg_unref(c);
	}
}

/* Written twice, the same bytes: the files do not change by being made. */
static void reproducible(void **state)
{
	struct netcfg *c = seed000();
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	FILE *fa = open_memstream(&a, &la), *fb = open_memstream(&b, &lb);

	(void)state;
	assert_int_equal(snapshot_write_as(fa, &c, 1, "seed", ""), 0);
	fclose(fa);
	assert_int_equal(snapshot_write_as(fb, &c, 1, "seed", ""), 0);
	fclose(fb);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
	netcfg_unref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(committed_equal_built),
	    cmocka_unit_test(reproducible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
