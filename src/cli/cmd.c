// SPDX-License-Identifier: GPL-2.0
/* cmd: what every subcommand does the same way at its edges — a bad option
 * or argument is one line and EXIT_USAGE; a configuration set that cannot
 * be loaded is one line and its own exit code. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cfgset.h"
#include "cli/cmd.h"
#include "model/snapshot.h"
#include "out/out.h"

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
	out_error(json, cmd_exit_cfgset(ret, o), "%s", err);
	return cmd_exit_cfgset(ret, o);
}

int cmd_exit_errno(int err)
{
	switch (-err) {
	case 0:
		return EXIT_OK;
	case EINVAL:
		return EXIT_USAGE;
	case ENOEXEC:
		return EXIT_FILTER;
	case ENOENT:
	case ENODEV:
		return EXIT_NOTFOUND;
	case EPERM:
		return EXIT_PERM;
	case EOPNOTSUPP:
		return EXIT_KERNEL;
	default:
		return EXIT_FAIL;
	}
}

int cmd_exit_cfgset(int err, const struct cfgset_opts *o)
{
	if (o->snapshot && snapshot_is_format_error(err))
		return EXIT_SNAPSHOT;
	if (err == -ENOENT && (o->netns || !o->snapshot))
		return EXIT_NOTFOUND;
	if (err == -EPERM || err == -EACCES)
		return EXIT_PERM;
	return EXIT_FAIL;
}
