// SPDX-License-Identifier: GPL-2.0
/* factsprobe: the facts module's answers, for integration tests.
 *
 *   factsprobe sockets NETNS tcp|udp PORT [ipv4|ipv6]
 *       one line per socket: NETNS_NAME LOCAL PROC v6only=0|1 dev=DEV
 *   factsprobe mibs NETNS [-- CMD ARGS...]
 *       takes the baselines, runs CMD, then prints "NAME DELTA" for every
 *       counter of NETNS that moved ("NAME =VALUE" for totals)
 *
 * NETNS: a name, path, pid or inode (netns_resolve). */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live/facts.h"
#include "host/netns.h"

static int run(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
	struct explain_env env;
	struct netns_ref ns;
	int rc = 1, n;

	if (argc < 3)
		goto usage;
	if (netns_resolve(argv[2], &ns)) {
		fprintf(stderr, "factsprobe: no namespace %s\n", argv[2]);
		return 1;
	}
	if (facts_env_init(&env)) {
		fprintf(stderr, "factsprobe: facts_env_init failed\n");
		return 1;
	}
	if (!strcmp(argv[1], "sockets") && argc >= 5) {
		struct explain_sock s[EXPLAIN_MAX_SOCKS];
		int proto = !strcmp(argv[3], "tcp") ? IPPROTO_TCP : IPPROTO_UDP;
		int family = argc > 5 && !strcmp(argv[5], "ipv6") ? AF_INET6 : AF_INET;

		n = env.sockets(env.arg, ns.inode, family, proto, atoi(argv[4]), s,
				EXPLAIN_MAX_SOCKS);
		for (int i = 0; i < n; i++)
			printf("%s %s %s v6only=%d dev=%s\n",
			       s[i].netns_name[0] ? s[i].netns_name : "-", s[i].local,
			       s[i].proc[0] ? s[i].proc : "-", s[i].v6only,
			       s[i].dev[0] ? s[i].dev : "-");
		rc = n < 0;
	} else if (!strcmp(argv[1], "mibs")) {
		struct mib_delta m[EXPLAIN_MAX_MIBS];

		if (argc > 4 && !strcmp(argv[3], "--") && run(argv + 4) != 0)
			fprintf(stderr, "factsprobe: %s failed\n", argv[4]);
		n = env.mibs(env.arg, ns.inode, NULL, m, EXPLAIN_MAX_MIBS);
		for (int i = 0; i < n; i++)
			printf("%s %s%lld\n", m[i].name, m[i].total ? "=" : "",
			       (long long)m[i].delta);
		rc = n < 0;
	} else {
		facts_env_free(&env);
		netns_ref_close(&ns);
		goto usage;
	}
	facts_env_free(&env);
	netns_ref_close(&ns);
	return rc;
usage:
	fprintf(stderr, "usage: factsprobe sockets NETNS tcp|udp PORT [ipv4|ipv6]\n"
			"       factsprobe mibs NETNS [-- CMD ARGS...]\n");
	return 2;
}
