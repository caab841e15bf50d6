// SPDX-License-Identifier: GPL-2.0
/* lab: bringing scenarios up and down (iproute2's `ip`, run with an argv,
 * never a shell), writing sysctls inside a namespace, and matching drops
 * against a scenario's expectations. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "decode/decode.h"
#include "live/drops.h"
#include "explain/flows.h"
#include "lab/lab.h"
#include "model/finding.h"
#include "host/netns.h"
#include "host/nsexec.h"

#define NETNS_RUN_DIR "/run/netns"
#define LAB_MAX_ARGV  40

extern char **environ;

size_t lab_count(void)
{
	return lab_nscenarios + lab_nclasses + lab_npackets;
}

const struct lab_scenario *lab_scenario_at(size_t i)
{
	if (i < lab_nscenarios)
		return &lab_scenarios[i];
	i -= lab_nscenarios;
	return i < lab_nclasses ? &lab_classes[i] : &lab_packets[i - lab_nclasses];
}

const struct lab_scenario *lab_find(const char *name)
{
	for (size_t i = 0; i < lab_count(); i++)
		if (!strcmp(lab_scenario_at(i)->name, name))
			return lab_scenario_at(i);
	return NULL;
}

int lab_nexpect(const struct lab_scenario *sc)
{
	int n = 0;

	while (n < LAB_MAX_EXPECT && (sc->expect[n].reason || sc->expect[n].finding))
		n++;
	return n;
}

int lab_check_prefix(const char *prefix)
{
	if (!prefix || !*prefix || strlen(prefix) > 24)
		return -EINVAL;
	for (const char *p = prefix; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
			return -EINVAL;
	return 0;
}

static bool has_role(const struct lab_scenario *sc, const char *role)
{
	for (int i = 0; i < LAB_MAX_ROLES && sc->roles[i]; i++)
		if (!strcmp(sc->roles[i], role))
			return true;
	return false;
}

int lab_ns_name(const struct lab_ctx *ctx, const struct lab_scenario *sc, const char *role,
		char *buf, size_t n)
{
	int len;

	if (!has_role(sc, role))
		return -ENOENT;
	len = snprintf(buf, n, "%s-%s-%s", ctx->prefix, sc->name, role);
	if (len < 0 || (size_t)len >= n)
		return -ENAMETOOLONG;
	return 0;
}

static bool ns_exists(const char *name)
{
	char path[sizeof(NETNS_RUN_DIR) + LAB_NAME_MAX];

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	return access(path, F_OK) == 0;
}

static void trace_argv(const struct lab_ctx *ctx, char *const argv[])
{
	if (!ctx->trace)
		return;
	fputs("+", ctx->trace);
	for (int i = 0; argv[i]; i++)
		fprintf(ctx->trace, " %s", argv[i]);
	fputs("\n", ctx->trace);
	fflush(ctx->trace);
}

/* Run argv (argv[0] looked up in PATH) and wait for it. The child gets its
 * own process group, so a Ctrl-C meant for us does not cut a command in
 * half; its stdout goes to our stderr, keeping our stdout for results. */
static int lab_spawn(const struct lab_ctx *ctx, char *const argv[], char *err, size_t errlen)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	pid_t pid;
	int status, rc;

	trace_argv(ctx, argv);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
					    POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc) {
		snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(rc));
		return -rc;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = -errno;
			snprintf(err, errlen, "waiting for %s: %s", argv[0], strerror(errno));
			return rc;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		char cmd[160] = "";
		size_t off = 0;

		for (int i = 0; argv[i] && off < sizeof(cmd); i++)
			off += (size_t)snprintf(cmd + off, sizeof(cmd) - off, "%s%s", i ? " " : "",
						argv[i]);
		snprintf(err, errlen, "'%s' failed (%s %d)", cmd,
			 WIFEXITED(status) ? "exit status" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -EIO;
	}
	return 0;
}

/* The namespace names of all roles, in role order. */
struct lab_names {
	int n;
	char name[LAB_MAX_ROLES][LAB_NAME_MAX];
};

static int lab_names_fill(const struct lab_ctx *ctx, const struct lab_scenario *sc,
			  struct lab_names *nm, char *err, size_t errlen)
{
	int rc;

	for (nm->n = 0; nm->n < LAB_MAX_ROLES && sc->roles[nm->n]; nm->n++) {
		rc = lab_ns_name(ctx, sc, sc->roles[nm->n], nm->name[nm->n], LAB_NAME_MAX);
		if (rc) {
			snprintf(err, errlen, "namespace name for %s-%s-%s is too long",
				 ctx->prefix, sc->name, sc->roles[nm->n]);
			return rc;
		}
	}
	return 0;
}

static const char *lab_names_get(const struct lab_scenario *sc, const struct lab_names *nm,
				 const char *role)
{
	for (int i = 0; i < nm->n; i++)
		if (!strcmp(sc->roles[i], role))
			return nm->name[i];
	return NULL;
}

/* `ip -n NS ARGS`, with "@role" words replaced by namespace names. */
static int lab_step_ip(const struct lab_ctx *ctx, const struct lab_scenario *sc,
		       const struct lab_names *nm, const struct lab_step *st, char *err,
		       size_t errlen)
{
	char words[512], *argv[LAB_MAX_ARGV], *save = NULL;
	const char *ns = lab_names_get(sc, nm, st->role);
	int argc = 0;

	if (!ns || strlen(st->arg) >= sizeof(words)) {
		snprintf(err, errlen, "scenario %s: bad step '%s'", sc->name, st->arg);
		return -EINVAL;
	}
	strcpy(words, st->arg);
	argv[argc++] = st->kind == LAB_STEP_TCCMD ? "tc" : "ip";
	argv[argc++] = "-n";
	argv[argc++] = (char *)ns;
	for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (argc >= LAB_MAX_ARGV - 1) {
			snprintf(err, errlen, "scenario %s: step too long", sc->name);
			return -E2BIG;
		}
		if (w[0] == '@') {
			const char *other = lab_names_get(sc, nm, w + 1);

			if (!other) {
				snprintf(err, errlen, "scenario %s: unknown role %s", sc->name, w);
				return -EINVAL;
			}
			w = (char *)other;
		}
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	return lab_spawn(ctx, argv, err, errlen);
}

/* A sysctl write, done by a thread in the namespace (/proc/sys/net is the
 * writer's namespace's). */
struct sysctl_job {
	const char *path, *value;
};

static int sysctl_write_here(void *arg)
{
	const struct sysctl_job *j = arg;
	size_t len = strlen(j->value);
	int fd = open(j->path, O_WRONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, j->value, len) != (ssize_t)len)
		rc = errno ? -errno : -EIO;
	close(fd);
	return rc;
}

/* Write a sysctl from inside the namespace (/proc/sys/net is per netns). */
static int lab_step_sysctl(const struct lab_ctx *ctx, const struct lab_scenario *sc,
			   const struct lab_names *nm, const struct lab_step *st, char *err,
			   size_t errlen)
{
	const char *ns = lab_names_get(sc, nm, st->role);
	struct netns_ref ref = {.fd = -1};
	char path[256];
	struct sysctl_job job = {.path = path, .value = st->value};
	int rc;

	if (ctx->trace) {
		char dotted[256];

		snprintf(dotted, sizeof(dotted), "%s", st->arg);
		for (char *p = dotted; *p; p++)
			if (*p == '/')
				*p = '.';
		fprintf(ctx->trace, "+ ip netns exec %s sysctl -w %s=%s\n", ns ? ns : "?", dotted,
			st->value);
		fflush(ctx->trace);
	}
	if (!ns) {
		snprintf(err, errlen, "scenario %s: unknown role %s", sc->name, st->role);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/proc/sys/%s", st->arg);
	rc = netns_resolve(ns, &ref);
	if (rc) {
		snprintf(err, errlen, "namespace %s: %s", ns, strerror(-rc));
		goto cleanup;
	}
	rc = netns_run(ref.fd, sysctl_write_here, &job);
	if (rc)
		snprintf(err, errlen, "%s in %s: %s", path, ns, strerror(-rc));
cleanup:
	netns_ref_close(&ref);
	return rc;
}

static int lab_ns_del(const struct lab_ctx *ctx, const char *name, char *err, size_t errlen)
{
	char *argv[] = {"ip", "netns", "del", (char *)name, NULL};

	return lab_spawn(ctx, argv, err, errlen);
}

int lab_is_up(const struct lab_ctx *ctx, const struct lab_scenario *sc)
{
	struct lab_names nm;
	char err[64];

	if (lab_names_fill(ctx, sc, &nm, err, sizeof(err)))
		return 0;
	for (int i = 0; i < nm.n; i++)
		if (!ns_exists(nm.name[i]))
			return 0;
	return 1;
}

int lab_down(const struct lab_ctx *ctx, const struct lab_scenario *sc, char *err, size_t errlen)
{
	struct lab_names nm;
	int rc, first = 0, n = 0;

	rc = lab_names_fill(ctx, sc, &nm, err, errlen);
	if (rc)
		return rc;
	lab_sinks_close(); /* before the namespaces they hold */
	for (int i = nm.n - 1; i >= 0; i--) {
		if (!ns_exists(nm.name[i]))
			continue;
		rc = lab_ns_del(ctx, nm.name[i], err, errlen);
		if (rc && !first)
			first = rc;
		else if (!rc)
			n++;
	}
	return first ? first : n;
}

static bool stopped(const struct lab_ctx *ctx)
{
	return ctx->stop && *ctx->stop;
}

static int lab_step_run(const struct lab_ctx *ctx, const struct lab_scenario *sc,
			const struct lab_names *nm, const struct lab_step *st, char *err,
			size_t errlen)
{
	const char *ns = lab_names_get(sc, nm, st->role);

	if (st->kind == LAB_STEP_IP || st->kind == LAB_STEP_TCCMD)
		return lab_step_ip(ctx, sc, nm, st, err, errlen);
	if (st->kind == LAB_STEP_SYSCTL)
		return lab_step_sysctl(ctx, sc, nm, st, err, errlen);
	if (!ns) {
		snprintf(err, errlen, "scenario %s: unknown role %s", sc->name, st->role);
		return -EINVAL;
	}
	if (st->kind == LAB_STEP_XDP || st->kind == LAB_STEP_TC)
		return lab_xdp_attach(ctx, ns, st, err, errlen);
	if (st->kind == LAB_STEP_UDP_SINK)
		return lab_sink_open(ctx, ns, st, err, errlen);
	return lab_nft_apply(ctx, ns, st, err, errlen);
}

static int lab_build(const struct lab_ctx *ctx, const struct lab_scenario *sc,
		     const struct lab_names *nm, char *err, size_t errlen)
{
	int rc;

	for (int i = 0; i < nm->n; i++) {
		char *add[] = {"ip", "netns", "add", (char *)nm->name[i], NULL};
		char *lo[] = {"ip", "-n", (char *)nm->name[i], "link", "set", "lo", "up", NULL};

		if (stopped(ctx))
			goto interrupted;
		if (ns_exists(nm->name[i])) { /* left behind by a killed run */
			rc = lab_ns_del(ctx, nm->name[i], err, errlen);
			if (rc)
				return rc;
		}
		rc = lab_spawn(ctx, add, err, errlen);
		if (!rc)
			rc = lab_spawn(ctx, lo, err, errlen);
		if (rc)
			return rc;
	}
	for (const struct lab_step *st = sc->setup; st->kind != LAB_STEP_END; st++) {
		if (stopped(ctx))
			goto interrupted;
		rc = lab_step_run(ctx, sc, nm, st, err, errlen);
		if (rc)
			return rc;
	}
	return 0;
interrupted:
	snprintf(err, errlen, "interrupted during setup");
	return -EINTR;
}

int lab_up(const struct lab_ctx *ctx, const struct lab_scenario *sc, char *err, size_t errlen)
{
	struct lab_names nm;
	char ignored[128];
	int rc;

	rc = lab_names_fill(ctx, sc, &nm, err, errlen);
	if (rc)
		return rc;
	rc = lab_build(ctx, sc, &nm, err, errlen);
	if (rc)
		lab_down(ctx, sc, ignored, sizeof(ignored));
	return rc;
}

void lab_result_init(const struct lab_ctx *ctx, const struct lab_scenario *sc, struct lab_result *r)
{
	char ns[LAB_NAME_MAX];

	memset(r, 0, sizeof(*r));
	r->nexpect = lab_nexpect(sc);
	r->missing = r->nexpect;
	for (int i = 0; i < r->nexpect; i++) {
		struct netns_ref ref = {.fd = -1};

		if (!lab_ns_name(ctx, sc, sc->expect[i].role, ns, sizeof(ns)) &&
		    !netns_resolve(ns, &ref))
			r->inode[i] = ref.inode;
		netns_ref_close(&ref);
	}
}

static bool str_eq(const char *want, const char *got)
{
	return !want || (got && !strcmp(want, got));
}

/* Expected address text vs decoded address, compared as binary. */
static bool addr_eq(const char *want, const struct pkt *p, bool src)
{
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} a;

	if (!want)
		return true;
	if (p->family == AF_INET && inet_pton(AF_INET, want, &a.v4) == 1)
		return !memcmp(&a.v4, src ? &p->src.v4 : &p->dst.v4, sizeof(a.v4));
	if (p->family == AF_INET6 && inet_pton(AF_INET6, want, &a.v6) == 1)
		return !memcmp(&a.v6, src ? &p->src.v6 : &p->dst.v6, sizeof(a.v6));
	if (p->is_arp && inet_pton(AF_INET, want, &a.v4) == 1) /* sender / target */
		return !memcmp(&a.v4, src ? &p->arp_spa : &p->arp_tpa, sizeof(a.v4));
	return false;
}

bool lab_expect_match(const struct lab_expect *e, const char *ns_name, uint32_t inode,
		      const struct drop_record *d)
{
	const struct pkt *p = d->pkt;
	int family;

	if (!e->reason) /* a finding expectation (lab_match_finding) */
		return false;
	if (!str_eq(e->reason, d->reason) || !str_eq(e->location, d->location) ||
	    !str_eq(e->dev, d->dev))
		return false;
	if (e->finding && (!d->finding || strcmp(e->finding, d->finding->id)))
		return false;
	if (inode ? d->netns != inode : !str_eq(ns_name, d->netns_name))
		return false;
	if (!e->family)
		return !p; /* a drop without a packet (XDP) */
	if (!p)
		return false;
	if (!strcmp(e->family, "arp"))
		return p->is_arp && addr_eq(e->src, p, true) && addr_eq(e->dst, p, false);
	family = !strcmp(e->family, "ipv6") ? AF_INET6 : AF_INET;
	if (p->family != family || !addr_eq(e->src, p, true) || !addr_eq(e->dst, p, false))
		return false;
	/* -1: any port (a tunnel's hashed source port) */
	return (e->sport < 0 || p->sport == (e->sport ? e->sport : -1)) &&
	       (e->dport < 0 || p->dport == (e->dport ? e->dport : -1));
}

bool lab_match(const struct lab_ctx *ctx, const struct lab_scenario *sc,
	       const struct drop_record *d, struct lab_result *r)
{
	char ns[LAB_NAME_MAX];
	bool any = false;

	for (int i = 0; i < r->nexpect; i++) {
		const struct lab_expect *e = &sc->expect[i];

		if (lab_ns_name(ctx, sc, e->role, ns, sizeof(ns)) ||
		    !lab_expect_match(e, ns, r->inode[i], d))
			continue;
		if (!r->count[i]++) {
			r->found++;
			r->missing--;
		}
		any = true;
	}
	if (!any)
		r->unmatched++;
	return any;
}

static void lab_tally(struct lab_result *r, int i)
{
	if (!r->count[i]++) {
		r->found++;
		r->missing--;
	}
}

bool lab_match_finding(const struct lab_ctx *ctx, const struct lab_scenario *sc,
		       const struct finding *f, struct lab_result *r)
{
	(void)ctx;
	for (int i = 0; i < r->nexpect; i++) {
		const struct lab_expect *e = &sc->expect[i];

		if (!e->finding || strcmp(e->finding, f->id) || !str_eq(e->dev, f->dev) ||
		    !str_eq(e->out_dev, f->out_dev) || (r->inode[i] && r->inode[i] != f->netns))
			continue;
		lab_tally(r, i);
		return true;
	}
	return false;
}
