// SPDX-License-Identifier: GPL-2.0
/* dropdoc drops [OPTIONS] [FILTER]: live kernel drops. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/events.h"
#include "cli/cmd.h"
#include "cli/cmdopt.h"
#include "live/drops.h"

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
	    "      --hide-normal      leave out drops of normal operation (multicast nobody\n"
	    "                         joined, late echo replies, ...; 'dropdoc reasons')\n"
	    "      --show-normal      print each of them in full (text folds them into one\n"
	    "                         line per class and namespace a second)\n"
	    "  -v, --verbose          show libbpf's messages, and each normal drop\n",
	    DD_CAP_MAX, DD_CAP_MAX);
}

enum { OPT_HIDE_NORMAL = 0x300, OPT_SHOW_NORMAL };

static int drops_opt(void *cmd, int c, const char *arg, char *err, size_t errlen)
{
	struct drops_opts *o = cmd;

	switch (c) {
	case 'x':
		if (o->nexclude == DROPS_MAX_EXCLUDE) {
			snprintf(err, errlen, "at most %d -x options", DROPS_MAX_EXCLUDE);
			return -EINVAL;
		}
		o->exclude[o->nexclude++] = arg;
		return 1;
	case 'I':
		if (cmdopt_seconds(arg, &o->interval)) {
			snprintf(err, errlen, "bad number of seconds '%s'", arg);
			return -EINVAL;
		}
		return 1;
	case 'S':
		o->summary = true;
		return 1;
	case OPT_HIDE_NORMAL:
		o->normal = DROPS_NORMAL_HIDE;
		return 1;
	case OPT_SHOW_NORMAL:
		o->normal = DROPS_NORMAL_SHOW;
		return 1;
	default:
		return 0;
	}
}

static int drops_check(void *cmd, bool writes, char *err, size_t errlen)
{
	const struct drops_opts *o = cmd;

	if (writes && o->summary) {
		snprintf(err, errlen, "-w writes packets; --summary has none to write");
		return -EINVAL;
	}
	return 0;
}

static int drops_start(void *cmd, char *err, size_t errlen)
{
	return drops_run(cmd, err, errlen);
}

int cmd_drops(int argc, char **argv)
{
	static const struct option lopts[] = {
	    CMDOPT_LIVE_LONG,
	    {"exclude", required_argument, NULL, 'x'},
	    {"summary", no_argument, NULL, 'S'},
	    {"interval", required_argument, NULL, 'I'},
	    {"hide-normal", no_argument, NULL, OPT_HIDE_NORMAL},
	    {"show-normal", no_argument, NULL, OPT_SHOW_NORMAL},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct drops_opts o = {0};
	const struct cmd_live c = {
	    .name = "drops",
	    .lopts = lopts,
	    .shortopts = "x:",
	    .snap_max = DD_CAP_MAX,
	    .live = &o.live,
	    .usage = usage,
	    .opt = drops_opt,
	    .check = drops_check,
	    .run = drops_start,
	    .cmd = &o,
	};

	return cmd_live_main(&c, argc, argv);
}
