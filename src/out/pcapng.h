/* SPDX-License-Identifier: GPL-2.0 */
/* pcapng: a small writer of the pcapng file format (Section Header,
 * Interface Description and Enhanced Packet blocks, with their options),
 * which libpcap cannot write. Host byte order, nanosecond timestamps.
 * Knows nothing of drops: out_pcapng.c maps records onto it. */
#ifndef DROPDOC_PCAPNG_H
#define DROPDOC_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#define PCAPNG_LINKTYPE_ETHERNET 1

struct pcapng;

struct pcapng_iface_desc {
	const char *name;	 /* if_name: the interface's key in this file */
	const char *description; /* if_description, or NULL */
	const char *filter;	 /* if_filter (libpcap syntax), or NULL */
	uint16_t linktype;	 /* LINKTYPE_* */
	uint32_t snaplen;
};

/* Creates (truncates) path, "-" meaning stdout, and writes the section
 * header naming app (shb_userappl) and this system (shb_os). Returns 0 or
 * -errno. */
int pcapng_open(const char *path, const char *app, struct pcapng **out);
/* The id of the interface called d->name, describing it first when this
 * file has not seen it yet. Returns the id (>= 0) or -errno. */
int pcapng_iface(struct pcapng *w, const struct pcapng_iface_desc *d);
/* One Enhanced Packet block: ts_ns since the epoch, caplen bytes of data
 * out of len on the wire, an optional comment (opt_comment, UTF-8).
 * Returns 0 or -errno. */
int pcapng_packet(struct pcapng *w, uint32_t iface, uint64_t ts_ns, const void *data,
		  uint32_t caplen, uint32_t len, const char *comment);
/* Pushes buffered blocks to the file. Returns 0 or -errno. */
int pcapng_flush(struct pcapng *w);
/* Number of interfaces and packets written so far. */
uint32_t pcapng_ifaces(const struct pcapng *w);
uint64_t pcapng_packets(const struct pcapng *w);
/* Flushes and closes (NULL is fine). Returns 0, or the first write error
 * of the file's life as -errno. */
int pcapng_close(struct pcapng *w);

#endif
