// SPDX-License-Identifier: GPL-2.0
/* explain_fw: a netfilter verdict dropped the packet (NETFILTER_DROP) —
 * which hook (from the kernel's own stack at the drop, else from the
 * packet), whether the kernel answered with an ICMP error (a reject), and
 * which nftables rule, read from the namespace's ruleset: the one in that
 * hook whose conditions the packet meets, whose verdict fits what was sent
 * back, and whose counter moved. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"
#include "decode/icmperr.h"

/* Who calls nf_hook_slow for which hook (NF_HOOK is inlined there). */
static const struct {
	const char *caller;
	const char *hook;
} hook_callers[] = {
    {"ip_rcv", "prerouting"},	       {"ip_sublist_rcv", "prerouting"},
    {"ip_local_deliver", "input"},     {"ip_forward", "forward"},
    {"__ip_local_out", "output"},      {"ip_output", "postrouting"},
    {"ip_mc_output", "postrouting"},   {"ipv6_rcv", "prerouting"},
    {"ip6_sublist_rcv", "prerouting"}, {"ip6_input", "input"},
    {"ip6_forward", "forward"},	       {"__ip6_local_out", "output"},
    {"ip6_output", "postrouting"},     {"__netif_receive_skb_core", "ingress"},
    {"__dev_queue_xmit", "egress"},    {"arp_rcv", "input"},
};

/* The chain's family from nftables' per-family entry point. */
static const struct {
	const char *fn;
	const char *family;
} chain_fns[] = {
    {"nft_do_chain_inet", "inet"},     {"nft_do_chain_ipv4", "ip"},
    {"nft_do_chain_ipv6", "ip6"},      {"nft_do_chain_netdev", "netdev"},
    {"nft_do_chain_bridge", "bridge"}, {"nft_do_chain_arp", "arp"},
};

struct fw_where {
	const char *hook;   /* "input", ... or NULL */
	const char *caller; /* the function that ran the hook */
	const char *family; /* chain family by nftables' entry point, or NULL */
	bool legacy;	    /* freed by x_tables (iptables-legacy), not nftables */
	bool inferred;	    /* from the packet, not the stack */
};

static void where_from_stack(const struct drop_record *d, struct fw_where *w)
{
	const char *const *c = d->callers;
	int i = 0;

	if (d->location &&
	    (!strcmp(d->location, "nf_hook_slow") || strstr(d->location, "do_table")))
		w->legacy =
		    strcmp(d->location, "nf_hook_slow") != 0 || !c[0] || strncmp(c[0], "nft_", 4);
	for (; i < DROPS_CALLERS && c[i]; i++) {
		for (size_t k = 0; k < sizeof(chain_fns) / sizeof(chain_fns[0]); k++)
			if (!strcmp(c[i], chain_fns[k].fn))
				w->family = chain_fns[k].family;
		if (!strcmp(c[i], "nf_hook_slow") || !strcmp(c[i], "nf_hook_slow_list"))
			continue;
		for (size_t k = 0; k < sizeof(hook_callers) / sizeof(hook_callers[0]); k++) {
			if (!strcmp(c[i], hook_callers[k].caller)) {
				w->hook = hook_callers[k].hook;
				w->caller = c[i];
				return;
			}
		}
	}
}

/* Without the stack: a packet for one of our addresses arrived by input
 * (or prerouting); one for elsewhere was being forwarded. */
static void where_from_packet(const struct explain_in *in, struct fw_where *w)
{
	const struct pkt *p = in->d->pkt;

	if (!p || p->family != AF_INET || !in->cfg || !in->d->ifindex)
		return;
	w->inferred = true;
	w->hook = netcfg_addr_find(in->cfg, p->dst.v4.s_addr) ? "input" : "forward";
}

static bool family_fits(const struct nftrules_rule *r, const struct pkt *p,
			const struct fw_where *w)
{
	if (w->family)
		return !strcmp(r->family, w->family);
	if (!strcmp(r->family, "inet"))
		return true;
	if (!p)
		return false;
	return (p->family == AF_INET && !strcmp(r->family, "ip")) ||
	       (p->family == AF_INET6 && !strcmp(r->family, "ip6"));
}

/* How well a rule explains this drop; < 0: it cannot have been it. */
static int score(const struct explain_in *in, const struct nftrules_rule *r,
		 const struct fw_where *w, int *match)
{
	const struct drop_record *d = in->d;
	bool icmp = d->icmp_type >= 0;
	bool in_dev = w->hook && (!strcmp(w->hook, "input") || !strcmp(w->hook, "prerouting") ||
				  !strcmp(w->hook, "forward"));
	int s = 0;

	if ((w->hook && strcmp(r->hook, w->hook)) || !family_fits(r, d->pkt, w))
		return -1;
	*match = nftrules_match_pkt(r, d->pkt, in_dev ? d->dev : NULL, NULL);
	if (*match == 0)
		return -1;
	if (*match == 1)
		s += 4;
	/* what was sent back must fit the verdict; a reject that sent nothing
	 * (its ICMP rate-limited) fits less than a drop */
	if (strcmp(r->verdict, "reject"))
		s += icmp ? -3 : 2;
	else if (r->reject_type == NFTRULES_REJECT_UNKNOWN)
		s += icmp ? 2 : 0; /* iptables' REJECT: what it sends is not shown */
	else if (icmp)
		s += r->reject_type == d->icmp_type && r->reject_code == d->icmp_code ? 3 : -2;
	else
		s += r->reject_type < 0 ? 1 : -3;
	if (r->delta > 0)
		s += 2;
	if (!r->handle)
		s -= 1; /* a policy: only when no rule fits better */
	return s;
}

/* "ip saddr 192.0.2.2 tcp dport 80" — the packet, as an nft match. */
static void pkt_match(const struct pkt *p, char *buf, size_t n)
{
	char a[INET6_ADDRSTRLEN] = "";
	const char *l4 = pkt_proto_name(p);
	int len;

	pkt_src(p, a, sizeof(a));
	len = snprintf(buf, n, "%s saddr %s", p->family == AF_INET6 ? "ip6" : "ip", a);
	if (len > 0 && (size_t)len < n && p->dport >= 0 && l4)
		snprintf(buf + len, n - len, " %s dport %d", l4, p->dport);
	else if (len > 0 && (size_t)len < n && l4)
		snprintf(buf + len, n - len, " meta l4proto %s", l4);
}

static void rule_evidence(struct finding *f, const struct nftrules_rule *r, int match)
{
	char h[40] = "";

	if (r->handle) /* where nft -a prints it */
		snprintf(h, sizeof(h), " # handle %llu", (unsigned long long)r->handle);
	finding_evidence(f, "%s %s %s (hook %s, priority %d): %s%s", r->family, r->table, r->chain,
			 r->hook[0] ? r->hook : "?", r->priority, r->text, h);
	if (r->packets >= 0 && r->delta >= 0)
		finding_evidence(f,
				 "its counter: %lld packets, +%lld since the last drop read here",
				 (long long)r->packets, (long long)r->delta);
	else if (r->packets >= 0)
		finding_evidence(f, "its counter: %lld packets", (long long)r->packets);
	if (match == 1)
		finding_evidence(f, "the packet meets every condition of this rule");
	else if (match < 0)
		finding_evidence(f, "the packet meets the conditions dropdoc can evaluate (not: "
				    "sets, ct state, marks)");
}

/* "-s 192.0.2.2 -p tcp --dport 80" — the packet, as an iptables match. */
static void pkt_ipt_match(const struct pkt *p, char *buf, size_t n)
{
	char a[INET6_ADDRSTRLEN] = "";
	const char *l4 = pkt_proto_name(p);
	int len;

	pkt_src(p, a, sizeof(a));
	len = snprintf(buf, n, "-s %s", a);
	if (len > 0 && (size_t)len < n && l4 && p->dport >= 0)
		snprintf(buf + len, n - len, " -p %s --dport %d", l4, p->dport);
	else if (len > 0 && (size_t)len < n && l4)
		snprintf(buf + len, n - len, " -p %s", l4);
}

static void fixes(const struct explain_in *in, struct finding *f, const struct nftrules_rule *r)
{
	char m[128] = "";

	if (r->handle && nftrules_is_iptables(r)) {
		const char *cmd = strcmp(r->family, "ip6") ? "iptables" : "ip6tables";

		if (in->d->pkt && in->d->pkt->family)
			pkt_ipt_match(in->d->pkt, m, sizeof(m));
		finding_fix(f,
			    "%s%s -t %s -I %s %d %s -j ACCEPT  # iptables-nft owns this table: "
			    "let this traffic through, before rule %d",
			    in->pre, cmd, r->table, r->chain, r->position, m, r->position);
		finding_fix(f, "%s%s -t %s -D %s %d  # or remove the rule (nft handle %llu)",
			    in->pre, cmd, r->table, r->chain, r->position,
			    (unsigned long long)r->handle);
		return;
	}
	if (in->d->pkt && in->d->pkt->family)
		pkt_match(in->d->pkt, m, sizeof(m));
	if (r->handle) {
		finding_fix(f,
			    "%snft insert rule %s %s %s position %llu %s accept  # let this "
			    "traffic through, before the rule",
			    in->pre, r->family, r->table, r->chain, (unsigned long long)r->handle,
			    m);
		finding_fix(f, "%snft delete rule %s %s %s handle %llu  # or remove the rule",
			    in->pre, r->family, r->table, r->chain, (unsigned long long)r->handle);
	} else {
		finding_fix(f,
			    "%snft add rule %s %s %s %s accept  # the chain's policy drops "
			    "what no rule accepts",
			    in->pre, r->family, r->table, r->chain, m);
	}
	if (!strcmp(r->table, "firewalld"))
		finding_fix(f,
			    "%sfirewall-cmd --list-all  # firewalld owns this table: change its "
			    "zone (e.g. --add-service=http), not the rule",
			    in->pre);
}

/* iptables' built-in chain for a hook */
static const char *legacy_chain(const char *hook)
{
	static const char *const m[][2] = {{"prerouting", "PREROUTING"},
					   {"input", "INPUT"},
					   {"forward", "FORWARD"},
					   {"output", "OUTPUT"},
					   {"postrouting", "POSTROUTING"}};

	for (size_t i = 0; hook && i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(m[i][0], hook))
			return m[i][1];
	return "INPUT";
}

static void sent_evidence(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const char *what = icmperr_name(d->icmp_type, d->icmp_code);

	if (d->icmp_type < 0)
		finding_evidence(f, "no ICMP error was sent for it: a silent drop (a rule's "
				    "drop, a reject with tcp reset, or a rate-limited reject)");
	else if (icmperr_is_prohibited(d->icmp_type, d->icmp_code))
		finding_evidence(f,
				 "the kernel answered with ICMP %s (type %d code %d): the "
				 "sender sees \"No route to host\"%s",
				 what, d->icmp_type, d->icmp_code,
				 d->icmp_code == 13 ? " (tcpdump: admin prohibited filter)" : "");
	else
		finding_evidence(f, "the kernel answered with ICMP %s (type %d code %d)",
				 what ? what : "error", d->icmp_type, d->icmp_code);
}

/* The rule that most likely dropped it (NULL: none found) and how many
 * drop/reject rules of the hook could match. */
struct fw_best {
	const struct nftrules_rule *rule;
	int score, match, others;
};

static void fw_best(const struct explain_in *in, const struct nftrules_set *set, int n,
		    const struct fw_where *w, struct fw_best *b)
{
	b->rule = NULL;
	b->score = b->match = -1;
	b->others = 0;
	/* freed by x_tables: no nftables rule did it */
	for (int i = 0; i < (n > 0 && !w->legacy ? set->n : 0); i++) {
		int match, s = score(in, &set->rules[i], w, &match);

		if (s < 0)
			continue;
		b->others++;
		if (s > b->score) {
			b->score = s;
			b->rule = &set->rules[i];
			b->match = match;
		}
	}
}

static void fw_summary(const struct explain_in *in, const struct fw_where *w,
		       const struct nftrules_rule *best, const char *pkt, struct finding *f)
{
	const struct drop_record *d = in->d;

	if (best && best->handle)
		finding_summary(
		    f, "nftables rule \"%s\" (%s %s %s, handle %llu%s%s) %s %s%s%s", best->text,
		    best->family, best->table, best->chain, (unsigned long long)best->handle,
		    w->hook ? ", hook " : "", w->hook ? w->hook : "",
		    !strcmp(best->verdict, "drop") ? "dropped" : "rejected", pkt,
		    d->icmp_type >= 0 ? ", answering ICMP " : "",
		    d->icmp_type >= 0 ? icmperr_name(d->icmp_type, d->icmp_code) ?: "?" : "");
	else if (best)
		finding_summary(f,
				"the drop policy of chain %s %s %s (hook %s) dropped %s: no rule "
				"accepted it",
				best->family, best->table, best->chain, best->hook, pkt);
	else
		finding_summary(f, "a%s rule%s%s dropped %s",
				w->legacy ? " legacy iptables" : " netfilter",
				w->hook ? " in hook " : "", w->hook ? w->hook : "", pkt);
	if (w->hook && !w->inferred)
		finding_evidence(f,
				 "hook %s: nf_hook_slow was called from %s (the kernel's stack "
				 "at the drop)%s%s",
				 w->hook, w->caller, w->family ? ", by nftables' " : "",
				 w->family ? w->family : "");
	else if (w->hook)
		finding_evidence(f,
				 "hook %s: inferred from the packet (its destination %s this "
				 "host's)",
				 w->hook, strcmp(w->hook, "input") ? "is not" : "is");
}

/* NF_DROP from a hook that is no rule: nf_hook_slow with no nftables
 * chain under it, and no legacy table in the namespace — conntrack (an
 * invalid packet, a full table), defrag or synproxy said drop. */
static void conntrack(const struct explain_in *in, const char *pkt, struct finding *f)
{
	char cnt[24], max[24], loose[8], liberal[8];

	explain_sysctl(in, "net.netfilter.nf_conntrack_count", cnt, sizeof(cnt));
	explain_sysctl(in, "net.netfilter.nf_conntrack_max", max, sizeof(max));
	explain_sysctl(in, "net.netfilter.nf_conntrack_tcp_loose", loose, sizeof(loose));
	explain_sysctl(in, "net.netfilter.nf_conntrack_tcp_be_liberal", liberal, sizeof(liberal));
	finding_summary(f,
			"conntrack dropped %s: no nftables or iptables rule did (NF_DROP from a "
			"hook with no chain under it)",
			pkt);
	finding_evidence(f, "no nftables chain on the stack at the drop, and no legacy iptables "
			    "table in this namespace");
	finding_evidence(f, "nf_conntrack_count %s of nf_conntrack_max %s%s", cnt, max,
			 strcmp(cnt, "?") && !strcmp(cnt, max) ? ": the table is full" : "");
	finding_evidence(f,
			 "nf_conntrack_tcp_loose %s, nf_conntrack_tcp_be_liberal %s: a TCP "
			 "segment out of the window conntrack tracks is invalid",
			 loose, liberal);
	finding_fix(f, "%sconntrack -S  # the invalid / drop / insert_failed counters say which",
		    in->pre);
	if (strcmp(cnt, "?") && !strcmp(cnt, max))
		finding_fix(f,
			    "%ssysctl -w net.netfilter.nf_conntrack_max=%lld  # in the host's own "
			    "namespace: other namespaces read it only",
			    in->pre, 2 * atoll(max));
	finding_fix(f,
		    "for TCP out of window (asymmetric paths, a missed handshake): %ssysctl -w "
		    "net.netfilter.nf_conntrack_tcp_be_liberal=1",
		    in->pre);
}

int explain_fw(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	struct fw_where w = {0};
	struct nftrules_set *set = NULL;
	struct fw_best b;
	int n = -ENOSYS;
	char pkt[200] = "the packet";

	where_from_stack(d, &w);
	if (!w.hook)
		where_from_packet(in, &w);
	if (d->pkt && d->pkt->family)
		pkt_format(d->pkt, pkt, sizeof(pkt));
	set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	if (in->env && in->env->fw_rules)
		n = in->env->fw_rules(in->env->arg, d->netns, set);
	/* "not an nftables chain" is legacy iptables only where it has tables */
	if (w.legacy && n >= 0 && !set->legacy[0] && d->location &&
	    !strcmp(d->location, "nf_hook_slow")) {
		explain_begin(in, f, "conntrack-drop", FINDING_WARNING);
		conntrack(in, pkt, f);
		free(set);
		return 0;
	}
	fw_best(in, set, n, &w, &b);
	explain_begin(in, f, "firewall", FINDING_WARNING);
	fw_summary(in, &w, b.rule, pkt, f);
	sent_evidence(in, f);
	if (b.rule) {
		rule_evidence(f, b.rule, b.match);
		if (b.others > 1)
			finding_evidence(f,
					 "%d other drop/reject rules in this hook could match too",
					 b.others - 1);
		fixes(in, f, b.rule);
	} else if (w.legacy) {
		finding_fix(
		    f,
		    "%siptables-legacy -L %s -v -n --line-numbers  # the rule whose counter "
		    "moves; then iptables-legacy -I %s 1 ... -j ACCEPT",
		    in->pre, legacy_chain(w.hook), legacy_chain(w.hook));
	} else if (n >= 0) {
		finding_evidence(f,
				 "no nftables rule%s%s that can match it drops or rejects (%d "
				 "such rules read)",
				 w.hook ? " in hook " : "", w.hook ? w.hook : "", set->n);
		finding_fix(f, "%snft -a list ruleset  # and iptables-legacy-save", in->pre);
	} else {
		finding_evidence(f, "the ruleset could not be read (%s)", strerror(-n));
		finding_fix(f, "%snft -a list ruleset", in->pre);
	}
	if (n >= 0 && set->legacy[0])
		finding_evidence(f,
				 "legacy iptables tables in use (%s): their rules are not read "
				 "(iptables-legacy -L -v -n shows them)",
				 set->legacy);
	if (w.legacy)
		finding_evidence(f, "freed by x_tables, not nftables: a legacy iptables rule");
	free(set);
	return 0;
}
