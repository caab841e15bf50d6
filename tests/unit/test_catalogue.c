// SPDX-License-Identifier: GPL-2.0
/* catalogue: the table of every drop reason agrees with the rule table —
 * what it calls explained has a row, what a row claims it calls explained —
 * and every entry says what it must for its status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "unit.h"

#include "explain/catalogue.h"
#include "explain/explain.h"

static void each_entry_complete(void **state)
{
	(void)state;
	assert_true(catalogue_n >= 127);
	for (unsigned i = 0; i < catalogue_n + catalogue_own_n; i++) {
		const struct cat_entry *e =
		    i < catalogue_n ? &catalogue[i] : &catalogue_own[i - catalogue_n];

		assert_non_null(e->reason);
		assert_non_null(e->meaning);
		assert_non_null(e->note);
		assert_true(strlen(e->meaning) > 10);
		for (int c = 0; e->counters[c]; c++)
			assert_true(!strncmp(e->counters[c], "Ip", 2) ||
				    !strncmp(e->counters[c], "Tcp", 3) ||
				    !strncmp(e->counters[c], "Udp", 3) ||
				    !strncmp(e->counters[c], "Icmp", 4));
		/* one entry per (reason, location) */
		for (unsigned j = 0; j < i && j < catalogue_n; j++)
			assert_false(!strcmp(catalogue[j].reason, e->reason) &&
				     ((!catalogue[j].location && !e->location) ||
				      (catalogue[j].location && e->location &&
				       !strcmp(catalogue[j].location, e->location))));
	}
}

/* explained ⇔ a row of explain_rules claims it */
static void explained_means_a_rule(void **state)
{
	(void)state;
	for (unsigned i = 0; i < catalogue_n + catalogue_own_n; i++) {
		const struct cat_entry *e =
		    i < catalogue_n ? &catalogue[i] : &catalogue_own[i - catalogue_n];
		const struct explain_rule *r = explain_rule_at(e->reason, e->location);

		if (e->status == CAT_EXPLAINED)
			assert_non_null(r);
		else if (e->location)
			/* a location of its own that no row takes by name */
			assert_true(!r || !strchr(r->reasons[0], '@') ||
				    !strstr(r->reasons[0], e->location));
	}
	for (unsigned i = 0; i < explain_nrules; i++)
		for (const char *const *r = explain_rules[i].reasons; *r; r++) {
			char reason[64];
			const char *at = strchr(*r, '@');
			const struct cat_entry *e;

			snprintf(reason, sizeof(reason), "%.*s", at ? (int)(at - *r) : 63, *r);
			e = catalogue_find(reason, at ? at + 1 : NULL);
			assert_non_null(e);
			assert_int_equal(e->status, CAT_EXPLAINED);
		}
}

static void lookups(void **state)
{
	const struct cat_entry *e;
	char id[48];

	(void)state;
	/* by location first, then the reason */
	e = catalogue_find("IP_INHDR", "ip_forward");
	assert_non_null(e);
	assert_string_equal(e->location, "ip_forward");
	e = catalogue_find("ip_inhdr", "ip_rcv_core");
	assert_non_null(e);
	assert_null(e->location);
	/* NOT_SPECIFIED says nothing by itself */
	assert_null(catalogue_find("NOT_SPECIFIED", "somewhere"));
	assert_non_null(catalogue_find("NOT_SPECIFIED", "ip6_mc_input"));
	assert_non_null(catalogue_reason("NOT_SPECIFIED"));
	assert_true(catalogue_by_location("NOT_SPECIFIED"));
	assert_false(catalogue_by_location("IP_RPFILTER"));
	assert_null(catalogue_find("NO_SUCH_REASON", NULL));
	/* dropdoc's own */
	assert_non_null(catalogue_find("XDP_REDIRECT_ERR", NULL));
	/* ids */
	catalogue_id(catalogue_reason("SOCKET_RCVBUFF"), id, sizeof(id));
	assert_string_equal(id, "socket-rcvbuff");
	catalogue_id(catalogue_find("NOT_SPECIFIED", "ip6_mc_input"), id, sizeof(id));
	assert_string_equal(id, "mcast-not-joined");
	assert_string_equal(cat_status_name(CAT_NOT_HERE), "not-here");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_entry_complete),
	    cmocka_unit_test(explained_means_a_rule),
	    cmocka_unit_test(lookups),
	};

	return cmocka_run_group_tests_name("catalogue", tests, NULL, NULL);
}
