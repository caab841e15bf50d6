// SPDX-License-Identifier: GPL-2.0
/* sockdiag: sockets by protocol and port over NETLINK_SOCK_DIAG, and the
 * processes holding them. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "host/rtnl.h"
#include "host/sockdiag.h"

struct dump_ctx {
	struct sockdiag_sock *out;
	int n, found;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, INET_DIAG_MAX) < 0)
		return MNL_CB_OK; /* newer than our headers: ignore */
	if (type == INET_DIAG_SKV6ONLY && mnl_attr_validate(a, MNL_TYPE_U8) < 0)
		return MNL_CB_ERROR;
	if (type == INET_DIAG_SKMEMINFO &&
	    mnl_attr_get_payload_len(a) < (SK_MEMINFO_DROPS + 1) * sizeof(uint32_t))
		return MNL_CB_OK; /* an older layout: leave it out */
	tb[type] = a;
	return MNL_CB_OK;
}

static int sock_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[INET_DIAG_MAX + 1] = {0};
	struct sockdiag_sock *s;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return MNL_CB_ERROR;
	if (mnl_attr_parse(nlh, sizeof(*m), attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	if (c->found++ >= c->n)
		return MNL_CB_OK; /* keep counting */
	s = &c->out[c->found - 1];
	memset(s, 0, sizeof(*s));
	s->family = m->idiag_family;
	s->state = m->idiag_state;
	s->port = ntohs(m->id.idiag_sport);
	s->dport = ntohs(m->id.idiag_dport);
	memcpy(s->addr, m->id.idiag_src, m->idiag_family == AF_INET6 ? 16 : 4);
	memcpy(s->peer, m->id.idiag_dst, m->idiag_family == AF_INET6 ? 16 : 4);
	s->ifindex = m->id.idiag_if;
	s->inode = m->idiag_inode;
	s->uid = m->idiag_uid;
	if (tb[INET_DIAG_SKV6ONLY])
		s->v6only = mnl_attr_get_u8(tb[INET_DIAG_SKV6ONLY]);
	s->rqueue = m->idiag_rqueue;
	s->wqueue = m->idiag_wqueue;
	if (tb[INET_DIAG_SKMEMINFO]) {
		const uint32_t *mi = mnl_attr_get_payload(tb[INET_DIAG_SKMEMINFO]);

		s->rmem = mi[SK_MEMINFO_RMEM_ALLOC];
		s->rcvbuf = mi[SK_MEMINFO_RCVBUF];
		s->drops = mi[SK_MEMINFO_DROPS];
		s->has_mem = true;
	}
	return MNL_CB_OK;
}

/* One dump: family × proto, port filtered by the kernel when non-zero. */
static int dump(struct rtnl *nl, int family, int proto, int port, struct dump_ctx *c)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_v2 *req;
	int first = c->found, err;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = (uint8_t)proto;
	req->idiag_ext = 1u << (INET_DIAG_SKMEMINFO - 1);
	req->idiag_states =
	    proto == IPPROTO_TCP ? 1u << TCP_LISTEN : (1u << TCP_CLOSE) | (1u << TCP_ESTABLISHED);
	if (port) {
		/* "sport == port": on a match jump to the end (accept), else
		 * 4 bytes beyond it (reject). */
		struct inet_diag_bc_op ops[2] = {
		    {.code = INET_DIAG_BC_S_EQ, .yes = sizeof(ops), .no = sizeof(ops) + 4},
		    {.no = (uint16_t)port},
		};

		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, sizeof(ops), ops);
	}
	err = rtnl_talk(nl, nlh, sock_cb, c);
	for (int i = first; i < c->found && i < c->n; i++)
		c->out[i].proto = (uint8_t)proto;
	return err;
}

int sockdiag_list(int nsfd, int proto, int port, struct sockdiag_sock *out, int n)
{
	static const int families[] = {AF_INET, AF_INET6};
	struct dump_ctx c = {.out = out, .n = n};
	struct rtnl nl = {0};
	int err;

	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	if (port < 0 || port > 65535)
		return -EINVAL;
	/* the socket belongs to the namespace it was opened in */
	err = rtnl_open_in(&nl, NETLINK_SOCK_DIAG, 0, nsfd);
	for (size_t f = 0; !err && f < sizeof(families) / sizeof(families[0]); f++)
		err = dump(&nl, families[f], proto, port, &c);
	if (nl.nl)
		rtnl_close(&nl);
	return err ? err : c.found;
}

bool sockdiag_is_wildcard(const struct sockdiag_sock *s)
{
	static const uint8_t zero[16];

	return !memcmp(s->addr, zero, s->family == AF_INET6 ? 16 : 4);
}

static void format_addr(int family, const uint8_t *a, const char *dev, int port, char *buf,
			size_t n)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	const char *pct = dev && *dev ? "%" : "";

	inet_ntop(family, a, ip, sizeof(ip));
	if (family == AF_INET6)
		snprintf(buf, n, "[%s]%s%s:%d", ip, pct, pct[0] ? dev : "", port);
	else
		snprintf(buf, n, "%s%s%s:%d", ip, pct, pct[0] ? dev : "", port);
}

void sockdiag_format_local(const struct sockdiag_sock *s, const char *dev, char *buf, size_t n)
{
	format_addr(s->family, s->addr, dev, s->port, buf, n);
}

void sockdiag_format_peer(const struct sockdiag_sock *s, char *buf, size_t n)
{
	if (s->proto != IPPROTO_UDP || s->state != TCP_ESTABLISHED || !s->dport) {
		if (n)
			buf[0] = 0;
		return;
	}
	format_addr(s->family, s->peer, NULL, s->dport, buf, n);
}

/* The owner map: socket inode → "pid/comm", sorted by inode. */
#define OWNER_MAX 65536

struct owner {
	uint32_t inode;
	char proc[48];
};

static struct owner *owners;
static size_t nowners;
static struct timespec owners_built;
static bool owners_valid;

static int owner_cmp(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

static void read_comm(const char *pid, char *buf, size_t n)
{
	char p[64];
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%s/comm", pid);
	buf[0] = 0;
	f = fopen(p, "re");
	if (!f)
		return;
	if (fgets(buf, (int)n, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

static int owner_add(struct owner **v, size_t *cnt, size_t *cap, uint32_t inode, const char *pid,
		     const char *comm)
{
	if (*cnt == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		struct owner *p = realloc(*v, ncap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*v = p;
		*cap = ncap;
	}
	(*v)[*cnt].inode = inode;
	snprintf((*v)[*cnt].proc, sizeof((*v)[*cnt].proc), "%.16s/%.30s", pid, comm);
	(*cnt)++;
	return 0;
}

/* Adds the sockets held by one process. */
static int scan_pid(const char *pid, struct owner **v, size_t *cnt, size_t *cap)
{
	char dir[64], comm[32] = "";
	DIR *d;
	struct dirent *de;
	bool named = false;
	int err = 0;

	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	d = opendir(dir);
	if (!d)
		return 0; /* gone, or not ours to read */
	while (!err && (de = readdir(d)) && *cnt < OWNER_MAX) {
		char p[300], link[64];
		unsigned long ino;
		ssize_t len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%.200s", dir, de->d_name);
		len = readlink(p, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = 0;
		if (sscanf(link, "socket:[%lu]", &ino) != 1)
			continue;
		if (!named) {
			read_comm(pid, comm, sizeof(comm));
			named = true;
		}
		err = owner_add(v, cnt, cap, (uint32_t)ino, pid, comm);
	}
	closedir(d);
	return err;
}

static int owners_build(void)
{
	struct owner *v = NULL;
	size_t cnt = 0, cap = 0;
	DIR *d = opendir("/proc");
	struct dirent *de;
	int err = 0;

	if (!d)
		return -errno;
	while (!err && (de = readdir(d)) && cnt < OWNER_MAX)
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
			err = scan_pid(de->d_name, &v, &cnt, &cap);
	closedir(d);
	if (err) {
		free(v);
		return err;
	}
	qsort(v, cnt, sizeof(*v), owner_cmp);
	free(owners);
	owners = v;
	nowners = cnt;
	clock_gettime(CLOCK_MONOTONIC, &owners_built);
	owners_valid = true;
	return 0;
}

static const struct owner *owner_find(uint32_t inode)
{
	struct owner key = {.inode = inode};

	if (!owners)
		return NULL;
	/* the first holder in /proc order for a shared socket */
	return bsearch(&key, owners, nowners, sizeof(*owners), owner_cmp);
}

int sockdiag_owner(uint32_t inode, char *buf, size_t n)
{
	const struct owner *o = owners_valid ? owner_find(inode) : NULL;
	struct timespec now;

	if (!o) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!owners_valid || (now.tv_sec - owners_built.tv_sec) * 1000000000LL +
					     (now.tv_nsec - owners_built.tv_nsec) >=
					 1000000000LL) {
			if (owners_build() == 0)
				o = owner_find(inode);
		}
	}
	if (!o) {
		if (n)
			buf[0] = 0;
		return -ENOENT;
	}
	snprintf(buf, n, "%s", o->proc);
	return 0;
}

void sockdiag_owner_reset(void)
{
	free(owners);
	owners = NULL;
	nowners = 0;
	owners_valid = false;
}
