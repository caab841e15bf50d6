// SPDX-License-Identifier: GPL-2.0
/* explain_socket: NO_SOCKET — the packet reached the transport layer and no
 * socket took it. The facts: which sockets do exist on that port (this
 * namespace first, then the others), and for each the one thing that kept
 * it from taking the packet: its address, its family, its device, its
 * peer. The fix names the socket's owner and the address to bind. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"

static const uint8_t v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
static const uint8_t zero16[16];

static bool is_loopback(const struct explain_sock *s)
{
	if (s->family == AF_INET)
		return s->addr[0] == 127;
	return !memcmp(s->addr, zero16, 15) && s->addr[15] == 1;
}

enum explain_sock_miss explain_sock_takes(const struct explain_sock *s, const struct pkt *p,
					  const char *dev)
{
	if (s->peer[0])
		return SOCK_MISS_PEER;
	if (p->family == AF_INET) {
		if (s->family == AF_INET6) {
			if (s->v6only)
				return SOCK_MISS_V6ONLY;
			if (memcmp(s->addr, zero16, 16) &&
			    (memcmp(s->addr, v4mapped, 12) || memcmp(s->addr + 12, &p->dst.v4, 4)))
				return SOCK_MISS_ADDRESS;
		} else if (memcmp(s->addr, zero16, 4) && memcmp(s->addr, &p->dst.v4, 4)) {
			return SOCK_MISS_ADDRESS;
		}
	} else {
		if (s->family == AF_INET)
			return SOCK_MISS_V4ONLY;
		if (memcmp(s->addr, zero16, 16) && memcmp(s->addr, &p->dst.v6, 16))
			return SOCK_MISS_ADDRESS;
	}
	if (s->dev[0] && dev && strcmp(s->dev, dev))
		return SOCK_MISS_DEVICE;
	return SOCK_TAKES;
}

/* "127.0.0.1" out of "127.0.0.1:53" / "[::1]:53" / "0.0.0.0%eth1:53". */
static void sock_addr(const struct explain_sock *s, char *buf, size_t n)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(s->family, s->addr, ip, sizeof(ip));
	snprintf(buf, n, "%s", ip);
}

static const char *who(const struct explain_sock *s, char *buf, size_t n)
{
	if (s->proc[0])
		snprintf(buf, n, " (%s)", s->proc);
	else if (n)
		buf[0] = 0;
	return buf;
}

/* One evidence line on a socket of this namespace that did not take it. */
static void why_not(struct finding *f, const struct explain_sock *s, enum explain_sock_miss m,
		    const char *dst, const char *dev)
{
	char a[INET6_ADDRSTRLEN], w[64];

	sock_addr(s, a, sizeof(a));
	who(s, w, sizeof(w));
	switch (m) {
	case SOCK_MISS_ADDRESS:
		finding_evidence(f, "%s%s is bound to %s%s only, not to %s", s->local, w, a,
				 is_loopback(s) ? " (loopback)" : "", dst);
		break;
	case SOCK_MISS_V6ONLY:
		finding_evidence(f, "%s%s is IPv6-only (IPV6_V6ONLY=1): it takes no IPv4", s->local,
				 w);
		break;
	case SOCK_MISS_V4ONLY:
		finding_evidence(f, "%s%s is an IPv4 socket: it takes no IPv6", s->local, w);
		break;
	case SOCK_MISS_DEVICE:
		finding_evidence(f,
				 "%s%s is bound to device %s (SO_BINDTODEVICE); the packet came "
				 "in on %s",
				 s->local, w, s->dev, dev && *dev ? dev : "another device");
		break;
	case SOCK_MISS_PEER:
		finding_evidence(f, "%s%s is a connected socket: it takes packets from %s only",
				 s->local, w, s->peer);
		break;
	case SOCK_TAKES:
		finding_evidence(f, "%s%s would take it now", s->local, w);
		break;
	}
}

/* The fix for the best socket of this namespace. */
static void fix_for(const struct explain_in *in, struct finding *f, const struct explain_sock *s,
		    enum explain_sock_miss m, const char *dst, int port)
{
	char w[64] = "the service";

	if (s->proc[0])
		snprintf(w, sizeof(w), "%s", s->proc);
	switch (m) {
	case SOCK_MISS_ADDRESS:
		finding_fix(
		    f,
		    "make %s listen on %s%s%s:%d (or on all addresses, %s:%d) instead of %s, "
		    "in its listen/bind address setting, and restart it",
		    w, in->d->pkt->family == AF_INET6 ? "[" : "", dst,
		    in->d->pkt->family == AF_INET6 ? "]" : "", port,
		    in->d->pkt->family == AF_INET6 ? "[::]" : "0.0.0.0", port, s->local);
		break;
	case SOCK_MISS_V6ONLY:
		finding_fix(f,
			    "make %s take IPv4 too: listen on 0.0.0.0:%d as well, or on [::]:%d "
			    "with IPV6_V6ONLY off (its setting; new sockets default to "
			    "net.ipv6.bindv6only)",
			    w, port, port);
		break;
	case SOCK_MISS_V4ONLY:
		finding_fix(f, "make %s listen on IPv6 too: [%s]:%d or [::]:%d", w, dst, port,
			    port);
		break;
	case SOCK_MISS_DEVICE:
		finding_fix(f, "bind %s to device %s (where the packets arrive), or to no device",
			    w, in->d->dev && *in->d->dev ? in->d->dev : "<the incoming device>");
		break;
	case SOCK_MISS_PEER:
	case SOCK_TAKES:
		break;
	}
}

static const char *proto_name(int proto)
{
	return proto == IPPROTO_TCP ? "TCP" : "UDP";
}

/* What explain_no_socket learnt: the sockets on the port and which of them
 * would take the packet now (takes), came closest (best, missing by
 * best_miss) or sits in another namespace (other); -1 for none. */
struct no_sock {
	const struct pkt *p;
	struct explain_sock s[EXPLAIN_MAX_SOCKS];
	int n, here, best, other, takes;
	enum explain_sock_miss best_miss;
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], where[96];
	const char *ns, *P;
};

static void no_socket_sort(const struct drop_record *d, struct no_sock *c)
{
	for (int i = 0; i < c->n; i++) {
		enum explain_sock_miss m;

		if (c->s[i].netns != d->netns) {
			if (c->other < 0)
				c->other = i;
			continue;
		}
		c->here++;
		m = explain_sock_takes(&c->s[i], c->p, d->dev);
		if (m == SOCK_TAKES && c->takes < 0)
			c->takes = i;
		else if (m != SOCK_MISS_PEER && c->best < 0)
			c->best = i, c->best_miss = m;
	}
}

static void no_socket_summary(const struct explain_in *in, const struct no_sock *c,
			      struct finding *f)
{
	const struct pkt *p = c->p;
	char w[64];

	if (c->takes >= 0) {
		explain_begin(in, f, "socket_now_listening", FINDING_NOTICE);
		finding_summary(f,
				"no %s socket took %s in %s when it arrived, but %s takes it now: "
				"it was bound after the drop (a start or restart)",
				c->P, c->where, c->ns, c->s[c->takes].local);
	} else if (c->best >= 0) {
		explain_begin(in, f, "socket_bound_elsewhere", FINDING_WARNING);
		finding_summary(f, "%s port %d in %s is bound to %s: packets to %s find no socket",
				c->P, p->dport, c->ns, c->s[c->best].local, c->where);
	} else if (c->other >= 0) {
		const struct explain_sock *o = &c->s[c->other];

		explain_begin(in, f, "socket_in_other_netns", FINDING_WARNING);
		finding_summary(
		    f,
		    "nothing in %s listens on %s port %d; %s%s in namespace %s does, but "
		    "the packets for %s arrive in %s",
		    c->ns, c->P, p->dport, o->local, who(o, w, sizeof(w)),
		    o->netns_name[0] ? o->netns_name : "(unnamed)", c->where, c->ns);
	} else {
		explain_begin(in, f, "no_socket", FINDING_NOTICE);
		finding_summary(
		    f, "nothing in %s listens on %s %s: no socket is bound to port %d%s", c->ns,
		    c->P, c->where, p->dport, c->n < 0 ? " (as far as the kernel said)" : "");
	}
}

static void no_socket_evidence(const struct explain_in *in, const struct no_sock *c,
			       struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = c->p;
	char w[64];

	finding_evidence(f, "%s %s:%d > %s arrived on %s and was freed at %s: no socket", c->P,
			 c->src, p->sport, c->where, d->dev && *d->dev ? d->dev : "?",
			 d->location ? d->location : "?");
	if (p->proto == IPPROTO_TCP && !(p->tcp_flags & TH_SYN))
		finding_evidence(f,
				 "it is not a SYN (flags 0x%02x): a segment of a connection "
				 "this host does not have (closed, or the service restarted)",
				 p->tcp_flags);
	if (c->n < 0)
		finding_evidence(f, "the sockets of %s could not be read (%s)", c->ns,
				 strerror(-c->n));
	else if (!c->here)
		finding_evidence(f, "%s sockets on port %d in %s: none", c->P, p->dport, c->ns);
	for (int i = 0; i < c->n; i++) {
		const struct explain_sock *s = &c->s[i];

		if (s->netns == d->netns)
			why_not(f, s, explain_sock_takes(s, p, d->dev), c->dst, d->dev);
		else
			finding_evidence(f, "in namespace %s: %s%s",
					 s->netns_name[0] ? s->netns_name : "(unnamed)", s->local,
					 who(s, w, sizeof(w)));
	}
	if (p->family == AF_INET && in->cfg) {
		const struct netcfg_addr *a = netcfg_addr_find(in->cfg, p->dst.v4.s_addr);

		if (a)
			finding_evidence(f, "%s is the address of %s here", c->dst,
					 netcfg_ifname(in->cfg, a->ifindex));
	}
	finding_evidence(f,
			 p->proto == IPPROTO_TCP
			     ? "the host answers such a segment with a TCP RST (connection refused)"
			     : "the host answers with ICMP port unreachable (rate-limited)");
}

int explain_no_socket(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	struct no_sock c = {.p = p,
			    .n = -ENOTSUP,
			    .best = -1,
			    .other = -1,
			    .takes = -1,
			    .best_miss = SOCK_TAKES,
			    .src = "?",
			    .dst = "?"};
	const char *pl = p && p->proto == IPPROTO_TCP ? "t" : "u";

	if (!p || (p->family != AF_INET && p->family != AF_INET6) ||
	    (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP) || p->dport < 0)
		return -ENOTSUP;
	c.ns = d->netns_name && *d->netns_name ? d->netns_name : "this namespace";
	c.P = proto_name(p->proto);
	pkt_src(p, c.src, sizeof(c.src));
	pkt_dst(p, c.dst, sizeof(c.dst));
	snprintf(c.where, sizeof(c.where), p->family == AF_INET6 ? "[%s]:%d" : "%s:%d", c.dst,
		 p->dport);
	if (in->env && in->env->sockets)
		c.n = in->env->sockets(in->env->arg, d->netns, p->family, p->proto, p->dport, c.s,
				       EXPLAIN_MAX_SOCKS);
	no_socket_sort(d, &c);
	no_socket_summary(in, &c, f);
	no_socket_evidence(in, &c, f);
	explain_counters(in, f, 3);

	if (c.best >= 0 && c.takes < 0)
		fix_for(in, f, &c.s[c.best], c.best_miss, c.dst, p->dport);
	else if (c.takes < 0 && c.other >= 0)
		finding_fix(f,
			    "run the service in %s (%s<service>), or send the traffic to "
			    "namespace %s's address",
			    c.ns, in->pre,
			    c.s[c.other].netns_name[0] ? c.s[c.other].netns_name : "(unnamed)");
	else if (c.takes < 0)
		finding_fix(f,
			    "start the service that should listen on %s %s in %s (%s<service>), or "
			    "send to the port it uses",
			    c.P, c.where, c.ns, in->pre);
	finding_fix(f, "%sss -%slnp 'sport = :%d'  # who listens on port %d now", in->pre, pl,
		    p->dport, p->dport);
	return 0;
}
