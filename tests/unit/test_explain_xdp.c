// SPDX-License-Identifier: GPL-2.0
/* explain, XDP row: frames lost in XDP (no skb) on a namespace model built
 * here — a director's in0 with a program redirecting into out0, a veth
 * whose peer eth0 lives in namespace "dst" — and the words of the XDP
 * tracepoints (action, errno, our synthetic reason names). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include <net/if.h>

#include "bpf/events.h"
#include "explain/explain.h"
#include "decode/reasons.h"
#include "model/xdp_veth.h"
#include "host/xdpinfo.h"

struct fx {
	struct netcfg *cfg;
	struct drop_xdp x;
	struct drop_record d;
	struct finding f;
};

static struct netcfg_link *link_add(struct netcfg *cfg, int ifindex, const char *name)
{
	struct netcfg_link *l = netcfg_add_link(cfg);

	assert_non_null(l);
	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind, sizeof(l->kind), "veth");
	l->flags = IFF_UP;
	l->mtu = 1500;
	return l;
}

/* in0 (ifindex 2, XDP program 42 in driver mode) and out0 (ifindex 3),
 * whose peer eth0 (ifindex 2 in netns "dst") has XDP or not. */
static void setup(struct fx *x, int peer_xdp)
{
	struct netcfg_link *l;

	memset(x, 0, sizeof(*x));
	x->cfg = netcfg_new();
	assert_non_null(x->cfg);
	x->cfg->netns_inode = 4026530001u;
	snprintf(x->cfg->netns_name, sizeof(x->cfg->netns_name), "dir");
	l = link_add(x->cfg, 2, "in0");
	l->xdp_prog_id = 42;
	l->xdp_mode = NETCFG_XDP_DRV;
	l->peer_xdp = 0;
	l = link_add(x->cfg, 3, "out0");
	l->link = 2;
	l->peer_netns = 4026530002u;
	snprintf(l->peer_name, sizeof(l->peer_name), "eth0");
	snprintf(l->peer_netns_name, sizeof(l->peer_netns_name), "dst");
	l->peer_xdp = peer_xdp;
	netcfg_sort(x->cfg);
	x->x = (struct drop_xdp){.prog_id = 42,
				 .prog_name = "lb",
				 .act = 4,
				 .action = "XDP_REDIRECT",
				 .err = -EOPNOTSUPP,
				 .err_name = "EOPNOTSUPP",
				 .to_ifindex = 3,
				 .to_dev = "out0",
				 .frames = 1};
	x->d.reason = "XDP_REDIRECT_ERR";
	x->d.dev = "in0";
	x->d.ifindex = 2;
	x->d.netns = x->cfg->netns_inode;
	x->d.netns_name = "dir";
	x->d.xdp = &x->x;
	x->d.icmp_type = x->d.icmp_code = -1;
}

static int prog_loaded(void *arg, uint32_t id, struct xdpinfo_prog *out)
{
	(void)arg;
	memset(out, 0, sizeof(*out));
	out->id = id;
	snprintf(out->name, sizeof(out->name), "lb");
	snprintf(out->type, sizeof(out->type), "xdp");
	snprintf(out->tag, sizeof(out->tag), "0123456789abcdef");
	return 0;
}

static int prog_gone(void *arg, uint32_t id, struct xdpinfo_prog *out)
{
	(void)arg, (void)id, (void)out;
	return -ENOENT;
}

static void run(struct fx *x, int (*prog)(void *, uint32_t, struct xdpinfo_prog *))
{
	struct explain_env env = {.prog = prog};
	struct explain_in in = {
	    .d = &x->d, .cfg = x->cfg, .env = &env, .pre = "ip netns exec dir "};

	explain_drop(&in, &x->f);
}

static void redirect_into_veth_without_peer_program(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, 0);
	run(&x, prog_loaded);
	assert_string_equal(x.f.id, "xdp_redirect_veth_peer_no_xdp");
	assert_string_equal(x.f.dev, "in0");
	assert_non_null(strstr(x.f.summary, "XDP program 42 (lb) on in0 redirects frames to out0"));
	assert_non_null(strstr(x.f.summary, "peer eth0 in netns dst has no XDP program"));
	assert_evidence(&x, "returned XDP_REDIRECT to out0 (ifindex 3): xdp_redirect_err -95 "
			    "EOPNOTSUPP");
	assert_evidence(&x, "in0: XDP program id 42 attached (driver mode)");
	assert_evidence(&x, "program 42: name lb, type xdp, tag 0123456789abcdef");
	assert_evidence(&x, "peer eth0 (ifindex 2 in netns dst): no XDP program");
	/* the peer's namespace, not the drop's, runs the fix */
	assert_fix(&x, "ip -n dst link set dev eth0 xdp obj xdp_pass.o sec xdp");
	assert_fix(&x, "ip -n dst link set dev eth0 xdp obj " XDP_VETH_PASS_OBJ " sec xdp");
	assert_fix(&x, "ip netns exec dst ethtool -K eth0 gro on");
	assert_fix(&x, "ip netns exec dir ip link set dev in0 xdpgeneric");
	netcfg_unref(x.cfg);
}

static void redirect_refused_otherwise(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, 1); /* the peer has a program: not the veth rule */
	x.x.err = -ENETDOWN;
	x.x.err_name = "ENETDOWN";
	((struct netcfg_link *)netcfg_link_by_index(x.cfg, 3))->flags = 0;
	run(&x, prog_gone);
	assert_string_equal(x.f.id, "xdp_redirect_failed");
	assert_evidence(&x, "xdp_redirect_err on in0: target out0, error -100 ENETDOWN");
	assert_evidence(&x, "out0: kind veth, DOWN, mtu 1500");
	assert_evidence(&x, "program 42 is no longer loaded");
	assert_fix(&x, "ip netns exec dir ip link set dev out0 up");
	netcfg_unref(x.cfg);
}

static void aborted(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, 0);
	x.d.reason = "XDP_ABORTED";
	x.x.act = 0;
	x.x.action = "XDP_ABORTED";
	x.x.err = 0;
	x.x.err_name = NULL;
	x.x.to_ifindex = 0;
	x.x.to_dev = NULL;
	run(&x, NULL);
	assert_string_equal(x.f.id, "xdp_aborted");
	assert_evidence(&x, "xdp_exception on in0: action XDP_ABORTED");
	assert_fix(&x, "bpftool prog dump xlated id 42");
	assert_fix(&x, "ip netns exec dir ethtool -S in0 | grep -i xdp");
	netcfg_unref(x.cfg);
}

static void replaced_program_and_tx(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, 0);
	((struct netcfg_link *)netcfg_link_by_index(x.cfg, 2))->xdp_prog_id = 43;
	x.d.reason = "XDP_TX_ERR";
	x.x.act = 3;
	x.x.action = "XDP_TX";
	run(&x, NULL);
	assert_string_equal(x.f.id, "xdp_tx_failed");
	assert_evidence(&x, "in0: XDP program id 43 attached (driver mode); not the one that ran");
	netcfg_unref(x.cfg);
}

/* An XDP record without its XDP part is not this row's: what the kernel
 * checked (the catalogue's words for dropdoc's own reason). */
static void no_xdp_part(void **state)
{
	struct fx x;

	(void)state;
	setup(&x, 0);
	x.d.xdp = NULL;
	run(&x, NULL);
	assert_string_equal(x.f.id, "xdp-redirect-err");
	assert_true(x.f.n_evidence >= 1);
	netcfg_unref(x.cfg);
}

static void names(void **state)
{
	static const struct {
		uint32_t code;
		const char *name;
	} synth[] = {
	    {DD_REASON_XDP_ABORTED, "XDP_ABORTED"},
	    {DD_REASON_XDP_TX_ERR, "XDP_TX_ERR"},
	    {DD_REASON_XDP_EXCEPTION, "XDP_EXCEPTION"},
	    {DD_REASON_XDP_REDIRECT_ERR, "XDP_REDIRECT_ERR"},
	    {DD_REASON_XDP_XMIT_ERR, "XDP_XMIT_ERR"},
	};
	uint32_t code;

	(void)state;
	for (size_t i = 0; i < sizeof(synth) / sizeof(synth[0]); i++) {
		/* outside the kernel's range: core < 2^16, subsystems few */
		assert_true(synth[i].code >> 16 > 0xff);
		assert_string_equal(reasons_name(NULL, synth[i].code), synth[i].name);
		assert_int_equal(reasons_code(NULL, synth[i].name, &code), 0);
		assert_int_equal(code, synth[i].code);
		assert_non_null(explain_rule_for(synth[i].name));
		assert_non_null(explain_reason_meaning(synth[i].name));
	}
	assert_string_equal(xdpinfo_errno_name(-95), "EOPNOTSUPP");
	assert_string_equal(xdpinfo_errno_name(ENETDOWN), "ENETDOWN");
	assert_null(xdpinfo_errno_name(0));
	assert_string_equal(xdpinfo_action_name(0), "XDP_ABORTED");
	assert_string_equal(xdpinfo_action_name(4), "XDP_REDIRECT");
	assert_null(xdpinfo_action_name(5));
	assert_int_equal(xdpinfo_prog(0xfffffff0u, &(struct xdpinfo_prog){0}) < 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(redirect_into_veth_without_peer_program),
	    cmocka_unit_test(redirect_refused_otherwise),
	    cmocka_unit_test(aborted),
	    cmocka_unit_test(replaced_program_and_tx),
	    cmocka_unit_test(no_xdp_part),
	    cmocka_unit_test(names),
	};

	return cmocka_run_group_tests_name("explain_xdp", tests, NULL, NULL);
}
