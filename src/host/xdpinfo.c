// SPDX-License-Identifier: GPL-2.0
/* xdpinfo: XDP action and errno names; BPF program facts by id. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "host/xdpinfo.h"

const char *xdpinfo_action_name(uint32_t act)
{
	static const char *const names[] = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX",
					    "XDP_REDIRECT"};

	return act < sizeof(names) / sizeof(names[0]) ? names[act] : NULL;
}

const char *xdpinfo_errno_name(int err)
{
	if (err < 0)
		err = -err;
	return err ? strerrorname_np(err) : NULL;
}

int xdpinfo_prog(uint32_t id, struct xdpinfo_prog *out)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	const char *type;
	int fd, err = 0;

	memset(out, 0, sizeof(*out));
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto cleanup;
	}
	out->id = info.id;
	snprintf(out->name, sizeof(out->name), "%s", info.name);
	for (int i = 0; i < 8; i++)
		snprintf(out->tag + 2 * i, sizeof(out->tag) - 2 * i, "%02x", info.tag[i]);
	type = libbpf_bpf_prog_type_str(info.type);
	snprintf(out->type, sizeof(out->type), "%s", type ? type : "?");
cleanup:
	close(fd);
	return err;
}

int xdpinfo_prog_cached(struct xdpinfo_cache *c, uint32_t id, struct xdpinfo_prog *out)
{
	int e;

	for (unsigned i = 0; id && i < XDPINFO_CACHE; i++)
		if (c->v[i].id == id) {
			*out = c->v[i];
			return 0;
		}
	e = xdpinfo_prog(id, out);
	if (!e) {
		c->v[c->next] = *out;
		c->next = (c->next + 1) % XDPINFO_CACHE;
	}
	return e;
}
