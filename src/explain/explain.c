// SPDX-License-Identifier: GPL-2.0
/* explain: the engine — pick the row for a drop's reason, run it, and fall
 * back to "unexplained" (meaning, location, counters that moved). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode/decode.h"
#include "explain/explain.h"
#include "explain/explain_classes.h"

/* What the kernel checked, for reasons no row explains in depth (and as
 * the first evidence line of those that do). From include/net/dropreason-
 * core.h, in our words. */
static const struct {
	const char *reason;
	const char *meaning;
} meanings[] = {
    {"NOT_SPECIFIED", "the code that freed it gave no reason (kfree_skb without one)"},
    {"NO_SOCKET", "no socket is bound to the destination port"},
    {"PKT_TOO_SMALL", "the packet is shorter than its headers claim"},
    {"TCP_CSUM", "TCP checksum is wrong"},
    {"SOCKET_FILTER", "a socket filter (SO_ATTACH_FILTER, e.g. tcpdump's) rejected it"},
    {"UDP_CSUM", "UDP checksum is wrong"},
    {"NETFILTER_DROP", "a netfilter (nftables/iptables) rule dropped it"},
    {"OTHERHOST", "the frame's destination MAC is not this interface's (PACKET_OTHERHOST)"},
    {"IP_CSUM", "the IPv4 header checksum is wrong"},
    {"IP_INHDR", "the IPv4 header is invalid (version, ihl, or length)"},
    {"IP_RPFILTER", "reverse-path filter: the route back to the source fails rp_filter"},
    {"UNICAST_IN_L2_MULTICAST", "unicast IP in an L2 broadcast/multicast frame"},
    {"XFRM_POLICY", "an IPsec (xfrm) policy rejected it"},
    {"IP_NOPROTO", "no handler for the IP protocol number"},
    {"SOCKET_RCVBUFF", "the socket's receive buffer is full"},
    {"PROTO_MEM", "the protocol's memory limit is reached"},
    {"TCP_MD5NOTFOUND", "TCP MD5 signature expected but absent"},
    {"SOCKET_BACKLOG", "the socket's backlog is full"},
    {"TCP_FLAGS", "invalid TCP flag combination"},
    {"TCP_OLD_DATA", "TCP data already acknowledged (retransmission)"},
    {"TCP_INVALID_SEQUENCE", "TCP sequence number outside the window"},
    {"TCP_RESET", "TCP connection was reset"},
    {"TCP_CLOSE", "TCP socket is closed"},
    {"TCP_OFO_DROP", "TCP out-of-order queue is full"},
    {"IP_OUTNOROUTES", "no route for a packet this host sends"},
    {"BPF_CGROUP_EGRESS", "a cgroup BPF egress program dropped it"},
    {"IPV6DISABLED", "IPv6 is disabled on the device"},
    {"NEIGH_CREATEFAIL", "could not create a neighbour entry"},
    {"NEIGH_FAILED", "the next hop did not answer ARP/ND"},
    {"NEIGH_QUEUEFULL", "too many packets waiting for ARP/ND resolution"},
    {"NEIGH_DEAD", "the neighbour entry was removed"},
    {"TC_EGRESS", "a tc egress action dropped it"},
    {"TC_INGRESS", "a tc ingress action dropped it"},
    {"QDISC_DROP", "the qdisc dropped it (queue full or policy)"},
    {"CPU_BACKLOG", "the per-CPU input backlog is full (netdev_max_backlog)"},
    {"XDP", "an XDP program dropped it"},
    {"XDP_REDIRECT_ERR", "an XDP program's redirect failed: the target refused the frame"},
    {"XDP_XMIT_ERR", "a device did not take all the frames XDP redirected to it"},
    {"XDP_ABORTED", "an XDP program returned XDP_ABORTED (its error path)"},
    {"XDP_TX_ERR", "an XDP program returned XDP_TX, but the frame could not be sent"},
    {"XDP_EXCEPTION", "an XDP program returned an invalid action"},
    {"IP_INNOROUTES", "no route for the incoming packet"},
    {"IP_INADDRERRORS", "the destination address is invalid for this host"},
    {"IP_LOCAL_SOURCE", "the source address is one of this host's own"},
    {"IP_INVALID_SOURCE", "the source address is invalid (martian)"},
    {"IP_INVALID_DEST", "the destination address is invalid (martian)"},
    {"PKT_TOO_BIG", "the packet exceeds the MTU and cannot be fragmented"},
    {"DUP_FRAG", "duplicate IP fragment"},
    {"FRAG_REASM_TIMEOUT", "fragment reassembly timed out"},
    {"IPV6_NDISC_FRAG", "neighbour discovery message was fragmented"},
    {"IPV6_NDISC_HOP_LIMIT", "neighbour discovery message with hop limit != 255"},
    {"DEV_READY", "the device is not up"},
    {"FULL_RING", "the device's ring is full"},
    {"NOMEM", "out of memory"},
    {"HDR_TRUNC", "a header is truncated"},
    {"TAP_FILTER", "the tap device's filter dropped it"},
    {"TAP_TXFILTER", "the tap device's TX filter dropped it"},
    {"ICMP_CSUM", "ICMP checksum is wrong"},
    {"INVALID_PROTO", "the skb's protocol is invalid for the path"},
    {"VXLAN_INVALID_HDR", "invalid VXLAN header"},
    {"VXLAN_VNI_NOT_FOUND", "no VXLAN device for this VNI"},
    {"MAC_INVALID_SOURCE", "invalid source MAC"},
    {"VXLAN_ENTRY_EXISTS", "VXLAN FDB entry exists"},
    {"IP_TUNNEL_ECN", "IP tunnel ECN decapsulation error"},
    {"TUNNEL_TXINFO", "tunnel transmit info missing"},
    {"LOCAL_MAC", "source MAC is the device's own"},
    {"ARP_PVLAN_DISABLE", "ARP proxy for private VLAN disabled"},
};

const char *explain_reason_meaning(const char *reason)
{
	for (size_t i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++)
		if (!strcasecmp(meanings[i].reason, reason))
			return meanings[i].meaning;
	return NULL;
}

const struct explain_rule *explain_rule_for(const char *reason)
{
	for (unsigned i = 0; i < explain_nrules; i++)
		for (const char *const *r = explain_rules[i].reasons; *r; r++)
			if (!strcasecmp(*r, reason))
				return &explain_rules[i];
	return NULL;
}

/* Codes at or above this (subsystem reasons carry the subsystem in their
 * high bits) are matched by name at every drop. */
#define EXPLAIN_INDEX_CODES 512

struct explain_index {
	struct {
		const struct explain_rule *rule;
		const char *meaning;
		bool known; /* matched already */
	} code[EXPLAIN_INDEX_CODES];
};

int explain_index_new(struct explain_index **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void explain_index_free(struct explain_index *x)
{
	free(x);
}

/* The drop's row (NULL: none) and meaning (NULL: unknown). */
static void lookup(const struct explain_in *in, const struct explain_rule **rule,
		   const char **meaning)
{
	const struct drop_record *d = in->d;
	struct explain_index *x = in->index;

	if (!x || d->reason_code >= EXPLAIN_INDEX_CODES) {
		*rule = explain_rule_for(d->reason);
		*meaning = explain_reason_meaning(d->reason);
		return;
	}
	if (!x->code[d->reason_code].known) {
		x->code[d->reason_code].rule = explain_rule_for(d->reason);
		x->code[d->reason_code].meaning = explain_reason_meaning(d->reason);
		x->code[d->reason_code].known = true;
	}
	*rule = x->code[d->reason_code].rule;
	*meaning = x->code[d->reason_code].meaning;
}

void explain_begin(const struct explain_in *in, struct finding *f, const char *id,
		   enum finding_severity sev)
{
	const struct drop_record *d = in->d;

	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->severity = sev;
	f->netns = d->netns;
	snprintf(f->netns_name, sizeof(f->netns_name), "%s", d->netns_name ? d->netns_name : "");
	snprintf(f->dev, sizeof(f->dev), "%s", d->dev ? d->dev : "");
}

const struct netcfg_link *explain_link(const struct explain_in *in)
{
	if (!in->cfg || !in->d->ifindex)
		return NULL;
	return netcfg_link_by_index(in->cfg, (int)in->d->ifindex);
}

void explain_mac(const uint8_t *m, char *buf, size_t n)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void unexplained(const struct explain_in *in, const char *meaning, struct finding *f)
{
	const struct drop_record *d = in->d;

	explain_begin(in, f, "unexplained", FINDING_NOTICE);
	finding_summary(f, "%s at %s: %s", d->reason, d->location ? d->location : "?",
			meaning ? meaning : "a reason dropdoc has no explanation for yet");
	if (meaning)
		finding_evidence(f, "%s means: %s", d->reason, meaning);
	if (d->location)
		finding_evidence(f, "freed at %s+0x%llx", d->location,
				 (unsigned long long)d->location_off);
	explain_counters(in, f, EXPLAIN_MAX_MIBS, false);
	finding_fix(f,
		    "no fix known to dropdoc for %s; the location and counters above say "
		    "where to look",
		    d->reason);
}

void explain_drop(const struct explain_in *in, struct finding *f)
{
	const struct explain_rule *r;
	const char *meaning;

	lookup(in, &r, &meaning);
	if (r && !r->explain(in, f))
		return;
	unexplained(in, meaning, f);
}
