/* SPDX-License-Identifier: GPL-2.0 */
/* nftrules: the firewall rules of a namespace that can drop a packet, read
 * through libnftables (`nft -j list ruleset`, so iptables-nft rules too)
 * and reduced to what an explanation needs: where each rule sits (family,
 * table, chain, the hook its base chain is on), its verdict (drop, reject
 * and what the reject sends; a base chain's drop policy counts too), its
 * counter, and the matches dropdoc can evaluate against a packet.
 *
 * nftrules_parse is pure (fixture JSON in unit tests); nftrules_list and
 * nftrules_apply enter the namespace; nftrules_tracker remembers counters
 * so a later read says which rule's counter moved. */
#ifndef DROPDOC_NFTRULES_H
#define DROPDOC_NFTRULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NFTRULES_MAX	    32 /* drop/reject rules kept per namespace */
#define NFTRULES_MAX_MATCH  6
#define NFTRULES_MAX_VALUES 4

enum nftrules_field {
	NFTR_UNKNOWN = 0, /* an expression dropdoc does not evaluate */
	NFTR_NFPROTO,	  /* meta nfproto: ipv4/ipv6 */
	NFTR_L4PROTO,	  /* meta l4proto, ip protocol, ip6 nexthdr */
	NFTR_SPORT,	  /* tcp/udp/th sport */
	NFTR_DPORT,
	NFTR_SADDR, /* ip saddr (IPv4 only) */
	NFTR_DADDR,
	NFTR_IIFNAME,
	NFTR_OIFNAME,
};

/* One condition of a rule: field [!=] value, or value in a set. */
struct nftrules_match {
	uint8_t field;	 /* enum nftrules_field */
	uint8_t neg;	 /* "!=" */
	uint8_t l4;	 /* ports: IPPROTO_TCP, IPPROTO_UDP, 0 = either (th) */
	uint8_t nvalues; /* 0: not evaluable (a named set, ct state, ...) */
	/* host-order ranges [lo, hi]: a port, a port range, an address prefix */
	uint32_t lo[NFTRULES_MAX_VALUES], hi[NFTRULES_MAX_VALUES];
	char name[16]; /* interface name (IIFNAME/OIFNAME) */
};

struct nftrules_rule {
	char family[8]; /* "inet", "ip", "ip6", "bridge", "netdev", "arp" */
	char table[32];
	char chain[32];
	char hook[16];	 /* "input", ... of the base chain ("" when none reaches it) */
	char base[32];	 /* that base chain's name (= chain for a base chain) */
	int priority;	 /* of that base chain */
	uint64_t handle; /* 0: the base chain's policy, not a rule */
	char verdict[8]; /* "drop", "reject" */
	/* reject: the ICMP error it sends (type 3 and a code); -1 when it sends
	 * a TCP reset; NFTRULES_REJECT_UNKNOWN for iptables' REJECT target */
	int reject_type, reject_code;
	int position;	 /* 1-based among its chain's rules (iptables' numbering) */
	char text[200];	 /* in nft's words, counter left out */
	int64_t packets; /* its counter, -1 without one */
	int64_t delta;	 /* packets since the previous read, -1 unknown */
	int nmatch;
	struct nftrules_match match[NFTRULES_MAX_MATCH];
	bool partial; /* some conditions could not be read into match[] */
};

#define NFTRULES_REJECT_UNKNOWN (-2)

struct nftrules_set {
	int n;
	struct nftrules_rule rules[NFTRULES_MAX];
	bool truncated; /* more than NFTRULES_MAX rules drop */
	/* legacy iptables (ip_tables) tables exist: their rules are not read */
	char legacy[64]; /* "filter, nat" or "" */
};

/* json: `nft -j list ruleset` output. Fills out with the rules whose verdict
 * drops (and drop policies); 0 or -EINVAL. */
int nftrules_parse(const char *json, struct nftrules_set *out);
/* The table is iptables-nft's (ip/ip6 filter, nat, mangle, raw, security
 * with its upper-case chains): change it with iptables, not nft. */
bool nftrules_is_iptables(const struct nftrules_rule *r);

/* The rule in nft's words ("tcp dport 80 reject with icmp type
 * admin-prohibited"); conditions not read are shown as "...". */
void nftrules_format(const struct nftrules_rule *r, char *buf, size_t n);

struct pkt;
/* Does the packet (decode.h) meet every condition of r? 1 yes, 0 no, -1
 * cannot tell (a condition dropdoc does not evaluate). iif/oif: device
 * names, NULL when unknown. */
int nftrules_match_pkt(const struct nftrules_rule *r, const struct pkt *p, const char *iif,
		       const char *oif);

/* Reads the ruleset of the namespace open at nsfd (-1: ours). 0 or -errno
 * (-ENOSYS: no nftables support). */
int nftrules_list(int nsfd, struct nftrules_set *out);
/* Runs nft commands (a ruleset file's text) in the namespace at nsfd; on
 * failure -errno with nft's first error line in err. */
int nftrules_apply(int nsfd, const char *cmds, char *err, size_t errlen);

/* Remembers counters per namespace and handle, to fill delta. */
struct nftrules_tracker;
int nftrules_tracker_new(struct nftrules_tracker **out);
void nftrules_tracker_free(struct nftrules_tracker *t);
/* Sets every rule's delta from the previous call for the same netns. */
void nftrules_tracker_update(struct nftrules_tracker *t, uint32_t netns, struct nftrules_set *s);
/* The rules of the namespace with this inode, with deltas: read at most
 * every NFTRULES_REREAD_MS per namespace (a drop flood costs one read per
 * period), else the last read is returned. Returns out->n or -errno. */
#define NFTRULES_REREAD_MS 250
int nftrules_read(struct nftrules_tracker *t, uint32_t netns, struct nftrules_set *out);

#endif
