/* SPDX-License-Identifier: GPL-2.0 */
/* explain_classes: the functions behind the rows of explain_rules.c, and
 * the small helpers they share. Internal to the explain module. */
#ifndef DROPDOC_EXPLAIN_CLASSES_H
#define DROPDOC_EXPLAIN_CLASSES_H

#include "explain/explain.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000 /* linux/if.h; net/if.h lacks it */
#endif

/* explain_route.c: rp_filter, local/invalid source, no route (fib model) */
int explain_route(const struct explain_in *in, struct finding *f);
/* explain_route.c: no route for what this host sends (a VXLAN's underlay) */
int explain_outnoroute(const struct explain_in *in, struct finding *f);
/* explain_packet.c: what the packet's own bytes show */
int explain_otherhost(const struct explain_in *in, struct finding *f);
int explain_malformed(const struct explain_in *in, struct finding *f);

/* explain_socket.c: NO_SOCKET — the sockets on that port and why none took it */
int explain_no_socket(const struct explain_in *in, struct finding *f);
enum explain_sock_miss {
	SOCK_TAKES = 0,	   /* it would take the packet */
	SOCK_MISS_ADDRESS, /* bound to another address */
	SOCK_MISS_V6ONLY,  /* IPv6-only socket, IPv4 packet */
	SOCK_MISS_V4ONLY,  /* IPv4 socket, IPv6 packet */
	SOCK_MISS_DEVICE,  /* bound to another device */
	SOCK_MISS_PEER,	   /* connected UDP socket: another peer */
};
struct pkt;
/* Would s take the packet p that arrived on dev (the kernel's socket
 * lookup, minus reuseport and VRFs)? */
enum explain_sock_miss explain_sock_takes(const struct explain_sock *s, const struct pkt *p,
					  const char *dev);
/* explain_neigh.c: NEIGH_* — the next hop that did not answer ARP/ND */
int explain_neigh(const struct explain_in *in, struct finding *f);
/* explain_counters.c: up to max evidence lines, one per counter of the
 * drop's namespace that its catalogue entry names and that moved
 * (env->mibs); returns how many. */
int explain_counters(const struct explain_in *in, struct finding *f, int max);

/* explain_xdp.c: frames lost in XDP (no skb) */
int explain_xdp(const struct explain_in *in, struct finding *f);
/* explain_fw.c: a netfilter rule or policy dropped or rejected it */
int explain_fw(const struct explain_in *in, struct finding *f);

/* explain_fwd.c: forwarding — TTL ran out, packet too big for the MTU */
int explain_ttl(const struct explain_in *in, struct finding *f);
int explain_too_big(const struct explain_in *in, struct finding *f);
int explain_frag_timeout(const struct explain_in *in, struct finding *f);
/* explain_xdp.c: an XDP program's XDP_DROP of an skb (veth, generic) */
int explain_xdp_skb(const struct explain_in *in, struct finding *f);
/* explain_proto.c: an IP protocol or a VXLAN VNI nobody here serves */
int explain_noproto(const struct explain_in *in, struct finding *f);
int explain_vxlan_vni(const struct explain_in *in, struct finding *f);
int explain_l4csum(const struct explain_in *in, struct finding *f);
int explain_vxlan_notarget(const struct explain_in *in, struct finding *f);
int explain_ndisc(const struct explain_in *in, struct finding *f);
int explain_vxlan_hdr(const struct explain_in *in, struct finding *f);
/* explain_sockq.c: a socket's receive buffer was full */
int explain_rcvbuf(const struct explain_in *in, struct finding *f);
int explain_socket_filter(const struct explain_in *in, struct finding *f);
/* explain_tc.c: a tc filter or BPF program on the hook dropped it */
int explain_tc(const struct explain_in *in, struct finding *f);
/* explain_tc.c: the device's qdisc refused it */
int explain_qdisc(const struct explain_in *in, struct finding *f);

/* explain_route6.c: an IPv6 route that discards (blackhole, unreachable,
 * prohibit, none), and multicast a router does not route (normal) */
int explain_route6(const struct explain_in *in, struct finding *f);

/* explain_devconf.c: a device's own sysctls — IPv6 off, unicast in an L2
 * group frame refused */
int explain_ipv6_disabled(const struct explain_in *in, struct finding *f);
int explain_l2_multicast(const struct explain_in *in, struct finding *f);
int explain_stp_state(const struct explain_in *in, struct finding *f);
int explain_ipv6_forwarding(const struct explain_in *in, struct finding *f);
int explain_localnet(const struct explain_in *in, struct finding *f);
int explain_backlog(const struct explain_in *in, struct finding *f);

/* explain_xfrm.c: an IPsec policy refused it */
int explain_xfrm(const struct explain_in *in, struct finding *f);

/* explain.c: shared helpers */
/* Starts f: id, severity, where (netns, dev) from the drop. */
void explain_begin(const struct explain_in *in, struct finding *f, const char *id,
		   enum finding_severity sev);
/* A sysctl of the drop's namespace ("net.core.rmem_max") into buf: 0, or
 * -errno with buf "?" (no such key, or no way to ask). */
int explain_sysctl(const struct explain_in *in, const char *name, char *buf, size_t n);
/* The evidence line naming where the kernel freed it:
 * "kernel: REASON at FUNCTION". */
void explain_kernel_at(const struct explain_in *in, struct finding *f);
/* The drop's device in the model, or NULL. */
const struct netcfg_link *explain_link(const struct explain_in *in);
/* "aa:bb:cc:dd:ee:ff" */
void explain_mac(const uint8_t *mac, char *buf, size_t n);

#endif
