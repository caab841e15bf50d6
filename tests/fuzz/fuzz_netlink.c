// SPDX-License-Identifier: GPL-2.0
/* fuzz_netlink: the rtnetlink parsers that build the model (links,
 * addresses, routes, rules, neighbours) on recorded dumps and their
 * mutations: any attribute lengths, any message lengths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/netcfg.h"
#include "model/netcfg_nl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netcfg *cfg = netcfg_new();
	void *copy = malloc(size ? size : 1); /* aligned, exact size */

	if (cfg && copy) {
		memcpy(copy, data, size);
		netcfg_nl_parse(copy, size, cfg);
	}
	free(copy);
	netcfg_unref(cfg);
	return 0;
}
