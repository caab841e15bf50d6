/* SPDX-License-Identifier: GPL-2.0 */
/* path: what the host does with a packet SRC→DST arriving on an interface
 * (delivered, forwarded, dropped and why) and by which route the reply
 * leaves, with an asymmetry flag. Live: the kernel (RTM_GETROUTE) gives
 * the verdict and the model works out the cause; offline: the model alone.
 * A drop or an asymmetric reply comes with a finding. No printing. */
#ifndef DROPDOC_PATH_H
#define DROPDOC_PATH_H

#include <stdbool.h>
#include <stdint.h>

#include "model/fib.h"
#include "model/finding.h"
#include "model/netcfg.h"
#include "host/rtnl.h"

struct path_query {
	uint32_t src, dst;
	int iif; /* 0: infer from the route back to src */
	uint32_t mark;
};

struct path_result {
	struct path_query q;
	bool iif_assumed;
	struct fib_result model; /* the model's answer for the request */
	bool live;		 /* the kernel was asked */
	struct fib_kernel_answer kernel;
	bool agrees; /* model and kernel agree (live only) */
	/* the verdict reported: the kernel's when live */
	enum fib_verdict verdict;
	int err;
	int oif;
	uint32_t gw;
	uint32_t table;
	/* the reply DST→SRC */
	bool has_reply;
	struct fib_result reply;
	int reply_oif;
	uint32_t reply_gw;
	bool asymmetric;
	bool has_finding;
	struct finding finding;
};

/* Returns 0, -ENODEV (iif unknown / cannot be inferred, reason in err), or
 * -errno from asking the kernel. nl: a socket in the namespace, or NULL. */
int path_eval(const struct netcfg *cfg, struct rtnl *nl, const struct path_query *q,
	      const char *cmd_prefix, struct path_result *out, char *err, size_t errlen);

#endif
