// SPDX-License-Identifier: GPL-2.0
/* softnet: /proc/net/softnet_stat. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/softnet.h"

int softnet_parse(const char *text, struct softnet_cpu *out, int n)
{
	int k = 0;

	for (const char *line = text; line && *line && k < n; k++) {
		unsigned long v[16];
		int cols = 0;
		const char *c = line;
		char *end;

		while (cols < 16 && *c && *c != '\n') {
			v[cols] = strtoul(c, &end, 16);
			if (end == c)
				return -EINVAL;
			cols++;
			c = end;
			while (*c == ' ')
				c++;
		}
		if (cols < 11)
			return -EINVAL;
		out[k].processed = (uint32_t)v[0];
		out[k].dropped = (uint32_t)v[1];
		out[k].time_squeeze = (uint32_t)v[2];
		out[k].cpu = cols >= 13 ? (int)v[12] : k;
		line = strchr(c, '\n');
		if (line)
			line++;
	}
	return k;
}

int softnet_read(struct softnet_cpu *out, int n)
{
	FILE *f = fopen("/proc/net/softnet_stat", "re");
	static char buf[256 * 1024];
	size_t len;

	if (!f)
		return -errno;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = 0;
	return softnet_parse(buf, out, n);
}
