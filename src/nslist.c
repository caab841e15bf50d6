// SPDX-License-Identifier: GPL-2.0
/* nslist: enumerating network namespaces. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nslist.h"

static int add(struct netns_ref **list, size_t *n, size_t *cap, const char *spec)
{
	struct netns_ref r;

	if (netns_resolve(spec, &r) < 0)
		return 0;
	for (size_t i = 0; i < *n; i++)
		if ((*list)[i].inode == r.inode) {
			netns_ref_close(&r);
			return 0;
		}
	if (*n == *cap) {
		struct netns_ref *p = realloc(*list, (*cap = *cap * 2 + 8) * sizeof(*p));

		if (!p) {
			netns_ref_close(&r);
			return -ENOMEM;
		}
		*list = p;
	}
	(*list)[(*n)++] = r;
	return 0;
}

int nslist_all(struct netns_ref **out, size_t *n)
{
	static const char *const dirs[] = {"/run/netns", "/proc"};
	struct netns_ref *list = NULL, self;
	size_t cnt = 0, cap = 0;
	int err;

	err = netns_self(&self);
	if (err)
		return err;
	netns_ref_close(&self);
	err = add(&list, &cnt, &cap, "/proc/self/ns/net");
	for (size_t d = 0; !err && d < 2; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;

		if (!dir)
			continue;
		while (!err && (de = readdir(dir))) {
			char p[300];

			if (de->d_name[0] == '.')
				continue;
			if (d == 1 && (de->d_name[0] < '1' || de->d_name[0] > '9'))
				continue;
			snprintf(p, sizeof(p), d == 0 ? "/run/netns/%s" : "/proc/%s/ns/net",
				 de->d_name);
			err = add(&list, &cnt, &cap, p);
		}
		closedir(dir);
	}
	if (err) {
		nslist_free(list, cnt);
		return err;
	}
	*out = list;
	*n = cnt;
	return 0;
}

void nslist_free(struct netns_ref *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		netns_ref_close(&list[i]);
	free(list);
}
