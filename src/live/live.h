/* SPDX-License-Identifier: GPL-2.0 */
/* live: what the live runs (drops, trace, exporter) share. Their errors
 * are -errno values in these terms, which only cli/ turns into exit codes:
 *   -EINVAL      bad options (usage)
 *   -ENOEXEC     a filter expression that does not compile or cannot run
 *   -ENOENT, -ENODEV  an unknown network namespace or interface
 *   -EPERM       missing privileges
 *   -EOPNOTSUPP  the kernel lacks a feature the run needs
 *   anything else  a failure at run time (-EIO when nothing more precise) */
#ifndef DROPDOC_LIVE_H
#define DROPDOC_LIVE_H

#include <errno.h>

/* An error of netns_target(): the namespace or interface named by the
 * user was not found, or could not be looked at. */
static inline int live_err_target(int e)
{
	return e == -EPERM || e == -ENOENT || e == -ENODEV ? e : -EIO;
}

/* An error of opening a collector (capture_open, tracer_open): a missing
 * program type, map type or tracepoint is the kernel's lack. */
static inline int live_err_open(int e)
{
	if (e == -EPERM)
		return e;
	return e == -EOPNOTSUPP || e == -ENOENT ? -EOPNOTSUPP : -EIO;
}

#endif
