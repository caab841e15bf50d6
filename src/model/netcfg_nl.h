/* SPDX-License-Identifier: GPL-2.0 */
/* netcfg_nl: rtnetlink → model parsers, shared by the loader and the
 * cache (which parses notifications with the same code). Internal to
 * netcfg. */
#ifndef DROPDOC_NETCFG_NL_H
#define DROPDOC_NETCFG_NL_H

#include "model/netcfg.h"
#include "host/rtnl.h"

int netcfg_nl_link_parse(const struct nlmsghdr *nlh, struct netcfg_link *l);
int netcfg_nl_route_parse(const struct nlmsghdr *nlh, struct netcfg_route *r);
/* The messages of a recorded dump (any of the five kinds, in any order)
 * into cfg, then sorted. Returns 0 or -errno (a malformed message). */
int netcfg_nl_parse(const void *buf, size_t len, struct netcfg *cfg);
/* Dumps links, IPv4 addresses, routes (all tables), rules and neighbours. */
int netcfg_nl_dump_all(struct rtnl *nl, struct netcfg *cfg, char *err, size_t errlen);
/* Reads net.ipv4 sysctls (ip_forward, conf/all, conf/default, each link)
 * from /proc/sys of the calling thread's namespace. */
int netcfg_sysctl_read(struct netcfg *cfg);

#endif
