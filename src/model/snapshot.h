/* SPDX-License-Identifier: GPL-2.0 */
/* snapshot: the configuration models of one or more namespaces as a
 * versioned JSON document, for offline `check` and `path`. Writing then
 * reading gives back equal models (netcfg_equal). */
#ifndef DROPDOC_SNAPSHOT_H
#define DROPDOC_SNAPSHOT_H

#include <stdio.h>

#include "model/netcfg.h"

#define SNAPSHOT_FORMAT	 "dropdoc-snapshot"
#define SNAPSHOT_VERSION 1

struct snapshot {
	struct netcfg **ns;
	size_t n;
	char host[64];
	char created[40];
};

/* Errors of snapshot_read/parse, each with a one-line reason in err:
 *   -ENODATA          truncated (the JSON ends early)
 *   -EBADMSG          not JSON, or not a dropdoc snapshot
 *   -EPROTONOSUPPORT  a snapshot version this dropdoc does not read
 *   -EINVAL           a field has the wrong type or an impossible value
 *   other -errno      the file could not be read */
int snapshot_read(const char *path, struct snapshot *out, char *err, size_t errlen);
int snapshot_parse(const char *text, size_t len, struct snapshot *out, char *err, size_t errlen);
/* True for the errors that mean "bad snapshot" (vs. an unreadable file). */
int snapshot_is_format_error(int err);
void snapshot_free(struct snapshot *s);

/* Writes the document (pretty-printed, one trailing newline), saying this
 * host and now; _as says what the caller wants instead (fixtures that stay
 * the same byte for byte). */
int snapshot_write(FILE *f, struct netcfg *const *ns, size_t n);
int snapshot_write_as(FILE *f, struct netcfg *const *ns, size_t n, const char *host,
		      const char *when);

/* The namespace named spec (name or inode) in s; with spec NULL the only
 * one, else NULL. */
struct netcfg *snapshot_find(const struct snapshot *s, const char *spec);

#endif
