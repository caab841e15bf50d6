// SPDX-License-Identifier: GPL-2.0
/* explain_xdp: frames XDP lost before any skb existed — a redirect the
 * target refused (a veth whose peer runs no XDP program), XDP_ABORTED, a
 * failed XDP_TX — with the program, the devices and the namespace's model.
 * (XDP_DROP itself fires no tracepoint: it is never seen here.) */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"
#include "model/xdp_veth.h"

/* "XDP program 3046 (lab_redirect)" */
static void prog_label(const struct drop_xdp *x, char *buf, size_t n)
{
	if (!x->prog_id)
		snprintf(buf, n, "an XDP redirect");
	else if (x->prog_name && x->prog_name[0])
		snprintf(buf, n, "XDP program %u (%s)", x->prog_id, x->prog_name);
	else
		snprintf(buf, n, "XDP program %u", x->prog_id);
}

/* What the device and the program are now: model and bpf(2) facts. */
static void prog_evidence(const struct explain_in *in, struct finding *f, char *label)
{
	const struct drop_xdp *x = in->d->xdp;
	const struct netcfg_link *l = explain_link(in);
	struct xdpinfo_prog p;
	char m[16];
	int e = -ENOSYS;

	if (l && l->xdp_prog_id)
		finding_evidence(f, "%s: XDP program id %u attached (%s mode)%s", l->name,
				 l->xdp_prog_id, netcfg_xdp_name(l->xdp_mode, m, sizeof(m)),
				 x->prog_id && l->xdp_prog_id != x->prog_id
				     ? "; not the one that ran: it was replaced since"
				     : "");
	else if (l)
		finding_evidence(f, "%s: no XDP program attached now (detached since)", l->name);
	if (!x->prog_id)
		return;
	if (in->env && in->env->prog)
		e = in->env->prog(in->env->arg, x->prog_id, &p);
	if (!e)
		finding_evidence(f, "program %u: name %s, type %s, tag %s", p.id,
				 p.name[0] ? p.name : "(none)", p.type, p.tag);
	else if (e == -ENOENT)
		finding_evidence(f, "program %u is no longer loaded", x->prog_id);
	(void)label;
}

static void redirect_err(const struct explain_in *in, struct finding *f, const char *label)
{
	const struct drop_record *d = in->d;
	const struct drop_xdp *x = d->xdp;
	const struct netcfg_link *t = NULL;
	char to[40], where[96], err[48];

	if (in->cfg && x->to_ifindex)
		t = netcfg_link_by_index(in->cfg, (int)x->to_ifindex);
	if (x->to_dev)
		snprintf(to, sizeof(to), "%s", x->to_dev);
	else if (t)
		snprintf(to, sizeof(to), "%s", t->name);
	else if (x->to_ifindex)
		snprintf(to, sizeof(to), "ifindex %u", x->to_ifindex);
	else
		snprintf(to, sizeof(to), "%s", x->map_id ? "a map entry" : "its target");
	snprintf(err, sizeof(err), "%d %s", x->err, x->err_name ? x->err_name : "");
	if (t && xdp_veth_peer_refuses(t)) {
		xdp_veth_peer_where(in->cfg, t, where, sizeof(where));
		explain_begin(in, f, "xdp_redirect_veth_peer_no_xdp", FINDING_WARNING);
		finding_summary(
		    f,
		    "%s on %s redirects frames to %s, a veth whose peer %s%s has no XDP "
		    "program: the kernel refuses them (%s) and they are lost",
		    label, d->dev, t->name, t->peer_name[0] ? t->peer_name : "?", where,
		    x->err_name ? x->err_name : err);
		finding_evidence(f,
				 "%s on %s returned XDP_REDIRECT to %s (ifindex %u): "
				 "xdp_redirect_err %s",
				 label, d->dev, t->name, x->to_ifindex, err);
		prog_evidence(in, f, NULL);
		finding_evidence(f,
				 "%s is a veth: it takes XDP frames only when its peer runs an "
				 "XDP program or has GRO on",
				 t->name);
		xdp_veth_peer_evidence(f, in->cfg, t);
		xdp_veth_peer_fixes(f, in->cfg, t, in->pre);
		finding_fix(f,
			    "%sip link set dev %s xdpgeneric obj YOUR_PROGRAM.o  # or run program "
			    "%u in generic mode: slower, no peer needed",
			    in->pre, d->dev, x->prog_id);
		return;
	}
	explain_begin(in, f, "xdp_redirect_failed", FINDING_WARNING);
	finding_summary(f, "%s on %s redirected frames to %s, which refused them (%s)", label,
			d->dev, to, err);
	finding_evidence(f, "xdp_redirect_err on %s: target %s%s, error %s", d->dev, to,
			 x->map_id ? " (through a map)" : "", err);
	if (x->map_id)
		finding_evidence(f, "redirect map id %u", x->map_id);
	prog_evidence(in, f, NULL);
	if (t) {
		finding_evidence(f, "%s: kind %s, %s, mtu %u", t->name, t->kind[0] ? t->kind : "?",
				 t->flags & IFF_UP ? "up" : "DOWN", t->mtu);
		if (!(t->flags & IFF_UP))
			finding_fix(f, "%sip link set dev %s up", in->pre, t->name);
	} else if (x->to_ifindex) {
		finding_evidence(f, "no device with ifindex %u in this namespace", x->to_ifindex);
	}
	if (x->err == -EOPNOTSUPP)
		finding_fix(f,
			    "the target's driver cannot take XDP frames (no ndo_xdp_xmit): "
			    "attach %s in generic mode (ip link set dev %s xdpgeneric ...)",
			    label, d->dev);
	else
		finding_fix(f,
			    "check the redirect target the program computes (bpftool prog "
			    "dump xlated id %u)",
			    x->prog_id);
}

int explain_xdp(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct drop_xdp *x = d->xdp;
	char label[64];

	if (!x)
		return -ENOTSUP;
	prog_label(x, label, sizeof(label));
	if (x->act == 4 /* XDP_REDIRECT */) {
		redirect_err(in, f, label);
		return 0;
	}
	if (x->act == 0 /* XDP_ABORTED */) {
		explain_begin(in, f, "xdp_aborted", FINDING_WARNING);
		finding_summary(f,
				"%s on %s returned XDP_ABORTED: the frame is dropped (the "
				"program's error path)",
				label, d->dev);
		finding_evidence(f, "xdp_exception on %s: action XDP_ABORTED", d->dev);
		prog_evidence(in, f, NULL);
		finding_evidence(f, "a program usually aborts when a bounds check fails, e.g. "
				    "after bpf_xdp_adjust_head with a wrong delta; XDP_DROP would "
				    "leave no trace at all");
		finding_fix(f,
			    "bpftool prog dump xlated id %u  # find the paths returning "
			    "XDP_ABORTED (0)",
			    x->prog_id);
		finding_fix(f, "%sethtool -S %s | grep -i xdp  # the driver's XDP drop counters",
			    in->pre, d->dev);
		return 0;
	}
	explain_begin(in, f, x->act == 3 ? "xdp_tx_failed" : "xdp_invalid_action", FINDING_WARNING);
	if (x->act == 3)
		finding_summary(f, "%s on %s returned XDP_TX but %s could not send the frame back",
				label, d->dev, d->dev);
	else
		finding_summary(f,
				"%s on %s returned action %u, which is not an XDP action: the "
				"frame is dropped",
				label, d->dev, x->act);
	finding_evidence(f, "xdp_exception on %s: action %s (%u)", d->dev,
			 x->action ? x->action : "?", x->act);
	prog_evidence(in, f, NULL);
	if (x->act == 3)
		finding_fix(f,
			    "%sethtool -S %s | grep -i xdp  # XDP_TX needs the device's TX "
			    "queues (veth: an XDP program on the peer too)",
			    in->pre, d->dev);
	else
		finding_fix(f,
			    "return XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX or XDP_REDIRECT "
			    "only (bpftool prog dump xlated id %u)",
			    x->prog_id);
	return 0;
}

/* An skb an XDP program dropped: veth runs its peer's frames through the
 * program as skbs (NOT_SPECIFIED at veth_xdp_rcv_skb), generic-mode XDP
 * says SKB_DROP_REASON_XDP. The program attached to the device now. */
int explain_xdp_skb(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct netcfg_link *l = explain_link(in);
	struct xdpinfo_prog p;
	char m[16], what[200] = "", pkt[160] = "";
	int e = -ENOSYS;

	if (!l || !l->xdp_prog_id)
		return -ENOENT; /* no program now: what the kernel checked */
	if (in->env && in->env->prog)
		e = in->env->prog(in->env->arg, l->xdp_prog_id, &p);
	if (!e)
		snprintf(what, sizeof(what), "XDP program %u (%s, tag %s)", p.id,
			 p.name[0] ? p.name : "unnamed", p.tag);
	else
		snprintf(what, sizeof(what), "XDP program %u", l->xdp_prog_id);
	if (d->pkt)
		pkt_format(d->pkt, pkt, sizeof(pkt));
	explain_begin(in, f, "xdp-drop", FINDING_WARNING);
	finding_summary(f, "%s on %s returned XDP_DROP for %s", what, l->name,
			pkt[0] ? pkt : "this packet");
	finding_evidence(f, "%s: XDP program id %u attached in %s mode", l->name, l->xdp_prog_id,
			 netcfg_xdp_name(l->xdp_mode, m, sizeof(m)));
	if (!e)
		finding_evidence(f, "program %u: name %s, type %s, tag %s", p.id,
				 p.name[0] ? p.name : "(none)", p.type, p.tag);
	finding_evidence(f, "kernel: %s at %s (the program's verdict; the stack never saw it)",
			 d->reason, d->location ? d->location : "?");
	if (!strcmp(l->kind, "veth"))
		finding_evidence(f, "veth runs the frames its peer %s sends through this program",
				 l->peer_name[0] ? l->peer_name : "(peer)");
	finding_fix(f, "read the program's drop condition: bpftool prog dump xlated id %u",
		    l->xdp_prog_id);
	finding_fix(f, "or take it off to confirm: %sip link set dev %s xdp off", in->pre, l->name);
	return 0;
}
