// SPDX-License-Identifier: GPL-2.0
/* explain_sockq: a socket that could not take what arrived for it — its
 * receive buffer was full (SOCKET_RCVBUFF) — explained with the socket,
 * the process that owns it, the buffer against the namespace's limits,
 * and the socket's own drop count (sock_diag SK_MEMINFO, like ss -m). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"

/* A numeric sysctl of the drop's namespace, -1 when unknown. */
static long ns_long(const struct explain_in *in, const char *name)
{
	char buf[32];

	return explain_sysctl(in, name, buf, sizeof(buf)) ? -1 : strtol(buf, NULL, 10);
}

/* The socket of the drop's namespace that the packet was for (s holds
 * the answers), or NULL: -ENOTSUP without a packet or sockets to ask,
 * -ENOENT when none takes it now (gone since). */
static const struct explain_sock *taker(const struct explain_in *in, struct explain_sock *s,
					int *err)
{
	const struct pkt *p = in->d->pkt;
	int n;

	*err = -ENOTSUP;
	if (!p || (p->family != AF_INET && p->family != AF_INET6) || p->dport < 0 || !in->env ||
	    !in->env->sockets)
		return NULL;
	n = in->env->sockets(in->env->arg, in->d->netns, p->family, p->proto, p->dport, s,
			     EXPLAIN_MAX_SOCKS);
	*err = -ENOENT;
	for (int i = 0; i < n && i < EXPLAIN_MAX_SOCKS; i++)
		if (s[i].netns == in->d->netns &&
		    explain_sock_takes(&s[i], p, in->d->dev) == SOCK_TAKES)
			return &s[i];
	return NULL;
}

int explain_rcvbuf(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	struct explain_sock s[EXPLAIN_MAX_SOCKS];
	const struct explain_sock *t;
	char dst[INET6_ADDRSTRLEN];
	long rmax, rdef;
	int err;

	t = taker(in, s, &err);
	if (!t)
		return err; /* then what the kernel checked */
	pkt_dst(p, dst, sizeof(dst));
	rmax = ns_long(in, "net.core.rmem_max");
	rdef = ns_long(in, "net.core.rmem_default");
	explain_begin(in, f, "socket-rcvbuf-full", FINDING_WARNING);
	finding_summary(f, "%s socket %s%s%s%s could not keep up: its receive buffer was full",
			p->proto == IPPROTO_TCP ? "TCP" : "UDP", t->local, t->proc[0] ? " (" : "",
			t->proc, t->proc[0] ? ")" : "");
	finding_evidence(f, "socket %s in %s, owner %s", t->local,
			 t->netns_name[0] ? t->netns_name : "this namespace",
			 t->proc[0] ? t->proc : "unknown (no process found holding it)");
	if (t->has_mem) {
		finding_evidence(f,
				 "receive buffer %u bytes, %u held now; the socket dropped %u "
				 "packets so far",
				 t->rcvbuf, t->rmem, t->drops);
		if (rdef > 0 && t->rcvbuf == 2 * (uint32_t)rdef)
			finding_evidence(f,
					 "that is net.core.rmem_default %ld doubled: the program "
					 "never set SO_RCVBUF",
					 rdef);
	}
	if (rmax >= 0)
		finding_evidence(f,
				 "net.core.rmem_max %ld (the most SO_RCVBUF may ask), "
				 "rmem_default %ld",
				 rmax, rdef);
	explain_counters(in, f, 3);
	finding_fix(f,
		    "the program %s must read faster (more threads, recvmmsg) or ask for a "
		    "larger buffer with setsockopt(SO_RCVBUF)",
		    t->proc[0] ? t->proc : "owning the socket");
	if (rmax >= 0)
		finding_fix(f,
			    "allow it: %ssysctl -w net.core.rmem_max=%ld net.core.rmem_default=%ld",
			    in->pre, rmax < 8388608 ? 8388608 : rmax * 2,
			    rdef > 0 && rdef < 1048576 ? 1048576 : (rdef > 0 ? rdef : 1048576));
	finding_fix(f, "watch it: %sss -uamp 'sport = :%d'  # skmem d<N> is its drop count",
		    in->pre, p->dport);
	return 0;
}

/* SOCKET_FILTER: the socket the packet was for ran its filter (a classic
 * or eBPF SO_ATTACH_FILTER program, or a cgroup ingress program) and the
 * filter said no. The kernel does not say which program a socket holds:
 * the socket and the process that owns it are where to look. */
int explain_socket_filter(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	struct explain_sock s[EXPLAIN_MAX_SOCKS];
	const struct explain_sock *t;
	char src[INET6_ADDRSTRLEN];
	int err;

	t = taker(in, s, &err);
	if (!t)
		return err;
	pkt_src(p, src, sizeof(src));
	explain_begin(in, f, "socket-filter", FINDING_NOTICE);
	finding_summary(f, "the filter on socket %s%s%s%s refused %s's packet", t->local,
			t->proc[0] ? " (" : "", t->proc, t->proc[0] ? ")" : "", src);
	finding_evidence(f, "socket %s in %s, owner %s", t->local,
			 t->netns_name[0] ? t->netns_name : "this namespace",
			 t->proc[0] ? t->proc : "unknown (no process found holding it)");
	finding_evidence(f,
			 "kernel: %s at %s: the socket's SO_ATTACH_FILTER program (or a cgroup "
			 "ingress BPF program of its owner) returned 0",
			 d->reason, d->location ? d->location : "?");
	if (t->has_mem)
		finding_evidence(f, "the socket has dropped %u packets so far", t->drops);
	finding_fix(f,
		    "the program %s chose to refuse these: look at the filter it attaches "
		    "(strace -e setsockopt -p PID shows SO_ATTACH_FILTER)",
		    t->proc[0] ? t->proc : "owning the socket");
	finding_fix(f, "cgroup programs: bpftool cgroup tree  # ingress programs of its cgroup");
	return 0;
}
