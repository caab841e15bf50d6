/* SPDX-License-Identifier: GPL-2.0 */
/* cmd: the subcommands and the exit codes they return (the user contract). */
#ifndef DROPDOC_CMD_H
#define DROPDOC_CMD_H

#include <errno.h>

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAIL = 1,	   /* runtime failure */
	EXIT_USAGE = 2,	   /* bad options or arguments */
	EXIT_FILTER = 3,   /* bad pcap filter expression */
	EXIT_NOTFOUND = 4, /* unknown interface or network namespace */
	EXIT_PERM = 5,	   /* missing privileges */
	EXIT_KERNEL = 6,   /* the kernel lacks a feature the command needs */
	EXIT_SNAPSHOT = 7, /* corrupt, truncated or wrong-version snapshot */
	EXIT_FINDINGS = 8, /* check: findings of warning severity or worse */
};

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The one table from errors to exit codes: every module below cli/ returns
 * 0 or -errno (live/live.h says what each means for the live runs). */
int cmd_exit_errno(int err);
/* The exit code for an error of cfgset_load (cfgset.h), which depends on
 * what the user asked for (a snapshot file, a namespace). */
struct cfgset_opts;
int cmd_exit_cfgset(int err, const struct cfgset_opts *o);

typedef int (*cmd_fn)(int argc, char **argv);

/* Shared edges of the commands (cmd.c). Each prints one line (and a JSON
 * error object with json) and returns the exit code to return. */
int cmd_usage_error(bool json, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* After getopt_long returned '?' or ':' (set opterr = 0 first). */
int cmd_bad_option(bool json, const char *cmd, char **argv);
struct cfgset_opts;
struct cfgset;
/* A live command (drops, trace): its options (the shared ones of cmdopt.h
 * and the command's own), the trailing FILTER, -w, signals, the run, its
 * error line and exit code — one way for both (cmd_live.c). */
struct option;
struct live_opts;
struct cmd_live {
	const char *name;	    /* "drops" */
	const struct option *lopts; /* the command's long options + CMDOPT_LIVE_LONG */
	const char *shortopts;	    /* the command's own short options ("x:") */
	unsigned snap_max;	    /* -s: the most a record carries */
	struct live_opts *live;	    /* where the shared options go: the run's own */
	void (*usage)(FILE *f);
	/* one of the command's own options: 1 taken, 0 unknown, -EINVAL with
	 * a one-line reason in err */
	int (*opt)(void *cmd, int c, const char *arg, char *err, size_t errlen);
	/* after parsing (may be NULL): 0 or -EINVAL with a reason */
	int (*check)(void *cmd, bool writes, char *err, size_t errlen);
	int (*run)(void *cmd, char *err, size_t errlen); /* 0 or -errno (live.h) */
	void *cmd;
};
int cmd_live_main(const struct cmd_live *c, int argc, char **argv);

/* cfgset_load, or its one-line error and exit code. */
int cmd_load_cfgset(const struct cfgset_opts *o, struct cfgset *set, bool json);

struct cmd {
	const char *name;
	cmd_fn fn;
	const char *summary;
};

int cmd_drops(int argc, char **argv);
int cmd_lab(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_path(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_exporter(int argc, char **argv);
int cmd_reasons(int argc, char **argv);

#endif
