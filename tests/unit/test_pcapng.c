// SPDX-License-Identifier: GPL-2.0
/* pcapng: files written here read back with libpcap (packets, lengths,
 * nanosecond timestamps), and their blocks and options walk cleanly. */
#include <errno.h>
#include <pcap/pcap.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "out/pcapng.h"

static char path[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test_pcapng.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static uint8_t frame[64];

static void write_sample(void)
{
	struct pcapng *w = NULL;
	struct pcapng_iface_desc a = {.name = "vb@ns-b",
				      .description = "vb in ns-b",
				      .filter = "udp",
				      .linktype = PCAPNG_LINKTYPE_ETHERNET,
				      .snaplen = 256};
	struct pcapng_iface_desc b = a;

	b.name = "va@ns-a";
	b.filter = NULL;
	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)i;
	assert_int_equal(pcapng_open(path, "dropdoc test", &w), 0);
	assert_int_equal(pcapng_iface(w, &a), 0);
	assert_int_equal(pcapng_iface(w, &b), 1);
	assert_int_equal(pcapng_iface(w, &a), 0); /* seen: the same id, no new block */
	assert_int_equal(pcapng_packet(w, 0, 1700000000123456789ull, frame, 61, 100, "first"), 0);
	assert_int_equal(pcapng_packet(w, 1, 1700000001000000001ull, frame, 64, 64, NULL), 0);
	assert_int_equal(pcapng_packet(w, 0, 1700000002000000000ull, frame, 3, 3, ""), 0);
	assert_int_equal(pcapng_packet(w, 7, 0, frame, 3, 3, NULL), -EINVAL);
	assert_int_equal(pcapng_ifaces(w), 2);
	assert_int_equal(pcapng_packets(w), 3);
	assert_int_equal(pcapng_close(w), 0);
}

static void libpcap_reads_it(void **state)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;

	(void)state;
	write_sample();
	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	assert_int_equal(h->caplen, 61);
	assert_int_equal(h->len, 100);
	assert_int_equal(h->ts.tv_sec, 1700000000);
	assert_int_equal(h->ts.tv_usec, 123456789); /* nanoseconds at this precision */
	assert_memory_equal(data, frame, 61);
	assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	assert_int_equal(h->caplen, 64);
	assert_int_equal(h->ts.tv_usec, 1);
	assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	assert_int_equal(h->caplen, 3);
	assert_int_equal(pcap_next_ex(p, &h, &data), PCAP_ERROR_BREAK);
	pcap_close(p);
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Finds option code in the options at p..end; returns its value or NULL. */
static const uint8_t *find_opt(const uint8_t *p, const uint8_t *end, uint16_t code, uint16_t *len)
{
	while (p + 4 <= end) {
		uint16_t c, l;

		memcpy(&c, p, 2);
		memcpy(&l, p + 2, 2);
		if (c == 0)
			return NULL;
		if (c == code) {
			*len = l;
			return p + 4;
		}
		p += 4 + ((l + 3u) & ~3u);
	}
	return NULL;
}

static void blocks_and_options(void **state)
{
	uint8_t buf[4096];
	const uint8_t *o;
	uint16_t len;
	size_t n, off = 0;
	int shb = 0, idb = 0, epb = 0, comments = 0;
	FILE *f;

	(void)state;
	write_sample();
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	while (off + 12 <= n) {
		uint32_t type = rd32(buf + off), total = rd32(buf + off + 4);
		const uint8_t *b = buf + off, *end = b + total - 4;

		assert_int_equal(total % 4, 0);
		assert_true(off + total <= n);
		assert_int_equal(rd32(b + total - 4), total); /* trailing length */
		if (type == 0x0A0D0D0A) {
			shb++;
			assert_int_equal(rd32(b + 8), 0x1A2B3C4D);
			o = find_opt(b + 24, end, 4, &len);
			assert_non_null(o);
			assert_memory_equal(o, "dropdoc test", len);
		} else if (type == 1) {
			idb++;
			o = find_opt(b + 16, end, 2, &len);
			assert_non_null(o);
			assert_memory_equal(o, idb == 1 ? "vb@ns-b" : "va@ns-a", len);
			o = find_opt(b + 16, end, 9, &len);
			assert_non_null(o);
			assert_int_equal(*o, 9);
			o = find_opt(b + 16, end, 11, &len);
			if (idb == 1) {
				assert_non_null(o);
				assert_int_equal(o[0], 0);
				assert_memory_equal(o + 1, "udp", 3);
			} else {
				assert_null(o);
			}
		} else if (type == 6) {
			uint32_t caplen = rd32(b + 20);
			const uint8_t *opts = b + 28 + ((caplen + 3) & ~3u);

			epb++;
			o = find_opt(opts, end, 1, &len);
			if (o) {
				comments++;
				assert_memory_equal(o, "first", len);
			}
		}
		off += total;
	}
	assert_int_equal(off, n);
	assert_int_equal(shb, 1);
	assert_int_equal(idb, 2);
	assert_int_equal(epb, 3);
	assert_int_equal(comments, 1); /* an empty comment is left out */
}

static void bad_path(void **state)
{
	struct pcapng *w = NULL;

	(void)state;
	assert_int_equal(pcapng_open("/nonexistent/dir/x.pcapng", "t", &w), -ENOENT);
	assert_null(w);
	assert_int_equal(pcapng_close(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(libpcap_reads_it, setup, teardown),
	    cmocka_unit_test_setup_teardown(blocks_and_options, setup, teardown),
	    cmocka_unit_test(bad_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
