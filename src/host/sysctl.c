// SPDX-License-Identifier: GPL-2.0
/* sysctl: read a key of /proc/sys in a namespace. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host/nsexec.h"
#include "host/sysctl.h"

struct job {
	char path[160];
	char *buf;
	size_t n;
};

static int read_key(void *arg)
{
	struct job *j = arg;
	int fd = open(j->path, O_RDONLY | O_CLOEXEC);
	ssize_t k;

	if (fd < 0)
		return -errno;
	k = read(fd, j->buf, j->n - 1);
	close(fd);
	if (k < 0)
		return -errno;
	while (k > 0 && (j->buf[k - 1] == '\n' || j->buf[k - 1] == ' '))
		k--;
	j->buf[k] = 0;
	return 0;
}

int sysctl_read(int nsfd, const char *name, char *buf, size_t n)
{
	struct job j = {.buf = buf, .n = n};
	size_t k = snprintf(j.path, sizeof(j.path), "/proc/sys/");

	if (!n || strlen(name) + k >= sizeof(j.path) || strstr(name, ".."))
		return -EINVAL;
	for (const char *c = name; *c; c++)
		j.path[k++] = *c == '.' ? '/' : *c;
	j.path[k] = 0;
	buf[0] = 0;
	return nsfd < 0 ? read_key(&j) : netns_run(nsfd, read_key, &j);
}
