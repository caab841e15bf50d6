/* SPDX-License-Identifier: GPL-2.0 */
/* reasons: drop-reason names, read at run time from the kernel's BTF
 * (enum skb_drop_reason, and the subsystem enums named *_drop_reason), so
 * a newer kernel's reasons are named without a rebuild. */
#ifndef DROPDOC_REASONS_H
#define DROPDOC_REASONS_H

#include <stddef.h>
#include <stdint.h>

struct reasons;

/* path: a BTF file (NULL = the running kernel's /sys/kernel/btf/vmlinux).
 * Returns 0, -ENOENT when the file has no enum skb_drop_reason, or -errno. */
int reasons_load(const char *path, struct reasons **out);
void reasons_free(struct reasons *r);
size_t reasons_count(const struct reasons *r);
/* The i-th of reasons_count() in code order: its name, and its code in
 * *code; NULL past the end. */
const char *reasons_at(const struct reasons *r, size_t i, uint32_t *code);
/* The kernel's name without SKB_DROP_REASON_ (e.g. "IP_RPFILTER"), or one
 * of dropdoc's own for drops with no skb ("XDP_REDIRECT_ERR", codes
 * DD_REASON_* of bpf/events.h, not counted by reasons_count); NULL when
 * this kernel has no such reason. */
const char *reasons_name(const struct reasons *r, uint32_t code);
/* reasons_name(), or "REASON_<code>" written into buf when unnamed. */
const char *reasons_label(const struct reasons *r, uint32_t code, char *buf, size_t n);
/* Reverse lookup, case-insensitive, with or without the prefix. Returns 0
 * or -ENOENT. */
int reasons_code(const struct reasons *r, const char *name, uint32_t *code);

#endif
