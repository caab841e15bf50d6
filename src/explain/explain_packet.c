// SPDX-License-Identifier: GPL-2.0
/* explain_packet: drops the packet's own bytes explain — a frame for
 * another MAC, a malformed IPv4 header — with the device's facts. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"

/* The neighbour entry whose link-layer address is mac, or NULL. */
static const struct netcfg_neigh *neigh_by_mac(const struct netcfg *cfg, const uint8_t *mac)
{
	for (size_t i = 0; cfg && i < cfg->n_neighs; i++)
		if (cfg->neighs[i].lladdr_len == 6 && !memcmp(cfg->neighs[i].lladdr, mac, 6))
			return &cfg->neighs[i];
	return NULL;
}

int explain_otherhost(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	const struct netcfg_link *l = explain_link(in);
	const struct netcfg_neigh *n;
	char dmac[18], smac[18], devmac[18], src[INET6_ADDRSTRLEN] = "", dst[INET6_ADDRSTRLEN] = "";
	char ip[INET_ADDRSTRLEN];

	if (!p || !p->has_eth)
		return -ENOTSUP;
	explain_mac(p->dmac, dmac, sizeof(dmac));
	explain_mac(p->smac, smac, sizeof(smac));
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	explain_begin(in, f, "foreign_dst_mac", FINDING_WARNING);
	if (l && l->addr_len == 6) {
		explain_mac(l->addr, devmac, sizeof(devmac));
		finding_summary(f,
				"the frame was sent to MAC %s, but %s's MAC is %s: the stack frees "
				"it as PACKET_OTHERHOST, counted nowhere",
				dmac, d->dev, devmac);
		finding_evidence(f, "frame destination MAC %s != %s MAC %s", dmac, d->dev, devmac);
	} else {
		snprintf(devmac, sizeof(devmac), "<%s's MAC>", d->dev);
		finding_summary(f,
				"the frame was sent to MAC %s, not to %s's: the stack frees it as "
				"PACKET_OTHERHOST, counted nowhere",
				dmac, d->dev);
	}
	if (l && (l->flags & IFF_PROMISC || l->promiscuity))
		finding_evidence(
		    f,
		    "%s is promiscuous (promiscuity %u, e.g. tcpdump): that is why the "
		    "frame got this far and tcpdump shows it; without it a NIC filters "
		    "the frame before any skb exists",
		    d->dev, l->promiscuity);
	else if (l && !strcmp(l->kind, "veth"))
		finding_evidence(f,
				 "%s is a veth: it has no MAC filter, every frame reaches the "
				 "stack",
				 d->dev);
	if (p->family == AF_INET && in->cfg && netcfg_addr_find(in->cfg, p->dst.v4.s_addr))
		finding_evidence(f,
				 "IP destination %s is this host's own address: only the MAC "
				 "is wrong",
				 dst);
	n = neigh_by_mac(in->cfg, p->smac);
	if (n) {
		inet_ntop(AF_INET, &n->dst, ip, sizeof(ip));
		finding_evidence(f, "sender MAC %s is the neighbour %s on %s", smac, ip,
				 netcfg_ifname(in->cfg, n->ifindex));
	} else {
		finding_evidence(f, "sender MAC %s (IP %s) is not in this host's neighbour table",
				 smac, src[0] ? src : "?");
	}
	if (l && l->xdp_prog_id)
		finding_evidence(f, "XDP program id %u is attached to %s", l->xdp_prog_id, d->dev);
	finding_fix(f,
		    "on the sender (MAC %s%s%s): ip neigh replace %s lladdr %s dev <its interface>",
		    smac, src[0] ? ", IP " : "", src, dst[0] ? dst : "<this host's IP>", devmac);
	finding_fix(f,
		    "if an XDP or tc program redirected the frame to %s: set the Ethernet "
		    "destination to %s before bpf_redirect()",
		    d->dev, devmac);
	return 0;
}

/* IPv6: a payload_len beyond the frame, or what else the decoder found. */
static int malformed6(const struct explain_in *in, struct finding *f)
{
	const struct pkt *p = in->d->pkt;
	char src[INET6_ADDRSTRLEN] = "?";

	pkt_src(p, src, sizeof(src));
	explain_begin(in, f, "malformed_ipv6_header", FINDING_WARNING);
	if (p->missing > 0) {
		snprintf(f->id, sizeof(f->id), "ipv6_payload_len_beyond_frame");
		finding_summary(f,
				"IPv6 payload_len %u claims %d bytes more than the frame carries",
				p->ip_len - 40, p->missing);
		finding_evidence(f,
				 "payload_len %u, but the frame holds %d bytes after the 40-byte "
				 "header",
				 p->ip_len - 40, (int)p->ip_len - 40 - p->missing);
		finding_fix(f,
			    "in the code that builds or encapsulates the packet (sent by %s): "
			    "payload_len = bytes after the fixed header, recomputed after any "
			    "push or pull",
			    src);
	} else if (p->problem) {
		finding_summary(f, "the IPv6 header is invalid: %s", p->problem);
		finding_evidence(f, "decoder: %s", p->problem);
		finding_fix(f, "fix the code that builds the header of packets from %s", src);
	} else {
		return -ENOENT;
	}
	finding_evidence(f, "ip6_rcv_core checks this for every IPv6 packet (counters "
			    "Ip6InHdrErrors, Ip6InTruncatedPkts)");
	explain_counters(in, f, 2);
	return 0;
}

int explain_malformed(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	char src[INET_ADDRSTRLEN] = "?";

	if (p && p->family == AF_INET6)
		return malformed6(in, f);
	if (!p || p->family != AF_INET)
		return -ENOTSUP;
	inet_ntop(AF_INET, &p->src.v4, src, sizeof(src));
	explain_begin(in, f, "malformed_ipv4_header", FINDING_WARNING);
	if (p->missing > 0) {
		snprintf(f->id, sizeof(f->id), "ipv4_tot_len_beyond_frame");
		finding_summary(f,
				"IPv4 tot_len %u claims %d bytes more than the frame carries "
				"(tcpdump: truncated-ip - %d bytes missing)",
				p->ip_len, p->missing, p->missing);
		finding_evidence(f,
				 "tot_len %u, but the frame holds %d bytes from the IP header on",
				 p->ip_len, (int)p->ip_len - p->missing);
		finding_fix(f,
			    "in the code that builds or encapsulates the packet (sent by %s): "
			    "tot_len = bytes from the IP header to the end, recomputed after "
			    "bpf_xdp_adjust_head/skb_push; then redo the header checksum",
			    src);
	} else if (p->ip_csum_ok == 0) {
		snprintf(f->id, sizeof(f->id), "ipv4_bad_checksum");
		finding_summary(f, "IPv4 header checksum is 0x%04x, should be 0x%04x", p->ip_csum,
				p->ip_csum_calc);
		finding_evidence(f, "stored 0x%04x, computed over the %u-byte header 0x%04x",
				 p->ip_csum, p->ihl, p->ip_csum_calc);
		finding_fix(f,
			    "in the code that rewrites the header (sent by %s): set the checksum "
			    "field to 0, sum the header, then store the folded complement "
			    "(or use bpf_l3_csum_replace)",
			    src);
	} else if (p->problem) {
		finding_summary(f, "the IPv4 header is invalid: %s", p->problem);
		finding_evidence(f, "decoder: %s", p->problem);
		finding_fix(f, "fix the code that builds the header of packets from %s", src);
	} else {
		return -ENOENT; /* the bytes we have look fine */
	}
	finding_evidence(f, "ip_rcv_core checks this for every IPv4 packet before routing "
			    "(counters IpInHdrErrors, IpInCsumErrors, IpInTruncatedPkts)");
	return 0;
}
