// SPDX-License-Identifier: GPL-2.0
/* out_reasons: the catalogue's rows and coverage line. */
#include <string.h>
#include <json-c/json.h>

#include "out/out_jsonw.h"
#include "out/out_reasons.h"

static json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

void out_reasons_row(FILE *f, bool json, const struct out_reason_row *r)
{
	if (json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "type", json_object_new_string("reason"));
		json_object_object_add(o, "code",
				       r->code >= 0 ? json_object_new_int64(r->code) : NULL);
		json_object_object_add(o, "reason", json_object_new_string(r->reason));
		json_object_object_add(o, "location", str_or_null(r->location));
		json_object_object_add(o, "status", json_object_new_string(r->status));
		json_object_object_add(o, "rule", str_or_null(r->rule));
		json_object_object_add(o, "finding_id", str_or_null(r->id));
		json_object_object_add(o, "meaning", str_or_null(r->meaning));
		json_object_object_add(o, "note", str_or_null(r->note));
		out_json_line(f, o);
		return;
	}
	char name[96];

	if (r->location)
		snprintf(name, sizeof(name), "%s@%s", r->reason, r->location);
	else
		snprintf(name, sizeof(name), "%s", r->reason);
	if (r->code >= 0)
		fprintf(f, "%4ld  ", r->code);
	else
		fprintf(f, "   -  ");
	fprintf(f, "%-36s %-10s %s\n", name, r->status, r->meaning ? r->meaning : "");
	if (r->rule)
		fprintf(f, "      %-47s rule: %s\n", "", r->rule);
	else if (r->note && !strcmp(r->status, "normal"))
		fprintf(f, "      %-47s finding %s (info): %s\n", "", r->id ? r->id : "-", r->note);
	else if (r->note && !strcmp(r->status, "described"))
		fprintf(f, "      %-47s finding %s; look at %s\n", "", r->id ? r->id : "-",
			r->note);
	else if (r->note)
		fprintf(f, "      %-47s %s\n", "", r->note);
}

void out_reasons_cover(FILE *f, bool json, const struct out_reason_cover *c)
{
	if (json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "type", json_object_new_string("coverage"));
		json_object_object_add(o, "reasons", json_object_new_int64((int64_t)c->reasons));
		json_object_object_add(o, "explained",
				       json_object_new_int64((int64_t)c->explained));
		json_object_object_add(o, "described",
				       json_object_new_int64((int64_t)c->described));
		json_object_object_add(o, "normal", json_object_new_int64((int64_t)c->normal));
		json_object_object_add(o, "not_here", json_object_new_int64((int64_t)c->not_here));
		json_object_object_add(o, "unknown", json_object_new_int64((int64_t)c->unknown));
		json_object_object_add(o, "absent", json_object_new_int64((int64_t)c->absent));
		json_object_object_add(o, "locations",
				       json_object_new_int64((int64_t)c->locations));
		json_object_object_add(o, "locations_explained",
				       json_object_new_int64((int64_t)c->loc_explained));
		json_object_object_add(o, "locations_normal",
				       json_object_new_int64((int64_t)c->loc_normal));
		out_json_line(f, o);
		return;
	}
	fprintf(f,
		"%zu of %zu reasons explained, %zu described, %zu normal, %zu not producible here",
		c->explained, c->reasons, c->described, c->normal, c->not_here);
	if (c->unknown)
		fprintf(f, ", %zu unknown to dropdoc (a newer kernel)", c->unknown);
	if (c->absent)
		fprintf(f, ", %zu in the table but not in this kernel", c->absent);
	fprintf(f, "; %zu locations: %zu explained, %zu normal, %zu described\n", c->locations,
		c->loc_explained, c->loc_normal, c->locations - c->loc_explained - c->loc_normal);
}
