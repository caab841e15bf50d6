// SPDX-License-Identifier: GPL-2.0
/* netns: container ids from /proc/PID/cgroup files of the runtimes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "host/netns.h"

#define FIX "tests/fixtures/cgroup/"

static const struct {
	const char *file;
	const char *id; /* NULL = no container */
} cases[] = {
    {"docker-systemd.txt", "3f4e9c2a1b0d"},
    {"docker-cgroupfs-v1.txt", "3f4e9c2a1b0d"},
    {"k8s-containerd-systemd.txt", "3f4e9c2a1b0d"},
    {"k8s-cgroupfs.txt", "3f4e9c2a1b0d"},
    {"k8s-containerd-colon.txt", "3f4e9c2a1b0d"},
    {"crio.txt", "3f4e9c2a1b0d"},
    {"podman-rootless.txt", "3f4e9c2a1b0d"},
    {"docker-in-docker.txt", "3f4e9c2a1b0d"}, /* the innermost */
    {"podman-conmon.txt", NULL},	      /* the monitor, not a container */
    {"host-init.txt", NULL},
    {"not-a-container.txt", NULL}, /* 32 hex digits: not a runtime's id */
    {"near-misses.txt", NULL},
};

static void fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[256], text[4096], id[16] = "x";
		size_t n;
		FILE *f;
		int rc;

		snprintf(path, sizeof(path), FIX "%s", cases[i].file);
		f = fopen(path, "r");
		assert_non_null(f);
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		text[n] = 0;
		rc = netns_container_id(text, id, sizeof(id));
		if (cases[i].id) {
			if (rc || strcmp(id, cases[i].id))
				fail_msg("%s: got %d '%s', want '%s'", cases[i].file, rc, id,
					 cases[i].id);
		} else if (rc != -ENOENT) {
			fail_msg("%s: got %d '%s', want none", cases[i].file, rc, id);
		}
	}
}

static void edges(void **state)
{
	char id[16];

	(void)state;
	assert_int_equal(netns_container_id("", id, sizeof(id)), -ENOENT);
	assert_int_equal(netns_container_id("0::/\n", id, sizeof(id)), -ENOENT);
	assert_int_equal(netns_container_id("garbage without colons", id, sizeof(id)), -ENOENT);
	/* no trailing newline, upper-case hex is not a runtime's id */
	assert_int_equal(netns_container_id("0::/docker/"
					    "ABCDEF0123456789ABCDEF0123456789"
					    "ABCDEF0123456789ABCDEF0123456789",
					    id, sizeof(id)),
			 -ENOENT);
	assert_int_equal(netns_container_id("0::/docker/"
					    "abcdef0123456789abcdef0123456789"
					    "abcdef0123456789abcdef0123456789",
					    id, sizeof(id)),
			 0);
	assert_string_equal(id, "abcdef012345");
	assert_string_equal(netns_container(0), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fixtures),
	    cmocka_unit_test(edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
