// SPDX-License-Identifier: GPL-2.0
/* dropdoc lab [SCENARIO|all] [--up | --fire [N] | --down]: build a seed
 * scenario in throwaway namespaces, make the kernel drop, watch it with the
 * drops pipeline, give a verdict per expected drop, tear it all down. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "live/drops.h"
#include "lab/lab.h"
#include "host/netns.h"
#include "live/sig.h"
#include "live/trace.h"
#include "out/out_lab.h"

#define LAB_FIRE_MAX	1000
#define LAB_RUN_ROUNDS	3   /* traffic rounds in a full run */
#define LAB_RUN_SECONDS 5.0 /* give up waiting for drops after this */

enum lab_mode { LAB_RUN, LAB_WATCH, LAB_UP, LAB_FIRE, LAB_DOWN };

struct lab_opts {
	const char *name; /* NULL: list */
	const char *prefix;
	enum lab_mode mode;
	int fire_n;
	double seconds;
	bool json, verbose;
};

/* sig_stop (sig.h) holds the signal that ended a run; the lab also sets it
 * to LAB_DONE to end the pipeline once every expected drop was seen. */
#define LAB_DONE (-1)

static bool lab_interrupted(void)
{
	return sig_stop > 0;
}

/* Nobody reads on (a closed pipe: `lab all | head -1`): stop, as the live
 * runs do, and exit 0 — the verdicts are for nobody. */
static bool lab_output_gone(void)
{
	return fflush(stdout) == EOF || ferror(stdout);
}

static void lab_usage(FILE *f)
{
	fprintf(f, "usage: dropdoc lab [SCENARIO|all] [--watch | --up | --fire [N] | --down]\n"
		   "                  [--prefix P] [--json] [-t SECONDS] [-v]\n"
		   "\n"
		   "Without SCENARIO, lists the scenarios. With one, builds it in namespaces\n"
		   "named PREFIX-SCENARIO-ROLE, makes the kernel drop packets, shows what\n"
		   "dropdoc saw with a verdict per expected drop, and tears it all down.\n"
		   "  --watch       build and watch, but send nothing: fire it yourself\n"
		   "                (--fire from another shell) until -t or Ctrl-C\n"
		   "  --up          build the scenario and leave it up (prints the namespaces)\n"
		   "  --fire [N]    send the scenario's traffic N times (default 1) into it\n"
		   "  --down        delete the scenario's namespaces\n"
		   "  --prefix P    namespace prefix (default $DROPDOC_LAB_PREFIX, else dd)\n"
		   "  -t SECONDS    how long a run waits for the expected drops (default 5;\n"
		   "                --watch: until Ctrl-C)\n"
		   "  --json        JSON lines: the drops, then one \"lab\" object per scenario\n"
		   "  -v            echo every command run, to reproduce it by hand\n");
}

static int parse_count(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > LAB_FIRE_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

static bool is_scenario_word(const char *s)
{
	return !strcmp(s, "all") || lab_find(s);
}

/* --fire[=N] [N]: the optional count is the next word, unless it is a
 * scenario or an option (a negative number is a count). Returns -1 to go
 * on, else the exit code. */
static int parse_fire(int argc, char **argv, int *i, struct lab_opts *o)
{
	const char *a = argv[*i], *n = a[6] == '=' ? a + 7 : NULL;

	o->mode = LAB_FIRE;
	if (!n && *i + 1 < argc && !is_scenario_word(argv[*i + 1]) &&
	    (argv[*i + 1][0] != '-' || (argv[*i + 1][1] >= '0' && argv[*i + 1][1] <= '9')))
		n = argv[++*i];
	if (n && parse_count(n, &o->fire_n)) {
		fprintf(stderr, "dropdoc: lab: bad --fire count '%s' (want 1..%d)\n", n,
			LAB_FIRE_MAX);
		return EXIT_USAGE;
	}
	return -1;
}

/* --prefix P, -t SECONDS. Returns -1 to go on, else the exit code. */
static int parse_value(int argc, char **argv, int *i, struct lab_opts *o)
{
	const char *a = argv[*i];
	char *end;

	if (*i + 1 >= argc) {
		fprintf(stderr, "dropdoc: lab: %s needs a value\n", a);
		return EXIT_USAGE;
	}
	if (a[1] != 't') {
		o->prefix = argv[++*i];
		return -1;
	}
	o->seconds = strtod(argv[++*i], &end);
	if (*end || end == argv[*i] || !(o->seconds > 0 && o->seconds <= 3600)) {
		fprintf(stderr, "dropdoc: lab: bad -t '%s' (want seconds, >0)\n", argv[*i]);
		return EXIT_USAGE;
	}
	return -1;
}

/* What the words said, taken together. Returns -1 or the exit code. */
static int check_opts(const struct lab_opts *o, int modes)
{
	const char *err = NULL;

	if (modes > 1)
		err = "--watch, --up, --fire and --down exclude each other";
	else if (modes && !o->name)
		err = "--watch, --up, --fire and --down need a SCENARIO";
	if (err) {
		fprintf(stderr, "dropdoc: lab: %s\n", err);
		return EXIT_USAGE;
	}
	if (o->name && !is_scenario_word(o->name)) {
		fprintf(stderr,
			"dropdoc: lab: unknown scenario '%s' (run 'dropdoc lab' for the list)\n",
			o->name);
		return EXIT_USAGE;
	}
	if (lab_check_prefix(o->prefix)) {
		fprintf(stderr, "dropdoc: lab: bad prefix '%s' (want 1-24 of [A-Za-z0-9_.-])\n",
			o->prefix);
		return EXIT_USAGE;
	}
	return -1;
}

/* Returns -1 to go on, else the exit code to return. */
static int lab_parse(int argc, char **argv, struct lab_opts *o)
{
	int modes = 0, rc = -1;

	for (int i = 1; i < argc && rc < 0; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			lab_usage(stdout);
			rc = EXIT_OK;
		} else if (!strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o->verbose = true;
		} else if (!strcmp(a, "--watch")) {
			o->mode = LAB_WATCH, modes++;
		} else if (!strcmp(a, "--up")) {
			o->mode = LAB_UP, modes++;
		} else if (!strcmp(a, "--down")) {
			o->mode = LAB_DOWN, modes++;
		} else if (!strcmp(a, "--fire") || !strncmp(a, "--fire=", 7)) {
			modes++;
			rc = parse_fire(argc, argv, &i, o);
		} else if (!strcmp(a, "--prefix") || !strcmp(a, "-t")) {
			rc = parse_value(argc, argv, &i, o);
		} else if (a[0] == '-') {
			fprintf(stderr, "dropdoc: lab: unknown option '%s' (try --help)\n", a);
			rc = EXIT_USAGE;
		} else if (!o->name) {
			o->name = a;
		} else {
			fprintf(stderr, "dropdoc: lab: unexpected argument '%s'\n", a);
			rc = EXIT_USAGE;
		}
	}
	return rc >= 0 ? rc : check_opts(o, modes);
}

static void lab_list(const struct lab_opts *o)
{
	for (size_t i = 0; i < lab_count(); i++)
		out_lab_scenario(stdout, o->json, lab_scenario_at(i)->name,
				 lab_scenario_at(i)->seed, lab_scenario_at(i)->story);
}

/* A full run's state, shared with the pipeline's hooks. */
struct lab_run {
	const struct lab_ctx *ctx;
	const struct lab_scenario *sc;
	struct lab_result res;
	bool fire; /* false: --watch, the user sends the traffic */
	bool json;
	int fire_rc;
	char fire_err[256];
};

static void lab_on_ready(void *arg)
{
	struct lab_run *r = arg;

	if (!r->fire) {
		if (!r->json) {
			printf(
			    "watching; send the traffic with 'dropdoc lab %s --fire --prefix %s', "
			    "Ctrl-C ends\n",
			    r->sc->name, r->ctx->prefix);
			fflush(stdout);
		}
		return;
	}
	r->fire_rc = lab_fire(r->ctx, r->sc, LAB_RUN_ROUNDS, r->fire_err, sizeof(r->fire_err));
	if (r->fire_rc && !sig_stop)
		sig_stop = LAB_DONE;
}

static void lab_on_drop(const struct drop_record *d, void *arg)
{
	struct lab_run *r = arg;

	lab_match(r->ctx, r->sc, d, &r->res);
	if (r->res.missing == 0 && !sig_stop)
		sig_stop = LAB_DONE; /* everything expected was seen */
}

static void lab_on_finding(const struct finding *f, void *arg)
{
	struct lab_run *r = arg;

	lab_match_finding(r->ctx, r->sc, f, &r->res);
	if (r->res.missing == 0 && !sig_stop)
		sig_stop = LAB_DONE;
}

/* The verdict of a run, as out_lab prints it. */
static void lab_print(const struct lab_ctx *ctx, const struct lab_run *r)
{
	struct out_lab_expect v[LAB_MAX_EXPECT];
	char ns[LAB_MAX_EXPECT][LAB_NAME_MAX];
	struct out_lab_result res = {.scenario = r->sc->name,
				     .seed = r->sc->seed,
				     .v = v,
				     .n = r->res.nexpect,
				     .found = r->res.found,
				     .missing = r->res.missing};

	for (int i = 0; i < r->res.nexpect; i++) {
		const struct lab_expect *e = &r->sc->expect[i];

		if (lab_ns_name(ctx, r->sc, e->role, ns[i], sizeof(ns[i])))
			ns[i][0] = '\0';
		v[i] = (struct out_lab_expect){
		    .reason = e->reason,
		    .finding = e->finding,
		    .out_dev = e->out_dev,
		    .location = e->location,
		    .family = e->family,
		    .netns_name = ns[i],
		    .dev = e->dev,
		    .src = e->src,
		    .dst = e->dst,
		    .sport = e->sport,
		    .dport = e->dport,
		    .count = r->res.count[i],
		};
	}
	out_lab_result(stdout, r->json, &res);
}

/* up -> watch the drop namespace while firing -> verdicts -> down. */
static int lab_run_one(const struct lab_opts *o, const struct lab_ctx *ctx,
		       const struct lab_scenario *sc)
{
	struct lab_run run = {.ctx = ctx, .sc = sc, .fire = o->mode == LAB_RUN, .json = o->json};
	char ns[LAB_NAME_MAX], err[256] = "", derr[256] = "";
	struct drops_opts d = {
	    .live =
		{
		    .filter = sc->filter,
		    .netns = ns,
		    .seconds = o->seconds >= 0	      ? o->seconds
			       : o->mode == LAB_WATCH ? 0
						      : LAB_RUN_SECONDS,
		    .json = o->json,
		    .verbose = o->verbose,
		    .out = stdout,
		    .on_ready = lab_on_ready,
		    .on_drop = lab_on_drop,
		    .arg = &run,
		    .stop = &sig_stop,
		},
	};
	struct trace_opts t = {
	    .live = d.live,
	    .keep_hooks = true, /* a scenario's few packets: every hop, always */
	    .on_finding = lab_on_finding,
	};
	int rc, drc;

	t.live.netns = NULL;		    /* a journey is followed through every namespace */
	lab_result_init(ctx, sc, &run.res); /* all missing, should setup fail */
	if (!o->json) {
		if (strcmp(sc->seed, "-"))
			printf("== %s (seed %s): %s\n", sc->name, sc->seed, sc->story);
		else
			printf("== %s: %s\n", sc->name, sc->story);
		fflush(stdout);
	}
	rc = lab_ns_name(ctx, sc, sc->drop_role, ns, sizeof(ns));
	if (!rc)
		rc = lab_up(ctx, sc, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "dropdoc: lab: %s: %s\n", sc->name, err);
		return EXIT_FAIL;
	}
	/* the namespaces are new: let the pipeline name them at once */
	netns_names_reset();
	lab_result_init(ctx, sc, &run.res);
	if (lab_interrupted())
		drc = EXIT_FAIL;
	else if (sc->watch == LAB_WATCH_TRACE)
		drc = cmd_exit_errno(trace_run(&t, derr, sizeof(derr)));
	else
		drc = cmd_exit_errno(drops_run(&d, derr, sizeof(derr)));
	if (sig_stop == LAB_DONE)
		sig_stop = 0;
	rc = lab_down(ctx, sc, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "dropdoc: lab: %s: teardown: %s\n", sc->name, err);
	if (drc != EXIT_OK) {
		if (derr[0])
			fprintf(stderr, "dropdoc: lab: %s: %s\n", sc->name, derr);
		return drc;
	}
	if (run.fire_rc)
		fprintf(stderr, "dropdoc: lab: %s: %s\n", sc->name, run.fire_err);
	lab_print(ctx, &run);
	fflush(stdout);
	return run.res.missing || run.fire_rc || lab_interrupted() ? EXIT_FAIL : EXIT_OK;
}

/* The namespaces of a scenario that is up: one name per line, or one
 * {"type":"lab_up","scenario":...,"netns":{"role":"name",...}} object. */
static void lab_print_up(const struct lab_opts *o, const struct lab_ctx *ctx,
			 const struct lab_scenario *sc)
{
	char ns[LAB_MAX_ROLES][LAB_NAME_MAX];
	const char *roles[LAB_MAX_ROLES], *names[LAB_MAX_ROLES];
	int n = 0;

	for (int i = 0; i < LAB_MAX_ROLES && sc->roles[i]; i++) {
		if (lab_ns_name(ctx, sc, sc->roles[i], ns[n], sizeof(ns[n])))
			continue;
		roles[n] = sc->roles[i];
		names[n] = ns[n];
		n++;
	}
	out_lab_up(stdout, o->json, sc->name, roles, names, n);
	fflush(stdout);
}

static int lab_step_one(const struct lab_opts *o, const struct lab_ctx *ctx,
			const struct lab_scenario *sc)
{
	char err[256] = "";
	int rc;

	switch (o->mode) {
	case LAB_UP:
		rc = lab_up(ctx, sc, err, sizeof(err));
		if (rc)
			break;
		lab_print_up(o, ctx, sc);
		return EXIT_OK;
	case LAB_FIRE:
		if (!lab_is_up(ctx, sc)) {
			fprintf(stderr, "dropdoc: lab: %s is not up (run 'dropdoc lab %s --up')\n",
				sc->name, sc->name);
			return EXIT_FAIL;
		}
		rc = lab_fire(ctx, sc, o->fire_n, err, sizeof(err));
		break;
	case LAB_DOWN:
		rc = lab_down(ctx, sc, err, sizeof(err));
		if (rc > 0)
			rc = 0;
		break;
	default:
		return lab_run_one(o, ctx, sc);
	}
	if (rc) {
		fprintf(stderr, "dropdoc: lab: %s: %s\n", sc->name, err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cmd_lab(int argc, char **argv)
{
	struct lab_opts o = {.fire_n = 1, .seconds = -1};
	struct lab_ctx ctx = {.stop = &sig_stop};
	int rc, worst = EXIT_OK;

	o.prefix = getenv("DROPDOC_LAB_PREFIX");
	if (!o.prefix || !*o.prefix)
		o.prefix = LAB_DEFAULT_PREFIX;
	rc = lab_parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (!o.name) {
		lab_list(&o);
		return EXIT_OK;
	}
	ctx.prefix = o.prefix;
	ctx.trace = o.verbose ? stderr : NULL;
	sig_install();
	for (size_t i = 0; i < lab_count() && !lab_interrupted() && !lab_output_gone(); i++) {
		const struct lab_scenario *sc = lab_scenario_at(i);

		if (strcmp(o.name, "all") && strcmp(o.name, sc->name))
			continue;
		rc = lab_step_one(&o, &ctx, sc);
		if (rc != EXIT_OK && worst == EXIT_OK)
			worst = rc;
	}
	if (lab_output_gone())
		return EXIT_OK;
	if (lab_interrupted() && worst == EXIT_OK)
		worst = EXIT_FAIL;
	return worst;
}
