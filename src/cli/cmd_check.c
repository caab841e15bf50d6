// SPDX-License-Identifier: GPL-2.0
/* dropdoc check: the static doctor over the live configuration or a
 * snapshot. Exit 0 with no findings, EXIT_FINDINGS when one is a warning or
 * worse. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cfgset.h"
#include "model/check.h"
#include "cli/cmd.h"
#include "host/netns.h"
#include "out/out_check.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dropdoc check [-n NETNS | --all-netns] [--snapshot FILE] [--json]\n"
		   "  -n, --netns NETNS  namespace: name, path, pid or inode (default: own)\n"
		   "      --all-netns    every namespace on the host\n"
		   "      --snapshot F   check a saved snapshot instead of the live host\n"
		   "      --json         JSON lines\n"
		   "      --list         the rules, one per line\n");
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
	    CFGSET_LONGOPTS,
	    {"list", no_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cfgset_opts o = {0};
	struct finding_list all = {0};
	struct cfgset set;
	bool json = false;
	char err[160];
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		if (cfgset_opt(c, optarg, &o, &json))
			continue;
		switch (c) {
		case 'L':
			out_check_rules(stdout, check_rules, check_nrules);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(json, "check", argv);
		}
	}
	if (cfgset_opts_check(&o, argc, argv, optind, err, sizeof(err)))
		return cmd_usage_error(json, "check", "%s", err);
	ret = cmd_load_cfgset(&o, &set, json);
	if (ret)
		return ret;
	for (size_t i = 0; i < set.n; i++) {
		const struct netcfg *cfg = set.ns[i];
		struct finding_list l = {0};
		char prefix[96], ip[96];

		/* fixes run in the namespace: "ip netns exec NAME " (none for ours) */
		netns_prefixes(cfg->netns_name, prefix, sizeof(prefix), ip, sizeof(ip));
		check_run(cfg, prefix, &l);
		out_check_ns(stdout, json, cfg, &l, l.n || set.n == 1);
		for (size_t j = 0; j < l.n; j++) {
			struct finding *f = finding_add(&all, l.v[j].id, l.v[j].severity);

			if (f)
				*f = l.v[j];
		}
		finding_list_free(&l);
	}
	out_check_summary(stdout, json, set.n, &all);
	ret = finding_list_worst(&all) >= FINDING_WARNING ? EXIT_FINDINGS : EXIT_OK;
	finding_list_free(&all);
	cfgset_free(&set);
	return ret;
}
