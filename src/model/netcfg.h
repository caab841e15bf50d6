/* SPDX-License-Identifier: GPL-2.0 */
/* netcfg: a read-only model of one network namespace's IPv4 configuration
 * (links, addresses, routes of all tables, policy rules, neighbours and the
 * sysctls that decide drops), filled over netlink or from a snapshot file.
 *
 * Addresses are stored in network byte order (as the kernel has them).
 * A model is reference counted: netcfg_cache_get() hands out references,
 * netcfg_unref() drops one. Nothing here prints. */
#ifndef DROPDOC_NETCFG_H
#define DROPDOC_NETCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETCFG_NAME_LEN 16 /* IFNAMSIZ */
#define NETCFG_MAX_NH	16 /* nexthops kept per multipath route */
#define NETCFG_HWADDR	32 /* MAX_ADDR_LEN */

/* Per-device (and all/default) IPv4 sysctls; -1 when not known. */
struct netcfg_conf {
	int rp_filter;
	int accept_local;
	int forwarding;
	int log_martians;
	int arp_ignore;
	int arp_filter;
	int send_redirects;
	int route_localnet;
	int src_valid_mark;
	int bc_forwarding;
};

/* The sysctl file names of struct netcfg_conf's fields, in order. */
struct netcfg_conf_key {
	const char *name;
	size_t off;
};
extern const struct netcfg_conf_key netcfg_conf_keys[];
extern const size_t netcfg_conf_nkeys;

enum netcfg_xdp_mode {
	NETCFG_XDP_NONE = 0, /* values of IFLA_XDP_ATTACHED */
	NETCFG_XDP_DRV = 1,
	NETCFG_XDP_SKB = 2,
	NETCFG_XDP_HW = 3,
	NETCFG_XDP_MULTI = 4,
};

struct netcfg_link {
	int ifindex;
	char name[NETCFG_NAME_LEN];
	char kind[NETCFG_NAME_LEN]; /* IFLA_INFO_KIND: "veth", "vxlan", "ipip"; "" */
	uint16_t type;		    /* ARPHRD_* */
	uint8_t operstate;	    /* IF_OPER_* */
	uint8_t addr_len;
	uint32_t flags; /* IFF_* as the kernel reports them */
	uint32_t promiscuity;
	uint32_t mtu;
	int master; /* ifindex of the bridge/bond/vrf, 0 */
	uint8_t addr[NETCFG_HWADDR];
	/* veth/tunnel lower link: IFLA_LINK and IFLA_LINK_NETNSID (-1 = same). */
	int link;
	int link_netnsid;
	uint32_t peer_netns; /* inode of the peer's namespace, 0 when unknown */
	char peer_name[NETCFG_NAME_LEN];
	char peer_netns_name[64]; /* its namespace's name ("" when same or unnamed) */
	int peer_xdp;		  /* veth peer: 1 has an XDP program, 0 none, -1 unknown */
	/* tunnels: endpoints (network order, 0 when none) and VNI for vxlan */
	uint32_t tun_local;
	uint32_t tun_remote;
	uint32_t vni;
	/* XDP */
	uint8_t xdp_mode; /* enum netcfg_xdp_mode */
	uint32_t xdp_prog_id;
	struct netcfg_conf conf;
};

struct netcfg_addr {
	int ifindex;
	uint8_t prefixlen;
	uint8_t scope;
	uint32_t flags; /* IFA_F_* */
	uint32_t local;
	uint32_t address; /* peer address on point-to-point links, else = local */
	uint32_t broadcast;
	char label[NETCFG_NAME_LEN];
};

struct netcfg_nexthop {
	int ifindex;
	uint32_t gw;
	uint8_t weight; /* rtnh_hops + 1 */
	uint32_t flags; /* RTNH_F_* */
};

struct netcfg_route {
	uint32_t table;
	uint8_t type;  /* RTN_* */
	uint8_t scope; /* RT_SCOPE_* */
	uint8_t proto; /* RTPROT_* */
	uint8_t dst_len;
	uint8_t tos;
	uint32_t dst;
	uint32_t prefsrc;
	uint32_t metric;
	uint32_t flags; /* RTM_F_* / RTNH_F_* of the rtmsg */
	int nh_count;
	struct netcfg_nexthop nh[NETCFG_MAX_NH];
};

struct netcfg_rule {
	uint32_t priority;
	uint8_t action; /* FR_ACT_* */
	uint8_t src_len;
	uint8_t dst_len;
	uint8_t tos;
	uint32_t table;
	uint32_t src;
	uint32_t dst;
	uint32_t flags; /* FIB_RULE_* (INVERT, IIF_DETACHED, ...) */
	uint32_t fwmark;
	uint32_t fwmask;
	uint32_t goto_target;
	int32_t suppress_prefixlen; /* -1 when unset */
	int32_t suppress_ifgroup;   /* -1 when unset */
	char iif[NETCFG_NAME_LEN];
	char oif[NETCFG_NAME_LEN];
	/* selectors the offline lookup does not model (ports, ipproto, uid,
	 * l3mdev, tunnel id): set when present so callers can say so. */
	bool unmodeled;
};

struct netcfg_neigh {
	int ifindex;
	uint32_t dst;
	uint16_t state; /* NUD_* */
	uint8_t flags;	/* NTF_* */
	uint8_t lladdr_len;
	uint8_t lladdr[NETCFG_HWADDR];
};

struct netcfg {
	int refs;
	uint32_t netns_inode;	   /* 0 when unknown */
	char netns_name[64];	   /* ip netns name, "" */
	int ip_forward;		   /* net.ipv4.ip_forward, -1 unknown */
	struct netcfg_conf all;	   /* conf/all */
	struct netcfg_conf deflt;  /* conf/default */
	struct netcfg_link *links; /* sorted by ifindex */
	struct netcfg_addr *addrs;
	struct netcfg_route *routes;
	struct netcfg_rule *rules; /* sorted by priority, as dumped */
	struct netcfg_neigh *neighs;
	size_t n_links, n_addrs, n_routes, n_rules, n_neighs;
};

/* Reads the namespace open at nsfd (-1: the calling thread's own) by
 * entering it for the duration, and returns a new model with one ref.
 * On failure returns -errno and a one-line reason in err. */
int netcfg_load(int nsfd, struct netcfg **out, char *err, size_t errlen);

struct netcfg *netcfg_new(void);
struct netcfg *netcfg_ref(struct netcfg *cfg);
void netcfg_unref(struct netcfg *cfg); /* NULL is fine */
static inline void netcfg_unrefp(struct netcfg **p)
{
	netcfg_unref(*p);
}
#define _cleanup_netcfg_ __attribute__((cleanup(netcfg_unrefp)))

/* Appending (used by the loaders); return a zeroed slot or NULL. */
struct netcfg_link *netcfg_add_link(struct netcfg *cfg);
struct netcfg_addr *netcfg_add_addr(struct netcfg *cfg);
struct netcfg_route *netcfg_add_route(struct netcfg *cfg);
struct netcfg_rule *netcfg_add_rule(struct netcfg *cfg);
struct netcfg_neigh *netcfg_add_neigh(struct netcfg *cfg);
void netcfg_conf_unknown(struct netcfg_conf *c);
/* Puts links in ifindex order and rules in priority order. */
void netcfg_sort(struct netcfg *cfg);

/* True when both models hold the same facts (refs not compared). */
bool netcfg_equal(const struct netcfg *a, const struct netcfg *b);

/* Lookups. */
const struct netcfg_link *netcfg_link_by_index(const struct netcfg *cfg, int ifindex);
const struct netcfg_link *netcfg_link_by_name(const struct netcfg *cfg, const char *name);
const char *netcfg_ifname(const struct netcfg *cfg, int ifindex); /* "?" */
/* An interface address equal to ip (what inet_lookup_ifaddr finds). */
const struct netcfg_addr *netcfg_addr_find(const struct netcfg *cfg, uint32_t ip);
/* First (primary) address of a link, NULL when it has none. */
const struct netcfg_addr *netcfg_addr_primary(const struct netcfg *cfg, int ifindex);
bool netcfg_link_has_addr(const struct netcfg *cfg, int ifindex);
bool netcfg_link_is_tunnel(const struct netcfg_link *l);

/* Effective values the kernel uses for a device (NULL link: all). */
int netcfg_rp_filter(const struct netcfg *cfg, const struct netcfg_link *l); /* max */
bool netcfg_accept_local(const struct netcfg *cfg, const struct netcfg_link *l);
bool netcfg_route_localnet(const struct netcfg *cfg, const struct netcfg_link *l);
bool netcfg_send_redirects(const struct netcfg *cfg, const struct netcfg_link *l);
bool netcfg_forwarding(const struct netcfg *cfg, const struct netcfg_link *l);

/* Kernel-state the FIB depends on but netlink does not show directly. */
bool netcfg_has_custom_rules(const struct netcfg *cfg);
bool netcfg_has_custom_local_routes(const struct netcfg *cfg);
bool netcfg_table_exists(const struct netcfg *cfg, uint32_t table);

/* Names for numbers (round-trip: name → number → same name). Unknown
 * numbers print as decimal and parse back. Return -EINVAL when unknown. */
const char *netcfg_rtype_name(unsigned v, char *buf, size_t len);
int netcfg_rtype_parse(const char *s, unsigned *v);
const char *netcfg_scope_name(unsigned v, char *buf, size_t len);
int netcfg_scope_parse(const char *s, unsigned *v);
const char *netcfg_proto_name(unsigned v, char *buf, size_t len);
int netcfg_proto_parse(const char *s, unsigned *v);
const char *netcfg_table_name(unsigned v, char *buf, size_t len);
int netcfg_table_parse(const char *s, unsigned *v);
const char *netcfg_action_name(unsigned v, char *buf, size_t len);
int netcfg_action_parse(const char *s, unsigned *v);
const char *netcfg_xdp_name(unsigned v, char *buf, size_t len);
int netcfg_xdp_parse(const char *s, unsigned *v);
/* a neighbour's NUD_* state: "FAILED", "REACHABLE", ... */
const char *netcfg_nud_name(unsigned v, char *buf, size_t len);
int netcfg_nud_parse(const char *s, unsigned *v);

/* "10.0.0.0/24 via 10.0.0.1 dev eth0 table main metric 100 ..." in
 * `ip route` words, for evidence lines. */
int netcfg_route_format(const struct netcfg *cfg, const struct netcfg_route *r, char *buf,
			size_t len);
int netcfg_rule_format(const struct netcfg_rule *r, char *buf, size_t len);

/* A cache of models keyed by namespace inode. A model is built on first
 * use and kept until a netlink notification (links, addresses, routes,
 * rules, neighbours) from that namespace says it changed; sysctls are
 * re-read at most every `sysctl_ms` milliseconds (0: never re-read).
 * Bounded: an entry unused for NETCFG_CACHE_IDLE_MS is dropped, and at most
 * NETCFG_CACHE_MAX are kept (the least recently used goes first) — each
 * holds the namespace open, so a deleted namespace is let go of too. */
#define NETCFG_CACHE_MAX     64
#define NETCFG_CACHE_IDLE_MS 30000
struct netcfg_cache;
/* open_ns: turns an inode into an open namespace fd (netns_resolve). */
typedef int (*netcfg_open_ns_fn)(uint32_t inode, int *fd);
int netcfg_cache_new(netcfg_open_ns_fn open_ns, unsigned sysctl_ms, struct netcfg_cache **out);
void netcfg_cache_free(struct netcfg_cache *c);
/* Returns a reference to the current model (caller unrefs) or NULL with
 * *err set to -errno. Cheap when nothing changed: one non-blocking recv. */
struct netcfg *netcfg_cache_get(struct netcfg_cache *c, uint32_t inode, int *err);
/* Between lookups (a reader's loop): entries of namespaces that are gone
 * or idle go, so no namespace is held alive after it is deleted. */
void netcfg_cache_tick(struct netcfg_cache *c);
/* Drop one entry (or all with inode 0). */
void netcfg_cache_invalidate(struct netcfg_cache *c, uint32_t inode);
/* How many times models were (re)built: for tests and stats. */
unsigned long netcfg_cache_builds(const struct netcfg_cache *c);
/* How many times notifications were lost (the socket overran: ENOBUFS)
 * and the model was rebuilt whole for it. */
unsigned long netcfg_cache_overruns(const struct netcfg_cache *c);
/* How many namespaces it holds now. */
size_t netcfg_cache_count(const struct netcfg_cache *c);

#endif
