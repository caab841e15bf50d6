// SPDX-License-Identifier: GPL-2.0
/* explain: the engine — pick the row for a drop's reason, run it, and fall
 * back to "unexplained" (meaning, location, counters that moved). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode/decode.h"
#include "explain/explain.h"
#include "explain/catalogue.h"
#include "explain/explain_classes.h"

const char *explain_reason_meaning(const char *reason)
{
	const struct cat_entry *e = catalogue_reason(reason);

	if (!e)
		e = catalogue_find(reason, NULL);
	return e ? e->meaning : NULL;
}

/* Does a rule's reason entry ("IP_INHDR", "IP_INHDR@ip_forward") claim
 * this drop? */
static bool claims(const char *entry, const char *reason, const char *location)
{
	const char *at = strchr(entry, '@');

	if (!at)
		return !strcasecmp(entry, reason);
	return strlen(reason) == (size_t)(at - entry) && !strncasecmp(entry, reason, at - entry) &&
	       location && !strcmp(at + 1, location);
}

const struct explain_rule *explain_rule_at(const char *reason, const char *location)
{
	const struct explain_rule *any = NULL;

	for (unsigned i = 0; i < explain_nrules; i++)
		for (const char *const *r = explain_rules[i].reasons; *r; r++) {
			if (!claims(*r, reason, location))
				continue;
			if (strchr(*r, '@'))
				return &explain_rules[i]; /* by location first */
			if (!any)
				any = &explain_rules[i];
		}
	return any;
}

const struct explain_rule *explain_rule_for(const char *reason)
{
	return explain_rule_at(reason, NULL);
}

/* Codes at or above this (subsystem reasons carry the subsystem in their
 * high bits) are matched by name at every drop. */
#define EXPLAIN_INDEX_CODES 512
#define EXPLAIN_INDEX_AT    64

struct explain_index {
	struct {
		const struct explain_rule *rule;
		const struct cat_entry *entry;
		bool known;	  /* matched already */
		bool by_location; /* the location decides: see at[] */
	} code[EXPLAIN_INDEX_CODES];
	/* reasons whose location decides: (code, location) matched lately;
	 * locations are the symbol table's strings, stable for a run */
	struct {
		uint32_t code;
		const char *location;
		const struct explain_rule *rule;
		const struct cat_entry *entry;
	} at[EXPLAIN_INDEX_AT];
	unsigned next_at;
};

int explain_index_new(struct explain_index **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void explain_index_free(struct explain_index *x)
{
	free(x);
}

/* The drop's row (NULL: none) and catalogue entry (NULL: unknown). */
static void lookup(const struct explain_in *in, const struct explain_rule **rule,
		   const struct cat_entry **entry)
{
	const struct drop_record *d = in->d;
	struct explain_index *x = in->index;

	if (x && d->reason_code < EXPLAIN_INDEX_CODES && x->code[d->reason_code].known &&
	    !x->code[d->reason_code].by_location) {
		*rule = x->code[d->reason_code].rule;
		*entry = x->code[d->reason_code].entry;
		return;
	}
	for (unsigned i = 0; x && d->location && i < EXPLAIN_INDEX_AT; i++) {
		if (x->at[i].location == d->location && x->at[i].code == d->reason_code) {
			*rule = x->at[i].rule;
			*entry = x->at[i].entry;
			return;
		}
	}
	*rule = explain_rule_at(d->reason, d->location);
	*entry = catalogue_find(d->reason, d->location);
	if (x && d->location && d->reason_code < EXPLAIN_INDEX_CODES &&
	    x->code[d->reason_code].known) {
		unsigned k = x->next_at++ % EXPLAIN_INDEX_AT;

		x->at[k].code = d->reason_code;
		x->at[k].location = d->location;
		x->at[k].rule = *rule;
		x->at[k].entry = *entry;
	}
	if (x && d->reason_code < EXPLAIN_INDEX_CODES && !x->code[d->reason_code].known) {
		x->code[d->reason_code].rule = *rule;
		x->code[d->reason_code].entry = *entry;
		x->code[d->reason_code].by_location = catalogue_by_location(d->reason);
		x->code[d->reason_code].known = true;
	}
}

void explain_begin(const struct explain_in *in, struct finding *f, const char *id,
		   enum finding_severity sev)
{
	const struct drop_record *d = in->d;

	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->severity = sev;
	f->netns = d->netns;
	snprintf(f->netns_name, sizeof(f->netns_name), "%s", d->netns_name ? d->netns_name : "");
	snprintf(f->dev, sizeof(f->dev), "%s", d->dev ? d->dev : "");
}

int explain_sysctl(const struct explain_in *in, const char *name, char *buf, size_t n)
{
	int err = -ENOSYS;

	if (in->env && in->env->sysctl)
		err = in->env->sysctl(in->env->arg, in->d->netns, name, buf, n);
	if (err)
		snprintf(buf, n, "?");
	return err;
}

void explain_kernel_at(const struct explain_in *in, struct finding *f)
{
	finding_evidence(f, "kernel: %s at %s", in->d->reason,
			 in->d->location ? in->d->location : "?");
}

const struct netcfg_link *explain_link(const struct explain_in *in)
{
	if (!in->cfg || !in->d->ifindex)
		return NULL;
	return netcfg_link_by_index(in->cfg, (int)in->d->ifindex);
}

void explain_mac(const uint8_t *m, char *buf, size_t n)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* A catalogue note with each "{ns}" replaced by the namespace's command
 * prefix. */
static void with_prefix(const char *note, const char *pre, char *buf, size_t n)
{
	size_t k = 0;

	buf[0] = 0;
	while (*note && k + 1 < n) {
		const char *at = strstr(note, "{ns}");
		size_t len = at ? (size_t)(at - note) : strlen(note);

		k += (size_t)snprintf(buf + k, n - k, "%.*s%s", (int)len, note,
				      at && pre ? pre : "");
		note += len + (at ? 4 : 0);
	}
}

/* "packet: IP6 fe80::1.40105 > ff02::1:3.5355: UDP, length 12" */
static void packet_evidence(const struct drop_record *d, struct finding *f)
{
	char pkt[160];

	if (d->pkt && d->pkt->family && pkt_format(d->pkt, pkt, sizeof(pkt)) >= 0 && pkt[0])
		finding_evidence(f, "packet: %s", pkt);
}

/* A finding from the catalogue's words: its id, and after the first
 * evidence line (first), the packet, where it was freed and its counters. */
static void from_catalogue(const struct explain_in *in, const struct cat_entry *e,
			   enum finding_severity sev, const char *first, struct finding *f)
{
	const struct drop_record *d = in->d;
	char id[48];

	catalogue_id(e, id, sizeof(id));
	explain_begin(in, f, id, sev);
	if (sev == FINDING_INFO)
		finding_summary(f, "normal: %s (%s at %s)", e->meaning, d->reason,
				d->location ? d->location : "?");
	else
		finding_summary(f, "%s at %s: %s", d->reason, d->location ? d->location : "?",
				e->meaning);
	finding_evidence(f, "%s", first);
	packet_evidence(d, f);
	if (d->location)
		finding_evidence(f, "freed at %s+0x%llx", d->location,
				 (unsigned long long)d->location_off);
	explain_counters(in, f, EXPLAIN_MAX_MIBS);
}

/* Ordinary operation: an info finding that says why. */
static void normal(const struct explain_in *in, const struct cat_entry *e, struct finding *f)
{
	char why[FINDING_LINE_LEN];

	snprintf(why, sizeof(why), "expected: %s", e->note);
	from_catalogue(in, e, FINDING_INFO, why, f);
	finding_fix(f, "nothing to fix: this is normal operation ('--hide-normal' hides it)");
}

/* What the kernel checked and the facts to look at: all dropdoc can say
 * when the configuration does not tell more. */
static void described(const struct explain_in *in, const struct cat_entry *e, struct finding *f)
{
	const struct drop_record *d = in->d;
	char look[FINDING_LINE_LEN], checked[FINDING_LINE_LEN];

	snprintf(checked, sizeof(checked), "the kernel checked: %s", e->meaning);
	from_catalogue(in, e, FINDING_NOTICE, checked, f);
	with_prefix(e->note, in->pre, look, sizeof(look));
	if (e->status == CAT_NOT_HERE)
		finding_fix(
		    f, "dropdoc did not expect %s on this kernel (%s); the location says where",
		    d->reason, look);
	else
		finding_fix(f, "look at %s", look);
}

static void unexplained(const struct explain_in *in, const char *meaning, struct finding *f)
{
	const struct drop_record *d = in->d;

	explain_begin(in, f, "unexplained", FINDING_NOTICE);
	finding_summary(f, "%s at %s: %s", d->reason, d->location ? d->location : "?",
			meaning ? meaning : "a reason dropdoc has no explanation for yet");
	if (meaning)
		finding_evidence(f, "%s means: %s", d->reason, meaning);
	if (d->location)
		finding_evidence(f, "freed at %s+0x%llx", d->location,
				 (unsigned long long)d->location_off);
	finding_fix(f, "no fix known to dropdoc for %s; the location above says where to look",
		    d->reason);
}

void explain_drop(const struct explain_in *in0, struct finding *f)
{
	const struct explain_rule *r;
	const struct cat_entry *e;
	struct explain_in with = *in0;
	const struct explain_in *in = &with;

	lookup(in, &r, &e);
	with.entry = e;
	if (r && !r->explain(in, f))
		return;
	if (e && e->status == CAT_NORMAL)
		normal(in, e, f);
	else if (e)
		described(in, e, f);
	else
		unexplained(in, explain_reason_meaning(in->d->reason), f);
}
