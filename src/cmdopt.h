/* SPDX-License-Identifier: GPL-2.0 */
/* cmdopt: option values and the trailing FILTER that the live commands
 * (drops, trace) share, parsed one way. Never prints. */
#ifndef DROPDOC_CMDOPT_H
#define DROPDOC_CMDOPT_H

#include <stdbool.h>

/* -c COUNT: an integer > 0. Returns 0 or -EINVAL. */
int cmdopt_count(const char *s, long *out);
/* -t SECONDS: a number > 0. Returns 0 or -EINVAL. */
int cmdopt_seconds(const char *s, double *out);
/* -B KiB: 1 .. 1 GiB worth of KiB. Returns 0 or -EINVAL. */
int cmdopt_buffer_kb(const char *s, unsigned *out);
/* --json anywhere on the line (so that usage errors come out as JSON). */
bool cmdopt_has_json(int argc, char **argv);
/* Like tcpdump, argv[first..argc) joined by spaces is the filter: a
 * malloc'd string, or NULL with *err = 0 when there is none (-ENOMEM). */
char *cmdopt_filter(int argc, char **argv, int first, int *err);

#endif
