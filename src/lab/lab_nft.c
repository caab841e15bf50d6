// SPDX-License-Identifier: GPL-2.0
/* lab_nft: loading a scenario's nftables rules inside its namespace, with
 * libnftables (nftrules_apply), as `ip netns exec NS nft -f FILE` would. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lab/lab.h"
#include "host/netns.h"
#include "model/nftrules.h"

int lab_nft_apply(const struct lab_ctx *ctx, const char *ns, const struct lab_step *st, char *err,
		  size_t errlen)
{
	struct netns_ref ref = {.fd = -1};
	int rc;

	if (ctx->trace) {
		fprintf(ctx->trace, "+ ip netns exec %s nft -f - <<'EOF'\n%s\nEOF\n", ns, st->arg);
		fflush(ctx->trace);
	}
	rc = netns_resolve(ns, &ref);
	if (rc) {
		snprintf(err, errlen, "namespace %s: %s", ns, strerror(-rc));
		return rc;
	}
	rc = nftrules_apply(ref.fd, st->arg, err, errlen);
	netns_ref_close(&ref);
	return rc;
}
