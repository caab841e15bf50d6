// SPDX-License-Identifier: GPL-2.0
/* out_jsonw: the one JSON writer. */
#include "out/out_jsonw.h"

void out_json_line(FILE *f, json_object *o)
{
	fprintf(f, "%s\n", json_object_to_json_string_ext(o, OUT_JSON_FLAGS));
	json_object_put(o);
}

json_object *out_json_obj(const char *type)
{
	json_object *o = json_object_new_object();

	out_put_str(o, "type", type);
	return o;
}

void out_put_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
}

void out_put_int(json_object *o, const char *k, int64_t v, bool present)
{
	json_object_object_add(o, k, present ? json_object_new_int64(v) : NULL);
}

void out_put_bool(json_object *o, const char *k, bool v)
{
	json_object_object_add(o, k, json_object_new_boolean(v));
}

json_object *out_json_strings(const char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}
