// SPDX-License-Identifier: GPL-2.0
/* reasons: drop-reason names from BTF. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <bpf/btf.h>

#include "bpf/events.h"
#include "decode/reasons.h"

#define CORE_PREFIX  "SKB_DROP_REASON_"
#define SUBSYS_SHIFT 16

struct reason {
	uint32_t code;
	char *name;
};

/* dropdoc's own reasons, for drops with no skb (bpf/events.h): named here,
 * not in the kernel's BTF, and outside its code range. */
static const struct {
	uint32_t code;
	const char *name;
} synthetic[] = {
    {DD_REASON_XDP_ABORTED, "XDP_ABORTED"},	{DD_REASON_XDP_TX_ERR, "XDP_TX_ERR"},
    {DD_REASON_XDP_EXCEPTION, "XDP_EXCEPTION"}, {DD_REASON_XDP_REDIRECT_ERR, "XDP_REDIRECT_ERR"},
    {DD_REASON_XDP_XMIT_ERR, "XDP_XMIT_ERR"},
};
#define NSYNTHETIC (sizeof(synthetic) / sizeof(synthetic[0]))

struct reasons {
	struct reason *v;
	size_t n, cap;
};

static int add(struct reasons *r, uint32_t code, const char *name)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct reason *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n].code = code;
	r->v[r->n].name = strdup(name);
	if (!r->v[r->n].name)
		return -ENOMEM;
	r->n++;
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	const struct reason *x = a, *y = b;

	return x->code < y->code ? -1 : x->code > y->code;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* Core reasons keep the kernel's name minus the prefix; SKB_NOT_DROPPED_YET
 * and SKB_CONSUMED become NOT_DROPPED_YET and CONSUMED. Markers (…_MAX,
 * SUBSYS_MASK) are not reasons. */
static const char *core_name(const char *n)
{
	if (!strncmp(n, CORE_PREFIX, strlen(CORE_PREFIX)))
		return n + strlen(CORE_PREFIX);
	if (!strncmp(n, "SKB_", 4))
		return n + 4;
	return n;
}

static int load_enum(struct reasons *r, const struct btf *btf, const struct btf_type *t, int core)
{
	const struct btf_enum *e = btf_enum(t);
	int err;

	for (int i = 0; i < btf_vlen(t); i++, e++) {
		const char *n = btf__name_by_offset(btf, e->name_off);
		uint32_t code = (uint32_t)e->val;

		if (!n || ends_with(n, "_MAX") || strstr(n, "SUBSYS"))
			continue;
		/* Subsystem enums carry their subsystem in the high bits;
		 * their value 0 member is a base marker, not a reason. */
		if (!core && !(code >> SUBSYS_SHIFT))
			continue;
		err = add(r, code, core ? core_name(n) : n);
		if (err)
			return err;
	}
	return 0;
}

int reasons_load(const char *path, struct reasons **out)
{
	struct reasons *r;
	struct btf *btf;
	int found = 0, err = 0;
	__u32 n;

	btf = path ? btf__parse(path, NULL) : btf__load_vmlinux_btf();
	if (!btf)
		return errno ? -errno : -ENOENT;
	r = calloc(1, sizeof(*r));
	if (!r) {
		err = -ENOMEM;
		goto cleanup;
	}
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n && !err; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_enum(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (!name)
			continue;
		if (!strcmp(name, "skb_drop_reason")) {
			found = 1;
			err = load_enum(r, btf, t, 1);
		} else if (ends_with(name, "_drop_reason") && strcmp(name, "skb_drop_reason")) {
			err = load_enum(r, btf, t, 0);
		}
	}
	if (!err && !found)
		err = -ENOENT;
	if (err) {
		reasons_free(r);
		goto cleanup;
	}
	qsort(r->v, r->n, sizeof(*r->v), cmp_code);
	*out = r;
cleanup:
	btf__free(btf);
	return err;
}

void reasons_free(struct reasons *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].name);
	free(r->v);
	free(r);
}

size_t reasons_count(const struct reasons *r)
{
	return r ? r->n : 0;
}

const char *reasons_at(const struct reasons *r, size_t i, uint32_t *code)
{
	if (!r || i >= r->n)
		return NULL;
	*code = r->v[i].code;
	return r->v[i].name;
}

const char *reasons_name(const struct reasons *r, uint32_t code)
{
	size_t lo = 0, hi = r ? r->n : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->v[mid].code == code)
			return r->v[mid].name;
		if (r->v[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < NSYNTHETIC; i++)
		if (synthetic[i].code == code)
			return synthetic[i].name;
	return NULL;
}

int reasons_code(const struct reasons *r, const char *name, uint32_t *code)
{
	if (!strncasecmp(name, CORE_PREFIX, strlen(CORE_PREFIX)))
		name += strlen(CORE_PREFIX);
	for (size_t i = 0; r && i < r->n; i++) {
		if (!strcasecmp(r->v[i].name, name)) {
			*code = r->v[i].code;
			return 0;
		}
	}
	for (size_t i = 0; i < NSYNTHETIC; i++) {
		if (!strcasecmp(synthetic[i].name, name)) {
			*code = synthetic[i].code;
			return 0;
		}
	}
	return -ENOENT;
}

const char *reasons_label(const struct reasons *r, uint32_t code, char *buf, size_t n)
{
	const char *name = r ? reasons_name(r, code) : NULL;

	if (name)
		return name;
	snprintf(buf, n, "REASON_%u", code);
	return buf;
}
