/* SPDX-License-Identifier: GPL-2.0 */
/* clock: the monotonic clock the caches and readers age their entries by,
 * in the units they keep (one definition for all of them). */
#ifndef DROPDOC_CLOCK_H
#define DROPDOC_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline uint64_t clock_mono_ms(void)
{
	return clock_mono_ns() / 1000000ull;
}

#endif
