/* SPDX-License-Identifier: GPL-2.0 */
/* ksym: kernel text addresses to symbol+offset, from /proc/kallsyms, loaded
 * once and searched by bisection. */
#ifndef DROPDOC_KSYM_H
#define DROPDOC_KSYM_H

#include <stdint.h>

struct ksyms;

/* path: a kallsyms-format file (NULL = /proc/kallsyms). -EPERM when the
 * addresses are hidden (all zero: kptr_restrict and no privilege). */
int ksym_load(const char *path, struct ksyms **out);
void ksym_free(struct ksyms *k);
/* Symbol containing addr, with *off set to addr - start; NULL if none. */
const char *ksym_lookup(const struct ksyms *k, uint64_t addr, uint64_t *off);
/* The text of the function called name: [*start, *end), up to the next
 * symbol. Returns 0, or -ENOENT. */
int ksym_range(const struct ksyms *k, const char *name, uint64_t *start, uint64_t *end);

#endif
