// SPDX-License-Identifier: GPL-2.0
/* cmd: what every subcommand does the same way at its edges — a bad option
 * or argument is one line and EXIT_USAGE; a configuration set that cannot
 * be loaded is one line and its own exit code. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include "cfgset.h"
#include "cmd.h"
#include "out.h"

int cmd_usage_error(bool json, const char *cmd, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out_error(json, EXIT_USAGE, "%s: %s (see 'dropdoc %s --help')", cmd, msg, cmd);
	return EXIT_USAGE;
}

int cmd_bad_option(bool json, const char *cmd, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (optopt && optopt != '?')
		return cmd_usage_error(json, cmd, "option -%c: unknown, or its argument is missing",
				       optopt);
	return cmd_usage_error(json, cmd, "unknown option or missing argument '%s'", arg);
}

int cmd_load_cfgset(const struct cfgset_opts *o, struct cfgset *set, bool json)
{
	char err[256];
	int ret = cfgset_load(o, set, err, sizeof(err));

	if (!ret)
		return EXIT_OK;
	out_error(json, cfgset_exit_code(ret, o), "%s", err);
	return cfgset_exit_code(ret, o);
}
