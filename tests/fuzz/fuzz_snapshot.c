// SPDX-License-Identifier: GPL-2.0
/* fuzz_snapshot: the snapshot loader on any text. It accepts a document or
 * refuses it with one of its errors; what it accepts writes back and reads
 * again as the same models (the writer and the reader agree). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot s = {0}, again = {0};
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *f;
	int e = snapshot_parse((const char *)data, size, &s, err, sizeof(err));

	if (e) {
		if (!snapshot_is_format_error(e) && e != -ENOMEM)
			abort(); /* only format errors are possible for a buffer */
		return 0;
	}
	f = open_memstream(&text, &len);
	if (f && !snapshot_write_as(f, s.ns, s.n, "fuzz", "") && !fclose(f)) {
		if (snapshot_parse(text, len, &again, err, sizeof(err)) || again.n != s.n)
			abort();
		for (size_t i = 0; i < s.n; i++)
			if (!netcfg_equal(s.ns[i], again.ns[i]))
				abort();
	}
	free(text);
	snapshot_free(&again);
	snapshot_free(&s);
	return 0;
}
