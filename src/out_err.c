// SPDX-License-Identifier: GPL-2.0
/* out_err: printing a command's one-line error. */
#include <stdarg.h>
#include <stdio.h>
#include <json-c/json.h>

#include "out_err.h"

void out_error(bool json, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "dropdoc: %s\n", msg);
	if (json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "type", json_object_new_string("error"));
		json_object_object_add(o, "message", json_object_new_string(msg));
		json_object_object_add(o, "exit_code", json_object_new_int(code));
		printf("%s\n", json_object_to_json_string_ext(
				   o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		fflush(stdout);
	}
}
