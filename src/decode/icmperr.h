/* SPDX-License-Identifier: GPL-2.0 */
/* icmperr: the ICMPv4 errors the kernel sends about a packet (icmp_send),
 * named in nftables' words ("admin-prohibited"), which are also the words
 * of a `reject with icmp type ...` rule. */
#ifndef DROPDOC_ICMPERR_H
#define DROPDOC_ICMPERR_H

#include <stdbool.h>

/* "port-unreachable", "admin-prohibited", "ttl-exceeded", ...; NULL when
 * unknown. */
const char *icmperr_name(int type, int code);
/* The destination-unreachable code of a name (nft's icmp and icmpx
 * words), or -1. */
int icmperr_unreach_code(const char *name);
/* Codes 9, 10, 13: a filter said no (tcpdump: "admin prohibited filter"). */
bool icmperr_is_prohibited(int type, int code);

#endif
