/* SPDX-License-Identifier: GPL-2.0 */
/* facts: the explain_env of a live run — what the rules may ask about the
 * host beyond the netcfg model: the sockets bound to a port (sockdiag: the
 * drop's namespace first, then the same port in the other namespaces) and
 * the counters that moved in a namespace (mib), a BPF program by id
 * (xdpinfo) and the firewall rules that drop (nftrules, re-read at most
 * every NFTRULES_REREAD_MS per namespace).
 *
 * Bounded in work, since it runs per drop: answers are cached for a second
 * per (namespace, protocol, port); the other namespaces are searched at
 * most a few times a second (at most FACTS_SCAN_NS of them); counters are
 * read at most every FACTS_MIB_INTERVAL_MS per namespace. Not thread-safe:
 * call from the thread that explains drops (it enters namespaces). */
#ifndef DROPDOC_FACTS_H
#define DROPDOC_FACTS_H

#include "explain/explain.h"

#define FACTS_SCAN_NS	      64  /* other namespaces searched for a port */
#define FACTS_BASELINE_NS     64  /* namespaces whose counters are read at start */
#define FACTS_MIB_INTERVAL_MS 200 /* counters of one namespace: one reading per */

/* Fills env (callbacks and their state) and reads the counters of the
 * namespaces that exist now, so the first drop in any of them already gets
 * deltas. Returns 0 or -errno; free with facts_env_free(). */
int facts_env_init(struct explain_env *env);
void facts_env_free(struct explain_env *env); /* an env never inited (zeroed) is fine */

/* A live pipeline's explainer: the cache of namespace models and the facts,
 * for drops explained as they come (drops, trace). */
struct netcfg_cache;
struct drop_record;
struct facts_explainer {
	struct netcfg_cache *cfgs;
	struct explain_env env;
	struct explain_index *index; /* each reason code's row, found once */
};
/* ns: the run's namespace descriptors (names, prefixes, device names), or
 * NULL. Returns 0, or -errno with a one-line reason (the facts are
 * optional: a rule without them says less). */
struct netns_descs;
int facts_explainer_open(struct facts_explainer *x, struct netns_descs *ns, char *err,
			 size_t errlen);
/* f = the finding for d from the cached model of its namespace (rebuilt
 * only when netlink says that namespace changed); sets d->finding. */
void facts_explain(struct facts_explainer *x, struct drop_record *d, struct finding *f);
void facts_explainer_close(struct facts_explainer *x); /* zeroed is fine */

/* The callbacks themselves (env->arg is their state). */
int facts_sockets(void *arg, uint32_t netns, int family, int proto, int port,
		  struct explain_sock *out, int n);
int facts_mibs(void *arg, uint32_t netns, const char *const *names, struct mib_delta *out, int n);
int facts_prog(void *arg, uint32_t id, struct xdpinfo_prog *out);
int facts_fw_rules(void *arg, uint32_t netns, struct nftrules_set *out);
int facts_tc_filters(void *arg, uint32_t netns, int ifindex, bool egress, struct tcinfo_filter *out,
		     int n);
int facts_routes6(void *arg, uint32_t netns, const struct route6_set **out);
int facts_qdiscs(void *arg, uint32_t netns, int ifindex, struct qdiscinfo *out, int n);
int facts_brport(void *arg, uint32_t netns, int ifindex, int *state);
int facts_xfrm(void *arg, uint32_t netns, struct xfrminfo_policy *out, int n);
int facts_softnet(void *arg, struct softnet_cpu *out, int n);
int facts_sysctl(void *arg, uint32_t netns, const char *name, char *buf, size_t n);

#endif
