/* SPDX-License-Identifier: GPL-2.0 */
/* netns: network namespaces — resolving a user's spec (name, path, pid or
 * inode), naming an inode (ip netns name, else pid/comm of a process in
 * it), its devices. Work inside one goes through nsexec.h. Names are cached; the cache refreshes
 * itself at most once a second when an unknown inode is asked for. */
#ifndef DROPDOC_NETNS_H
#define DROPDOC_NETNS_H

#include <stdint.h>
#include <stddef.h>

struct netns_ref {
	int fd;		/* open fd of the namespace (O_RDONLY), -1 when closed */
	uint32_t inode; /* its inode, as bpf sees net->ns.inum */
	char name[64];	/* ip netns name, "pid/comm", or "" */
};

/* spec: an `ip netns` name, a path (/proc/PID/ns/net, /run/netns/X), a
 * pid, or an inode number. Returns 0 or -ENOENT (no such namespace). */
int netns_resolve(const char *spec, struct netns_ref *out);
/* The namespace this process is in. */
int netns_self(struct netns_ref *out);
void netns_ref_close(struct netns_ref *r);

/* Name of the namespace with this inode: "" when unknown. Cached. */
const char *netns_name(uint32_t inode);
/* Short (12 hex digit) id of the container whose process lives in the
 * namespace with this inode, read from that process's cgroup path; "" when
 * none. Cached for 10 s. */
const char *netns_container(uint32_t inode);
/* The container id in the text of a /proc/PID/cgroup file: the deepest
 * path component holding a 64 hex digit id (docker-ID.scope, /docker/ID,
 * cri-containerd-ID.scope, ...:cri-containerd:ID, crio-ID.scope,
 * libpod-ID.scope, kubepods/.../ID), skipping the runtimes' monitors
 * (crio-conmon-, libpod-conmon-). Writes its first 12 digits to out and
 * returns 0, or returns -ENOENT. */
int netns_container_id(const char *cgroup_text, char *out, size_t n);
/* Device name of ifindex in the namespace with this inode, asked now (a
 * reader caches names with its namespace descriptors, netns_desc.h).
 * Returns 0, -ENOENT (namespace not found) or -ENODEV. */
int netns_ifname(uint32_t inode, uint32_t ifindex, char *buf, size_t n);
/* The devices of the namespace with this inode as they are now, not
 * cached (for long runs that must see devices and namespaces go): an
 * if_nameindex() array, to free with if_freenameindex(). Returns 0,
 * -ENOENT (no such namespace any more) or -errno. */
struct if_nameindex;
int netns_links(uint32_t inode, struct if_nameindex **out);
/* ifindex of ifname inside ns. Returns 0 or -ENODEV. */
int netns_ifindex(const struct netns_ref *ns, const char *ifname, uint32_t *ifindex);
/* The one way to say "in this namespace" on a command line, from its name
 * as netns_name() gives it: exec gets "ip netns exec NAME " ("nsenter -t
 * PID -n " for a namespace known by a process, "PID/comm"), ip gets "ip -n
 * NAME" ("nsenter -t PID -n ip"); for NULL or "" (ours, or unknown) "" and
 * "ip". */
void netns_prefixes(const char *name, char *exec, size_t en, char *ip, size_t in);
/* The exec prefix of the namespace with this inode ("" for ours). */
void netns_cmd_prefix(uint32_t inode, char *buf, size_t n);
/* The inode of the namespace this process is in (read once). */
uint32_t netns_self_inode(void);
/* Opens the namespace with this inode (for caches keyed by inode).
 * Returns 0 with *fd set, or -ENOENT. */
int netns_open_inode(uint32_t inode, int *fd);
/* Every network namespace on the host: the caller's own first, then the
 * named ones (/run/netns), then those of running processes; one entry per
 * inode, each with an open fd. Returns 0 with *out malloc'd, or -errno. */
int netns_list_all(struct netns_ref **out, size_t *n);
void netns_list_free(struct netns_ref *list, size_t n);
/* What -n NETNS and -i IFACE select, as bpf sees it: *inode (0 = any) and
 * *ifindex (0 = any). IFACE is looked up in NETNS when given, else in ours,
 * like `ip link show dev`. Returns 0, -ENOENT (no such namespace), -ENODEV
 * (no such interface), -EPERM, or -errno, with a one-line reason in err. */
int netns_target(const char *netns, const char *iface, uint32_t *inode, uint32_t *ifindex,
		 char *err, size_t errlen);
/* A number that changes whenever a namespace is named or deleted in
 * /run/netns (inotify; the names are reloaded then): a reader that keeps
 * names compares it (netns_desc.h). */
uint64_t netns_generation(void);
/* Forget the cache (tests, long runs). */
void netns_names_reset(void);

#endif
