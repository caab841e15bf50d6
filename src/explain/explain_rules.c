// SPDX-License-Identifier: GPL-2.0
/* explain_rules: the drop classes dropdoc explains, one row each, read top
 * to bottom. A row names the kernel reasons it claims and the function
 * that turns (drop, configuration) into evidence and a fix. Every row has
 * unit tests on fixtures (tests/unit/test_explain*.c) and, where this
 * machine can make the drop, a lab scenario and an integration test. */
#include "explain/explain.h"
#include "explain/explain_classes.h"

const struct explain_rule explain_rules[] = {
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
    {"XDP (no skb: the XDP tracepoints)",
     {"XDP_REDIRECT_ERR", "XDP_XMIT_ERR", "XDP_ABORTED", "XDP_TX_ERR", "XDP_EXCEPTION", NULL},
     explain_xdp},
};

const unsigned explain_nrules = sizeof(explain_rules) / sizeof(explain_rules[0]);
