// SPDX-License-Identifier: GPL-2.0
/* cmd_live: what the live commands (drops, trace) do the same way at their
 * edges — parsing, FILTER, -w, signals, the one error line. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/cmdopt.h"
#include "live/live.h"
#include "live/sig.h"
#include "out/out.h"
#include "out/pcapng.h"

/* -w: opens the pcapng file (none without -w); '-' takes stdout, so lines
 * go to stderr; without --print no lines. Returns EXIT_OK or an exit code,
 * its error printed. */
static int write_open(const struct cmdopt_live *l, const char *cmd)
{
	struct live_opts *o = l->o;
	char app[64];
	int e;

	o->pcapng = NULL;
	if (!l->wpath)
		return EXIT_OK;
	if (!strcmp(l->wpath, "-") && l->print)
		return cmd_usage_error(o->json, cmd,
				       "-w - takes stdout; --print would mix lines into it");
	snprintf(app, sizeof(app), "dropdoc %s", cmd);
	e = pcapng_open(l->wpath, app, &o->pcapng);
	if (e) {
		out_error(o->json, EXIT_FAIL, "cannot write '%s': %s", l->wpath, strerror(-e));
		return EXIT_FAIL;
	}
	o->quiet = !l->print;
	if (!strcmp(l->wpath, "-"))
		o->out = stderr; /* the stats line */
	return EXIT_OK;
}

/* Closes it; a write error turns rc EXIT_OK into EXIT_FAIL with err set. */
static int write_close(const struct cmdopt_live *l, int rc, char *err, size_t errlen)
{
	int e = pcapng_close(l->o->pcapng);

	if (!rc && e) {
		snprintf(err, errlen, "writing '%s': %s", l->wpath, strerror(-e));
		return EXIT_FAIL;
	}
	return rc;
}

/* getopt_long over the shared and the command's options: EXIT_OK, or the
 * exit code of a usage error (printed); -1 for --help (printed). */
static int parse(const struct cmd_live *c, struct cmdopt_live *l, int argc, char **argv)
{
	char shortopts[64], err[512] = "";
	int ch, e;

	snprintf(shortopts, sizeof(shortopts), "+%s%sh", CMDOPT_LIVE_SHORT, c->shortopts);
	optind = 1;
	opterr = 0; /* our own one-line message below */
	while ((ch = getopt_long(argc, argv, shortopts, c->lopts, NULL)) != -1) {
		e = cmdopt_live(ch, optarg, l, err, sizeof(err));
		if (!e && ch != 'h' && ch != '?' && ch != ':')
			e = c->opt(c->cmd, ch, optarg, err, sizeof(err));
		if (e < 0)
			return cmd_usage_error(l->o->json, c->name, "%s", err);
		if (e)
			continue;
		if (ch == 'h') {
			c->usage(stdout);
			return -1;
		}
		return cmd_bad_option(l->o->json, c->name, argv);
	}
	if (c->check && c->check(c->cmd, l->wpath != NULL, err, sizeof(err)))
		return cmd_usage_error(l->o->json, c->name, "%s", err);
	return EXIT_OK;
}

int cmd_live_main(const struct cmd_live *c, int argc, char **argv)
{
	struct live_opts *o = c->live;
	struct cmdopt_live l = {.o = o, .snap_max = c->snap_max};
	char err[512] = "", *filter;
	int rc, e;

	o->out = stdout;
	o->stop = &sig_stop;
	o->json = cmdopt_has_json(argc, argv); /* usage errors as JSON too */
	rc = parse(c, &l, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	filter = cmdopt_filter(argc, argv, optind, &e);
	if (e)
		return EXIT_FAIL;
	o->filter = filter;
	rc = write_open(&l, c->name);
	if (rc) {
		free(filter);
		return rc;
	}
	sig_install();
	rc = cmd_exit_errno(c->run(c->cmd, err, sizeof(err)));
	rc = write_close(&l, rc, err, sizeof(err));
	if (rc)
		out_error(o->json, rc, "%s", err);
	free(filter);
	return rc;
}
