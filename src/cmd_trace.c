// SPDX-License-Identifier: GPL-2.0
/* dropdoc trace [OPTIONS] FILTER: the journey of matching packets. */
#include <getopt.h>
#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmdopt.h"
#include "out.h"
#include "pcapng.h"
#include "sig.h"
#include "trace.h"

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
		"  -v, --verbose          show libbpf's messages\n");
}

int cmd_trace(int argc, char **argv)
{
	static const struct option lopts[] = {
	    {"interface", required_argument, NULL, 'i'},
	    {"netns", required_argument, NULL, 'n'},
	    {"count", required_argument, NULL, 'c'},
	    {"time", required_argument, NULL, 't'},
	    {"buffer-size", required_argument, NULL, 'B'},
	    {"json", no_argument, NULL, 'j'},
	    {"no-explain", no_argument, NULL, 'E'},
	    {"write", required_argument, NULL, 'w'},
	    {"print", no_argument, NULL, 'P'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct trace_opts o = {.out = stdout, .stop = &sig_stop};
	char err[512] = "", *filter;
	const char *wpath = NULL;
	bool print = false;
	int c, rc, e;

	o.json = cmdopt_has_json(argc, argv);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+i:n:c:t:B:w:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o.iface = optarg;
			break;
		case 'n':
			o.netns = optarg;
			break;
		case 'c':
			if (cmdopt_count(optarg, &o.count)) {
				out_error(o.json, EXIT_USAGE, "bad count '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			if (cmdopt_seconds(optarg, &o.seconds)) {
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
		case 'j':
			o.json = true;
			break;
		case 'E':
			o.no_explain = true;
			break;
		case 'w':
			wpath = optarg;
			break;
		case 'P':
			print = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(o.json, "trace", argv);
		}
	}
	filter = cmdopt_filter(argc, argv, optind, &e);
	if (e)
		return EXIT_FAIL;
	if (wpath && !strcmp(wpath, "-") && print) {
		free(filter);
		return cmd_usage_error(o.json, "trace",
				       "-w - takes stdout; --print would mix lines into it");
	}
	if (wpath) {
		e = pcapng_open(wpath, "dropdoc trace", &o.pcapng);
		if (e) {
			out_error(o.json, EXIT_FAIL, "cannot write '%s': %s", wpath, strerror(-e));
			free(filter);
			return EXIT_FAIL;
		}
		o.quiet = !print;
		if (!strcmp(wpath, "-"))
			o.out = stderr; /* the stats line */
	}
	o.filter = filter;
	sig_install();
	rc = trace_run(&o, err, sizeof(err));
	e = pcapng_close(o.pcapng);
	if (!rc && e) {
		snprintf(err, sizeof(err), "writing '%s': %s", wpath, strerror(-e));
		rc = EXIT_FAIL;
	}
	if (rc)
		out_error(o.json, rc, "%s", err);
	free(filter);
	return rc;
}
