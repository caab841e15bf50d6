// SPDX-License-Identifier: GPL-2.0
/* catalogue: enum skb_drop_reason of kernel 6.18, value order, one row per
 * reason, then the locations that give a reason its sense (NOT_SPECIFIED
 * above all). Meanings are from include/net/dropreason-core.h and the call
 * sites, in our words; "not here" says what this machine's kernel lacks
 * (no modules, no CAN/PSP hardware, sch_fq/cake/dualpi2 not built, no
 * TCP-AO). Review it top to bottom when the kernel moves: `dropdoc reasons`
 * lists a reason the running kernel has and this table lacks. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "explain/catalogue.h"

#define X(r, m, note, ...)                                                                         \
	{                                                                                          \
		r, NULL, CAT_EXPLAINED, NULL, m, note,                                             \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}
#define D(r, m, note, ...)                                                                         \
	{                                                                                          \
		r, NULL, CAT_DESCRIBED, NULL, m, note,                                             \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}
#define N(r, m, note, ...)                                                                         \
	{                                                                                          \
		r, NULL, CAT_NORMAL, NULL, m, note,                                                \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}
#define U(r, m, note)                                                                              \
	{                                                                                          \
		r, NULL, CAT_NOT_HERE, NULL, m, note,                                              \
		{                                                                                  \
			NULL                                                                       \
		}                                                                                  \
	}
/* by location */
#define XL(r, l, m, note, ...)                                                                     \
	{                                                                                          \
		r, l, CAT_EXPLAINED, NULL, m, note,                                                \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}
#define NL(r, l, id, m, note, ...)                                                                 \
	{                                                                                          \
		r, l, CAT_NORMAL, id, m, note,                                                     \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}
#define DL(r, l, id, m, note, ...)                                                                 \
	{                                                                                          \
		r, l, CAT_DESCRIBED, id, m, note,                                                  \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}

const struct cat_entry catalogue[] = {
    D("NOT_SPECIFIED", "the code that freed it gave no reason (plain kfree_skb)",
      "the location names the check; dropdoc knows the locations listed below", NULL),
    X("NO_SOCKET", "no socket is bound to the destination port",
      "the sockets on that port in every namespace, their addresses, devices and owners",
      "UdpNoPorts", "Udp6NoPorts", "TcpOutRsts", NULL),
    N("SOCKET_CLOSE", "a unix socket was closed with messages still queued to it",
      "a local program closed a unix socket without reading all it had received", NULL),
    X("SOCKET_FILTER", "a BPF filter attached to the receiving socket rejected it",
      "the program owning the socket ({ns}ss -uanp / ss -tanp) and its SO_ATTACH_FILTER",
      "TcpExtTCPFilter", NULL),
    X("SOCKET_RCVBUFF", "the socket's receive buffer was full: its reader is too slow",
      "the socket, its owner, its receive buffer against net.core.rmem_max and its drop count",
      "UdpRcvbufErrors", "Udp6RcvbufErrors", "UdpInErrors", "Udp6InErrors", NULL),
    N("UNIX_DISCONNECT", "a unix socket's peer went away with messages queued",
      "a local program exited or closed a unix socket with unread messages", NULL),
    N("UNIX_SKIP_OOB", "a unix stream's out-of-band byte was skipped",
      "the reader did not ask for MSG_OOB data; the byte is discarded by design", NULL),
    X("PKT_TOO_SMALL", "the packet is shorter than its headers say",
      "the packet's own lengths against the frame", "IpExtInTruncatedPkts", "Ip6InTruncatedPkts",
      "IpInHdrErrors", NULL),
    X("TCP_CSUM", "the TCP checksum is wrong", "the packet's checksum and the sender's offloads",
      "TcpInCsumErrors", "TcpInErrs", NULL),
    X("UDP_CSUM", "the UDP checksum is wrong", "the packet's checksum and the sender's offloads",
      "UdpInCsumErrors", "Udp6InCsumErrors", "UdpInErrors", NULL),
    X("NETFILTER_DROP", "a netfilter hook said NF_DROP: a rule, a policy, or conntrack itself",
      "the namespace's nftables rules that drop, their counters, legacy tables and conntrack",
      NULL),
    X("OTHERHOST", "the frame's destination MAC is not this device's (PACKET_OTHERHOST)",
      "the frame's MAC against the device's, and who sent it", NULL),
    X("IP_CSUM", "the IPv4 header checksum is wrong", "the header's checksum, recomputed",
      "IpExtInCsumErrors", "IpInHdrErrors", NULL),
    X("IP_INHDR", "the IP header is invalid (version, header length, total length)",
      "the header's fields; at ip_forward/ip6_forward see below (TTL)", "IpInHdrErrors",
      "Ip6InHdrErrors", NULL),
    X("IP_RPFILTER", "reverse-path filter: the route back to the source leaves by another device",
      "rp_filter of all and the device, the route back to the source", "TcpExtIPReversePathFilter",
      NULL),
    X("UNICAST_IN_L2_MULTICAST", "a unicast IP packet came in an L2 broadcast/multicast frame",
      "the sender's ARP/ND cache ({ns}ip neigh) and drop_unicast_in_l2_multicast", "Ip6InDiscards",
      NULL),
    X("XFRM_POLICY", "an IPsec (xfrm) policy rejected it, or no state matched its policy",
      "{ns}ip xfrm policy and {ns}ip xfrm state; /proc/net/xfrm_stat", NULL),
    X("IP_NOPROTO", "no handler for the packet's IP protocol number",
      "the protocol number against what this kernel has built in", "IpInUnknownProtos",
      "Ip6InUnknownProtos", NULL),
    D("PROTO_MEM", "the protocol's memory limit is reached (tcp_mem/udp_mem)",
      "net.ipv4.tcp_mem, net.ipv4.udp_mem against /proc/net/sockstat's mem", "UdpMemErrors",
      "Udp6MemErrors", "TcpExtTCPRcvQDrop", NULL),
    U("TCP_AUTH_HDR", "the segment carries both TCP-MD5 and TCP-AO options",
      "TCP-AO is not built in this kernel (CONFIG_TCP_AO)"),
    D("TCP_MD5NOTFOUND", "TCP-MD5 signature expected (a key is set) but absent",
      "the peer's TCP-MD5 key setup (BGP sessions: the password on both sides)",
      "TcpExtTCPMD5NotFound", NULL),
    D("TCP_MD5UNEXPECTED", "TCP-MD5 signature present but no key is set for this peer",
      "the TCP-MD5 keys of the listening program", "TcpExtTCPMD5Unexpected", NULL),
    D("TCP_MD5FAILURE", "TCP-MD5 signature does not match the key",
      "the TCP-MD5 password on both ends", "TcpExtTCPMD5Failure", NULL),
    U("TCP_AONOTFOUND", "TCP-AO signature expected but absent", "no TCP-AO in this kernel"),
    U("TCP_AOUNEXPECTED", "TCP-AO signature present but not expected", "no TCP-AO in this kernel"),
    U("TCP_AOKEYNOTFOUND", "TCP-AO key not found", "no TCP-AO in this kernel"),
    U("TCP_AOFAILURE", "TCP-AO signature does not match", "no TCP-AO in this kernel"),
    D("SOCKET_BACKLOG", "the socket's backlog is full while its owner holds it",
      "the receiving program's socket ({ns}ss -tmi) and net.core.rmem_max", "TcpExtTCPBacklogDrop",
      NULL),
    D("TCP_FLAGS", "invalid TCP flag combination for the connection's state",
      "the sender: a scanner, or a middlebox rewriting flags", "TcpInErrs", NULL),
    N("TCP_ABORT_ON_DATA", "data arrived for a socket the program had closed: reset sent",
      "the program closed the connection while the peer still sent", "TcpExtTCPAbortOnData", NULL),
    D("TCP_ZEROWINDOW", "data arrived while the receiver advertised a zero window",
      "the receiving program is not reading ({ns}ss -tmi: Recv-Q)", "TcpExtTCPZeroWindowDrop",
      NULL),
    N("TCP_OLD_DATA", "the data was already received (a retransmission)",
      "the sender retransmitted what had arrived: loss or delay of an ACK on the way back", NULL),
    N("TCP_OVERWINDOW", "data beyond the advertised window",
      "a sender overrunning a shrinking window; TCP recovers by itself", NULL),
    N("TCP_OFOMERGE", "out-of-order data already held (duplicate)",
      "retransmission of data held out of order; TCP recovers by itself", NULL),
    N("TCP_RFC7323_PAWS", "the segment's timestamp is older than the last one (PAWS)",
      "old duplicates of a connection; NAT mixing two hosts' timestamps makes many",
      "TcpExtPAWSEstab", NULL),
    N("TCP_RFC7323_PAWS_ACK", "a PAWS-failing ACK", "old duplicate ACKs; harmless",
      "TcpExtPAWSOldAck", NULL),
    N("TCP_RFC7323_TW_PAWS", "a PAWS-failing segment for a TIME-WAIT socket",
      "old duplicates after close", "TcpExtPAWSTimewait", NULL),
    D("TCP_RFC7323_TSECR", "the echoed timestamp is not one this host sent",
      "a middlebox rewriting TCP timestamps", "TcpExtTSEcrRejected", NULL),
    D("TCP_LISTEN_OVERFLOW",
      "the listener's accept queue is full: the program does not accept fast enough",
      "the listening socket, its backlog against net.core.somaxconn, its owner",
      "TcpExtListenOverflows", "TcpExtListenDrops", NULL),
    N("TCP_OLD_SEQUENCE", "the segment is entirely before the window (old duplicate)",
      "retransmission of acknowledged data; TCP recovers by itself", NULL),
    D("TCP_INVALID_SEQUENCE", "sequence number outside the receive window",
      "a connection out of step: NAT, load balancer, or a reset one side did not see", NULL),
    D("TCP_INVALID_END_SEQUENCE", "the segment ends beyond the window",
      "a peer overrunning the window ({ns}ss -tmi)", "TcpExtBeyondWindow", NULL),
    D("TCP_INVALID_ACK_SEQUENCE", "ACK for data never sent", "a connection out of step (NAT, LB)",
      NULL),
    N("TCP_RESET",
      "an RST this connection does not accept (out of window): a challenge ACK is sent",
      "stray resets after a close; RFC 5961 answers them with a challenge ACK",
      "TcpExtTCPChallengeACK", NULL),
    N("TCP_INVALID_SYN", "a SYN on an established connection: a challenge ACK is sent",
      "a peer that restarted and reuses the connection's ports", "TcpExtTCPSYNChallenge", NULL),
    N("TCP_CLOSE", "segment for a closed (or closing) connection",
      "a segment racing a socket's close; late packets after a connection closed", NULL),
    D("TCP_FASTOPEN", "TCP Fast Open data refused (cookie or net.ipv4.tcp_fastopen)",
      "net.ipv4.tcp_fastopen on this host", "TcpExtTCPFastOpenPassiveFail", NULL),
    N("TCP_OLD_ACK", "an ACK older than the last one", "reordered ACKs; harmless", NULL),
    D("TCP_TOO_OLD_ACK", "an ACK far older than the window", "a connection out of step", NULL),
    D("TCP_ACK_UNSENT_DATA", "an ACK for data not sent yet", "a connection out of step", NULL),
    D("TCP_OFO_QUEUE_PRUNE", "the out-of-order queue was pruned under memory pressure",
      "the socket's receive buffer (net.ipv4.tcp_rmem) and loss on the path", "TcpExtOfoPruned",
      "TcpExtPruneCalled", NULL),
    N("TCP_OFO_DROP", "out-of-order data already covered once moved in order",
      "retransmitted data overlapping what arrived meanwhile", NULL),
    X("IP_OUTNOROUTES", "no route for a packet this host sends",
      "{ns}ip route get DST and {ns}ip rule", "IpOutNoRoutes", "Ip6OutNoRoutes", NULL),
    D("BPF_CGROUP_EGRESS", "a cgroup BPF egress program returned drop",
      "bpftool cgroup tree: the programs attached to the sender's cgroup", NULL),
    X("IPV6DISABLED", "IPv6 is disabled on the receiving device (disable_ipv6)",
      "{ns}sysctl net.ipv6.conf.all.disable_ipv6 and net.ipv6.conf.DEV.disable_ipv6",
      "Ip6InDiscards", NULL),
    X("NEIGH_CREATEFAIL", "no neighbour entry could be created (gc_thresh3 or memory)",
      "the neighbour table and its limits", NULL),
    X("NEIGH_FAILED", "the next hop did not answer ARP/ND",
      "the route's next hop and its neighbour entry", "IcmpOutDestUnreachs", NULL),
    X("NEIGH_QUEUEFULL", "too many packets waiting for ARP/ND resolution",
      "the next hop and unres_qlen_bytes", NULL),
    X("NEIGH_DEAD", "the neighbour entry was removed while packets waited", "the next hop", NULL),
    U("NEIGH_HH_FILLFAIL", "the device could not build the link-layer header",
      "building an Ethernet header cannot fail on veth, bridge or vxlan"),
    X("TC_EGRESS", "a tc egress filter or action dropped it (TC_ACT_SHOT)",
      "the tc filters on the device's egress hook and their BPF programs", NULL),
    D("SECURITY_HOOK", "a security module (SELinux, AppArmor, BPF LSM) refused it",
      "the LSM's audit log (ausearch, dmesg) for the receiving program", NULL),
    X("QDISC_DROP", "the queueing discipline dropped it (queue full or policy)",
      "{ns}tc -s qdisc show dev DEV: limit, backlog and drops", NULL),
    U("QDISC_OVERLIMIT", "the qdisc's queue was over its limit (fq_codel, codel, sfq, cake)",
      "only AQM qdiscs use it, and none is built in this kernel"),
    U("QDISC_CONGESTED", "the qdisc's AQM dropped it for congestion (codel, fq_codel)",
      "only AQM qdiscs use it, and none is built in this kernel"),
    U("CAKE_FLOOD", "sch_cake dropped a flooding flow", "sch_cake is not built in this kernel"),
    U("FQ_BAND_LIMIT", "sch_fq band over its packet limit", "sch_fq is not built in this kernel"),
    U("FQ_HORIZON_LIMIT", "sch_fq: timestamp beyond the horizon", "sch_fq is not built here"),
    U("FQ_FLOW_LIMIT", "sch_fq: flow over its packet limit", "sch_fq is not built here"),
    X("CPU_BACKLOG", "the per-CPU input backlog is full (netdev_max_backlog)",
      "net.core.netdev_max_backlog and /proc/net/softnet_stat; a namespace cannot lower the "
      "host-wide limit, so the lab cannot make it: unit tests only",
      NULL),
    X("XDP", "an XDP program returned XDP_DROP (generic/skb mode)",
      "the XDP program on the device: id, name, tag, mode", NULL),
    X("TC_INGRESS", "a tc ingress filter or action dropped it (TC_ACT_SHOT)",
      "the tc filters on the device's ingress hook and their BPF programs", NULL),
    N("UNHANDLED_PROTO", "no handler for the frame's ethertype (LLDP, STP, ... with no listener)",
      "frames of protocols this host does not speak arrive on every LAN", NULL),
    D("SKB_CSUM", "the checksum could not be computed for the packet",
      "the device's offload settings (ethtool -k)", NULL),
    U("SKB_GSO_SEG", "GSO segmentation failed (macvtap)", "only macvtap uses it; not built here"),
    D("SKB_UCOPY_FAULT", "copying from user memory failed", "the sending program", NULL),
    D("DEV_HDR", "the device could not build the link-layer header",
      "the device's type and header ops", NULL),
    D("DEV_READY", "the device is not ready (down, no carrier, or a tun with no reader)",
      "{ns}ip link show DEV: UP, LOWER_UP, the peer's state", NULL),
    D("FULL_RING", "the device's queue (a tun/tap ring) is full",
      "the program reading the tun/tap device, and txqueuelen", NULL),
    D("NOMEM", "out of memory allocating for the packet", "free memory and /proc/net/sockstat",
      NULL),
    D("HDR_TRUNC", "a header is truncated (device or encapsulation)", "the sender or encapsulation",
      NULL),
    D("TAP_FILTER", "the tun/tap device's filter dropped it", "the program owning the tap", NULL),
    D("TAP_TXFILTER", "the tun/tap device's TX filter dropped it",
      "the program owning the tap (TUNSETTXFILTER)", NULL),
    X("ICMP_CSUM", "the ICMP checksum is wrong", "the packet's checksum", "IcmpInCsumErrors",
      "Icmp6InCsumErrors", "IcmpInErrors", NULL),
    D("INVALID_PROTO", "the packet's protocol does not fit the path (e.g. non-IP into IP)",
      "what sends it, and the device's kind", NULL),
    X("IP_INADDRERRORS", "the destination is not this host's and it does not forward",
      "the addresses, ip_forward and the route", "IpInAddrErrors", "Ip6InAddrErrors", NULL),
    X("IP_INNOROUTES", "no route for the incoming packet", "the routes and rules of the namespace",
      "IpExtInNoRoutes", "Ip6InNoRoutes", NULL),
    X("IP_LOCAL_SOURCE", "the source address is one of this host's own",
      "the addresses and accept_local", "TcpExtIPReversePathFilter", NULL),
    X("IP_INVALID_SOURCE", "the source address is invalid (martian)", "the packet's source",
      "IpInAddrErrors", NULL),
    X("IP_LOCALNET", "a 127/8 address on a device without route_localnet",
      "{ns}sysctl net.ipv4.conf.DEV.route_localnet", NULL),
    D("IP_INVALID_DEST", "the destination address is invalid (martian, e.g. 0.0.0.0)",
      "the sender's configuration", NULL),
    X("PKT_TOO_BIG", "the packet is larger than the path's MTU and may not be fragmented",
      "the route's device and its MTU against the packet", "IpFragFails", "IcmpOutDestUnreachs",
      "Ip6InTooBigErrors", "Icmp6OutPktTooBigs"),
    N("DUP_FRAG", "a duplicate IP fragment", "retransmitted or duplicated fragments",
      "IpReasmFails", "Ip6ReasmFails", NULL),
    X("FRAG_REASM_TIMEOUT", "fragment reassembly timed out: a fragment never came",
      "loss on the path; net.ipv4.ipfrag_time, ipfrag_high_thresh", "IpReasmTimeout",
      "IpReasmFails", "Ip6ReasmTimeout", "Ip6ReasmFails"),
    D("FRAG_TOO_FAR", "a fragment too far out of order (ipfrag_max_dist)",
      "net.ipv4.ipfrag_max_dist and reordering on the path", "IpReasmFails", NULL),
    D("TCP_MINTTL", "TCP segment below the socket's IP_MINTTL (GTSM)",
      "the program's IP_MINTTL (BGP GTSM) and the hop count", "TcpExtTCPMinTTLDrop", NULL),
    D("IPV6_BAD_EXTHDR", "an IPv6 extension header is invalid or not allowed",
      "the sender; net.ipv6.conf.*.accept_source_route for routing headers", "Ip6InHdrErrors",
      NULL),
    X("IPV6_NDISC_FRAG", "a neighbour discovery message was fragmented", "the sender",
      "Icmp6InErrors", NULL),
    X("IPV6_NDISC_HOP_LIMIT", "a neighbour discovery message with hop limit != 255 (not on-link)",
      "the sender: ND must come from the link", "Icmp6InErrors", NULL),
    X("IPV6_NDISC_BAD_CODE", "a neighbour discovery message with a non-zero code", "the sender",
      "Icmp6InErrors", NULL),
    X("IPV6_NDISC_BAD_OPTIONS", "a neighbour discovery message with invalid options", "the sender",
      "Icmp6InErrors", NULL),
    N("IPV6_NDISC_NS_OTHERHOST", "a neighbour solicitation for an address that is not ours",
      "solicitations for other hosts' addresses reach every host on the link", NULL),
    N("QUEUE_PURGE", "a queue was purged (device or socket going away)",
      "packets queued to something being torn down", NULL),
    U("TC_COOKIE_ERROR", "a tc chain cookie from hardware offload was invalid",
      "needs tc hardware offload restoring chains (tc skb extension)"),
    D("PACKET_SOCK_ERROR", "a packet socket could not take it (its buffer is full)",
      "the capturing programs (tcpdump) and their buffer sizes", NULL),
    U("TC_CHAIN_NOTFOUND", "the tc chain hardware offload said to resume in does not exist",
      "needs tc hardware offload restoring chains (tc skb extension)"),
    D("TC_RECLASSIFY_LOOP", "tc reclassified too many times (a loop)",
      "{ns}tc filter show: reclassify actions", NULL),
    X("VXLAN_INVALID_HDR", "the VXLAN header is invalid (flags)", "the sender's VXLAN setup", NULL),
    X("VXLAN_VNI_NOT_FOUND", "no VXLAN device here has the packet's VNI",
      "the VXLAN devices on that port and their VNIs against the packet's", NULL),
    D("MAC_INVALID_SOURCE", "the inner frame's source MAC is invalid (multicast/zero)",
      "the sender behind the tunnel", NULL),
    D("VXLAN_ENTRY_EXISTS", "the inner source MAC is a static FDB entry of another port",
      "{ns}bridge fdb show dev DEV", NULL),
    D("NO_TX_TARGET", "the tunnel had no destination for the frame (no FDB entry, no remote)",
      "{ns}bridge fdb show dev DEV and the device's remote/group", NULL),
    D("IP_TUNNEL_ECN", "the tunnel's outer/inner ECN bits conflict", "the sender's ECN marking",
      NULL),
    D("TUNNEL_TXINFO", "a metadata tunnel got a packet without tunnel info",
      "the BPF/tc program that should set the tunnel key", NULL),
    D("LOCAL_MAC", "a frame from the tunnel carries this host's own MAC as source",
      "a loop in the overlay", NULL),
    U("ARP_PVLAN_DISABLE", "proxy ARP for a private VLAN is off (proxy_arp_pvlan)",
      "the route lookup returns it, but arp_process consumes the packet: never a drop"),
    N("MAC_IEEE_MAC_CONTROL", "an IEEE 802.3 MAC control frame (pause) reached the bridge",
      "flow-control frames are for the link, never bridged", NULL),
    X("BRIDGE_INGRESS_STP_STATE", "the bridge port is not forwarding (STP state)",
      "{ns}bridge link show: the port's state (learning/blocking/disabled)", NULL),
    U("CAN_RX_INVALID_FRAME", "invalid CAN frame", "no CAN in this kernel"),
    U("CANFD_RX_INVALID_FRAME", "invalid CAN FD frame", "no CAN in this kernel"),
    U("CANXL_RX_INVALID_FRAME", "invalid CAN XL frame", "no CAN in this kernel"),
    D("PFMEMALLOC", "a packet from emergency reserves reached a socket that may not use them",
      "memory pressure (swap over network)", NULL),
    U("DUALPI2_STEP_DROP", "sch_dualpi2 step drop", "sch_dualpi2 is not built in this kernel"),
    U("PSP_INPUT", "PSP decryption policy failed", "needs PSP-capable NIC hardware"),
    U("PSP_OUTPUT", "PSP encryption policy failed", "needs PSP-capable NIC hardware"),
    D("RECURSION_LIMIT", "transmit recursion too deep (a device loop)",
      "stacked devices sending into each other", NULL),
    D("SKB_RX_HEADROOM", "not enough headroom in the received buffer", "the driver", NULL),

    /* where the location gives the sense */
    XL("IP_INHDR", "ip_forward", "the TTL ran out while forwarding (ICMP time exceeded sent)",
       "the packet's TTL, the route on, a loop", "IpInHdrErrors", "IcmpOutTimeExcds", NULL),
    XL("IP_INHDR", "ip6_forward", "the hop limit ran out while forwarding",
       "the packet's hop limit, the route on, a loop", "Ip6InHdrErrors", "Icmp6OutTimeExcds", NULL),
    NL("NO_SOCKET", "ping_rcv", "ping-reply-late",
       "an ICMP echo reply for which no ping socket waits",
       "a ping with a raw socket got its own copy (every reply shows here), or the ping "
       "exited before the reply came",
       "IcmpInEchoReps", "Icmp6InEchoReplies", NULL),
    XL("IP_INADDRERRORS", "ip6_forward", "IPv6 for another host, and this host does not forward",
       "net.ipv6.conf.all.forwarding and the device's", "Ip6InAddrErrors", NULL),
    XL("NOT_SPECIFIED", "__udp4_lib_rcv", "UDP refused it: an IPsec policy (or a short packet)",
       "the IPsec policies whose selector takes it", "UdpInErrors", NULL),
    XL("NOT_SPECIFIED", "__udp6_lib_rcv", "UDP refused it: an IPsec policy (or a short packet)",
       "the IPsec policies whose selector takes it", "Udp6InErrors", NULL),
    XL("NO_TX_TARGET", "vxlan_xmit", "a VXLAN device without remote found no FDB destination",
       "the device's remote and its forwarding database", NULL),
    XL("NOT_SPECIFIED", "ip_error", "the route is a blackhole (or unreachable/prohibit)",
       "the route that matched: its type, prefix and table", "IpExtInNoRoutes", NULL),
    XL("NOT_SPECIFIED", "dst_discard_out", "an IPv6 blackhole route discarded it",
       "the IPv6 route covering the destination, all tables", NULL),
    XL("NOT_SPECIFIED", "dst_discard", "a blackhole route discarded it (input)",
       "the IPv6 route covering the destination, all tables", NULL),
    XL("IP_INNOROUTES", "ip6_pkt_discard", "IPv6: no route, or an unreachable route (input)",
       "the IPv6 route covering the destination; multicast on a router is normal", "Ip6InNoRoutes",
       NULL),
    XL("IP_INNOROUTES", "ip6_pkt_discard_out", "IPv6: no route, or an unreachable route (sent)",
       "the IPv6 route covering the destination", "Ip6OutNoRoutes", NULL),
    XL("IP_INNOROUTES", "ip6_pkt_prohibit", "IPv6: a prohibit route (input)",
       "the IPv6 route covering the destination", "Ip6InNoRoutes", NULL),
    XL("IP_INNOROUTES", "ip6_pkt_prohibit_out", "IPv6: a prohibit route (sent)",
       "the IPv6 route covering the destination", "Ip6OutNoRoutes", NULL),
    NL("NOT_SPECIFIED", "__udp4_lib_mcast_deliver", "udp-mcast-no-socket",
       "a broadcast/multicast UDP datagram no socket wanted",
       "DHCP, mDNS, SSDP and the like reach every host on the LAN", "UdpIgnoredMulti", NULL),
    NL("NOT_SPECIFIED", "__udp6_lib_mcast_deliver", "udp-mcast-no-socket",
       "an IPv6 multicast UDP datagram no socket wanted",
       "mDNS, LLMNR and the like reach every host on the LAN", "Udp6IgnoredMulti", NULL),
    NL("NOT_SPECIFIED", "ndisc_recv_na", "nd-unsolicited-na",
       "a neighbour advertisement for no entry of ours (unsolicited, gratuitous)",
       "hosts announce their addresses to the link; without an entry there is nothing to update",
       NULL),
    NL("NOT_SPECIFIED", "ndisc_recv_rs", "nd-rs-not-router",
       "a router solicitation reached a host that is not a router",
       "hosts solicit routers when an interface comes up; only routers answer", NULL),
    NL("NOT_SPECIFIED", "ndisc_router_discovery", "nd-ra-ignored",
       "a router advertisement this host does not take (accept_ra, source not link-local)",
       "a router's advertisements reach every host; this one is not configured to learn", NULL),
    NL("NOT_SPECIFIED", "neigh_blackhole", "neigh-dead",
       "a packet for a neighbour of a device going down", "teardown of a device or namespace",
       NULL),
    NL("NOT_SPECIFIED", "udp_destruct_common", "socket-closed-unread",
       "a UDP socket was closed with datagrams still queued to it",
       "a program closed its socket without reading all it had received", NULL),
    NL("NOT_SPECIFIED", "netif_napi_add_weight_locked", "device-setup",
       "an empty buffer freed while a device's NAPI context was set up",
       "creating a device (vxlan, GRO cells) frees a placeholder; no packet was lost", NULL),
    NL("NOT_SPECIFIED", "inet_rtm_getroute", "route-query",
       "the probe buffer of a route query (`ip route get`) freed after the answer",
       "not a packet: every RTM_GETROUTE builds one and frees it", NULL),
    NL("NOT_SPECIFIED", "inet6_rtm_getroute", "route-query",
       "the probe buffer of an IPv6 route query (`ip -6 route get`) freed after the answer",
       "not a packet: every RTM_GETROUTE builds one and frees it", NULL),
    DL("UNHANDLED_PROTO", "icmp_rcv", "icmp-type-unhandled",
       "an ICMP message of a type this kernel has no handler for",
       "the sender and the type (tcpdump -v icmp): old types (timestamp) or a probe",
       "IcmpInErrors", NULL),
    NL("NOT_SPECIFIED", "nf_reinject", "nfqueue-verdict-drop",
       "the userspace NFQUEUE program said drop", "a userspace firewall decided", NULL),
    DL("NOT_SPECIFIED", "ip_rcv_finish_core", NULL,
       "IPv4 multicast for a group nobody joined, or invalid IP options",
       "{ns}ip maddr show dev DEV; the packet's IP options", "IpInHdrErrors", NULL),
    DL("NOT_SPECIFIED", "ip_forward", NULL,
       "a packet to forward that was not sent to us at L2 (a broadcast frame), or source routed",
       "the sender's ARP entry for this router; accept_source_route", NULL),
    DL("NOT_SPECIFIED", "ip6_forward", NULL,
       "an IPv6 packet to forward not sent to us at L2, or owned by a local socket",
       "the sender's neighbour entry for this router", NULL),
    DL("NOT_SPECIFIED", "ip_fragment", NULL,
       "larger than the device's MTU with DF set (or conntrack's frag_max_size)",
       "{ns}ip route get DST: the device and its MTU", "IpFragFails", NULL),
    DL("NOT_SPECIFIED", "ip6_fragment", NULL, "an IPv6 packet larger than the device's MTU",
       "{ns}ip -6 route get DST: the device and its MTU", "Ip6FragFails", NULL),
    DL("NOT_SPECIFIED", "ip_defrag", NULL, "no memory for a fragment queue (ipfrag_high_thresh)",
       "{ns}sysctl net.ipv4.ipfrag_high_thresh, and who floods fragments", "IpReasmFails", NULL),
    DL("NOT_SPECIFIED", "ipv6_frag_rcv", NULL,
       "no memory for an IPv6 fragment queue (ip6frag_high_thresh)",
       "{ns}sysctl net.ipv6.ip6frag_high_thresh", "Ip6ReasmFails", NULL),
    DL("NOT_SPECIFIED", "arp_process", NULL,
       "an ARP packet this host ignores (opcode, multicast/loopback target, no IPv4 on the device)",
       "the sender; {ns}ip addr show dev DEV", NULL),
    DL("NOT_SPECIFIED", "arp_rcv", NULL,
       "an ARP packet whose address lengths do not fit the device", "the sender", NULL),
    DL("NOT_SPECIFIED", "icmp_rcv", NULL, "an ICMP message too short, or a bogus ICMP error",
       "the sender", "IcmpInErrors", NULL),
    DL("NOT_SPECIFIED", "igmp_rcv", NULL, "an IGMP packet too short or with a bad checksum",
       "the sender", NULL),
    DL("NOT_SPECIFIED", "__dev_queue_xmit", NULL,
       "the device could not send: down, or a transmit loop between stacked devices",
       "{ns}ip link show DEV: UP and LOWER_UP", NULL),
    DL("NOT_SPECIFIED", "____dev_forward_skb", NULL,
       "the veth peer is down, or the packet is larger than the peer's MTU",
       "{ns}ip -d link show DEV: the peer, its state and MTU", NULL),
    DL("NOT_SPECIFIED", "veth_xmit", NULL,
       "the veth has no peer (being deleted), or the peer's queue is full",
       "{ns}ip -s link show DEV: its peer and tx_dropped", NULL),
    DL("NOT_SPECIFIED", "br_forward", NULL,
       "the bridge port for the destination cannot take it (the ingress port, not forwarding, "
       "isolated)",
       "{ns}bridge link show and bridge fdb show", NULL),
    DL("NOT_SPECIFIED", "__allowed_ingress", NULL,
       "bridge VLAN filtering: the VLAN is not allowed on the ingress port", "{ns}bridge vlan show",
       NULL),
    DL("NOT_SPECIFIED", "br_handle_vlan", NULL,
       "bridge VLAN filtering: the VLAN is not configured on the egress port",
       "{ns}bridge vlan show", NULL),
    DL("NOT_SPECIFIED", "br_dev_queue_push_xmit", NULL,
       "a bridged frame larger than the egress port's MTU",
       "{ns}ip link show master BRIDGE: the ports' MTUs", NULL),
    DL("NOT_SPECIFIED", "br_handle_frame_finish", NULL,
       "the egress bridge port is not forwarding (STP state), the port went away, or a malformed "
       "IGMP/MLD with snooping on",
       "{ns}bridge link show", NULL),
    DL("NOT_SPECIFIED", "tcp_v4_rcv", NULL,
       "a TCP segment not for this host at L2, too short, or for a connection the peer closed",
       "{ns}ss -tan for the 4-tuple; the sender may write after the peer closed (it gets EPIPE)",
       "TcpInErrs", NULL),
    DL("NOT_SPECIFIED", "tcp_v6_rcv", NULL,
       "an IPv6 TCP segment not for this host at L2, too short, or for a closed connection",
       "{ns}ss -tan for the 4-tuple", "TcpInErrs", NULL),
    DL("NOT_SPECIFIED", "nf_queue", NULL,
       "an NFQUEUE rule sent it to a queue no program listens on (and no bypass)",
       "{ns}nft list ruleset: the queue rules, and the program that should listen", NULL),
    NL("NOT_SPECIFIED", "ip6_mc_input", "mcast-not-joined",
       "an IPv6 multicast packet for a group nobody here joined",
       "MLD reports and router solicitations go to groups only routers join", NULL),
    XL("NOT_SPECIFIED", "veth_xdp_rcv_skb", "an XDP program on the veth returned XDP_DROP",
       "the XDP program on the device: id, name, tag, mode", NULL),
};

/* dropdoc's own names for frames lost in XDP, which never become an skb
 * (the XDP tracepoints; bpf/events.h DD_REASON_*) */
const struct cat_entry catalogue_own[] = {
    X("XDP_ABORTED", "an XDP program returned XDP_ABORTED (its error path)",
      "the program on the device and its error path", NULL),
    X("XDP_TX_ERR", "an XDP program returned XDP_TX, but the frame could not be sent",
      "the device's XDP_TX support and queues", NULL),
    X("XDP_EXCEPTION", "an XDP program returned an invalid action", "the program's return values",
      NULL),
    X("XDP_REDIRECT_ERR", "an XDP program's redirect failed: the target refused the frame",
      "the redirect target: its XDP program, its peer's, its state", NULL),
    X("XDP_XMIT_ERR", "a device did not take all the frames XDP redirected to it",
      "the target device's XDP support and its peer", NULL),
};

const unsigned catalogue_own_n = sizeof(catalogue_own) / sizeof(catalogue_own[0]);

const unsigned catalogue_n = sizeof(catalogue) / sizeof(catalogue[0]);

const struct cat_entry *catalogue_find(const char *reason, const char *location)
{
	const struct cat_entry *any = NULL;

	for (unsigned i = 0; i < catalogue_own_n; i++)
		if (!strcasecmp(catalogue_own[i].reason, reason))
			return &catalogue_own[i];
	for (unsigned i = 0; i < catalogue_n; i++) {
		const struct cat_entry *e = &catalogue[i];

		if (strcasecmp(e->reason, reason))
			continue;
		if (!e->location)
			any = e;
		else if (location && !strcmp(e->location, location))
			return e;
	}
	/* NOT_SPECIFIED says nothing by itself: only its locations explain */
	if (any && !strcasecmp(reason, "NOT_SPECIFIED"))
		return NULL;
	return any;
}

const struct cat_entry *catalogue_reason(const char *reason)
{
	for (unsigned i = 0; i < catalogue_n; i++)
		if (!catalogue[i].location && !strcasecmp(catalogue[i].reason, reason))
			return &catalogue[i];
	return NULL;
}

bool catalogue_by_location(const char *reason)
{
	for (unsigned i = 0; i < catalogue_n; i++)
		if (catalogue[i].location && !strcasecmp(catalogue[i].reason, reason))
			return true;
	return false;
}

const char *cat_status_name(enum cat_status s)
{
	static const char *const names[] = {"explained", "described", "normal", "not-here"};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

void catalogue_id(const struct cat_entry *e, char *buf, unsigned n)
{
	unsigned i = 0;

	if (e->id) {
		snprintf(buf, n, "%s", e->id);
		return;
	}
	for (const char *r = e->reason; *r && i + 1 < n; r++)
		buf[i++] = *r == '_' ? '-' : (char)(*r >= 'A' && *r <= 'Z' ? *r - 'A' + 'a' : *r);
	/* a location of its own: "not-specified-at-ip-forward" */
	for (const char *l = e->location ? "-at-" : ""; *l && i + 1 < n; l++)
		buf[i++] = *l;
	for (const char *l = e->location ? e->location : ""; *l && i + 1 < n; l++)
		buf[i++] = *l == '_' ? '-' : *l;
	buf[i] = 0;
}
