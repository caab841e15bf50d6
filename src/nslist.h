/* SPDX-License-Identifier: GPL-2.0 */
/* nslist: every network namespace on the host (for --all-netns): the named
 * ones (/run/netns) and those of running processes, one entry per inode,
 * the caller's own first. (Candidate to move into netns.) */
#ifndef DROPDOC_NSLIST_H
#define DROPDOC_NSLIST_H

#include <stddef.h>

#include "netns.h"

/* Returns 0 with *out (malloc'd, n entries, each with an open fd) or -errno. */
int nslist_all(struct netns_ref **out, size_t *n);
void nslist_free(struct netns_ref *list, size_t n);

#endif
