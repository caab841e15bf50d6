// SPDX-License-Identifier: GPL-2.0
/* dropdoc exporter [--listen ADDR:PORT]: drop counters for Prometheus. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "live/exporter.h"
#include "out/httpd.h"
#include "out/out.h"
#include "live/sig.h"

#define DEFAULT_LISTEN "127.0.0.1:9796"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dropdoc exporter [OPTIONS]\n"
		"Serve the kernel's drop counters (counted in the kernel by reason, location,\n"
		"device and namespace) to Prometheus at http://ADDR:PORT/metrics.\n\n"
		"  -l, --listen ADDR:PORT  where to listen (default " DEFAULT_LISTEN
		"; ':PORT' for\n"
		"                          every address, '[::1]:PORT' for IPv6)\n"
		"      --max-series N      label sets served before the rest is summed into\n"
		"                          reason=\"other\" (default %d)\n"
		"      --expire SECONDS    how long the series of a namespace or device that is\n"
		"                          gone are still served (default %d)\n"
		"  -v, --verbose           show libbpf's messages\n",
		EXPORTER_MAX_SERIES, EXPORTER_EXPIRE);
}

/* Scrapes that arrive together (handled in one turn of the serving loop)
 * share one rendering: a burst of scrapes costs one walk of the kernel's
 * table, not one each; a scrape in a later turn gets a fresh page. */
struct serve {
	struct exporter *ex;
	char *page; /* the last rendering */
	size_t len;
	unsigned long turn, page_turn;
};

static void on_get(void *arg, const char *path, struct httpd_reply *r)
{
	struct serve *s = arg;
	struct prom_buf b = {0};

	if (!strcmp(path, "/metrics")) {
		if (!s->page || s->page_turn != s->turn) {
			exporter_scrape(s->ex, &b);
			free(s->page);
			s->page = b.data;
			s->len = b.len;
			s->page_turn = s->turn;
		}
		r->content_type = PROM_CONTENT_TYPE;
		r->body = s->page ? malloc(s->len ? s->len : 1) : NULL;
		if (r->body)
			memcpy(r->body, s->page, s->len);
		r->len = s->len;
	} else if (!strcmp(path, "/")) {
		r->body = strdup("dropdoc exporter: metrics at /metrics\n");
	} else {
		r->status = 404;
		r->body = strdup("not found; metrics at /metrics\n");
	}
}

static int number(const char *s, long min, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return !*s || *end || errno || *v < min || *v > max ? -EINVAL : 0;
}

/* The options into o and *listen: EXIT_OK, or an exit code (its error
 * printed); -1 after --help. */
static int parse(int argc, char **argv, struct exporter_opts *o, const char **listen)
{
	static const struct option lopts[] = {
	    {"listen", required_argument, NULL, 'l'}, {"max-series", required_argument, NULL, 'M'},
	    {"expire", required_argument, NULL, 'E'}, {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},	      {},
	};
	long v;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+l:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			*listen = optarg;
			break;
		case 'M':
			if (number(optarg, 1, 1000000, &v))
				return cmd_usage_error(false, "exporter", "bad --max-series '%s'",
						       optarg);
			o->max_series = (unsigned)v;
			break;
		case 'E':
			if (number(optarg, 0, 100L * 24 * 3600, &v))
				return cmd_usage_error(false, "exporter",
						       "bad --expire '%s' (seconds)", optarg);
			o->expire = v;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return cmd_bad_option(false, "exporter", argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(false, "exporter", "unexpected argument '%s'", argv[optind]);
	return EXIT_OK;
}

/* Serves scrapes until a signal. Returns an exit code. */
static int serve(struct httpd *h, struct serve *s)
{
	int e;

	sig_install();
	while (!sig_stop) {
		s->turn++;
		e = httpd_run(h, 500);
		if (e && e != -EINTR) {
			out_error(false, EXIT_FAIL, "serving HTTP: %s", strerror(-e));
			return EXIT_FAIL;
		}
	}
	return EXIT_OK;
}

int cmd_exporter(int argc, char **argv)
{
	struct exporter_opts o = {.expire = -1};
	const char *listen = DEFAULT_LISTEN;
	struct exporter *ex = NULL;
	struct httpd *h = NULL;
	struct serve s = {0};
	char err[512] = "";
	int fd, e, rc;

	rc = parse(argc, argv, &o, &listen);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fd = httpd_listen(listen);
	if (fd == -EINVAL)
		return cmd_usage_error(
		    false, "exporter",
		    "bad --listen '%s' (ADDR:PORT, e.g. 127.0.0.1:9796, [::1]:9796 or :9796)",
		    listen);
	if (fd < 0) {
		out_error(false, EXIT_FAIL, "cannot listen on %s: %s", listen, strerror(-fd));
		return EXIT_FAIL;
	}
	e = exporter_open(&o, &ex, err, sizeof(err));
	if (e) {
		out_error(false, cmd_exit_errno(e), "%s", err);
		close(fd);
		return cmd_exit_errno(e);
	}
	s.ex = ex;
	e = httpd_start(fd, on_get, &s, &h);
	if (e) {
		out_error(false, EXIT_FAIL, "cannot serve HTTP on %s: %s", listen, strerror(-e));
		rc = EXIT_FAIL;
	} else {
		fprintf(stderr, "dropdoc: serving metrics on http://%s/metrics\n", listen);
		rc = serve(h, &s);
	}
	httpd_stop(h);
	exporter_close(ex);
	free(s.page);
	return rc;
}
