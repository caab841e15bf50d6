// SPDX-License-Identifier: GPL-2.0
/* dropdoc drops [OPTIONS] [FILTER]: live kernel drops. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/events.h"
#include "cli/cmd.h"
#include "cli/cmdopt.h"
#include "live/drops.h"
#include "out/out.h"
#include "out/pcapng.h"
#include "live/sig.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: dropdoc drops [OPTIONS] [FILTER]\n"
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
	    "  -w, --write FILE       write the dropped packets to FILE (pcapng; '-' = stdout),\n"
	    "                         reason, location and netns in each packet's comment;\n"
	    "                         no per-drop lines then, unless --print\n"
	    "      --print            with -w: print the drop lines too\n"
	    "  -s, --snaplen BYTES    bytes kept per packet from its L2 header, 1-%d\n"
	    "                         (default %d, the most an event carries)\n"
	    "  -v, --verbose          show libbpf's messages\n",
	    DD_CAP_MAX, DD_CAP_MAX);
}

int cmd_drops(int argc, char **argv)
{
	static const struct option lopts[] = {
	    CMDOPT_LIVE_LONG,
	    {"exclude", required_argument, NULL, 'x'},
	    {"summary", no_argument, NULL, 'S'},
	    {"interval", required_argument, NULL, 'I'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct drops_opts o = {.out = stdout, .stop = &sig_stop};
	/* errors as JSON too */
	struct cmdopt_live l = {.json = cmdopt_has_json(argc, argv), .snap_max = DD_CAP_MAX};
	char err[512] = "", *filter = NULL;
	int c, rc, e;

	optind = 1;
	opterr = 0; /* our own one-line message below */
	while ((c = getopt_long(argc, argv, "+" CMDOPT_LIVE_SHORT "x:h", lopts, NULL)) != -1) {
		e = cmdopt_live(c, optarg, &l, err, sizeof(err));
		if (e < 0)
			return cmd_usage_error(l.json, "drops", "%s", err);
		if (e)
			continue;
		switch (c) {
		case 'x':
			if (o.nexclude == DROPS_MAX_EXCLUDE)
				return cmd_usage_error(l.json, "drops", "at most %d -x options",
						       DROPS_MAX_EXCLUDE);
			o.exclude[o.nexclude++] = optarg;
			break;
		case 'I':
			if (cmdopt_seconds(optarg, &o.interval))
				return cmd_usage_error(l.json, "drops",
						       "bad number of seconds '%s'", optarg);
			break;
		case 'S':
			o.summary = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(l.json, "drops", argv);
		}
	}
	if (l.wpath && o.summary)
		return cmd_usage_error(l.json, "drops",
				       "-w writes packets; --summary has none to write");
	filter = cmdopt_filter(argc, argv, optind, &e);
	if (e)
		return EXIT_FAIL;
	o.iface = l.iface;
	o.netns = l.netns;
	o.count = l.count;
	o.seconds = l.seconds;
	o.buffer_kb = l.buffer_kb;
	o.json = l.json;
	o.snaplen = l.snaplen;
	o.verbose = l.verbose;
	o.no_explain = l.no_explain;
	o.filter = filter;
	rc = cmd_write_open(&l, "drops", &o.pcapng, &o.quiet, &o.out);
	if (rc) {
		free(filter);
		return rc;
	}
	sig_install();
	rc = cmd_exit_errno(drops_run(&o, err, sizeof(err)));
	rc = cmd_write_close(&l, o.pcapng, rc, err, sizeof(err));
	if (rc)
		out_error(o.json, rc, "%s", err);
	free(filter);
	return rc;
}
