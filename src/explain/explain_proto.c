// SPDX-License-Identifier: GPL-2.0
/* explain_proto: drops for a protocol or tunnel id nobody here serves — an
 * IP protocol number this kernel has no handler for, a VXLAN packet whose
 * VNI no VXLAN device of the namespace has — from the packet's bytes and
 * the namespace's devices. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"

/* IP_NOPROTO: the protocol number, by name where /etc/protocols has one. */
int explain_noproto(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], name[32] = "";
	struct protoent pe, *r = NULL;
	char buf[1024];

	if (!p || (p->family != AF_INET && p->family != AF_INET6))
		return -ENOTSUP;
	if (!getprotobynumber_r(p->proto, &pe, buf, sizeof(buf), &r) && r)
		snprintf(name, sizeof(name), " (%s)", r->p_name);
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	explain_begin(in, f, "ip-protocol-unhandled", FINDING_NOTICE);
	finding_summary(f, "%s > %s: IP protocol %u%s has no handler in this kernel", src, dst,
			p->proto, name);
	finding_evidence(f, "packet: protocol %u%s to a local address of %s", p->proto, name,
			 d->dev);
	finding_evidence(f, "kernel: %s at %s (no built-in or loaded handler, no raw socket)",
			 d->reason, d->location ? d->location : "?");
	if (d->icmp_type >= 0)
		finding_evidence(f, "ICMP protocol unreachable sent back to %s", src);
	explain_counters(in, f, 2);
	finding_fix(f,
		    "if %s should terminate protocol %u: enable its module or tunnel device "
		    "(ipip 4, gre 47, esp 50, sctp 132) — this kernel has none loadable",
		    in->d->netns_name && *in->d->netns_name ? in->d->netns_name : "this host",
		    p->proto);
	finding_fix(f, "otherwise the sender %s should not send protocol %u here", src, p->proto);
	return 0;
}

/* Where the VXLAN header starts: after the outer UDP header (IPv4, or IPv6
 * without extension headers). */
static unsigned vxlan_off(const struct pkt *p)
{
	return 14 + (p->vlan >= 0 ? 4 : 0) + (p->family == AF_INET ? p->ihl : 40) + 8;
}

/* The VNI of a VXLAN packet, -1 when not in the bytes. */
static long vxlan_vni(const struct drop_record *d)
{
	const struct pkt *p = d->pkt;
	unsigned off;

	if (!p || !d->data || p->proto != IPPROTO_UDP || !p->has_eth)
		return -1;
	off = vxlan_off(p);
	if (off + 8 > d->caplen || !(d->data[off] & 0x08))
		return -1;
	return (long)((uint32_t)d->data[off + 4] << 16 | (uint32_t)d->data[off + 5] << 8 |
		      d->data[off + 6]);
}

/* VXLAN_VNI_NOT_FOUND: the namespace's VXLAN devices and their VNIs. */
int explain_vxlan_vni(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct netcfg *c = in->cfg;
	long vni = vxlan_vni(d);
	char src[INET6_ADDRSTRLEN] = "?", list[160] = "";
	const struct netcfg_link *first = NULL;
	size_t k = 0;

	if (!c)
		return -ENOTSUP;
	if (d->pkt)
		pkt_src(d->pkt, src, sizeof(src));
	for (size_t i = 0; i < c->n_links; i++) {
		const struct netcfg_link *l = &c->links[i];

		if (strcmp(l->kind, "vxlan"))
			continue;
		if (!first)
			first = l;
		if (k < sizeof(list))
			k += (size_t)snprintf(list + k, sizeof(list) - k, "%s%s id %u",
					      k ? ", " : "", l->name, l->vni);
	}
	explain_begin(in, f, "vxlan-vni-unknown", FINDING_WARNING);
	if (vni >= 0)
		finding_summary(
		    f,
		    "VXLAN packet from %s carries VNI %ld, and no VXLAN device here has "
		    "it (%s)",
		    src, vni, list[0] ? list : "no VXLAN devices");
	else
		finding_summary(f, "VXLAN packet from %s for a VNI no VXLAN device here has (%s)",
				src, list[0] ? list : "no VXLAN devices");
	if (vni >= 0)
		finding_evidence(f, "packet: VXLAN header VNI %ld, outer UDP port %d", vni,
				 d->pkt->dport);
	finding_evidence(f, "VXLAN devices: %s", list[0] ? list : "none");
	explain_kernel_at(in, f);
	if (first && vni >= 0) {
		finding_fix(f,
			    "make both ends agree on the VNI: on %s the sender's device must use "
			    "id %u, or here: %sip link add vxlan%ld type vxlan id %ld dstport %d "
			    "...",
			    src, first->vni, in->pre, vni, vni, d->pkt->dport);
	} else {
		finding_fix(f,
			    "create the VXLAN device for it: %sip link add NAME type vxlan id VNI "
			    "dstport 4789 ...",
			    in->pre);
	}
	return 0;
}

/* UDP_CSUM, TCP_CSUM, ICMP_CSUM: the checksum the packet carries against
 * the one its bytes give (decode sums the captured segment). */
int explain_l4csum(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	const char *what = !strcmp(d->reason, "TCP_CSUM")   ? "TCP"
			   : !strcmp(d->reason, "UDP_CSUM") ? "UDP"
			   : p && p->family == AF_INET6	    ? "ICMPv6"
							    : "ICMP";
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], mac[18];

	if (!p || (p->family != AF_INET && p->family != AF_INET6))
		return -ENOTSUP;
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	explain_mac(p->smac, mac, sizeof(mac));
	explain_begin(in, f, "l4-bad-checksum", FINDING_WARNING);
	if (p->l4_csum_ok == 0)
		finding_summary(f, "%s > %s: the %s checksum is 0x%04x, its bytes give 0x%04x", src,
				dst, what, p->l4_csum, p->l4_csum_calc);
	else
		finding_summary(f, "%s > %s: the %s checksum does not match its bytes", src, dst,
				what);
	if (p->l4_csum_ok == 0)
		finding_evidence(f,
				 "packet: %s checksum 0x%04x, computed over the %u-byte segment "
				 "%s 0x%04x",
				 what, p->l4_csum, p->l4_len,
				 strcmp(what, "ICMP") ? "and the pseudo header" : "",
				 p->l4_csum_calc);
	else
		finding_evidence(
		    f,
		    "dropdoc did not capture all %u bytes of the segment to recompute it "
		    "(-s sets how much)",
		    p->l4_len);
	finding_evidence(f, "sent by %s from MAC %s, received on %s", src, mac, d->dev);
	explain_kernel_at(in, f);
	explain_counters(in, f, 2);
	finding_fix(f,
		    "on the sender (%s): if a program builds or rewrites these packets (raw "
		    "socket, XDP, tc), recompute the checksum after the change "
		    "(bpf_l4_csum_replace)",
		    src);
	finding_fix(
	    f, "if the sender is a VM or container whose device offloads checksums: "
	       "ethtool -K <its device> tx off, and look at the hypervisor's offload settings");
	return 0;
}

/* NO_TX_TARGET at vxlan_xmit: a VXLAN device without a remote or group
 * sends where its forwarding database says; for this frame it says
 * nowhere (no entry for the MAC, no all-zeros default entry). */
int explain_vxlan_notarget(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct netcfg_link *l = explain_link(in);
	char pkt[160] = "the frame", mac[18] = "?";

	if (!l || strcmp(l->kind, "vxlan"))
		return -ENOTSUP; /* a bridge flooding to no port: what the kernel checked */
	if (d->pkt) {
		pkt_format(d->pkt, pkt, sizeof(pkt));
		explain_mac(d->pkt->dmac, mac, sizeof(mac));
	}
	explain_begin(in, f, "vxlan-no-destination", FINDING_WARNING);
	finding_summary(f,
			"VXLAN %s (id %u) has no remote and its forwarding database has no "
			"destination for %s: %s was dropped",
			l->name, l->vni, mac, pkt);
	finding_evidence(f, "%s: vxlan id %u, remote %s", l->name, l->vni,
			 l->tun_remote ? "set" : "none (no remote, no group)");
	finding_evidence(f,
			 "frame to MAC %s: broadcast and unknown MACs need an all-zeros "
			 "default entry",
			 mac);
	explain_kernel_at(in, f);
	finding_fix(f,
		    "give it a default destination: %sbridge fdb append 00:00:00:00:00:00 dev %s "
		    "dst <remote VTEP>",
		    in->pre, l->name);
	finding_fix(f,
		    "or a remote: %sip link set %s type vxlan remote <VTEP>  # (recreate: "
		    "remote is fixed at creation on older kernels)",
		    in->pre, l->name);
	finding_fix(f, "%sbridge fdb show dev %s  # what it knows", in->pre, l->name);
	return 0;
}

/* IPV6_NDISC_*: a neighbour discovery message the kernel refused for its
 * form — not from the link (hop limit not 255), fragmented, a non-zero
 * code, bad options — named with its type and sender. */
int explain_ndisc(const struct explain_in *in, struct finding *f)
{
	static const struct {
		int type;
		const char *name;
	} types[] = {{133, "router solicitation"},
		     {134, "router advertisement"},
		     {135, "neighbour solicitation"},
		     {136, "neighbour advertisement"},
		     {137, "redirect"}};
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	const char *what = "neighbour discovery message", *why;
	char src[INET6_ADDRSTRLEN], mac[18];

	if (!p || p->family != AF_INET6)
		return -ENOTSUP;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == p->icmp_type)
			what = types[i].name;
	if (!strcmp(d->reason, "IPV6_NDISC_HOP_LIMIT"))
		why = "its hop limit must be 255: ND never crosses a router, so anything less was "
		      "forwarded or forged";
	else if (!strcmp(d->reason, "IPV6_NDISC_FRAG"))
		why = "ND messages may not be fragmented";
	else if (!strcmp(d->reason, "IPV6_NDISC_BAD_CODE"))
		why = "its ICMPv6 code must be 0";
	else
		why = "its options are malformed (lengths, or a link-layer address of the wrong "
		      "size)";
	pkt_src(p, src, sizeof(src));
	explain_mac(p->smac, mac, sizeof(mac));
	explain_begin(in, f, "nd-invalid", FINDING_NOTICE);
	finding_summary(f, "a %s from %s was refused: %s", what, src, why);
	finding_evidence(f, "packet: ICMPv6 type %d code %d, hop limit %u, from %s (MAC %s) on %s",
			 p->icmp_type, p->icmp_code, p->ttl, src, mac, d->dev);
	explain_kernel_at(in, f);
	explain_counters(in, f, 2);
	finding_fix(f,
		    "find the sender (MAC %s on %s's link): a router that forwards ND, a "
		    "tunnel that decrements the hop limit, or a tool crafting ND (an attack)",
		    mac, d->dev);
	return 0;
}

/* VXLAN_INVALID_HDR: a datagram to a VXLAN port whose header is not one
 * the device takes (the I flag clear, reserved bits, another extension). */
int explain_vxlan_hdr(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	unsigned off;
	char src[INET6_ADDRSTRLEN];

	if (!p || !d->data || p->proto != IPPROTO_UDP || !p->has_eth)
		return -ENOTSUP;
	off = vxlan_off(p);
	if (off + 8 > d->caplen)
		return -ENOENT;
	pkt_src(p, src, sizeof(src));
	explain_begin(in, f, "vxlan-bad-header", FINDING_NOTICE);
	finding_summary(f,
			"%s sent UDP to VXLAN port %d that is not a VXLAN header this device takes "
			"(flags 0x%02x%s)",
			src, p->dport, d->data[off],
			d->data[off] & 0x08 ? "" : ": the I flag, VNI present, is clear");
	finding_evidence(f, "packet: 8 header bytes %02x %02x %02x %02x %02x %02x %02x %02x",
			 d->data[off], d->data[off + 1], d->data[off + 2], d->data[off + 3],
			 d->data[off + 4], d->data[off + 5], d->data[off + 6], d->data[off + 7]);
	explain_kernel_at(in, f);
	finding_fix(f,
		    "the sender %s is not speaking plain VXLAN to port %d: another protocol on "
		    "that port, or VXLAN-GPE/GBP on one side only (ip -d link show: gpe, gbp)",
		    src, p->dport);
	return 0;
}
