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

/* A socket in the namespace for asking the kernel. */
static int open_live(int nsfd, struct rtnl *nl)
{
	return rtnl_open_in(nl, NETLINK_ROUTE, 0, nsfd);
}

int cmd_path(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"in", required_argument, NULL, 'i'},
	    {"netns", required_argument, NULL, 'n'},
	    {"snapshot", required_argument, NULL, 'S'},
	    {"mark", required_argument, NULL, 'm'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *from = NULL, *to = NULL, *in = NULL;
	struct cfgset_opts o = {0};
	struct path_query q = {0};
	struct path_result r;
	struct cfgset set;
	struct rtnl nl = {0};
	bool json = false;
	char err[256], prefix[96] = "";
	int c, ret, code = EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'i':
			in = optarg;
			break;
		case 'n':
			o.netns = optarg;
			break;
		case 'S':
			o.snapshot = optarg;
			break;
		case 'm':
			q.mark = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(json, "path", argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(json, "path", "unexpected argument '%s'", argv[optind]);
	if (!from || !to)
		return cmd_usage_error(json, "path", "--from and --to are required");
	if (inet_pton(AF_INET, from, &q.src) != 1 || inet_pton(AF_INET, to, &q.dst) != 1) {
		out_error(json, EXIT_USAGE, "not an IPv4 address: %s",
			  inet_pton(AF_INET, from, &q.src) != 1 ? from : to);
		return EXIT_USAGE;
	}
	ret = cmd_load_cfgset(&o, &set, json);
	if (ret)
		return ret;
	if (set.n != 1) {
		cfgset_free(&set);
		return cmd_usage_error(
		    json, "path", "the snapshot holds %zu namespaces: choose one with -n", set.n);
	}
	if (in) {
		const struct netcfg_link *l = netcfg_link_by_name(set.ns[0], in);

		if (!l) {
			out_error(json, EXIT_NOTFOUND, "no interface %s in namespace %s", in,
				  set.ns[0]->netns_name[0] ? set.ns[0]->netns_name : "-");
			code = EXIT_NOTFOUND;
			goto cleanup;
		}
		q.iif = l->ifindex;
	}
	if (set.live) {
		ret = open_live(set.nsfd, &nl);
		if (ret) {
			out_error(json, EXIT_FAIL, "netlink: %s", strerror(-ret));
			code = EXIT_FAIL;
			goto cleanup;
		}
	}
	if (set.ns[0]->netns_name[0] && !strchr(set.ns[0]->netns_name, '/'))
		snprintf(prefix, sizeof(prefix), "ip netns exec %s ", set.ns[0]->netns_name);
	ret = path_eval(set.ns[0], set.live ? &nl : NULL, &q, prefix, &r, err, sizeof(err));
	if (ret) {
		code = ret == -ENODEV ? EXIT_NOTFOUND : EXIT_FAIL;
		out_error(json, code, "%s", err);
		goto cleanup;
	}
	if (json)
		out_path_json(stdout, set.ns[0], &r);
	else
		out_path_text(stdout, set.ns[0], &r);
cleanup:
	if (nl.nl)
		rtnl_close(&nl);
	cfgset_free(&set);
	return code;
}
