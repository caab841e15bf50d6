// SPDX-License-Identifier: GPL-2.0
/* The rule that detaches the trace collector's route hook while the host is
 * busy and nothing matches (tracer_policy_step), fed made-up counters at
 * made-up times: quiet hosts keep it, a busy spell without selections
 * detaches it after TRACER_IDLE_NS, a selection or a quiet spell brings it
 * back, the marks between busy and quiet do not flap it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "collect/tracer.h"

#define MS 1000000ull

/* Feeds ticks of TRACER_TICK_NS at `rate` first hops/s, `sel` new
 * selections per tick, for `ms`; returns the state after the last. */
struct feed {
	struct tracer_policy p;
	uint64_t now, cand, sel;
};

static bool run(struct feed *f, uint64_t ms, uint64_t rate, uint64_t sel_per_tick)
{
	bool on = f->p.attached;

	for (uint64_t t = 0; t < ms * MS; t += TRACER_TICK_NS) {
		f->now += TRACER_TICK_NS;
		f->cand += rate * TRACER_TICK_NS / 1000000000ull;
		f->sel += sel_per_tick;
		on = tracer_policy_step(&f->p, f->now, f->cand, f->sel);
	}
	return on;
}

static void start(struct feed *f)
{
	*f = (struct feed){.now = 5000 * MS};
	assert_true(tracer_policy_step(&f->p, f->now, 0, 0)); /* attached at start */
}

static void test_quiet_host_keeps_the_hook(void **state)
{
	struct feed f;

	(void)state;
	start(&f);
	assert_true(run(&f, 10000, 100, 0));
	assert_true(run(&f, 10000, TRACER_BUSY_LO - 1, 0));
}

static void test_busy_and_nothing_selected_detaches_after_idle(void **state)
{
	struct feed f;

	(void)state;
	start(&f);
	/* still attached just before TRACER_IDLE_NS of busy ticks */
	assert_true(run(&f, TRACER_IDLE_NS / MS - TRACER_TICK_NS / MS, 100000, 0));
	/* the tick that completes the spell detaches */
	assert_false(run(&f, TRACER_TICK_NS / MS, 100000, 0));
	assert_false(run(&f, 5000, 100000, 0));
}

static void test_a_selection_brings_it_back_and_restarts_the_spell(void **state)
{
	struct feed f;

	(void)state;
	start(&f);
	assert_false(run(&f, 3000, 100000, 0));
	assert_true(run(&f, TRACER_TICK_NS / MS, 100000, 1)); /* one packet selected */
	/* busy again: a whole new idle spell before it goes */
	assert_true(run(&f, TRACER_IDLE_NS / MS - TRACER_TICK_NS / MS, 100000, 0));
	assert_false(run(&f, TRACER_TICK_NS / MS, 100000, 0));
}

static void test_selections_while_busy_keep_it(void **state)
{
	struct feed f;

	(void)state;
	start(&f);
	assert_true(run(&f, 10000, 100000, 1)); /* trace matching something in a flood */
}

static void test_quiet_again_brings_it_back(void **state)
{
	struct feed f;

	(void)state;
	start(&f);
	assert_false(run(&f, 3000, 100000, 0));
	assert_true(run(&f, TRACER_TICK_NS / MS, TRACER_BUSY_LO - 1, 0));
}

static void test_between_the_marks_no_flapping(void **state)
{
	uint64_t mid = (TRACER_BUSY_LO + TRACER_BUSY_HI) / 2;
	struct feed f;

	(void)state;
	start(&f);
	assert_true(run(&f, 10000, mid, 0)); /* attached stays attached */
	assert_false(run(&f, 3000, 100000, 0));
	assert_false(run(&f, 10000, mid, 0)); /* detached stays detached */
	/* a busy spell interrupted by a middling tick starts over */
	start(&f);
	assert_true(run(&f, TRACER_IDLE_NS / MS - TRACER_TICK_NS / MS, 100000, 0));
	assert_true(run(&f, TRACER_TICK_NS / MS, mid, 0));
	assert_true(run(&f, TRACER_IDLE_NS / MS - TRACER_TICK_NS / MS, 100000, 0));
	assert_false(run(&f, TRACER_TICK_NS / MS, 100000, 0));
}

static void test_calls_within_a_tick_change_nothing(void **state)
{
	struct feed f;

	(void)state;
	start(&f);
	assert_false(run(&f, 3000, 100000, 0));
	/* a selection seen before the tick is over waits for the tick */
	assert_false(tracer_policy_step(&f.p, f.now + TRACER_TICK_NS / 2, f.cand, f.sel + 1));
	assert_true(tracer_policy_step(&f.p, f.now + TRACER_TICK_NS, f.cand, f.sel + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quiet_host_keeps_the_hook),
	    cmocka_unit_test(test_busy_and_nothing_selected_detaches_after_idle),
	    cmocka_unit_test(test_a_selection_brings_it_back_and_restarts_the_spell),
	    cmocka_unit_test(test_selections_while_busy_keep_it),
	    cmocka_unit_test(test_quiet_again_brings_it_back),
	    cmocka_unit_test(test_between_the_marks_no_flapping),
	    cmocka_unit_test(test_calls_within_a_tick_change_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
