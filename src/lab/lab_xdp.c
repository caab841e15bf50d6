// SPDX-License-Identifier: GPL-2.0
/* lab_xdp: attaching the lab's XDP programs (lab_xdp.bpf.c, carried in the
 * binary as a skeleton) to a device inside a scenario's namespace, with
 * libbpf. The attachment outlives us: it goes with the namespace. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "lab/lab.h"
#include "lab_xdp.skel.h"
#include "host/netns.h"
#include "host/nsexec.h"

static struct bpf_program *lab_xdp_prog(struct lab_xdp_bpf *skel, const char *name)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p,
				     skel->obj) if (!strcmp(bpf_program__name(p), name)) return p;
	return NULL;
}

struct attach_job {
	const char *ns;
	const struct lab_step *st;
	char *err;
	size_t errlen;
};

/* A clsact qdisc on the device (if none) and the program as a
 * direct-action cls_bpf filter on its ingress or egress: the filter holds
 * the program once the skeleton is gone. */
static int tc_attach(int ifindex, const struct lab_step *st, int fd)
{
	bool egress = st->target && !strcmp(st->target, "egress");
	struct bpf_tc_hook hook = {.sz = sizeof(hook),
				   .ifindex = ifindex,
				   .attach_point = egress ? BPF_TC_EGRESS : BPF_TC_INGRESS};
	struct bpf_tc_opts opts = {.sz = sizeof(opts), .prog_fd = fd, .priority = 1, .handle = 1};
	int rc = bpf_tc_hook_create(&hook);

	if (rc && rc != -EEXIST)
		return rc;
	return bpf_tc_attach(&hook, &opts);
}

/* Loads the step's program and attaches it where the calling thread is. */
static int attach_here(void *arg)
{
	const struct attach_job *j = arg;
	const struct lab_step *st = j->st;
	struct lab_xdp_bpf *skel = NULL;
	struct bpf_program *prog;
	unsigned ifindex = if_nametoindex(st->arg), target = 0;
	int rc;

	if (st->target && st->kind == LAB_STEP_XDP)
		target = if_nametoindex(st->target);
	if (!ifindex || (st->kind == LAB_STEP_XDP && st->target && !target)) {
		snprintf(j->err, j->errlen, "xdp: no device %s in %s",
			 !ifindex ? st->arg : st->target, j->ns);
		return -ENODEV;
	}
	skel = lab_xdp_bpf__open();
	if (!skel) {
		rc = -errno;
		snprintf(j->err, j->errlen, "xdp: opening the lab's programs: %s", strerror(-rc));
		return rc;
	}
	skel->rodata->redirect_ifindex = st->kind == LAB_STEP_XDP ? target : 0;
	if (!lab_xdp_prog(skel, st->value)) {
		rc = -ENOENT;
		snprintf(j->err, j->errlen, "xdp: no lab program %s", st->value);
		goto cleanup;
	}
	/* load only the program asked for */
	for (prog = bpf_object__next_program(skel->obj, NULL); prog;
	     prog = bpf_object__next_program(skel->obj, prog))
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), st->value));
	rc = lab_xdp_bpf__load(skel);
	if (rc) {
		snprintf(j->err, j->errlen, "xdp: loading %s: %s", st->value, strerror(-rc));
		goto cleanup;
	}
	prog = lab_xdp_prog(skel, st->value);
	if (st->kind == LAB_STEP_TC) {
		rc = tc_attach((int)ifindex, st, bpf_program__fd(prog));
		if (rc)
			snprintf(j->err, j->errlen, "tc: attaching %s to %s in %s: %s", st->value,
				 st->arg, j->ns, strerror(-rc));
		goto cleanup;
	}
	rc = bpf_xdp_attach((int)ifindex, bpf_program__fd(prog), XDP_FLAGS_DRV_MODE, NULL);
	if (rc)
		snprintf(j->err, j->errlen, "xdp: attaching %s to %s in %s: %s", st->value, st->arg,
			 j->ns, strerror(-rc));
cleanup:
	lab_xdp_bpf__destroy(skel);
	return rc;
}

int lab_xdp_attach(const struct lab_ctx *ctx, const char *ns, const struct lab_step *st, char *err,
		   size_t errlen)
{
	struct netns_ref ref = {.fd = -1};
	struct attach_job j = {ns, st, err, errlen};
	int rc;

	if (ctx->trace && st->kind == LAB_STEP_TC) {
		fprintf(ctx->trace, "+ [%s] tc filter add dev %s %s bpf da (lab program %s)\n", ns,
			st->arg, st->target ? st->target : "ingress", st->value);
		fflush(ctx->trace);
	} else if (ctx->trace) {
		fprintf(ctx->trace, "+ [%s] xdp attach %s dev %s%s%s\n", ns, st->value, st->arg,
			st->target ? " redirect-to " : "", st->target ? st->target : "");
		fflush(ctx->trace);
	}
	rc = netns_resolve(ns, &ref);
	if (rc) {
		snprintf(err, errlen, "namespace %s: %s", ns, strerror(-rc));
		return rc;
	}
	err[0] = 0;
	rc = netns_run(ref.fd, attach_here, &j);
	if (rc && !err[0])
		snprintf(err, errlen, "entering namespace %s: %s", ns, strerror(-rc));
	netns_ref_close(&ref);
	return rc;
}
