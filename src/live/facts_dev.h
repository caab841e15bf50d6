/* SPDX-License-Identifier: GPL-2.0 */
/* facts_dev: the device facts a live run gives the explain rules — tc
 * filters, qdiscs, a bridge port's state, sysctls — each read in the
 * drop's namespace and reused for FACTS_MEMO_MS, so that a flood of drops
 * of one kind costs one netlink dump or /proc read a second, not one a
 * drop. Internal to the facts module (facts.c owns struct facts). */
#ifndef DROPDOC_FACTS_DEV_H
#define DROPDOC_FACTS_DEV_H

#include <stdint.h>

struct facts;
struct facts_memo;

struct facts_memo *facts_memo_new(void);
void facts_memo_free(struct facts_memo *m); /* NULL is fine */
/* facts.c: an fd of the namespace (-1 for our own), and its close */
int facts_ns_open(const struct facts *f, uint32_t netns, int *fd);
void facts_ns_close(int fd);
/* the memo of f (facts.c) */
struct facts_memo *facts_memo_of(const struct facts *f);

#endif
