/* SPDX-License-Identifier: GPL-2.0 */
/* decode: a pure decoder of captured packet bytes (L2 onwards) into header
 * fields, and a tcpdump-like one-line summary. Never trusts lengths in the
 * packet: every read is bounded by caplen; problems are reported, not fatal. */
#ifndef DROPDOC_DECODE_H
#define DROPDOC_DECODE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt {
	/* L2 */
	bool has_eth;
	uint8_t smac[6], dmac[6];
	uint16_t ethertype; /* innermost, host order */
	int vlan;	    /* 802.1Q VID of the first tag, -1 when untagged */
	/* ARP */
	bool is_arp;
	uint16_t arp_op;
	uint8_t arp_sha[6], arp_tha[6];
	struct in_addr arp_spa, arp_tpa;
	/* L3: family is AF_INET, AF_INET6 or 0 */
	int family;
	uint8_t proto; /* IPPROTO_*, after IPv6 extension headers */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} src, dst;
	uint8_t ttl; /* hop limit for IPv6 */
	uint8_t tos;
	uint8_t ihl; /* IPv4 header length in bytes */
	uint16_t ip_id;
	uint16_t ip_len;       /* IPv4 tot_len, or IPv6 40 + payload_len */
	uint16_t frag_off;     /* IPv4 flags+offset, host order */
	uint16_t ip_csum;      /* IPv4 header checksum as stored */
	uint16_t ip_csum_ok;   /* 1 valid, 0 wrong, 2 not checked (truncated) */
	uint16_t ip_csum_calc; /* the checksum the header should carry */
	/* L4: -1 when absent */
	int sport, dport;
	uint8_t tcp_flags;
	int icmp_type, icmp_code;
	int icmp_id, icmp_seq; /* echo request/reply only, else -1 */
	uint32_t l4_len;       /* L4 bytes the IP header claims */
	/* UDP, TCP, ICMP, ICMPv6 checksum: as stored, what it should be, and
	 * 1 valid, 0 wrong, 2 not checked (not all captured, a fragment, UDP
	 * without one). Not a "problem": a packet this host sends carries a
	 * partial sum until the device completes it. */
	uint16_t l4_csum, l4_csum_calc;
	uint8_t l4_csum_ok;
	uint8_t l4_hlen; /* UDP 8, TCP data offset in bytes, else 0 */
	/* What was wrong, first problem only: "truncated IPv4 header",
	 * "tot_len 14 bytes beyond the frame", ... or NULL. Points into
	 * problem_text (re-point it after copying the struct). */
	const char *problem;
	int missing; /* bytes the IP header claims beyond the frame, else 0 */
	char problem_text[80];
};

/* data/caplen: captured bytes starting at the Ethernet header; len: the
 * packet's full length on the wire (>= caplen). Returns 0, or -EINVAL when
 * not even an Ethernet header is present. Fills *p either way. */
int pkt_decode(const uint8_t *data, uint32_t caplen, uint32_t len, struct pkt *p);

/* "icmp", "udp", "tcp", "icmpv6", "arp", "ipv4" (other proto), "ipv6", or
 * NULL when no L3 was decoded. */
const char *pkt_proto_name(const struct pkt *p);
/* "ipv4", "ipv6", "arp" or NULL */
const char *pkt_family_name(const struct pkt *p);
/* Addresses as text into buf (INET6_ADDRSTRLEN); NULL when absent. */
const char *pkt_src(const struct pkt *p, char *buf, size_t n);
const char *pkt_dst(const struct pkt *p, char *buf, size_t n);
/* A tcpdump-like summary: "IP 10.0.0.1.5353 > 10.0.0.2.53: UDP, length 12". */
int pkt_format(const struct pkt *p, char *buf, size_t n);

#endif
