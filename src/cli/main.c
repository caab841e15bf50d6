// SPDX-License-Identifier: GPL-2.0
/* dropdoc: the verb table. Each verb lives in its own cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"

#ifndef DROPDOC_VERSION
#define DROPDOC_VERSION "0.1.0"
#endif

static const struct cmd cmds[] = {
    {"drops", cmd_drops, "live kernel packet drops, named, located and decoded"},
    {"trace", cmd_trace, "the journey of matching packets across devices, routes and namespaces"},
    {"lab", cmd_lab, "build a seed scenario in throwaway namespaces and diagnose it"},
    {"check", cmd_check, "find configuration hazards that make the kernel drop packets"},
    {"path", cmd_path, "what the host does with a packet from SRC to DST, and its reply"},
    {"snapshot", cmd_snapshot, "save the network configuration model for offline use"},
    {"exporter", cmd_exporter, "serve drop counters to Prometheus (/metrics)"},
    {"reasons", cmd_reasons, "every kernel drop reason, what it means, how dropdoc explains it"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: dropdoc COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'dropdoc COMMAND --help' shows a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("dropdoc %s\n", DROPDOC_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "dropdoc: unknown command '%s' (try 'dropdoc --help')\n", argv[1]);
	return EXIT_USAGE;
}
