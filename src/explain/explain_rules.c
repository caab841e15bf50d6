// SPDX-License-Identifier: GPL-2.0
/* explain_rules: the drop classes dropdoc explains, one row each, read top
 * to bottom. A row names the kernel reasons it claims and the function
 * that turns (drop, configuration) into evidence and a fix. Every row has
 * unit tests on fixtures (tests/unit/test_explain*.c) and, where this
 * machine can make the drop, a lab scenario and an integration test. */
#include "explain/explain.h"
#include "explain/explain_classes.h"

const struct explain_rule explain_rules[] = {
    /* by location first: where the kernel freed it gives the sense */
    {"TTL / hop limit ran out while forwarding",
     {"IP_INHDR@ip_forward", "IP_INHDR@ip6_forward", NULL},
     explain_ttl},
    {"blackhole / unreachable / prohibit route", {"NOT_SPECIFIED@ip_error", NULL}, explain_route},
    {"XDP program returned XDP_DROP (skb)",
     {"NOT_SPECIFIED@veth_xdp_rcv_skb", "XDP", NULL},
     explain_xdp_skb},
    {"IPv6 route that discards (blackhole, unreachable, prohibit, none)",
     {"NOT_SPECIFIED@dst_discard_out", "NOT_SPECIFIED@dst_discard", "IP_INNOROUTES@ip6_pkt_discard",
      "IP_INNOROUTES@ip6_pkt_discard_out", "IP_INNOROUTES@ip6_pkt_prohibit",
      "IP_INNOROUTES@ip6_pkt_prohibit_out", NULL},
     explain_route6},
    {"IPv6 not forwarding", {"IP_INADDRERRORS@ip6_forward", NULL}, explain_ipv6_forwarding},
    {"IPsec policy (UDP frees it without a reason)",
     {"NOT_SPECIFIED@__udp4_lib_rcv", "NOT_SPECIFIED@__udp6_lib_rcv", NULL},
     explain_xfrm},
    /* by reason */
    {"reverse-path filter", {"IP_RPFILTER", NULL}, explain_route},
    {"local or invalid source address",
     {"IP_LOCAL_SOURCE", "IP_INVALID_SOURCE", NULL},
     explain_route},
    {"no route / not forwarding", {"IP_INNOROUTES", "IP_INADDRERRORS", NULL}, explain_route},
    {"foreign destination MAC", {"OTHERHOST", NULL}, explain_otherhost},
    {"malformed IP header", {"IP_CSUM", "IP_INHDR", "PKT_TOO_SMALL", NULL}, explain_malformed},
    {"no socket", {"NO_SOCKET", NULL}, explain_no_socket},
    {"neighbour failure",
     {"NEIGH_FAILED", "NEIGH_QUEUEFULL", "NEIGH_DEAD", "NEIGH_CREATEFAIL", NULL},
     explain_neigh},
    {"firewall (netfilter verdict)", {"NETFILTER_DROP", NULL}, explain_fw},
    {"packet larger than the next link's MTU", {"PKT_TOO_BIG", NULL}, explain_too_big},
    {"fragments never reassembled", {"FRAG_REASM_TIMEOUT", NULL}, explain_frag_timeout},
    {"IP protocol without a handler", {"IP_NOPROTO", NULL}, explain_noproto},
    {"UDP/TCP/ICMP checksum wrong", {"UDP_CSUM", "TCP_CSUM", "ICMP_CSUM", NULL}, explain_l4csum},
    {"IPsec policy", {"XFRM_POLICY", NULL}, explain_xfrm},
    {"no route for what this host sends (VXLAN underlay)",
     {"IP_OUTNOROUTES", NULL},
     explain_outnoroute},
    {"IPv6 disabled on the device", {"IPV6DISABLED", NULL}, explain_ipv6_disabled},
    {"per-CPU input backlog full", {"CPU_BACKLOG", NULL}, explain_backlog},
    {"loopback address from outside (route_localnet)", {"IP_LOCALNET", NULL}, explain_localnet},
    {"bridge port not forwarding (STP)", {"BRIDGE_INGRESS_STP_STATE", NULL}, explain_stp_state},
    {"unicast IP in an L2 broadcast/multicast frame",
     {"UNICAST_IN_L2_MULTICAST", NULL},
     explain_l2_multicast},
    {"VXLAN VNI unknown here", {"VXLAN_VNI_NOT_FOUND", NULL}, explain_vxlan_vni},
    {"VXLAN without a destination", {"NO_TX_TARGET@vxlan_xmit", NULL}, explain_vxlan_notarget},
    {"not a VXLAN header", {"VXLAN_INVALID_HDR", NULL}, explain_vxlan_hdr},
    {"neighbour discovery message refused for its form",
     {"IPV6_NDISC_HOP_LIMIT", "IPV6_NDISC_FRAG", "IPV6_NDISC_BAD_CODE", "IPV6_NDISC_BAD_OPTIONS",
      NULL},
     explain_ndisc},
    {"socket receive buffer full", {"SOCKET_RCVBUFF", NULL}, explain_rcvbuf},
    {"socket filter refused it", {"SOCKET_FILTER", NULL}, explain_socket_filter},
    {"tc filter / BPF program dropped it", {"TC_INGRESS", "TC_EGRESS", NULL}, explain_tc},
    {"queueing discipline full", {"QDISC_DROP", NULL}, explain_qdisc},
    {"XDP (no skb: the XDP tracepoints)",
     {"XDP_REDIRECT_ERR", "XDP_XMIT_ERR", "XDP_ABORTED", "XDP_TX_ERR", "XDP_EXCEPTION", NULL},
     explain_xdp},
};

const unsigned explain_nrules = sizeof(explain_rules) / sizeof(explain_rules[0]);
