// SPDX-License-Identifier: GPL-2.0
/* fuzzseeds: the seed corpus of the fuzz targets (tests/fuzz/), made
 * fresh instead of committed as binary files:
 *   fuzzseeds FIXTURES DIR
 * writes DIR/decode (frames: IPv4/IPv6 UDP, TCP, ICMP, ARP, VLAN, IPv4
 * options, fragments), DIR/snapshot (the seed snapshots in FIXTURES),
 * DIR/filter (libpcap's programs for tcpdump expressions, with a packet)
 * and DIR/netlink (this namespace's rtnetlink dumps as the kernel sent
 * them: links, addresses, routes, rules, neighbours). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "collect/filter.h"
#include "host/rtnl.h"

static int put(const char *dir, const char *sub, int i, const void *a, size_t alen, const void *b,
	       size_t blen)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/seed-%02d", dir, sub, i);
	f = fopen(path, "we");
	if (!f || fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen)) {
		fprintf(stderr, "fuzzseeds: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	fclose(f);
	return 0;
}

/* Ethernet frames as hex: dst, src, type, then the L3 header on. */
static const char *const frames[] = {
    /* IPv4 UDP 192.0.2.1.40001 > 192.0.2.2.9 */
    "0200000000020200000000010800450000200001000040110000c0000201c0000202"
    "9c41000900040000",
    /* IPv4 TCP SYN to port 80 */
    "0200000000020200000000010800450000280001000040060000c0000201c0000202"
    "9c4100500000000100000000500272100000000000",
    /* IPv4 ICMP echo request */
    "02000000000202000000000108004500001c0001000040010000c0000201c0000202"
    "0800f7fe00010001",
    /* IPv6 UDP 2001:db8::1 > 2001:db8::2 port 9 */
    "02000000000202000000000186dd6000000000081140200104b8000000000000000000000001"
    "200104b80000000000000000000000029c41000900080000",
    /* ARP who-has */
    "ffffffffffff0200000000010806000108000604000102000000000"
    "1c0000201000000000000c0000202",
    /* VLAN 100, IPv4 UDP */
    "020000000002020000000001810000640800450000200001000040110000c0000201c0000202"
    "9c41000900040000",
    /* IPv4 with options (ihl 6) */
    "0200000000020200000000010800460000240001000040110000c0000201c000020201010101"
    "9c41000900040000",
    /* IPv4 fragment, more fragments set */
    "0200000000020200000000010800450000200001200040110000c0000201c0000202"
    "9c41000900040000",
};

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (const char *p = hex; p[0] && p[1] && n < max;) {
		unsigned v;

		if (*p == ' ') {
			p++;
			continue;
		}
		if (sscanf(p, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		p += 2;
	}
	return n;
}

static void decode_seeds(const char *dir)
{
	uint8_t buf[512], lenext[2] = {0, 0};

	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		size_t n = unhex(frames[i], buf, sizeof(buf));

		put(dir, "decode", (int)i, lenext, 2, buf, n);
	}
}

static void snapshot_seeds(const char *fixtures, const char *dir)
{
	DIR *d = opendir(fixtures);
	struct dirent *de;
	int i = 0;

	while (d && (de = readdir(d))) {
		char path[512], *text;
		size_t len = strlen(de->d_name);
		FILE *f;
		long sz;

		if (len < 5 || strcmp(de->d_name + len - 5, ".json") ||
		    strncmp(de->d_name, "nft", 3) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", fixtures, de->d_name);
		f = fopen(path, "re");
		if (!f || fseek(f, 0, SEEK_END) || (sz = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
			exit(1);
		text = malloc((size_t)sz);
		if (!text || fread(text, 1, (size_t)sz, f) != (size_t)sz)
			exit(1);
		fclose(f);
		put(dir, "snapshot", i++, text, (size_t)sz, NULL, 0);
		free(text);
	}
	if (d)
		closedir(d);
}

static void filter_seeds(const char *dir)
{
	static const char *const exprs[] = {
	    "udp",
	    "tcp port 80",
	    "icmp and host 192.0.2.1",
	    "ip6 and udp port 9",
	    "arp",
	    "vlan and udp",
	    "tcp[tcpflags] & tcp-syn != 0",
	    "ip[6:2] & 0x1fff = 0",
	    "net 192.0.2.0/24 and not port 22",
	    "len > 100",
	};
	static struct cbpf_prog prog;
	uint8_t pkt[512];
	size_t plen = unhex(frames[0], pkt, sizeof(pkt));
	char err[256];

	for (size_t i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
		uint8_t hdr[2];

		if (filter_compile(exprs[i], &prog, err, sizeof(err))) {
			fprintf(stderr, "fuzzseeds: %s: %s\n", exprs[i], err);
			exit(1);
		}
		hdr[0] = (uint8_t)((prog.len - 1) >> 8);
		hdr[1] = (uint8_t)(prog.len - 1);
		/* header, instructions, packet: one buffer */
		{
			size_t n = prog.len * sizeof(prog.insns[0]);
			uint8_t *b = malloc(n + plen);

			if (!b)
				exit(1);
			memcpy(b, prog.insns, n);
			memcpy(b + n, pkt, plen);
			put(dir, "filter", (int)i, hdr, 2, b, n + plen);
			free(b);
		}
	}
}

/* The messages of a dump, as the kernel sent them, appended to a buffer. */
struct rec {
	uint8_t *buf;
	size_t len, cap;
};

static int record(const struct nlmsghdr *nlh, void *data)
{
	struct rec *r = data;

	if (r->len + nlh->nlmsg_len > r->cap) {
		r->cap = (r->len + nlh->nlmsg_len) * 2;
		r->buf = realloc(r->buf, r->cap);
		if (!r->buf)
			exit(1);
	}
	memcpy(r->buf + r->len, nlh, nlh->nlmsg_len);
	r->len += NLMSG_ALIGN(nlh->nlmsg_len);
	return MNL_CB_OK;
}

static void netlink_seeds(const char *dir)
{
	static const struct {
		uint16_t type;
		uint8_t family;
		size_t hdrlen;
	} dumps[] = {
	    {RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg)},
	    {RTM_GETADDR, AF_INET, sizeof(struct ifaddrmsg)},
	    {RTM_GETROUTE, AF_INET, sizeof(struct rtmsg)},
	    {RTM_GETRULE, AF_INET, sizeof(struct fib_rule_hdr)},
	    {RTM_GETNEIGH, AF_INET, sizeof(struct ndmsg)},
	};
	struct rec all = {0};
	struct rtnl nl;

	if (rtnl_open(&nl, 0))
		exit(1);
	for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		struct rec one = {0};

		if (rtnl_dump(&nl, dumps[i].type, dumps[i].family, dumps[i].hdrlen, record, &one) <
		    0)
			exit(1);
		if (one.len)
			put(dir, "netlink", (int)i, one.buf, one.len, NULL, 0);
		for (size_t off = 0; off < one.len;) {
			const struct nlmsghdr *m = (const void *)(one.buf + off);

			record(m, &all);
			off += NLMSG_ALIGN(m->nlmsg_len);
		}
		free(one.buf);
	}
	put(dir, "netlink", 9, all.buf, all.len, NULL, 0);
	free(all.buf);
	rtnl_close(&nl);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: fuzzseeds FIXTURES DIR\n");
		return 2;
	}
	mkdir(argv[2], 0755);
	decode_seeds(argv[2]);
	snapshot_seeds(argv[1], argv[2]);
	filter_seeds(argv[2]);
	netlink_seeds(argv[2]);
	return 0;
}
