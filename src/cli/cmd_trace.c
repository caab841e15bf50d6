// SPDX-License-Identifier: GPL-2.0
/* dropdoc trace [OPTIONS] FILTER: the journey of matching packets. */
#include <getopt.h>
#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/cmdopt.h"
#include "out/out.h"
#include "out/pcapng.h"
#include "live/sig.h"
#include "live/trace.h"
#include "bpf/trace_events.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dropdoc trace [OPTIONS] [FILTER]\n"
		"Follow matching packets hop by hop: received on a device, the routing decision\n"
		"(table, result, gateway, device), sent, across veth pairs into other namespaces,\n"
		"to their end: delivered, dropped (reason, location) or forwarded out. Pairs\n"
		"replies with requests and flags replies leaving by another device than their\n"
		"request came in on (asymmetric routing), with the fix.\n"
		"FILTER is tcpdump's pcap-filter syntax; it selects a packet at the first hop\n"
		"where it is seen, and the later hops follow it.\n\n"
		"  -i, --interface IFACE  select packets first seen on IFACE (in -n, else ours)\n"
		"  -n, --netns NETNS      select packets first seen in NETNS\n"
		"  -c, --count N          stop after N packets\n"
		"  -t, --time SECONDS     stop after SECONDS\n"
		"  -B, --buffer-size KiB  ring buffer size (default 4096)\n"
		"      --json             JSON lines: hop, finding and stats objects\n"
		"      --no-explain       drop hops without the explanation finding\n"
		"  -w, --write FILE       write every hop that carries the packet's bytes to FILE\n"
		"                         (pcapng, one interface per device@netns, the hop in its\n"
		"                         comment; '-' = stdout); no journey lines then, unless "
		"--print\n"
		"      --print            with -w: print the journeys too\n"
		"  -s, --snaplen BYTES    bytes kept per hop from the L2 header, 1-%d (default\n"
		"                         and 0: %d, the headers)\n"
		"      --keep-hooks       keep the route-lookup hook attached even while the host\n"
		"                         is busy and nothing matches (by default it is detached\n"
		"                         then, and the first packets selected lack route hops)\n"
		"  -v, --verbose          show libbpf's messages\n",
		DD_HOP_CAP, DD_HOP_CAP);
}

int cmd_trace(int argc, char **argv)
{
	static const struct option lopts[] = {
	    CMDOPT_LIVE_LONG,
	    {"keep-hooks", no_argument, NULL, 'K'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct trace_opts o = {.out = stdout, .stop = &sig_stop};
	/* errors as JSON too */
	struct cmdopt_live l = {.json = cmdopt_has_json(argc, argv), .snap_max = DD_HOP_CAP};
	char err[512] = "", *filter;
	int c, rc, e;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+" CMDOPT_LIVE_SHORT "h", lopts, NULL)) != -1) {
		e = cmdopt_live(c, optarg, &l, err, sizeof(err));
		if (e < 0)
			return cmd_usage_error(l.json, "trace", "%s", err);
		if (e)
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'K':
			o.keep_hooks = true;
			break;
		default:
			return cmd_bad_option(l.json, "trace", argv);
		}
	}
	filter = cmdopt_filter(argc, argv, optind, &e);
	if (e)
		return EXIT_FAIL;
	o.iface = l.iface;
	o.netns = l.netns;
	o.count = l.count;
	o.seconds = l.seconds;
	o.buffer_kb = l.buffer_kb;
	o.snaplen = l.snaplen;
	o.json = l.json;
	o.verbose = l.verbose;
	o.no_explain = l.no_explain;
	o.filter = filter;
	rc = cmd_write_open(&l, "trace", &o.pcapng, &o.quiet, &o.out);
	if (rc) {
		free(filter);
		return rc;
	}
	sig_install();
	rc = cmd_exit_errno(trace_run(&o, err, sizeof(err)));
	rc = cmd_write_close(&l, o.pcapng, rc, err, sizeof(err));
	if (rc)
		out_error(o.json, rc, "%s", err);
	free(filter);
	return rc;
}
