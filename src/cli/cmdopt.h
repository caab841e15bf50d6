/* SPDX-License-Identifier: GPL-2.0 */
/* cmdopt: option values and the trailing FILTER that the live commands
 * (drops, trace) share, parsed one way. Never prints. */
#ifndef DROPDOC_CMDOPT_H
#define DROPDOC_CMDOPT_H

#include <stdbool.h>
#include <stddef.h>

/* -c COUNT: an integer > 0. Returns 0 or -EINVAL. */
int cmdopt_count(const char *s, long *out);
/* -t SECONDS: a number > 0. Returns 0 or -EINVAL. */
int cmdopt_seconds(const char *s, double *out);
/* -B KiB: 1 .. 1 GiB worth of KiB. Returns 0 or -EINVAL. */
int cmdopt_buffer_kb(const char *s, unsigned *out);
/* --json anywhere on the line (so that usage errors come out as JSON). */
bool cmdopt_has_json(int argc, char **argv);
/* The options both live commands take, with one meaning: stored straight
 * into the live_opts the command's run embeds (live/live.h). */
struct live_opts;
struct cmdopt_live {
	struct live_opts *o; /* -i -n -c -t -B -s -v --json --no-explain */
	const char *wpath;   /* -w FILE.pcapng, "-" = stdout */
	unsigned snap_max;   /* set by the command: the most it carries */
	bool print;	     /* --print */
};

/* getopt_long tables: append CMDOPT_LIVE_LONG to a command's long options
 * and CMDOPT_LIVE_SHORT to its short ones. */
#define CMDOPT_LIVE_SHORT "i:n:c:t:B:w:s:v"
#define CMDOPT_LIVE_LONG                                                                           \
	{"interface", required_argument, NULL, 'i'}, {"netns", required_argument, NULL, 'n'},      \
	    {"count", required_argument, NULL, 'c'}, {"time", required_argument, NULL, 't'},       \
	    {"buffer-size", required_argument, NULL, 'B'}, {"json", no_argument, NULL, 'j'},       \
	    {"write", required_argument, NULL, 'w'}, {"print", no_argument, NULL, 'P'},            \
	    {"verbose", no_argument, NULL, 'v'}, {"snaplen", required_argument, NULL, 's'},        \
	{                                                                                          \
		"no-explain", no_argument, NULL, 'E'                                               \
	}

/* One getopt_long result: 1 when it is one of the shared options (stored
 * in *l and l->o), 0 when it is not, -EINVAL with a one-line reason in err when its
 * value is bad. */
int cmdopt_live(int c, const char *arg, struct cmdopt_live *l, char *err, size_t errlen);

/* Like tcpdump, argv[first..argc) joined by spaces is the filter: a
 * malloc'd string, or NULL with *err = 0 when there is none (-ENOMEM). */
char *cmdopt_filter(int argc, char **argv, int first, int *err);

#endif
