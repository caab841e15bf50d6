// SPDX-License-Identifier: GPL-2.0
/* dropdoc reasons: the drop-reason catalogue against the running kernel —
 * each reason of its BTF with what the kernel checked, dropdoc's status for
 * it (explained by which rule, described, normal, not producible here) and
 * the locations that give NOT_SPECIFIED its sense; then the coverage line.
 * A reason the kernel has and the table lacks shows as "unknown". */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/cmd.h"
#include "decode/reasons.h"
#include "explain/catalogue.h"
#include "explain/explain.h"
#include "out/out.h"
#include "out/out_reasons.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dropdoc reasons [--json] [REASON...]\n"
		   "  every drop reason of the running kernel, what it means, and how dropdoc\n"
		   "  explains it; REASON limits the list (IP_RPFILTER, not_specified, ...)\n"
		   "  -j, --json   one JSON object a line, then {\"type\":\"coverage\",...}\n");
}

struct run {
	bool json;
	char **only;
	int nonly;
	struct out_reason_cover cover;
};

static bool wanted(const struct run *r, const char *reason)
{
	if (!r->nonly)
		return true;
	for (int i = 0; i < r->nonly; i++)
		if (!strcasecmp(r->only[i], reason) ||
		    (!strncasecmp(r->only[i], "SKB_DROP_REASON_", 16) &&
		     !strcasecmp(r->only[i] + 16, reason)))
			return true;
	return false;
}

/* The row of a catalogue entry, with the rule that explains it. */
/* A catalogue note for reading here: its "{ns}" (a namespace's command
 * prefix, filled in per drop) left out. */
static const char *plain(const char *note)
{
	static char buf[256];
	size_t k = 0;

	for (const char *c = note; *c && k + 1 < sizeof(buf); c++) {
		if (!strncmp(c, "{ns}", 4)) {
			c += 3;
			continue;
		}
		buf[k++] = *c;
	}
	buf[k] = 0;
	return buf;
}

static void row_of(const struct cat_entry *e, long code, struct out_reason_row *row, char *id,
		   size_t idlen)
{
	const struct explain_rule *rule =
	    e->status == CAT_EXPLAINED ? explain_rule_at(e->reason, e->location) : NULL;

	catalogue_id(e, id, (unsigned)idlen);
	*row = (struct out_reason_row){
	    .code = code,
	    .reason = e->reason,
	    .location = e->location,
	    .status = cat_status_name(e->status),
	    .rule = rule ? rule->class_name : NULL,
	    .id = e->status == CAT_EXPLAINED ? NULL : id,
	    .meaning = e->meaning,
	    .note = plain(e->note),
	};
}

static void count(struct out_reason_cover *c, const struct cat_entry *e)
{
	size_t *by[] = {&c->explained, &c->described, &c->normal, &c->not_here};

	if (e->location) {
		c->locations++;
		c->loc_explained += e->status == CAT_EXPLAINED;
		c->loc_normal += e->status == CAT_NORMAL;
		return;
	}
	(*by[e->status])++;
}

/* The locations of a reason, after its own row. */
static void locations(struct run *r, const char *reason, long code)
{
	for (unsigned i = 0; i < catalogue_n; i++) {
		const struct cat_entry *e = &catalogue[i];
		struct out_reason_row row;
		char id[48];

		if (!e->location || strcasecmp(e->reason, reason))
			continue;
		count(&r->cover, e);
		if (!wanted(r, reason))
			continue;
		row_of(e, code, &row, id, sizeof(id));
		out_reasons_row(stdout, r->json, &row);
	}
}

static void kernel_rows(struct run *r, const struct reasons *k)
{
	uint32_t code;
	const char *name;

	for (size_t i = 0; (name = reasons_at(k, i, &code)); i++) {
		const struct cat_entry *e = catalogue_reason(name);
		struct out_reason_row row = {.code = code, .reason = name, .status = "unknown"};
		char id[48];

		if (!strcmp(name, "NOT_DROPPED_YET") || !strcmp(name, "CONSUMED"))
			continue; /* not drops */
		r->cover.reasons++;
		if (e) {
			count(&r->cover, e);
			row_of(e, code, &row, id, sizeof(id));
		} else {
			r->cover.unknown++;
			row.note = "not in dropdoc's table: a kernel newer than it; drops of it "
				   "are 'unexplained'";
		}
		if (wanted(r, name))
			out_reasons_row(stdout, r->json, &row);
		locations(r, name, code);
	}
}

/* Table rows the kernel does not have (an older kernel), or all of them
 * when there is no kernel to compare with. */
static void table_rows(struct run *r, const struct reasons *k)
{
	for (unsigned i = 0; i < catalogue_n; i++) {
		const struct cat_entry *e = &catalogue[i];
		struct out_reason_row row;
		uint32_t code;
		char id[48];

		if (e->location || (k && !reasons_code(k, e->reason, &code)))
			continue;
		if (k) {
			r->cover.absent++;
		} else {
			r->cover.reasons++;
			count(&r->cover, e);
		}
		row_of(e, -1, &row, id, sizeof(id));
		if (k)
			row.status = "absent";
		if (wanted(r, e->reason))
			out_reasons_row(stdout, r->json, &row);
		if (!k)
			locations(r, e->reason, -1);
	}
}

static int check_names(const struct run *r, const struct reasons *k)
{
	uint32_t code;

	for (int i = 0; i < r->nonly; i++)
		if ((!k || reasons_code(k, r->only[i], &code)) &&
		    !catalogue_find(r->only[i], NULL) && !catalogue_reason(r->only[i]))
			return cmd_usage_error(r->json, "reasons", "unknown drop reason '%s'",
					       r->only[i]);
	return EXIT_OK;
}

int cmd_reasons(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct run r = {0};
	struct reasons *k = NULL;
	int c, err, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			r.json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option(r.json, "reasons", argv);
		}
	}
	/* a reader that goes away (| head) ends the listing, not an error */
	signal(SIGPIPE, SIG_IGN);
	r.only = argv + optind;
	r.nonly = argc - optind;
	err = reasons_load(NULL, &k);
	if (err)
		fprintf(stderr,
			"dropdoc: reasons: the kernel's BTF has no drop reasons (%s): the "
			"table alone follows\n",
			strerror(-err));
	ret = check_names(&r, k);
	if (ret) {
		reasons_free(k);
		return ret;
	}
	if (k)
		kernel_rows(&r, k);
	table_rows(&r, k);
	if (!r.nonly)
		out_reasons_cover(stdout, r.json, &r.cover);
	reasons_free(k);
	if (fflush(stdout) == EOF && errno != EPIPE) {
		fprintf(stderr, "dropdoc: reasons: writing the list: %s\n", strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
