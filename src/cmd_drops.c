// SPDX-License-Identifier: GPL-2.0
/* dropdoc drops [OPTIONS] [FILTER]: live kernel drops. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmdopt.h"
#include "drops.h"
#include "out.h"
#include "sig.h"

static void usage(FILE *f)
{
	fprintf(
	    f, "usage: dropdoc drops [OPTIONS] [FILTER]\n"
	       "Print every packet the kernel drops: reason, location, device, namespace, packet.\n"
	       "FILTER is tcpdump's pcap-filter syntax, e.g. 'icmp and host 192.0.2.1'.\n\n"
	       "  -i, --interface IFACE  only drops on IFACE (in the -n namespace, else ours)\n"
	       "  -n, --netns NETNS      only drops in NETNS (ip netns name, path, pid or inode);\n"
	       "                         default: every namespace\n"
	       "  -x, --exclude REASON   ignore drops with this reason (repeatable)\n"
	       "  -c, --count N          stop after N drops\n"
	       "  -t, --time SECONDS     stop after SECONDS\n"
	       "      --summary          count in the kernel by reason, location, device, netns\n"
	       "      --interval SECONDS with --summary: print the table every SECONDS\n"
	       "  -B, --buffer-size KiB  ring buffer size (default 8192)\n"
	       "      --json             JSON lines\n"
	       "      --no-explain       print drops without explaining them (faster)\n"
	       "  -v, --verbose          show libbpf's messages\n");
}

int cmd_drops(int argc, char **argv)
{
	static const struct option lopts[] = {
	    {"interface", required_argument, NULL, 'i'},
	    {"netns", required_argument, NULL, 'n'},
	    {"exclude", required_argument, NULL, 'x'},
	    {"count", required_argument, NULL, 'c'},
	    {"time", required_argument, NULL, 't'},
	    {"summary", no_argument, NULL, 'S'},
	    {"interval", required_argument, NULL, 'I'},
	    {"buffer-size", required_argument, NULL, 'B'},
	    {"json", no_argument, NULL, 'j'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"no-explain", no_argument, NULL, 'E'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct drops_opts o = {.out = stdout, .stop = &sig_stop};
	char err[512] = "", *filter = NULL;
	int c, rc, e;

	o.json = cmdopt_has_json(argc, argv); /* usage errors as JSON too */
	optind = 1;
	opterr = 0; /* our own one-line message below */
	while ((c = getopt_long(argc, argv, "+i:n:x:c:t:B:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o.iface = optarg;
			break;
		case 'n':
			o.netns = optarg;
			break;
		case 'x':
			if (o.nexclude == DROPS_MAX_EXCLUDE) {
				out_error(o.json, EXIT_USAGE, "at most %d -x options",
					  DROPS_MAX_EXCLUDE);
				return EXIT_USAGE;
			}
			o.exclude[o.nexclude++] = optarg;
			break;
		case 'c':
			if (cmdopt_count(optarg, &o.count)) {
				out_error(o.json, EXIT_USAGE, "bad count '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
		case 'I':
			if (cmdopt_seconds(optarg, c == 't' ? &o.seconds : &o.interval)) {
				out_error(o.json, EXIT_USAGE, "bad number of seconds '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'B':
			if (cmdopt_buffer_kb(optarg, &o.buffer_kb)) {
				out_error(o.json, EXIT_USAGE, "bad buffer size '%s' (KiB)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			o.summary = true;
			break;
		case 'j':
			o.json = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'E':
			o.no_explain = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			out_error(o.json, EXIT_USAGE,
				  "drops: unknown option or missing argument '%s' (see --help)",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	filter = cmdopt_filter(argc, argv, optind, &e);
	if (e)
		return EXIT_FAIL;
	o.filter = filter;
	sig_install();
	rc = drops_run(&o, err, sizeof(err));
	if (rc)
		out_error(o.json, rc, "%s", err);
	free(filter);
	return rc;
}
