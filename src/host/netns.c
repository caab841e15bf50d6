// SPDX-License-Identifier: GPL-2.0
/* netns: resolving, naming and entering network namespaces. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>

#include "host/netns.h"
#include "host/nsexec.h"

#define NETNS_RUN_DIR  "/run/netns"
#define NAME_CACHE_MAX 1024

struct name_entry {
	uint32_t inode;
	char name[64];	/* "" = no name found (a negative entry) */
	char path[300]; /* where to open it */
	time_t expires; /* 0 = until the next reload */
};

/* named: /run/netns, re-read whenever an inode misses both tables.
 * other: found by scanning /proc (pid/comm) or not found at all; those
 * expire, so a flood of drops from an unnamed namespace costs one scan a
 * second, and a name given to it later is picked up. */
static struct name_entry named[NAME_CACHE_MAX], other[NAME_CACHE_MAX];
static int nnamed, nother;
static int named_loaded;

static int open_ns(const char *path, struct netns_ref *out)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	out->fd = fd;
	out->inode = (uint32_t)st.st_ino;
	out->name[0] = 0;
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The container of process pid (a decimal string) into out; "" when none. */
static void read_container(const char *pid, char *out, size_t n)
{
	char p[64], text[4096];
	size_t len;
	FILE *f;

	out[0] = 0;
	snprintf(p, sizeof(p), "/proc/%.16s/cgroup", pid);
	f = fopen(p, "re");
	if (!f)
		return;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = 0;
	if (netns_container_id(text, out, n))
		out[0] = 0;
}

/* A walk of /proc per unknown inode, at most PROC_SCANS a second: a
 * reader holding thousands of gone namespaces' rows (the exporter under
 * churn) asks about each, and each walk reads every process. */
#define PROC_SCANS 16

/* Find a process living in netns inode; fills "pid/comm" and its
 * container. -ENOENT when none is, or when the walks of this second are
 * spent (the caller caches that as unknown, for a second). */
static int find_by_inode(uint32_t inode, char *path, size_t n, char *label, size_t ln,
			 char *container, size_t cn)
{
	static time_t scan_sec;
	static int scans;
	time_t now = time(NULL);
	struct dirent *de;
	int err = -ENOENT;
	DIR *d;

	if (now != scan_sec) {
		scan_sec = now;
		scans = 0;
	}
	if (scans++ >= PROC_SCANS)
		return -ENOENT;
	d = opendir("/proc");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char p[300], link[64], comm[32] = "";
		ssize_t len;
		unsigned long ino;
		FILE *f;

		if (!all_digits(de->d_name))
			continue;
		snprintf(p, sizeof(p), "/proc/%s/ns/net", de->d_name);
		len = readlink(p, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = 0;
		if (sscanf(link, "net:[%lu]", &ino) != 1 || ino != inode)
			continue;
		snprintf(path, n, "%.*s", (int)n - 1, p);
		snprintf(p, sizeof(p), "/proc/%s/comm", de->d_name);
		f = fopen(p, "re");
		if (f) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = 0;
			fclose(f);
		}
		snprintf(label, ln, "%.16s/%.31s", de->d_name, comm);
		read_container(de->d_name, container, cn);
		err = 0;
		break;
	}
	closedir(d);
	return err;
}

/* Container ids by netns inode, apart from the names: a named namespace
 * (/run/netns/cni-..., as Kubernetes pins them) has a container too. */
struct container_entry {
	uint32_t inode;
	char id[16];
	time_t expires;
};

static struct container_entry containers[NAME_CACHE_MAX];
static int ncontainers;

static const char *container_put(uint32_t inode, const char *id, time_t expires)
{
	int slot;

	for (slot = 0; slot < ncontainers; slot++)
		if (containers[slot].inode == inode)
			break;
	if (slot == ncontainers) {
		if (ncontainers < NAME_CACHE_MAX)
			ncontainers++;
		else
			slot = inode % NAME_CACHE_MAX;
	}
	containers[slot].inode = inode;
	snprintf(containers[slot].id, sizeof(containers[slot].id), "%s", id);
	containers[slot].expires = expires;
	return containers[slot].id;
}

static void load_named(void)
{
	DIR *d;
	struct dirent *de;

	nnamed = 0;
	named_loaded = 1;
	d = opendir(NETNS_RUN_DIR);
	if (!d)
		return;
	while ((de = readdir(d)) && nnamed < NAME_CACHE_MAX) {
		char p[300];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), NETNS_RUN_DIR "/%s", de->d_name);
		if (stat(p, &st) < 0)
			continue;
		named[nnamed].inode = (uint32_t)st.st_ino;
		snprintf(named[nnamed].name, sizeof(named[nnamed].name), "%.63s", de->d_name);
		snprintf(named[nnamed].path, sizeof(named[nnamed].path), "%s", p);
		/* re-read after 2 s even on hits: a deleted namespace's inode can
		 * be reused by a new one with another name */
		named[nnamed].expires = time(NULL) + 2;
		nnamed++;
	}
	closedir(d);
}

static struct name_entry *find_in(struct name_entry *v, int n, uint32_t inode, time_t now)
{
	for (int i = 0; i < n; i++)
		if (v[i].inode == inode && (!v[i].expires || v[i].expires > now))
			return &v[i];
	return NULL;
}

/* The cache entry for inode (possibly a negative one), or NULL. */
static struct name_entry *lookup(uint32_t inode)
{
	struct name_entry *e;
	char path[300] = "", label[64] = "", container[16] = "";
	time_t now = time(NULL);
	int slot;

	if (!named_loaded)
		load_named();
	e = find_in(named, nnamed, inode, now);
	if (!e)
		e = find_in(other, nother, inode, now);
	if (e)
		return e;
	load_named(); /* a namespace added since we last looked */
	e = find_in(named, nnamed, inode, now);
	if (e)
		return e;
	find_by_inode(inode, path, sizeof(path), label, sizeof(label), container,
		      sizeof(container));
	/* reuse an expired slot of this inode, else append, else recycle */
	for (slot = 0; slot < nother; slot++)
		if (other[slot].inode == inode)
			break;
	if (slot == nother) {
		if (nother < NAME_CACHE_MAX)
			nother++;
		else
			slot = inode % NAME_CACHE_MAX;
	}
	e = &other[slot];
	e->inode = inode;
	snprintf(e->name, sizeof(e->name), "%s", label);
	snprintf(e->path, sizeof(e->path), "%s", path);
	e->expires = now + (label[0] ? 10 : 1);
	container_put(inode, container, e->expires);
	return e;
}

const char *netns_name(uint32_t inode)
{
	return inode ? lookup(inode)->name : "";
}

const char *netns_container(uint32_t inode)
{
	char path[300], label[64], id[16] = "";
	time_t now = time(NULL);

	if (!inode)
		return "";
	for (int i = 0; i < ncontainers; i++)
		if (containers[i].inode == inode && containers[i].expires > now)
			return containers[i].id;
	find_by_inode(inode, path, sizeof(path), label, sizeof(label), id, sizeof(id));
	return container_put(inode, id, now + 10);
}

/* /run/netns watched: a namespace named or deleted there changes the
 * generation and reloads the names (a deleted namespace's inode is soon a
 * new one's). -2: not set up yet; -1: no inotify (names expire instead). */
static int watch_fd = -2, watching;
static uint64_t generation;

static void watch_setup(void)
{
	if (watch_fd == -2)
		watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (watch_fd >= 0 && !watching) /* /run/netns may appear later */
		watching = inotify_add_watch(watch_fd, NETNS_RUN_DIR,
					     IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
						 IN_DELETE_SELF | IN_MOVE_SELF) >= 0;
}

uint64_t netns_generation(void)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;
	ssize_t len;

	watch_setup();
	if (!watching)
		return generation;
	while (watch_fd >= 0 && (len = read(watch_fd, buf, sizeof(buf))) > 0) {
		changed = true;
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const void *)p;

			if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF))
				watching = 0; /* the directory went: watch it again */
			p += sizeof(*ev) + ev->len;
		}
	}
	if (changed) {
		generation++;
		load_named();
	}
	return generation;
}

void netns_names_reset(void)
{
	nnamed = nother = ncontainers = 0;
	named_loaded = 0;
}

int netns_resolve(const char *spec, struct netns_ref *out)
{
	char path[300], label[64] = "";
	int err;

	out->fd = -1;
	if (!spec || !*spec)
		return -EINVAL;
	if (strchr(spec, '/')) {
		snprintf(path, sizeof(path), "%s", spec);
	} else if (all_digits(spec)) {
		unsigned long v = strtoul(spec, NULL, 10);

		/* Pids are small; namespace inodes are large (0xF0000000+). */
		if (v > 0x7fffffffUL) {
			struct name_entry *e = lookup((uint32_t)v);

			if (!e->path[0])
				return -ENOENT;
			snprintf(path, sizeof(path), "%s", e->path);
		} else {
			snprintf(path, sizeof(path), "/proc/%lu/ns/net", v);
		}
	} else {
		if (strlen(spec) > 200 || !strcmp(spec, ".") || !strcmp(spec, ".."))
			return -ENOENT;
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", spec);
	}
	err = open_ns(path, out);
	if (err)
		return err == -EACCES || err == -EPERM ? err : -ENOENT;
	snprintf(out->name, sizeof(out->name), "%s", netns_name(out->inode));
	if (!out->name[0] && label[0])
		snprintf(out->name, sizeof(out->name), "%s", label);
	return 0;
}

int netns_self(struct netns_ref *out)
{
	int err = open_ns("/proc/self/ns/net", out);

	if (!err)
		snprintf(out->name, sizeof(out->name), "%s", netns_name(out->inode));
	return err;
}

void netns_ref_close(struct netns_ref *r)
{
	if (r && r->fd >= 0) {
		close(r->fd);
		r->fd = -1;
	}
}

/* Device names and indexes, asked where the calling thread is (netns_run
 * takes it to the namespace). */
struct if_job {
	uint32_t ifindex;
	const char *name;
	char buf[IF_NAMESIZE];
	struct if_nameindex *list;
};

static int ifname_here(void *arg)
{
	struct if_job *j = arg;

	return if_indextoname(j->ifindex, j->buf) ? 0 : -ENODEV;
}

static int ifindex_here(void *arg)
{
	struct if_job *j = arg;

	j->ifindex = if_nametoindex(j->name);
	return j->ifindex ? 0 : -ENODEV;
}

static int links_here(void *arg)
{
	struct if_job *j = arg;

	j->list = if_nameindex();
	return j->list ? 0 : -errno;
}

uint32_t netns_self_inode(void)
{
	static uint32_t self_inode;
	struct netns_ref self;

	if (!self_inode && !netns_self(&self)) {
		self_inode = self.inode;
		netns_ref_close(&self);
	}
	return self_inode;
}

int netns_ifname(uint32_t inode, uint32_t ifindex, char *buf, size_t n)
{
	struct if_job j = {.ifindex = ifindex};
	int fd, err;

	if (inode == netns_self_inode()) {
		err = ifname_here(&j);
	} else {
		err = netns_open_inode(inode, &fd);
		if (err)
			return -ENOENT;
		err = netns_run(fd, ifname_here, &j);
		close(fd);
	}
	if (!err)
		snprintf(buf, n, "%s", j.buf);
	return err;
}

int netns_ifindex(const struct netns_ref *ns, const char *ifname, uint32_t *ifindex)
{
	struct if_job j = {.name = ifname};
	int err = netns_run(ns->fd, ifindex_here, &j);

	if (!err)
		*ifindex = j.ifindex;
	return err;
}

void netns_prefixes(const char *name, char *exec, size_t en, char *ip, size_t in)
{
	size_t pid = name ? strcspn(name, "/") : 0;

	if (!name || !*name) {
		snprintf(exec, en, "%s", "");
		snprintf(ip, in, "ip");
	} else if (name[pid]) { /* "pid/comm": known by a process in it */
		snprintf(exec, en, "nsenter -t %.*s -n ", (int)pid, name);
		snprintf(ip, in, "nsenter -t %.*s -n ip", (int)pid, name);
	} else {
		snprintf(exec, en, "ip netns exec %s ", name);
		snprintf(ip, in, "ip -n %s", name);
	}
}

void netns_cmd_prefix(uint32_t inode, char *buf, size_t n)
{
	char ip[96];

	if (!inode || inode == netns_self_inode()) {
		buf[0] = 0;
		return;
	}
	netns_prefixes(lookup(inode)->name, buf, n, ip, sizeof(ip));
}

int netns_open_inode(uint32_t inode, int *fd)
{
	struct name_entry *e = lookup(inode);

	if (!e->path[0])
		return -ENOENT;
	*fd = open(e->path, O_RDONLY | O_CLOEXEC);
	return *fd < 0 ? -errno : 0;
}

/* Opens the namespace with this inode by the cached path, checking that the
 * path still leads to it (a name reused, a pid recycled). */
static int open_inode(uint32_t inode)
{
	struct stat st;
	int fd;

	if (netns_open_inode(inode, &fd))
		return -ENOENT;
	if (fstat(fd, &st) < 0 || (uint32_t)st.st_ino != inode) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

int netns_links(uint32_t inode, struct if_nameindex **out)
{
	struct if_job j = {0};
	int fd = open_inode(inode), err;

	if (fd < 0) {
		/* the cached way in is stale: look again, once */
		for (int i = 0; i < nother; i++)
			if (other[i].inode == inode)
				other[i].expires = 1;
		load_named();
		fd = open_inode(inode);
		if (fd < 0)
			return -ENOENT;
	}
	err = netns_run(fd, links_here, &j);
	close(fd);
	if (!err)
		*out = j.list;
	return err;
}
