/* SPDX-License-Identifier: GPL-2.0 */
/* inject: crafting Ethernet + IPv4/IPv6 + UDP/ICMP/ICMPv6 frames, correct or
 * with deliberately wrong fields (IP header checksum, tot_len, any MAC or
 * address), and sending them on a device over AF_PACKET — the lab's way to
 * make the kernel see the malformed frames of the seeds without Python. */
#ifndef DROPDOC_INJECT_H
#define DROPDOC_INJECT_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define INJECT_MAX_FRAME 1514

struct inject_frame {
	uint8_t dmac[6], smac[6];
	int family; /* AF_INET or AF_INET6 */
	/* IPPROTO_UDP, or IPPROTO_ICMP / IPPROTO_ICMPV6 (echo request), or any
	 * other number but TCP's: 8 opaque bytes, then the payload */
	uint8_t proto;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} src, dst;
	uint16_t sport, dport; /* UDP ports; for echo requests: id and sequence */
	uint16_t payload_len;  /* bytes after the L4 header (filled with a pattern) */
	uint8_t ttl;	       /* TTL / hop limit; 0 means 64 */
	/* Deliberate faults, IPv4 only; 0 builds a correct frame. */
	int csum_delta;	   /* added to the correct IPv4 header checksum */
	int totlen_delta;  /* added to the true tot_len (the checksum covers it); IPv6: payload_len
			    */
	int l4_csum_delta; /* added to the correct UDP/ICMP checksum (either family) */
	bool first_fragment; /* IPv4: MF set at offset 0, the rest never sent */
	uint8_t icmp_type;   /* ICMP/ICMPv6: the type (0: echo request), its body the payload */
};

/* Fill buf with the frame; returns its length, or -EINVAL (bad family,
 * protocol or faults) / -ENOSPC (buf too small). */
int inject_build(const struct inject_frame *f, uint8_t *buf, size_t buflen);

/* Internet checksum (RFC 1071) of data, starting from a partial sum. */
uint16_t inject_csum(const void *data, size_t len, uint32_t sum);

/* "02:dd:00:00:00:01" -> mac; 0 or -EINVAL. */
int inject_parse_mac(const char *s, uint8_t mac[6]);

/* Send frame as-is on dev, from inside the namespace nsfd (-1: the current
 * one). Returns 0 or -errno (-ENODEV when dev does not exist there). */
int inject_send(int nsfd, const char *dev, const uint8_t *frame, size_t len);

#endif
