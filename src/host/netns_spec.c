// SPDX-License-Identifier: GPL-2.0
/* netns (continued): the namespaces a user names — every namespace for
 * --all-netns, what -n NETNS and -i IFACE select — and the pure parser of
 * container ids in cgroup paths. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/netns.h"

static int all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

#define CID_LEN 64 /* docker, containerd, CRI-O and podman ids */

/* A container id in one cgroup path component, or NULL. */
static const char *component_id(const char *c, size_t len)
{
	static const char *const monitors[] = {"crio-conmon-", "libpod-conmon-"};

	for (size_t i = 0; i < sizeof(monitors) / sizeof(monitors[0]); i++)
		if (!strncmp(c, monitors[i], strlen(monitors[i])))
			return NULL;
	for (size_t i = 0; i + CID_LEN <= len; i++) {
		size_t rest = len - i - CID_LEN;

		if (i > 0 && c[i - 1] != '-' && c[i - 1] != ':')
			continue;
		if (!all_hex(c + i, CID_LEN))
			continue;
		if (rest == 0 || (rest == 6 && !strncmp(c + i + CID_LEN, ".scope", 6)))
			return c + i;
	}
	return NULL;
}

int netns_container_id(const char *text, char *out, size_t n)
{
	const char *line = text;

	while (line && *line) {
		const char *eol = strchr(line, '\n'), *end = eol ? eol : line + strlen(line);
		const char *path = memchr(line, ':', end - line), *found = NULL;

		if (path)
			path = memchr(path + 1, ':', end - path - 1);
		/* "N:controllers:/path": every component, the deepest id wins */
		for (const char *c = path ? path + 1 : end; c < end;) {
			const char *slash = memchr(c, '/', end - c), *ce = slash ? slash : end;
			const char *id = component_id(c, ce - c);

			if (id)
				found = id;
			c = ce + 1;
		}
		if (found) {
			snprintf(out, n, "%.12s", found);
			return 0;
		}
		line = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

/* Enumerating every namespace (for --all-netns). */
static int list_add(struct netns_ref **list, size_t *n, size_t *cap, const char *spec)
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

int netns_list_all(struct netns_ref **out, size_t *n)
{
	static const char *const dirs[] = {"/run/netns", "/proc"};
	struct netns_ref *list = NULL;
	size_t cnt = 0, cap = 0;
	int err;

	err = list_add(&list, &cnt, &cap, "/proc/self/ns/net");
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
			err = list_add(&list, &cnt, &cap, p);
		}
		closedir(dir);
	}
	if (err) {
		netns_list_free(list, cnt);
		return err;
	}
	*out = list;
	*n = cnt;
	return 0;
}

void netns_list_free(struct netns_ref *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		netns_ref_close(&list[i]);
	free(list);
}

int netns_target(const char *netns, const char *iface, uint32_t *inode, uint32_t *ifindex,
		 char *err, size_t errlen)
{
	struct netns_ref ns = {.fd = -1};
	int e = 0;

	*inode = *ifindex = 0;
	if (netns) {
		e = netns_resolve(netns, &ns);
		if (e) {
			snprintf(err, errlen, "unknown network namespace '%s'%s", netns,
				 e == -EACCES || e == -EPERM ? " (permission denied)" : "");
			return e == -EACCES || e == -EPERM ? -EPERM : -ENOENT;
		}
		*inode = ns.inode;
	}
	if (iface) {
		if (ns.fd < 0 && netns_self(&ns)) {
			snprintf(err, errlen, "cannot open our own network namespace");
			return -EIO;
		}
		e = netns_ifindex(&ns, iface, ifindex);
		if (e) {
			snprintf(err, errlen, "unknown interface '%s'%s%s", iface,
				 netns ? " in network namespace " : "", netns ? netns : "");
			e = e == -EPERM ? -EPERM : -ENODEV;
		} else {
			*inode = ns.inode;
		}
	}
	netns_ref_close(&ns);
	return e;
}
