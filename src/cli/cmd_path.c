// SPDX-License-Identifier: GPL-2.0
/* dropdoc path: what happens to a packet SRC→DST arriving on IFACE, and by
 * which route the reply leaves. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "cli/cfgset.h"
#include "cli/cmd.h"
#include "host/netns.h"
#include "out/out.h"
#include "out/out_path.h"
#include "model/path.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dropdoc path --from SRC --to DST [--in IFACE] [-n NETNS]\n"
		   "                    [--snapshot FILE] [--mark MARK] [--json]\n"
		   "  --in IFACE       arrival interface (default: the one the route back to\n"
		   "                   SRC uses)\n"
		   "  -n, --netns NS   namespace: name, path, pid or inode (default: own)\n"
		   "  --snapshot FILE  use a saved snapshot (model only) instead of the kernel\n");
}

struct path_args {
	const char *from, *to, *in;
	struct cfgset_opts o;
	struct path_query q;
	bool json;
};

/* The options into a: EXIT_OK, or an exit code (its error printed); -1
 * after --help. */
static int path_parse(int argc, char **argv, struct path_args *a)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"in", required_argument, NULL, 'i'},
	    {"mark", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    CFGSET_LONGOPTS,
	    {NULL, 0, NULL, 0},
	};
	char err[160];
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		if (cfgset_opt(c, optarg, &a->o, &a->json) && c != 'A')
			continue;
		switch (c) {
		case 'f':
			a->from = optarg;
			break;
		case 't':
			a->to = optarg;
			break;
		case 'i':
			a->in = optarg;
			break;
		case 'm':
			a->q.mark = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return cmd_bad_option(a->json, "path", argv);
		}
	}
	if (cfgset_opts_check(&a->o, argc, argv, optind, err, sizeof(err)))
		return cmd_usage_error(a->json, "path", "%s", err);
	if (!a->from || !a->to)
		return cmd_usage_error(a->json, "path", "--from and --to are required");
	if (inet_pton(AF_INET, a->from, &a->q.src) != 1 ||
	    inet_pton(AF_INET, a->to, &a->q.dst) != 1) {
		out_error(a->json, EXIT_USAGE, "not an IPv4 address: %s",
			  inet_pton(AF_INET, a->from, &a->q.src) != 1 ? a->from : a->to);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The verdict in the one namespace of set. Returns an exit code. */
static int path_run(struct path_args *a, const struct cfgset *set)
{
	const struct netcfg *cfg = set->ns[0];
	struct path_result r;
	struct rtnl nl = {0};
	char err[256], prefix[96], ip[96];
	int ret, code = EXIT_OK;

	if (a->in) {
		const struct netcfg_link *l = netcfg_link_by_name(cfg, a->in);

		if (!l) {
			out_error(a->json, EXIT_NOTFOUND, "no interface %s in namespace %s", a->in,
				  cfg->netns_name[0] ? cfg->netns_name : "-");
			return EXIT_NOTFOUND;
		}
		a->q.iif = l->ifindex;
	}
	/* a socket in the namespace for asking the kernel */
	if (set->live) {
		ret = rtnl_open_in(&nl, NETLINK_ROUTE, 0, set->nsfd);
		if (ret) {
			out_error(a->json, EXIT_FAIL, "netlink: %s", strerror(-ret));
			return EXIT_FAIL;
		}
	}
	/* fixes run in the namespace: "ip netns exec NAME " (none for ours) */
	netns_prefixes(cfg->netns_name, prefix, sizeof(prefix), ip, sizeof(ip));
	ret = path_eval(cfg, set->live ? &nl : NULL, &a->q, prefix, &r, err, sizeof(err));
	if (ret) {
		code = ret == -ENODEV ? EXIT_NOTFOUND : EXIT_FAIL;
		out_error(a->json, code, "%s", err);
	} else if (a->json) {
		out_path_json(stdout, cfg, &r);
	} else {
		out_path_text(stdout, cfg, &r);
	}
	if (nl.nl)
		rtnl_close(&nl);
	return code;
}

int cmd_path(int argc, char **argv)
{
	struct path_args a = {0};
	struct cfgset set;
	int ret;

	ret = path_parse(argc, argv, &a);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	ret = cmd_load_cfgset(&a.o, &set, a.json);
	if (ret)
		return ret;
	if (set.n != 1)
		ret = cmd_usage_error(
		    a.json, "path", "the snapshot holds %zu namespaces: choose one with -n", set.n);
	else
		ret = path_run(&a, &set);
	cfgset_free(&set);
	return ret;
}
