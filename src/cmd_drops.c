// SPDX-License-Identifier: GPL-2.0
/* Placeholder while the drops pipeline is written (replaced in the next commit). */
#include <stdio.h>
#include "cmd.h"
int cmd_drops(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "dropdoc: drops: not built yet\n");
	return EXIT_FAIL;
}
