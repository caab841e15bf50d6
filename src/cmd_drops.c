// SPDX-License-Identifier: GPL-2.0
/* dropdoc drops [OPTIONS] [FILTER]: live kernel drops. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/events.h"
#include "cmd.h"
#include "cmdopt.h"
#include "drops.h"
#include "out.h"
#include "pcapng.h"
#include "sig.h"

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
	    {"interface", required_argument, NULL, 'i'},
	    {"netns", required_argument, NULL, 'n'},
	    {"exclude", required_argument, NULL, 'x'},
	    {"count", required_argument, NULL, 'c'},
	    {"time", required_argument, NULL, 't'},
	    {"summary", no_argument, NULL, 'S'},
	    {"interval", required_argument, NULL, 'I'},
	    {"buffer-size", required_argument, NULL, 'B'},
	    {"json", no_argument, NULL, 'j'},
	    {"write", required_argument, NULL, 'w'},
	    {"print", no_argument, NULL, 'P'},
	    {"snaplen", required_argument, NULL, 's'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"no-explain", no_argument, NULL, 'E'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct drops_opts o = {.out = stdout, .stop = &sig_stop};
	char err[512] = "", *end, *filter = NULL;
	const char *wpath = NULL;
	bool print = false;
	long snap;
	int c, rc, e;

	o.json = cmdopt_has_json(argc, argv); /* usage errors as JSON too */
	optind = 1;
	opterr = 0; /* our own one-line message below */
	while ((c = getopt_long(argc, argv, "+i:n:x:c:t:B:w:s:vh", lopts, NULL)) != -1) {
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
		case 'w':
			wpath = optarg;
			break;
		case 'P':
			print = true;
			break;
		case 's':
			snap = strtol(optarg, &end, 10);
			if (*end || snap < 0 || snap > DD_CAP_MAX || end == optarg) {
				out_error(o.json, EXIT_USAGE,
					  "bad snaplen '%s' (1-%d bytes; 0 = the most, %d)", optarg,
					  DD_CAP_MAX, DD_CAP_MAX);
				return EXIT_USAGE;
			}
			o.snaplen = (uint32_t)snap;
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
			return cmd_bad_option(o.json, "drops", argv);
		}
	}
	filter = cmdopt_filter(argc, argv, optind, &e);
	if (e)
		return EXIT_FAIL;
	if (wpath && o.summary) {
		out_error(o.json, EXIT_USAGE, "-w writes packets; --summary has none to write");
		return EXIT_USAGE;
	}
	if (wpath && !strcmp(wpath, "-") && print) {
		out_error(o.json, EXIT_USAGE, "-w - takes stdout; --print would mix lines into it");
		return EXIT_USAGE;
	}
	if (wpath) {
		e = pcapng_open(wpath, "dropdoc drops", &o.pcapng);
		if (e) {
			out_error(o.json, EXIT_FAIL, "cannot write '%s': %s", wpath, strerror(-e));
			return EXIT_FAIL;
		}
		o.quiet = !print;
		if (!strcmp(wpath, "-"))
			o.out = stderr; /* the stats line */
	}
	o.filter = filter;
	sig_install();
	rc = drops_run(&o, err, sizeof(err));
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
