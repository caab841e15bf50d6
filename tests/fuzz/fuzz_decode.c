// SPDX-License-Identifier: GPL-2.0
/* fuzz_decode: the packet decoder and its tcpdump-style formatter on any
 * bytes: the captured part, the wire length and the L2 kind vary. Must
 * not read past caplen, whatever the headers claim. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt p;
	char line[512];
	uint8_t *copy;
	uint32_t len;

	if (size < 2)
		return 0;
	/* the first two bytes say how much longer the packet was on the wire */
	len = (uint32_t)(size - 2) + (uint32_t)(data[0] << 8 | data[1]);
	/* an exact-size heap copy: ASan sees any read past the capture */
	copy = malloc(size - 2 ? size - 2 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 2, size - 2);
	pkt_decode(copy, (uint32_t)(size - 2), len, &p);
	pkt_format(&p, line, sizeof(line));
	free(copy);
	return 0;
}
