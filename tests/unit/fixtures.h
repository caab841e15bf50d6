/* SPDX-License-Identifier: GPL-2.0 */
/* fixtures: packet bytes built field by field for the unit tests, so each
 * test states the headers it means instead of carrying opaque hex dumps. */
#ifndef DROPDOC_TEST_FIXTURES_H
#define DROPDOC_TEST_FIXTURES_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

struct fx {
	uint8_t b[512];
	uint32_t len;
	uint32_t l3;	  /* offset of the IP header, for later edits */
	uint32_t ip6_pl;  /* offset of the IPv6 payload_len field */
	uint32_t ip6_end; /* offset where the IPv6 payload starts */
};

static inline void fx_u8(struct fx *f, uint8_t v)
{
	f->b[f->len++] = v;
}

static inline void fx_u16(struct fx *f, uint16_t v)
{
	fx_u8(f, (uint8_t)(v >> 8));
	fx_u8(f, (uint8_t)v);
}

static inline void fx_u32(struct fx *f, uint32_t v)
{
	fx_u16(f, (uint16_t)(v >> 16));
	fx_u16(f, (uint16_t)v);
}

static inline void fx_bytes(struct fx *f, const void *p, uint32_t n)
{
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static inline void fx_fill(struct fx *f, uint8_t v, uint32_t n)
{
	memset(f->b + f->len, v, n);
	f->len += n;
}

static const uint8_t fx_mac1[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t fx_mac2[6] = {0x02, 0, 0, 0, 0, 0x02};

/* dst mac2, src mac1 */
static inline void fx_eth(struct fx *f, uint16_t ethertype)
{
	memset(f, 0, sizeof(*f));
	fx_bytes(f, fx_mac2, 6);
	fx_bytes(f, fx_mac1, 6);
	fx_u16(f, ethertype);
}

static inline void fx_vlan(struct fx *f, uint16_t vid, uint16_t next)
{
	fx_u16(f, vid);
	fx_u16(f, next);
}

static inline uint16_t fx_csum(const uint8_t *p, uint32_t n)
{
	uint32_t s = 0;

	for (uint32_t i = 0; i < n; i += 2)
		s += (uint32_t)(p[i] << 8 | (i + 1 < n ? p[i + 1] : 0));
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static inline uint32_t fx_a4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return ntohl(a.s_addr);
}

/* A 20-byte IPv4 header (ttl 64, DF) claiming l4len bytes after it. */
static inline void fx_ipv4(struct fx *f, uint8_t proto, const char *src, const char *dst,
			   uint16_t l4len)
{
	f->l3 = f->len;
	fx_u8(f, 0x45);
	fx_u8(f, 0);
	fx_u16(f, (uint16_t)(20 + l4len));
	fx_u16(f, 0x1234);
	fx_u16(f, 0x4000);
	fx_u8(f, 64);
	fx_u8(f, proto);
	fx_u16(f, 0);
	fx_u32(f, fx_a4(src));
	fx_u32(f, fx_a4(dst));
}

/* Recompute the IPv4 header checksum after editing the header. */
static inline void fx_ipv4_csum(struct fx *f)
{
	uint32_t hl = (f->b[f->l3] & 0xf) * 4u;
	uint16_t c;

	f->b[f->l3 + 10] = f->b[f->l3 + 11] = 0;
	c = fx_csum(f->b + f->l3, hl);
	f->b[f->l3 + 10] = (uint8_t)(c >> 8);
	f->b[f->l3 + 11] = (uint8_t)c;
}

static inline void fx_ipv6(struct fx *f, uint8_t nh, const char *src, const char *dst)
{
	struct in6_addr a;

	f->l3 = f->len;
	fx_u32(f, 0x60000000);
	f->ip6_pl = f->len;
	fx_u16(f, 0);
	fx_u8(f, nh);
	fx_u8(f, 64);
	inet_pton(AF_INET6, src, &a);
	fx_bytes(f, &a, 16);
	inet_pton(AF_INET6, dst, &a);
	fx_bytes(f, &a, 16);
	f->ip6_end = f->len;
}

/* Set payload_len to everything appended since the IPv6 header. */
static inline void fx_ipv6_done(struct fx *f)
{
	uint16_t pl = (uint16_t)(f->len - f->ip6_end);

	f->b[f->ip6_pl] = (uint8_t)(pl >> 8);
	f->b[f->ip6_pl + 1] = (uint8_t)pl;
}

static inline void fx_udp(struct fx *f, uint16_t sport, uint16_t dport, uint16_t paylen)
{
	fx_u16(f, sport);
	fx_u16(f, dport);
	fx_u16(f, (uint16_t)(8 + paylen));
	fx_u16(f, 0);
	fx_fill(f, 0xab, paylen);
}

static inline void fx_tcp(struct fx *f, uint16_t sport, uint16_t dport, uint8_t flags)
{
	fx_u16(f, sport);
	fx_u16(f, dport);
	fx_u32(f, 1000);
	fx_u32(f, flags & 0x10 ? 2000 : 0);
	fx_u8(f, 5 << 4);
	fx_u8(f, flags);
	fx_u16(f, 65535);
	fx_u16(f, 0);
	fx_u16(f, 0);
}

/* ICMP or ICMPv6 echo: header + paylen bytes */
static inline void fx_echo(struct fx *f, uint8_t type, uint16_t id, uint16_t seq, uint16_t paylen)
{
	fx_u8(f, type);
	fx_u8(f, 0);
	fx_u16(f, 0);
	fx_u16(f, id);
	fx_u16(f, seq);
	fx_fill(f, 0x5a, paylen);
}

/* Ethernet/IPv4 ARP */
static inline void fx_arp(struct fx *f, uint16_t op, const uint8_t *sha, const char *spa,
			  const uint8_t *tha, const char *tpa)
{
	fx_eth(f, 0x0806);
	fx_u16(f, 1);
	fx_u16(f, 0x0800);
	fx_u8(f, 6);
	fx_u8(f, 4);
	fx_u16(f, op);
	fx_bytes(f, sha, 6);
	fx_u32(f, fx_a4(spa));
	fx_bytes(f, tha, 6);
	fx_u32(f, fx_a4(tpa));
}

/* Ethernet minimum frame: pad to 60 bytes (without FCS) */
static inline void fx_pad(struct fx *f)
{
	if (f->len < 60)
		fx_fill(f, 0, 60 - f->len);
}

#endif
