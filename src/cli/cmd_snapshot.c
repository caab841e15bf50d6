// SPDX-License-Identifier: GPL-2.0
/* dropdoc snapshot: save the configuration model(s) as a JSON file. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cfgset.h"
#include "cli/cmd.h"
#include "out/out.h"
#include "model/snapshot.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dropdoc snapshot [-o FILE] [-n NETNS | --all-netns]\n"
		   "  -o, --output FILE  write to FILE (default: stdout)\n"
		   "  -n, --netns NETNS  namespace: name, path, pid or inode (default: own)\n"
		   "      --all-netns    every namespace on the host\n");
}

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'}, {"netns", required_argument, NULL, 'n'},
	    {"all-netns", no_argument, NULL, 'A'}, /* not --snapshot and --json */
	    {"help", no_argument, NULL, 'h'},	      {NULL, 0, NULL, 0},
	};
	struct cfgset_opts o = {0};
	struct cfgset set;
	const char *path = NULL;
	FILE *f = stdout;
	bool json = false;
	char err[160];
	int c, ret, code = EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			path = optarg;
			break;
		case 'n':
		case 'A':
			cfgset_opt(c, optarg, &o, &json);
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(false, "snapshot", argv);
		}
	}
	if (cfgset_opts_check(&o, argc, argv, optind, err, sizeof(err)))
		return cmd_usage_error(false, "snapshot", "%s", err);
	ret = cmd_load_cfgset(&o, &set, false);
	if (ret)
		return ret;
	if (path && strcmp(path, "-")) {
		f = fopen(path, "we");
		if (!f) {
			out_error(false, EXIT_FAIL, "cannot write %s: %s", path, strerror(errno));
			code = EXIT_FAIL;
			goto cleanup;
		}
	}
	ret = snapshot_write(f, set.ns, set.n);
	if (f != stdout && fclose(f) && !ret)
		ret = -errno;
	if (ret) {
		out_error(false, EXIT_FAIL, "writing snapshot: %s", strerror(-ret));
		code = EXIT_FAIL;
	}
cleanup:
	cfgset_free(&set);
	return code;
}
