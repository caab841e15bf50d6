// SPDX-License-Identifier: GPL-2.0
/* cmdopt: shared option values of the live commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdopt.h"
#include "live/live.h"

int cmdopt_count(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int cmdopt_seconds(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v > 0))
		return -EINVAL;
	*out = v;
	return 0;
}

int cmdopt_buffer_kb(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || !v || v > (1u << 20) || s[0] == '-')
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

bool cmdopt_has_json(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--json"))
			return true;
	return false;
}

char *cmdopt_filter(int argc, char **argv, int first, int *err)
{
	size_t len = 0;
	char *f;

	*err = 0;
	for (int i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!len)
		return NULL;
	f = calloc(1, len);
	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	for (int i = first; i < argc; i++) {
		if (i > first)
			strcat(f, " ");
		strcat(f, argv[i]);
	}
	return f;
}

int cmdopt_live(int c, const char *arg, struct cmdopt_live *l, char *err, size_t errlen)
{
	switch (c) {
	case 'i':
		l->o->iface = arg;
		return 1;
	case 'n':
		l->o->netns = arg;
		return 1;
	case 'w':
		l->wpath = arg;
		return 1;
	case 'j':
		l->o->json = true;
		return 1;
	case 'v':
		l->o->verbose = true;
		return 1;
	case 'E':
		l->o->no_explain = true;
		return 1;
	case 'P':
		l->print = true;
		return 1;
	case 'c':
		if (!cmdopt_count(arg, &l->o->count))
			return 1;
		snprintf(err, errlen, "bad count '%s'", arg);
		return -EINVAL;
	case 't':
		if (!cmdopt_seconds(arg, &l->o->seconds))
			return 1;
		snprintf(err, errlen, "bad number of seconds '%s'", arg);
		return -EINVAL;
	case 'B':
		if (!cmdopt_buffer_kb(arg, &l->o->buffer_kb))
			return 1;
		snprintf(err, errlen, "bad buffer size '%s' (KiB)", arg);
		return -EINVAL;
	case 's': {
		char *end;
		long v = strtol(arg, &end, 10);

		if (end != arg && !*end && v >= 0 && v <= (long)l->snap_max) {
			l->o->snaplen = (uint32_t)v;
			return 1;
		}
		snprintf(err, errlen, "bad snaplen '%s' (1-%u bytes; 0 = the most, %u)", arg,
			 l->snap_max, l->snap_max);
		return -EINVAL;
	}
	default:
		return 0;
	}
}
