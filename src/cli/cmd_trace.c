// SPDX-License-Identifier: GPL-2.0
/* dropdoc trace [OPTIONS] FILTER: the journey of matching packets. */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/cmdopt.h"
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

static int trace_opt(void *cmd, int c, const char *arg, char *err, size_t errlen)
{
	struct trace_opts *o = cmd;

	(void)arg;
	(void)err;
	(void)errlen;
	if (c != 'K')
		return 0;
	o->keep_hooks = true;
	return 1;
}

static int trace_start(void *cmd, char *err, size_t errlen)
{
	return trace_run(cmd, err, errlen);
}

int cmd_trace(int argc, char **argv)
{
	static const struct option lopts[] = {
	    CMDOPT_LIVE_LONG,
	    {"keep-hooks", no_argument, NULL, 'K'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct trace_opts o = {0};
	const struct cmd_live c = {
	    .name = "trace",
	    .lopts = lopts,
	    .shortopts = "",
	    .snap_max = DD_HOP_CAP,
	    .live = &o.live,
	    .usage = usage,
	    .opt = trace_opt,
	    .run = trace_start,
	    .cmd = &o,
	};

	return cmd_live_main(&c, argc, argv);
}
