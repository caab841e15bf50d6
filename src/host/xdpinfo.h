/* SPDX-License-Identifier: GPL-2.0 */
/* xdpinfo: the words for what the XDP tracepoints report (action and errno
 * names), and the facts of a loaded BPF program found by its id (name,
 * tag, type), read with libbpf the way `bpftool prog show id N` does. */
#ifndef DROPDOC_XDPINFO_H
#define DROPDOC_XDPINFO_H

#include <stddef.h>
#include <stdint.h>

/* "XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"; NULL
 * for a value outside enum xdp_action. */
const char *xdpinfo_action_name(uint32_t act);
/* The errno's symbolic name for a -errno (or errno): -95 → "EOPNOTSUPP";
 * NULL when unknown or 0. */
const char *xdpinfo_errno_name(int err);

struct xdpinfo_prog {
	uint32_t id;
	char name[16]; /* BPF_OBJ_NAME_LEN; "" when loaded without one */
	char tag[17];  /* hex */
	char type[24]; /* "xdp", "sched_cls", ... */
};

/* Returns 0, -ENOENT (no program with that id: unloaded), -EPERM, or
 * -errno. */
int xdpinfo_prog(uint32_t id, struct xdpinfo_prog *out);

/* The last XDPINFO_CACHE programs looked up, for a reader that names the
 * program of every XDP drop: one syscall per program, not per drop (the
 * kernel does not give a program's id to another while it is loaded, and
 * a program's name and tag never change). Zeroed is empty. */
#define XDPINFO_CACHE 16
struct xdpinfo_cache {
	struct xdpinfo_prog v[XDPINFO_CACHE];
	unsigned next;
};
int xdpinfo_prog_cached(struct xdpinfo_cache *c, uint32_t id, struct xdpinfo_prog *out);

#endif
