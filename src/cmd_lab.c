// SPDX-License-Identifier: GPL-2.0
/* Placeholder while the lab is written (replaced in the next commit). */
#include <stdio.h>
#include "cmd.h"
int cmd_lab(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "dropdoc: lab: not built yet\n");
	return EXIT_FAIL;
}
