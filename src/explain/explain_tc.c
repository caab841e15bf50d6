// SPDX-License-Identifier: GPL-2.0
/* explain_tc: a tc filter or action on the device's ingress or egress hook
 * returned TC_ACT_SHOT — the filters and BPF programs there now (kind,
 * priority, program id, name, tag), the way `tc filter show` and `bpftool
 * net` list them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"

int explain_tc(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	bool egress = !strcmp(d->reason, "TC_EGRESS");
	const char *hook = egress ? "egress" : "ingress";
	struct tcinfo_filter t[TCINFO_MAX];
	const struct tcinfo_filter *first = NULL;
	char pkt[160] = "this packet";
	int n;

	if (!in->env || !in->env->tc_filters || !d->ifindex)
		return -ENOTSUP;
	n = in->env->tc_filters(in->env->arg, d->netns, (int)d->ifindex, egress, t, TCINFO_MAX);
	if (n <= 0)
		return -ENOENT; /* removed since: what the kernel checked */
	if (d->pkt && d->pkt->family)
		pkt_format(d->pkt, pkt, sizeof(pkt));
	/* the program's own name and tag (tc names it after its object file) */
	for (int i = 0; i < n && in->env->prog; i++) {
		struct xdpinfo_prog p;

		if (t[i].prog_id && !in->env->prog(in->env->arg, t[i].prog_id, &p)) {
			if (p.name[0])
				snprintf(t[i].prog_name, sizeof(t[i].prog_name), "%s", p.name);
			snprintf(t[i].tag, sizeof(t[i].tag), "%s", p.tag);
		}
	}
	for (int i = 0; i < n && !first; i++)
		if (t[i].prog_id)
			first = &t[i];
	explain_begin(in, f, "tc-drop", FINDING_WARNING);
	if (first)
		finding_summary(f, "tc %s on %s: BPF program %u (%s) returned TC_ACT_SHOT for %s",
				hook, d->dev, first->prog_id,
				first->prog_name[0] ? first->prog_name : "unnamed", pkt);
	else
		finding_summary(f, "tc %s on %s: a filter's action dropped %s", hook, d->dev, pkt);
	for (int i = 0; i < n; i++) {
		char pref[24] = "";

		if (t[i].prio)
			snprintf(pref, sizeof(pref), " pref %u", t[i].prio);
		if (t[i].prog_id)
			finding_evidence(f, "%s %s: %s%s prog id %u name %s tag %s%s", d->dev, hook,
					 t[i].kind, pref, t[i].prog_id,
					 t[i].prog_name[0] ? t[i].prog_name : "-",
					 t[i].tag[0] ? t[i].tag : "-",
					 t[i].direct_action ? " direct-action" : "");
		else
			finding_evidence(f, "%s %s: %s filter pref %u protocol 0x%04x", d->dev,
					 hook, t[i].kind, t[i].prio, t[i].proto);
	}
	explain_kernel_at(in, f);
	if (first)
		finding_fix(f, "read why the program drops: bpftool prog dump xlated id %u",
			    first->prog_id);
	if (first)
		finding_fix(f, "take the filter off to confirm: %stc filter del dev %s %s pref %u",
			    in->pre, d->dev, hook, first->prio);
	else
		finding_fix(f, "%stc -s filter show dev %s %s  # the filter whose action is drop",
			    in->pre, d->dev, hook);
	return 0;
}

/* "limit 10p" / "limit 3000b" */
static void limit_text(const struct qdiscinfo *q, char *buf, size_t n)
{
	if (q->limit)
		snprintf(buf, n, "limit %u%s", q->limit, q->limit_bytes ? "b" : "p");
	else
		snprintf(buf, n, "no limit of its own read");
}

/* A device without carrier sends through the noop qdisc, which drops all:
 * a tun/tap no program has open, a veth whose peer is down, a link down. */
static int no_carrier(const struct explain_in *in, const char *configured, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct netcfg_link *l = explain_link(in);
	const char *kind = l && l->kind[0] ? l->kind : "device";

	explain_begin(in, f, "device-no-carrier", FINDING_WARNING);
	finding_summary(f,
			"%s has no carrier: until it has, its queue is the noop qdisc, which drops "
			"all it is given",
			d->dev);
	finding_evidence(f,
			 "%s sends through the noop qdisc while it has no carrier (tc shows %s, "
			 "the qdisc it gets with carrier)",
			 d->dev, configured);
	if (l)
		finding_evidence(f, "%s: kind %s, %s, %s", l->name, kind,
				 l->flags & IFF_UP ? "UP" : "DOWN",
				 l->flags & IFF_LOWER_UP ? "LOWER_UP" : "NO-CARRIER");
	explain_kernel_at(in, f);
	if (!strcmp(kind, "tun") || !strcmp(kind, "tap"))
		finding_fix(f,
			    "start the program that reads %s (a tun/tap has carrier only while one "
			    "has it open): %sip -d link show %s",
			    d->dev, in->pre, d->dev);
	else if (!strcmp(kind, "veth"))
		finding_fix(f, "bring the peer %s up: ip link set %s up (in its namespace%s%s)",
			    l && l->peer_name[0] ? l->peer_name : "of the veth",
			    l && l->peer_name[0] ? l->peer_name : "PEER",
			    l && l->peer_netns_name[0] ? " " : "",
			    l && l->peer_netns_name[0] ? l->peer_netns_name : "");
	else
		finding_fix(f, "%sip link set %s up, and check its cable or lower device", in->pre,
			    d->dev);
	return 0;
}

/* QDISC_DROP: the device's queueing discipline refused the packet — its
 * kind, limit, what it holds and has dropped (tc -s qdisc show). */
int explain_qdisc(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	struct qdiscinfo q[QDISCINFO_MAX];
	char lim[48], rate[48] = "";
	int n;

	if (!in->env || !in->env->qdiscs || !d->ifindex)
		return -ENOTSUP;
	n = in->env->qdiscs(in->env->arg, d->netns, (int)d->ifindex, q, QDISCINFO_MAX);
	if (n <= 0 || !q[0].root)
		return -ENOENT;
	/* without carrier the device sends through noop (the dump shows the
	 * qdisc it will use once it has carrier) */
	if (!strcmp(q[0].kind, "noop") ||
	    (explain_link(in) && !(explain_link(in)->flags & IFF_LOWER_UP)))
		return no_carrier(in, q[0].kind, f);
	limit_text(&q[0], lim, sizeof(lim));
	if (q[0].rate_bps)
		snprintf(rate, sizeof(rate), ", rate %llu bit/s",
			 (unsigned long long)q[0].rate_bps);
	explain_begin(in, f, "qdisc-full", FINDING_WARNING);
	finding_summary(f,
			"%s's %s qdisc (%s%s) dropped the packet: more arrived than it may queue",
			d->dev, q[0].kind, lim, rate);
	finding_evidence(f, "%s root qdisc %s: %s%s; now %u packets, %u bytes queued", d->dev,
			 q[0].kind, lim, rate, q[0].qlen, q[0].backlog);
	finding_evidence(f, "its counters: %u dropped, %u overlimits, %u requeues", q[0].drops,
			 q[0].overlimits, q[0].requeues);
	for (int i = 1; i < n && i < 4; i++)
		finding_evidence(f, "%s also has a %s qdisc (parent %x:%x)", d->dev, q[i].kind,
				 q[i].parent >> 16, q[i].parent & 0xffff);
	explain_kernel_at(in, f);
	if (!strcmp(q[0].kind, "tbf"))
		finding_fix(
		    f,
		    "shape less or queue more: %stc qdisc change dev %s root tbf rate <faster> "
		    "burst <bytes> limit %u",
		    in->pre, d->dev, q[0].limit ? q[0].limit * 4 : 100000);
	else if (q[0].limit)
		finding_fix(f, "queue more: %stc qdisc change dev %s root %s limit %u", in->pre,
			    d->dev, q[0].kind, q[0].limit * 4);
	finding_fix(f, "watch it: %stc -s qdisc show dev %s", in->pre, d->dev);
	return 0;
}
