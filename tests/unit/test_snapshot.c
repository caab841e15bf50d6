// SPDX-License-Identifier: GPL-2.0
/* snapshot: round trips (fixtures and the live namespace), and one distinct
 * error per kind of bad file. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/netcfg.h"
#include "model/snapshot.h"

static const char *const fixtures[] = {
    "tests/fixtures/seed000.json", "tests/fixtures/seed001.json",
    "tests/fixtures/seed002.json", "tests/fixtures/seed003a.json",
    "tests/fixtures/seed004.json", "tests/fixtures/router_noforward.json",
    "tests/fixtures/clean.json",
};

/* save → load → compare, and save again → same text */
static void roundtrip(struct netcfg *const *ns, size_t n)
{
	char *t1 = NULL, *t2 = NULL, err[256];
	size_t l1 = 0, l2 = 0;
	FILE *f = open_memstream(&t1, &l1);
	struct snapshot s;

	assert_non_null(f);
	assert_int_equal(snapshot_write(f, ns, n), 0);
	fclose(f);
	assert_int_equal(snapshot_parse(t1, l1, &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, n);
	for (size_t i = 0; i < n; i++)
		assert_true(netcfg_equal(ns[i], s.ns[i]));
	f = open_memstream(&t2, &l2);
	assert_int_equal(snapshot_write(f, s.ns, s.n), 0);
	fclose(f);
	/* the "created" stamp may tick between the two: compare from "netns" on */
	assert_string_equal(strstr(t1, "\"netns\""), strstr(t2, "\"netns\""));
	snapshot_free(&s);
	free(t1);
	free(t2);
}

static void test_fixtures_roundtrip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		struct snapshot s;
		char err[256];
		int ret = snapshot_read(fixtures[i], &s, err, sizeof(err));

		if (ret)
			fail_msg("%s: %s", fixtures[i], err);
		assert_true(s.n >= 1);
		assert_true(s.ns[0]->n_links >= 2);
		assert_true(s.ns[0]->n_routes >= 3);
		roundtrip(s.ns, s.n);
		snapshot_free(&s);
	}
}

static void test_live_roundtrip(void **state)
{
	struct netcfg *cfg;
	char err[256];
	int ret = netcfg_load(-1, &cfg, err, sizeof(err));

	(void)state;
	if (ret == -EPERM || ret == -EACCES)
		skip();
	if (ret)
		fail_msg("netcfg_load: %s", err);
	assert_true(cfg->n_links >= 1); /* lo at least */
	assert_true(cfg->n_rules >= 3); /* local, main, default */
	assert_int_equal(cfg->links[0].ifindex, 1);
	assert_string_equal(cfg->links[0].name, "lo");
	assert_true(cfg->all.rp_filter >= 0);
	assert_true(cfg->netns_inode != 0);
	roundtrip(&cfg, 1);
	netcfg_unref(cfg);
}

static int parse(const char *text, char *err, size_t len)
{
	struct snapshot s;
	int ret = snapshot_parse(text, strlen(text), &s, err, len);

	if (!ret)
		snapshot_free(&s);
	return ret;
}

static void test_errors(void **state)
{
	char err[256], *text = NULL;
	size_t len;
	struct snapshot s;
	FILE *f;

	(void)state;
	/* truncated: a real snapshot cut in half */
	assert_int_equal(snapshot_read(fixtures[0], &s, err, sizeof(err)), 0);
	f = open_memstream(&text, &len);
	snapshot_write(f, s.ns, s.n);
	fclose(f);
	snapshot_free(&s);
	assert_int_equal(snapshot_parse(text, len / 2, &s, err, sizeof(err)), -ENODATA);
	assert_non_null(strstr(err, "truncated"));
	assert_int_equal(snapshot_parse(text, 0, &s, err, sizeof(err)), -ENODATA);
	free(text);
	/* corrupt */
	assert_int_equal(parse("{\"format\": dropdoc}", err, sizeof(err)), -EBADMSG);
	assert_int_equal(parse("{} trailing", err, sizeof(err)), -EBADMSG);
	assert_int_equal(parse("[1,2]", err, sizeof(err)), -EBADMSG);
	assert_int_equal(parse("{\"format\":\"something-else\",\"version\":1}", err, sizeof(err)),
			 -EBADMSG);
	/* wrong version */
	assert_int_equal(parse("{\"format\":\"dropdoc-snapshot\",\"version\":99,\"netns\":[]}", err,
			       sizeof(err)),
			 -EPROTONOSUPPORT);
	assert_non_null(strstr(err, "version 99"));
	/* a field of the wrong type or value names the field */
	assert_int_equal(parse("{\"format\":\"dropdoc-snapshot\",\"version\":1,\"netns\":[{"
			       "\"links\":[{\"name\":\"eth0\",\"mtu\":\"big\"}]}]}",
			       err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "links[0]"));
	assert_non_null(strstr(err, "mtu"));
	assert_int_equal(
	    parse("{\"format\":\"dropdoc-snapshot\",\"version\":1,\"netns\":[{"
		  "\"links\":[{\"name\":\"eth0\"}],\"routes\":[{\"dst\":\"10.0.0.300/8\"}]}]}",
		  err, sizeof(err)),
	    -EINVAL);
	assert_int_equal(
	    parse("{\"format\":\"dropdoc-snapshot\",\"version\":1,\"netns\":[{"
		  "\"links\":[{\"name\":\"eth0\"}],\"routes\":[{\"type\":\"bogus\"}]}]}",
		  err, sizeof(err)),
	    -EINVAL);
	assert_int_equal(parse("{\"format\":\"dropdoc-snapshot\",\"version\":1,\"netns\":[{"
			       "\"addrs\":[{\"dev\":\"nope\",\"local\":\"10.0.0.1/24\"}]}]}",
			       err, sizeof(err)),
			 -EINVAL);
	assert_true(snapshot_is_format_error(-ENODATA) && snapshot_is_format_error(-EBADMSG) &&
		    snapshot_is_format_error(-EPROTONOSUPPORT) &&
		    snapshot_is_format_error(-EINVAL));
	assert_false(snapshot_is_format_error(-ENOENT));
	assert_int_equal(snapshot_read("/nonexistent/x.json", &s, err, sizeof(err)), -ENOENT);
}

typedef const char *(*name_fn)(unsigned, char *, size_t);
typedef int (*parse_fn)(const char *, unsigned *);

static void test_names_roundtrip(void **state)
{
	static const struct {
		name_fn name;
		parse_fn parse;
	} t[] = {
	    {netcfg_rtype_name, netcfg_rtype_parse},   {netcfg_scope_name, netcfg_scope_parse},
	    {netcfg_proto_name, netcfg_proto_parse},   {netcfg_table_name, netcfg_table_parse},
	    {netcfg_action_name, netcfg_action_parse}, {netcfg_xdp_name, netcfg_xdp_parse},
	};
	char buf[16];
	unsigned v;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (unsigned n = 0; n < 300; n++) {
			assert_int_equal(t[i].parse(t[i].name(n, buf, sizeof(buf)), &v), 0);
			assert_int_equal(v, n);
		}
	assert_int_equal(netcfg_rtype_parse("nonsense", &v), -EINVAL);
	assert_string_equal(netcfg_rtype_name(6, buf, sizeof(buf)), "blackhole");
	assert_string_equal(netcfg_table_name(254, buf, sizeof(buf)), "main");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixtures_roundtrip),
	    cmocka_unit_test(test_live_roundtrip),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_names_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
