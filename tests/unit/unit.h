/* SPDX-License-Identifier: GPL-2.0 */
/* unit: what the unit tests share — cmocka, and asserts on a finding's
 * evidence and fix lines (struct fx-like fixtures with a finding f). */
#ifndef DROPDOC_UNIT_H
#define DROPDOC_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "model/finding.h"

/* Does a line of v[0..n) contain needle (exact: equal it)? When it is
 * expected and missing, the lines are printed for the failure's message. */
static inline bool unit_lines_have(const char (*v)[FINDING_LINE_LEN], int n, const char *needle,
				   bool exact, bool expected)
{
	for (int i = 0; i < n; i++)
		if (exact ? !strcmp(v[i], needle) : strstr(v[i], needle) != NULL)
			return true;
	for (int i = 0; expected && i < n; i++)
		print_message("  [%d] %s\n", i, v[i]);
	return false;
}

/* x->f: the finding under test */
#define assert_evidence(x, s)                                                                      \
	assert_true(unit_lines_have((x)->f.evidence, (x)->f.n_evidence, s, false, true))
#define assert_no_evidence(x, s)                                                                   \
	assert_false(unit_lines_have((x)->f.evidence, (x)->f.n_evidence, s, false, false))
#define assert_fix(x, s)    assert_true(unit_lines_have((x)->f.fix, (x)->f.n_fix, s, false, true))
#define assert_no_fix(x, s) assert_false(unit_lines_have((x)->f.fix, (x)->f.n_fix, s, false, false))

#endif
