// SPDX-License-Identifier: GPL-2.0
/* out_pcapng: drop records as pcapng packets. One interface per device and
 * namespace, named "dev@netns" (Wireshark shows it in frame.interface_name);
 * each packet's comment says what the JSON line would: reason, location,
 * device, namespace, container and, once explained, the finding. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/finding.h"
#include "out/out.h"
#include "decode/record.h"
#include "out/pcapng.h"

/* Appends to buf at *len, never past n. */
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*len >= n)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *len, n - *len, fmt, ap);
	va_end(ap);
	if (k > 0)
		*len = *len + (size_t)k < n ? *len + (size_t)k : n - 1;
}

static void netns_part(char *buf, size_t n, size_t *len, const struct drop_record *d)
{
	if (d->netns_name && *d->netns_name)
		add(buf, n, len, "netns %s (inode %" PRIu32 ")", d->netns_name, d->netns);
	else
		add(buf, n, len, "netns %" PRIu32, d->netns);
	if (d->container && *d->container)
		add(buf, n, len, ", container %s", d->container);
}

static void dev_part(char *buf, size_t n, size_t *len, const struct drop_record *d)
{
	if (d->dev && *d->dev)
		add(buf, n, len, "dev %s (ifindex %" PRIu32 ")", d->dev, d->ifindex);
	else
		add(buf, n, len, "no device");
}

int out_pcapng_drop(struct pcapng *w, const struct drop_record *d, uint32_t snaplen,
		    const char *filter)
{
	char name[128], descr[300], comment[1024];
	size_t nl = 0, dl = 0, cl = 0;
	struct pcapng_iface_desc idesc = {.name = name,
					  .description = descr,
					  .filter = filter,
					  .linktype = PCAPNG_LINKTYPE_ETHERNET,
					  .snaplen = snaplen};
	int id;

	add(name, sizeof(name), &nl, "%s@", d->dev && *d->dev ? d->dev : "nodev");
	if (d->netns_name && *d->netns_name)
		add(name, sizeof(name), &nl, "%s", d->netns_name);
	else
		add(name, sizeof(name), &nl, "%" PRIu32, d->netns);
	dev_part(descr, sizeof(descr), &dl, d);
	add(descr, sizeof(descr), &dl, " in ");
	netns_part(descr, sizeof(descr), &dl, d);
	id = pcapng_iface(w, &idesc);
	if (id < 0)
		return id;

	add(comment, sizeof(comment), &cl, "%s at ", d->reason);
	if (d->location)
		add(comment, sizeof(comment), &cl, "%s+0x%" PRIx64, d->location, d->location_off);
	else
		add(comment, sizeof(comment), &cl, "0x%" PRIx64, d->location_addr);
	add(comment, sizeof(comment), &cl, ", ");
	dev_part(comment, sizeof(comment), &cl, d);
	add(comment, sizeof(comment), &cl, ", ");
	netns_part(comment, sizeof(comment), &cl, d);
	if (d->finding)
		add(comment, sizeof(comment), &cl, "; why: %s [%s]", d->finding->summary,
		    d->finding->id);
	if (d->synth_l2)
		add(comment, sizeof(comment), &cl,
		    "; Ethernet header made up by dropdoc (the kernel had none)");
	return pcapng_packet(w, (uint32_t)id, d->time_ns, d->data, d->caplen, d->len, comment);
}

/* trace: one packet block per hop that carried the packet's bytes (rx, tx,
 * drop, ...; route hops carry none), on the interface dev@netns, with the
 * journey in its comment. */
int out_pcapng_hop(struct pcapng *w, const struct trace_hop_rec *r, const uint8_t *data,
		   uint32_t caplen, uint32_t snaplen, const char *end)
{
	char name[128], descr[160], comment[600];
	size_t nl = 0, dl = 0, cl = 0;
	struct pcapng_iface_desc idesc = {.name = name,
					  .description = descr,
					  .linktype = PCAPNG_LINKTYPE_ETHERNET,
					  .snaplen = snaplen};
	const char *ns = r->netns_name && *r->netns_name ? r->netns_name : NULL;
	int id;

	add(name, sizeof(name), &nl, "%s@", r->dev && *r->dev ? r->dev : "nodev");
	if (ns)
		add(name, sizeof(name), &nl, "%s", ns);
	else
		add(name, sizeof(name), &nl, "%" PRIu32, r->netns);
	add(descr, sizeof(descr), &dl, "%s (ifindex %" PRIu32 ") in netns %s (inode %" PRIu32 ")",
	    r->dev && *r->dev ? r->dev : "no device", r->ifindex, ns ? ns : "-", r->netns);
	id = pcapng_iface(w, &idesc);
	if (id < 0)
		return id;
	add(comment, sizeof(comment), &cl, "packet %" PRIu64 " hop %u: %s %s", r->packet, r->hop,
	    r->kind, r->dev && *r->dev ? r->dev : "-");
	if (r->reason)
		add(comment, sizeof(comment), &cl, " %s at %s+0x%" PRIx64, r->reason,
		    r->location ? r->location : "?", r->location_off);
	if (r->icmp_type >= 0 && !strcmp(r->kind, "icmp"))
		add(comment, sizeof(comment), &cl, " (ICMP type %d code %d sent)", r->icmp_type,
		    r->icmp_code);
	if (end)
		add(comment, sizeof(comment), &cl, "; journey ends: %s", end);
	return pcapng_packet(w, (uint32_t)id, r->time_ns, data, caplen, r->len, comment);
}
