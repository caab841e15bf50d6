/* SPDX-License-Identifier: GPL-2.0 */
/* cfgset: the models a command works on, chosen the way the user said:
 * the current namespace, -n NETNS, --all-netns, or --snapshot FILE
 * (optionally narrowed by -n). Shared by check, path and snapshot. */
#ifndef DROPDOC_CFGSET_H
#define DROPDOC_CFGSET_H

#include <stdbool.h>
#include <stddef.h>

#include "model/netcfg.h"

struct cfgset_opts {
	const char *netns;    /* -n: name, path, pid or inode; NULL */
	bool all;	      /* --all-netns */
	const char *snapshot; /* --snapshot FILE; NULL = live */
};

struct cfgset {
	struct netcfg **ns;
	size_t n;
	bool live;
	int nsfd; /* live with one namespace: its fd (for kernel lookups), else -1 */
};

/* The options that choose the models, for a command's getopt_long table
 * (with 'n' in its short options): -n/--netns, --all-netns, --snapshot,
 * and --json, which every such command takes. */
#define CFGSET_LONGOPTS                                                                            \
	{"netns", required_argument, NULL, 'n'}, {"all-netns", no_argument, NULL, 'A'},            \
	    {"snapshot", required_argument, NULL, 'S'},                                            \
	{                                                                                          \
		"json", no_argument, NULL, 'j'                                                     \
	}
/* One getopt_long result: 1 when it is one of those (stored in *o, *json),
 * else 0. */
int cfgset_opt(int c, const char *arg, struct cfgset_opts *o, bool *json);
/* After parsing: 0, or -EINVAL with a one-line reason (-n with
 * --all-netns; an argument left over at argv[optind]). */
int cfgset_opts_check(const struct cfgset_opts *o, int argc, char **argv, int optind, char *err,
		      size_t errlen);

/* Returns 0, or -errno with a reason in err: -ENOENT (no such namespace),
 * -EPERM/-EACCES, a snapshot format error (snapshot_is_format_error). */
int cfgset_load(const struct cfgset_opts *o, struct cfgset *out, char *err, size_t errlen);
void cfgset_free(struct cfgset *s);

#endif
