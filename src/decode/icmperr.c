// SPDX-License-Identifier: GPL-2.0
/* icmperr: ICMPv4 error names (RFC 792, RFC 1812), nftables' spelling. */
#include <stddef.h>
#include <string.h>

#include "decode/icmperr.h"

#define ICMP_DEST_UNREACH  3
#define ICMP_TIME_EXCEEDED 11
#define ICMP_PARAMETERPROB 12

static const char *const unreach[] = {
    [0] = "net-unreachable",  [1] = "host-unreachable",	 [2] = "prot-unreachable",
    [3] = "port-unreachable", [4] = "frag-needed",	 [5] = "source-route-failed",
    [6] = "net-unknown",      [7] = "host-unknown",	 [9] = "net-prohibited",
    [10] = "host-prohibited", [13] = "admin-prohibited",
};

const char *icmperr_name(int type, int code)
{
	if (type == ICMP_DEST_UNREACH && code >= 0 &&
	    (size_t)code < sizeof(unreach) / sizeof(unreach[0]))
		return unreach[code];
	if (type == ICMP_TIME_EXCEEDED)
		return code == 1 ? "frag-reassembly-time-exceeded" : "ttl-exceeded";
	if (type == ICMP_PARAMETERPROB)
		return "parameter-problem";
	return NULL;
}

int icmperr_unreach_code(const char *name)
{
	/* icmpx (inet tables) maps "no-route" to net-unreachable */
	if (name && !strcmp(name, "no-route"))
		return 0;
	for (size_t i = 0; name && i < sizeof(unreach) / sizeof(unreach[0]); i++)
		if (unreach[i] && !strcmp(unreach[i], name))
			return (int)i;
	return -1;
}

bool icmperr_is_prohibited(int type, int code)
{
	return type == ICMP_DEST_UNREACH && (code == 9 || code == 10 || code == 13);
}
