/* SPDX-License-Identifier: GPL-2.0 */
/* xfrminfo: a namespace's IPsec policies, as `ip xfrm policy list` shows
 * them (NETLINK_XFRM, XFRM_MSG_GETPOLICY dump): selector, direction,
 * action, priority, and whether templates (SAs it requires) are attached.
 * Nothing here prints. */
#ifndef DROPDOC_XFRMINFO_H
#define DROPDOC_XFRMINFO_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define XFRMINFO_MAX 32

struct xfrminfo_policy {
	int family; /* AF_INET, AF_INET6, 0 (any) */
	uint8_t src[16], dst[16];
	uint8_t src_len, dst_len;
	uint8_t proto;	       /* 0: any */
	uint16_t sport, dport; /* host order, 0: any */
	uint8_t dir;	       /* XFRM_POLICY_IN, OUT, FWD */
	bool block;	       /* action block (else allow) */
	bool has_tmpl;	       /* requires SAs (an allow policy that needs IPsec) */
	uint32_t priority;
};

/* The policies of the namespace open at nsfd (-1: ours); up to n, returns
 * how many, or -errno. */
int xfrminfo_list(int nsfd, struct xfrminfo_policy *out, int n);
/* Does p's selector take a packet family/src/dst/proto/sport/dport? */
bool xfrminfo_matches(const struct xfrminfo_policy *p, int family, const void *src, const void *dst,
		      int proto, int sport, int dport);
/* "src 192.0.2.2/32 dst 192.0.2.1/32 proto 17 dir in" — the words `ip xfrm
 * policy delete` takes */
void xfrminfo_format(const struct xfrminfo_policy *p, char *buf, size_t n);

#endif
