// SPDX-License-Identifier: GPL-2.0
/* dropdoc check: the static doctor over the live configuration or a
 * snapshot. Exit 0 with no findings, EXIT_FINDINGS when one is a warning or
 * worse. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>

#include "cli/cfgset.h"
#include "model/check.h"
#include "cli/cmd.h"
#include "out/out.h"
#include "out/out_finding.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dropdoc check [-n NETNS | --all-netns] [--snapshot FILE] [--json]\n"
		   "  -n, --netns NETNS  namespace: name, path, pid or inode (default: own)\n"
		   "      --all-netns    every namespace on the host\n"
		   "      --snapshot F   check a saved snapshot instead of the live host\n"
		   "      --json         JSON lines\n"
		   "      --list         the rules, one per line\n");
}

static void list_rules(void)
{
	for (size_t i = 0; i < check_nrules; i++)
		printf("%-28s %-8s %s\n", check_rules[i].id,
		       finding_severity_name(check_rules[i].severity), check_rules[i].detects);
}

static void print_summary(bool json, size_t nns, const struct finding_list *l)
{
	int worst = finding_list_worst(l);

	if (json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "type", json_object_new_string("check"));
		json_object_object_add(o, "namespaces", json_object_new_int64((int64_t)nns));
		json_object_object_add(o, "findings", json_object_new_int64((int64_t)l->n));
		json_object_object_add(o, "worst",
				       worst < 0 ? NULL
						 : json_object_new_string(finding_severity_name(
						       (enum finding_severity)worst)));
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	} else {
		printf("%zu finding%s in %zu namespace%s\n", l->n, l->n == 1 ? "" : "s", nns,
		       nns == 1 ? "" : "s");
	}
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"netns", required_argument, NULL, 'n'},
	    {"all-netns", no_argument, NULL, 'A'},
	    {"snapshot", required_argument, NULL, 'S'},
	    {"json", no_argument, NULL, 'j'},
	    {"list", no_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cfgset_opts o = {0};
	struct finding_list all = {0};
	struct cfgset set;
	bool json = false;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o.netns = optarg;
			break;
		case 'A':
			o.all = true;
			break;
		case 'S':
			o.snapshot = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'L':
			list_rules();
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(json, "check", argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(json, "check", "unexpected argument '%s'", argv[optind]);
	if (o.all && o.netns)
		return cmd_usage_error(json, "check", "-n and --all-netns exclude each other");
	ret = cmd_load_cfgset(&o, &set, json);
	if (ret)
		return ret;
	for (size_t i = 0; i < set.n; i++) {
		const struct netcfg *cfg = set.ns[i];
		struct finding_list l = {0};
		char prefix[96] = "";

		if (cfg->netns_name[0] && !strchr(cfg->netns_name, '/'))
			snprintf(prefix, sizeof(prefix), "ip netns exec %s ", cfg->netns_name);
		check_run(cfg, prefix, &l);
		if (!json && (l.n || set.n == 1))
			printf("netns %s (%u): %zu finding%s\n",
			       cfg->netns_name[0] ? cfg->netns_name : "-", cfg->netns_inode, l.n,
			       l.n == 1 ? "" : "s");
		for (size_t j = 0; j < l.n; j++) {
			struct finding *f = finding_add(&all, l.v[j].id, l.v[j].severity);

			if (f)
				*f = l.v[j];
			if (json)
				out_finding_json(stdout, &l.v[j]);
			else
				out_finding_text(stdout, &l.v[j]);
		}
		finding_list_free(&l);
	}
	print_summary(json, set.n, &all);
	ret = finding_list_worst(&all) >= FINDING_WARNING ? EXIT_FINDINGS : EXIT_OK;
	finding_list_free(&all);
	cfgset_free(&set);
	return ret;
}
