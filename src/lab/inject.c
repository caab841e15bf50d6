// SPDX-License-Identifier: GPL-2.0
/* inject: build frames field by field and send them over AF_PACKET. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab/inject.h"
#include "host/nsexec.h"

#define ETH_LEN		    14
#define IP4_LEN		    20
#define IP6_LEN		    40
#define L4_LEN		    8 /* UDP, ICMP echo and ICMPv6 echo headers alike */
#define ICMP_ECHO_REQUEST   8
#define ICMPV6_ECHO_REQUEST 128

uint16_t inject_csum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* The partial sum of the pseudo header that UDP and ICMPv6 checksums cover. */
static uint32_t pseudo_sum(const struct inject_frame *f, uint32_t l4len)
{
	uint8_t ph[40];
	size_t n;

	if (f->family == AF_INET) {
		memcpy(ph, &f->src.v4, 4);
		memcpy(ph + 4, &f->dst.v4, 4);
		ph[8] = 0;
		ph[9] = f->proto;
		put16(ph + 10, (uint16_t)l4len);
		n = 12;
	} else {
		memcpy(ph, &f->src.v6, 16);
		memcpy(ph + 16, &f->dst.v6, 16);
		put16(ph + 32, 0);
		put16(ph + 34, (uint16_t)l4len);
		memset(ph + 36, 0, 3);
		ph[39] = f->proto;
		n = 40;
	}
	return (uint16_t)~inject_csum(ph, n, 0);
}

static int build_ip4(const struct inject_frame *f, uint8_t *ip, uint32_t l4len)
{
	long tot = IP4_LEN + (long)l4len + f->totlen_delta;
	uint16_t csum;

	if (tot < 0 || tot > 0xffff)
		return -EINVAL;
	ip[0] = 0x45; /* version 4, ihl 5 */
	ip[1] = 0;
	put16(ip + 2, (uint16_t)tot);
	put16(ip + 4, 0x0dd0);				    /* id */
	put16(ip + 6, f->first_fragment ? 0x2000 : 0x4000); /* MF (offset 0), or DF */
	ip[8] = f->ttl ? f->ttl : 64;
	ip[9] = f->proto;
	put16(ip + 10, 0);
	memcpy(ip + 12, &f->src.v4, 4);
	memcpy(ip + 16, &f->dst.v4, 4);
	csum = inject_csum(ip, IP4_LEN, 0);
	put16(ip + 10, (uint16_t)(csum + f->csum_delta));
	return IP4_LEN;
}

static int build_ip6(const struct inject_frame *f, uint8_t *ip, uint32_t l4len)
{
	if (f->csum_delta || (int)l4len + f->totlen_delta < 0)
		return -EINVAL; /* IPv6 has no header checksum */
	put16(ip, 0x6000);	/* version 6, traffic class 0, flow label 0 */
	put16(ip + 2, 0);
	put16(ip + 4, (uint16_t)((int)l4len + f->totlen_delta)); /* payload_len */
	ip[6] = f->proto;
	ip[7] = f->ttl ? f->ttl : 64;
	memcpy(ip + 8, &f->src.v6, 16);
	memcpy(ip + 24, &f->dst.v6, 16);
	return IP6_LEN;
}

/* The 8-byte L4 header and payload at l4; checksums need the pseudo header. */
static int build_l4(const struct inject_frame *f, uint8_t *l4, uint32_t l4len)
{
	static const char pattern[] = "dropdoc lab ";
	uint32_t sum = 0;
	uint16_t csum;

	for (uint32_t i = 0; i < f->payload_len; i++)
		l4[L4_LEN + i] = pattern[i % (sizeof(pattern) - 1)];
	if (f->proto == IPPROTO_UDP) {
		put16(l4, f->sport);
		put16(l4 + 2, f->dport);
		put16(l4 + 4, (uint16_t)l4len);
		sum = pseudo_sum(f, l4len);
	} else if (f->proto == IPPROTO_ICMP && f->family == AF_INET) {
		l4[0] = f->icmp_type ? f->icmp_type : ICMP_ECHO_REQUEST;
		l4[1] = 0;
		put16(l4 + 4, f->sport);
		put16(l4 + 6, f->dport);
	} else if (f->proto == IPPROTO_ICMPV6 && f->family == AF_INET6) {
		l4[0] = f->icmp_type ? f->icmp_type : ICMPV6_ECHO_REQUEST;
		l4[1] = 0;
		put16(l4 + 4, f->sport);
		put16(l4 + 6, f->dport);
		sum = pseudo_sum(f, l4len);
	} else if (f->proto == IPPROTO_ICMP || f->proto == IPPROTO_ICMPV6 ||
		   f->proto == IPPROTO_TCP) {
		return -EINVAL; /* echo requests of the other family; no TCP */
	} else {
		/* any other protocol: 8 opaque bytes and the payload, no
		 * checksum of ours (a protocol the receiver may not know) */
		for (uint32_t i = 0; i < L4_LEN; i++)
			l4[i] = (uint8_t)pattern[i];
		return 0;
	}
	put16(l4 + (f->proto == IPPROTO_UDP ? 6 : 2), 0);
	csum = (uint16_t)(inject_csum(l4, l4len, sum) + f->l4_csum_delta);
	if (f->proto == IPPROTO_UDP && csum == 0)
		csum = 0xffff; /* 0 means "no checksum" in UDP */
	put16(l4 + (f->proto == IPPROTO_UDP ? 6 : 2), csum);
	return 0;
}

int inject_build(const struct inject_frame *f, uint8_t *buf, size_t buflen)
{
	uint32_t l4len = L4_LEN + f->payload_len;
	size_t iplen, total;
	int n, err;

	if (f->family != AF_INET && f->family != AF_INET6)
		return -EINVAL;
	iplen = f->family == AF_INET ? IP4_LEN : IP6_LEN;
	total = ETH_LEN + iplen + l4len;
	if (total > buflen)
		return -ENOSPC;
	memcpy(buf, f->dmac, 6);
	memcpy(buf + 6, f->smac, 6);
	put16(buf + 12, f->family == AF_INET ? ETH_P_IP : ETH_P_IPV6);
	if (f->family == AF_INET)
		n = build_ip4(f, buf + ETH_LEN, l4len);
	else
		n = build_ip6(f, buf + ETH_LEN, l4len);
	if (n < 0)
		return n;
	err = build_l4(f, buf + ETH_LEN + n, l4len);
	if (err)
		return err;
	return (int)total;
}

int inject_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;

	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
			 &end) != 6)
		return -EINVAL;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

struct send_job {
	const char *dev;
	const uint8_t *frame;
	size_t len;
};

/* Sends the frame out of dev where the calling thread is. */
static int send_here(void *arg)
{
	const struct send_job *j = arg;
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_halen = ETH_ALEN};
	int fd, err = 0;

	sll.sll_ifindex = (int)if_nametoindex(j->dev);
	if (!sll.sll_ifindex)
		return -ENODEV;
	memcpy(sll.sll_addr, j->frame, ETH_ALEN);
	/* protocol 0: this socket only sends, it never queues received frames */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sendto(fd, j->frame, j->len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		err = -errno;
	close(fd);
	return err;
}

int inject_send(int nsfd, const char *dev, const uint8_t *frame, size_t len)
{
	struct send_job j = {dev, frame, len};

	if (len < ETH_LEN)
		return -EINVAL;
	return netns_run(nsfd, send_here, &j);
}
