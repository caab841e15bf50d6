/* SPDX-License-Identifier: GPL-2.0 */
/* out_jsonw: the one JSON writer. Every JSON line dropdoc prints is built
 * with these helpers and written by out_json_line(): compact, one object a
 * line, "/" not escaped, a member that does not apply null (never
 * missing). The snapshot file (model/snapshot_write.c) is a document, not
 * a line, and keeps its own layout. */
#ifndef DROPDOC_OUT_JSONW_H
#define DROPDOC_OUT_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

/* The serialisation flags of every JSON line. */
#define OUT_JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Writes o as one line and frees it. */
void out_json_line(FILE *f, json_object *o);
/* A new object whose first member is "type": type. */
json_object *out_json_obj(const char *type);
/* Members: v NULL → null. */
void out_put_str(json_object *o, const char *k, const char *v);
/* present false → null. */
void out_put_int(json_object *o, const char *k, int64_t v, bool present);
void out_put_bool(json_object *o, const char *k, bool v);
/* An array of n strings. */
json_object *out_json_strings(const char *const *v, size_t n);

#endif
