// SPDX-License-Identifier: GPL-2.0
/* netns_desc: a reader's namespace descriptors — resolved once, stable
 * until the reader's tick, replaced after their TTL, dropped when idle;
 * and the one way command-line prefixes are built. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "host/netns.h"
#include "host/netns_desc.h"

#define S 1000000000ull

static void prefixes(void **state)
{
	char exec[96], ip[96];

	(void)state;
	netns_prefixes("blue", exec, sizeof(exec), ip, sizeof(ip));
	assert_string_equal(exec, "ip netns exec blue ");
	assert_string_equal(ip, "ip -n blue");
	netns_prefixes("4242/nginx", exec, sizeof(exec), ip, sizeof(ip));
	assert_string_equal(exec, "nsenter -t 4242 -n ");
	assert_string_equal(ip, "nsenter -t 4242 -n ip");
	netns_prefixes("", exec, sizeof(exec), ip, sizeof(ip));
	assert_string_equal(exec, "");
	assert_string_equal(ip, "ip");
	netns_prefixes(NULL, exec, sizeof(exec), ip, sizeof(ip));
	assert_string_equal(ip, "ip");
}

static void ours(void **state)
{
	struct netns_descs *t;
	const struct netns_desc *d;

	(void)state;
	assert_int_equal(netns_descs_new(&t), 0);
	d = netns_descs_get(t, netns_self_inode(), 10 * S);
	assert_non_null(d);
	assert_int_equal(d->inode, netns_self_inode());
	assert_string_equal(d->exec, ""); /* ours: no prefix, whatever its name */
	assert_string_equal(d->ip, "ip");
	d = netns_descs_get(t, 0, 10 * S);
	assert_string_equal(d->name, "");
	assert_string_equal(d->exec, "");
	netns_descs_free(t);
}

/* An inode no namespace has: resolved as unknown, and cached as such. */
#define NOSUCH 0xfffffff0u

static void lifetime(void **state)
{
	struct netns_descs *t;
	const struct netns_desc *a, *b, *c;

	(void)state;
	assert_int_equal(netns_descs_new(&t), 0);
	a = netns_descs_get(t, NOSUCH, 10 * S);
	assert_non_null(a);
	assert_string_equal(a->name, "");
	/* within the TTL: the same descriptor, however often and whatever
	 * else is looked up meanwhile */
	for (uint32_t i = 1; i <= 300; i++)
		netns_descs_get(t, NOSUCH - i, 10 * S + i);
	b = netns_descs_get(t, NOSUCH, 10 * S + NETNS_DESC_TTL_NS - 1);
	assert_ptr_equal(a, b);
	assert_int_equal(netns_descs_count(t), 301);
	/* past the TTL: a new one; the old one still reads the same until the
	 * reader's tick (a record may point into it) */
	c = netns_descs_get(t, NOSUCH, 10 * S + NETNS_DESC_TTL_NS + 1);
	assert_ptr_not_equal(a, c);
	assert_int_equal(a->inode, NOSUCH);
	assert_int_equal(netns_descs_count(t), 301);
	netns_descs_tick(t, 10 * S + NETNS_DESC_TTL_NS + 1);
	/* idle ones go: only the one asked for again stays */
	netns_descs_get(t, NOSUCH, 10 * S + NETNS_DESC_IDLE_NS);
	netns_descs_tick(t, 10 * S + NETNS_DESC_IDLE_NS + 400);
	assert_int_equal(netns_descs_count(t), 1);
	netns_descs_free(t);
}

/* Churn: namespaces that come and go leave nothing behind. */
static void bounded(void **state)
{
	struct netns_descs *t;
	uint64_t now = S;

	(void)state;
	assert_int_equal(netns_descs_new(&t), 0);
	for (uint32_t round = 0; round < 50; round++) {
		for (uint32_t i = 0; i < 200; i++)
			netns_descs_get(t, NOSUCH - round * 200 - i, now);
		now += NETNS_DESC_IDLE_NS / 10;
		netns_descs_tick(t, now);
		assert_true(netns_descs_count(t) <= 200 * 10);
	}
	netns_descs_tick(t, now + NETNS_DESC_IDLE_NS);
	assert_int_equal(netns_descs_count(t), 0);
	/* a burst past NETNS_DESC_MAX within a second: a tick keeps only the
	 * ones asked for since the tick before */
	netns_descs_tick(t, now);
	for (uint32_t i = 0; i < NETNS_DESC_MAX + 10; i++)
		netns_descs_get(t, NOSUCH - i, now + 1 + i);
	netns_descs_tick(t, now + 1 + NETNS_DESC_MAX + 10);
	assert_true(netns_descs_count(t) <= NETNS_DESC_MAX + 10);
	netns_descs_get(t, NOSUCH, now + S);
	netns_descs_tick(t, now + 2 * S);
	assert_int_equal(netns_descs_count(t), 1);
	netns_descs_free(t);
}

static void ifnames(void **state)
{
	struct netns_descs *t;
	char name[16] = "";

	(void)state;
	assert_int_equal(netns_descs_new(&t), 0);
	assert_int_equal(netns_descs_ifname(t, netns_self_inode(), 1, S, name, sizeof(name)), 0);
	assert_string_equal(name, "lo");
	assert_int_equal(netns_descs_ifname(t, netns_self_inode(), 1, S, name, sizeof(name)), 0);
	assert_int_equal(netns_descs_ifname(t, NOSUCH, 1, S, name, sizeof(name)), -ENOENT);
	netns_descs_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(prefixes), cmocka_unit_test(ours),	   cmocka_unit_test(lifetime),
	    cmocka_unit_test(bounded),	cmocka_unit_test(ifnames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
