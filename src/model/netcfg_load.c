// SPDX-License-Identifier: GPL-2.0
/* netcfg: loading one namespace — enter it, dump it over rtnetlink, read
 * its sysctls, find where each veth's peer lives, and come back. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "model/netcfg_nl.h"
#include "host/netns.h"
#include "host/nsexec.h"

static int read_int(const char *path, int *v)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	*v = atoi(buf);
	return 0;
}

static void conf_read(const char *dev, struct netcfg_conf *c)
{
	char path[128];

	for (size_t i = 0; i < netcfg_conf_nkeys; i++) {
		int *v = (int *)((char *)c + netcfg_conf_keys[i].off);

		snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", dev,
			 netcfg_conf_keys[i].name);
		if (read_int(path, v) < 0)
			*v = -1;
	}
}

int netcfg_sysctl_read(struct netcfg *cfg)
{
	int err = read_int("/proc/sys/net/ipv4/ip_forward", &cfg->ip_forward);

	if (err < 0)
		cfg->ip_forward = -1;
	conf_read("all", &cfg->all);
	conf_read("default", &cfg->deflt);
	for (size_t i = 0; i < cfg->n_links; i++)
		conf_read(cfg->links[i].name, &cfg->links[i].conf);
	return err;
}

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(struct rtgenmsg))
	{
		if (mnl_attr_get_type(a) == NETNSA_NSID && mnl_attr_get_payload_len(a) >= 4)
			*(int *)data = (int)mnl_attr_get_u32(a);
	}
	return MNL_CB_OK;
}

/* The id the current namespace gives the namespace open at fd, or -1. */
static int nsid_of(struct rtnl *nl, int fd)
{
	char buf[128];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	int id = -1;

	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
	if (rtnl_talk(nl, nlh, nsid_cb, &id) < 0)
		return -1;
	return id;
}

/* Search the named namespaces, then every process's, for the one the
 * current namespace calls nsid. Returns an open fd or -ENOENT. */
static int find_nsid(struct rtnl *nl, int nsid, uint32_t *inode)
{
	static const char *const dirs[] = {"/run/netns", "/proc"};

	for (size_t d = 0; d < 2; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;

		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			char p[300];
			struct stat st;
			int fd;

			if (de->d_name[0] == '.' ||
			    (d == 1 && (de->d_name[0] < '1' || de->d_name[0] > '9')))
				continue;
			if (d == 0)
				snprintf(p, sizeof(p), "%s/%s", dirs[d], de->d_name);
			else
				snprintf(p, sizeof(p), "/proc/%s/ns/net", de->d_name);
			fd = open(p, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			if (!fstat(fd, &st) && nsid_of(nl, fd) == nsid) {
				*inode = (uint32_t)st.st_ino;
				closedir(dir);
				return fd;
			}
			close(fd);
		}
		closedir(dir);
	}
	return -ENOENT;
}

struct one_link {
	int ifindex;
	struct netcfg_link l;
	int found;
};

static int one_link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct one_link *o = data;

	if (nlh->nlmsg_type == RTM_NEWLINK && !netcfg_nl_link_parse(nlh, &o->l))
		o->found = 1;
	return MNL_CB_OK;
}

/* Name and XDP state of ifindex in the namespace open at fd. */
static int peer_read(int fd, int ifindex, struct netcfg_link *out)
{
	struct rtnl nl;
	struct one_link o = {.ifindex = ifindex};
	char buf[128];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	int err;

	err = rtnl_open_in(&nl, NETLINK_ROUTE, 0, fd);
	if (err)
		return err;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_index = ifindex;
	err = rtnl_talk(&nl, nlh, one_link_cb, &o);
	rtnl_close(&nl);
	if (!err && !o.found)
		err = -ENOENT;
	if (!err)
		*out = o.l;
	return err;
}

static void peers_resolve(struct rtnl *nl, struct netcfg *cfg)
{
	for (size_t i = 0; i < cfg->n_links; i++) {
		struct netcfg_link *l = &cfg->links[i], peer;
		const struct netcfg_link *p;
		int fd;

		if (strcmp(l->kind, "veth") || !l->link)
			continue;
		if (l->link_netnsid < 0) {
			p = netcfg_link_by_index(cfg, l->link);
			l->peer_netns = cfg->netns_inode;
			if (p) {
				snprintf(l->peer_name, sizeof(l->peer_name), "%s", p->name);
				l->peer_xdp = p->xdp_prog_id != 0;
			}
			continue;
		}
		fd = find_nsid(nl, l->link_netnsid, &l->peer_netns);
		if (fd < 0)
			continue;
		memset(&peer, 0, sizeof(peer));
		if (l->peer_netns != cfg->netns_inode)
			snprintf(l->peer_netns_name, sizeof(l->peer_netns_name), "%s",
				 netns_name(l->peer_netns));
		if (!peer_read(fd, l->link, &peer)) {
			snprintf(l->peer_name, sizeof(l->peer_name), "%s", peer.name);
			l->peer_xdp = peer.xdp_prog_id != 0;
		}
		close(fd);
	}
}

/* What load_here needs and gives. */
struct load_job {
	struct netcfg *cfg;
	char *err;
	size_t errlen;
};

/* Reads the model of the namespace the calling thread is in. */
static int load_here(void *arg)
{
	struct load_job *j = arg;
	struct netcfg *cfg = j->cfg;
	struct rtnl nl = {0};
	struct stat st;
	int ret;

	if (stat("/proc/thread-self/ns/net", &st) == 0)
		cfg->netns_inode = (uint32_t)st.st_ino;
	ret = rtnl_open(&nl, 0);
	if (ret) {
		snprintf(j->err, j->errlen, "netlink socket: %s", strerror(-ret));
		return ret;
	}
	ret = netcfg_nl_dump_all(&nl, cfg, j->err, j->errlen);
	if (!ret) {
		netcfg_sysctl_read(cfg);
		peers_resolve(&nl, cfg);
	}
	rtnl_close(&nl);
	return ret;
}

int netcfg_load(int nsfd, struct netcfg **out, char *err, size_t errlen)
{
	struct load_job j = {.err = err, .errlen = errlen};
	int ret;

	j.cfg = netcfg_new();
	if (!j.cfg) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	err[0] = 0;
	/* on a thread of its own in nsfd's namespace: this process never
	 * becomes a member of it (nsexec.h) */
	ret = netns_run(nsfd, load_here, &j);
	if (ret) {
		if (!err[0])
			snprintf(err, errlen, "cannot enter network namespace: %s", strerror(-ret));
		netcfg_unref(j.cfg);
		return ret;
	}
	snprintf(j.cfg->netns_name, sizeof(j.cfg->netns_name), "%s",
		 netns_name(j.cfg->netns_inode));
	*out = j.cfg;
	return 0;
}
