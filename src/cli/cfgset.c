// SPDX-License-Identifier: GPL-2.0
/* cfgset: loading the models a command asked for. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cfgset.h"
#include "host/netns.h"
#include "model/snapshot.h"

static int from_snapshot(const struct cfgset_opts *o, struct cfgset *out, char *err, size_t errlen)
{
	struct snapshot s;
	int ret = snapshot_read(o->snapshot, &s, err, errlen);

	if (ret)
		return ret;
	if (o->netns) {
		struct netcfg *c = snapshot_find(&s, o->netns);

		if (!c) {
			snprintf(err, errlen, "no namespace \"%s\" in snapshot %s", o->netns,
				 o->snapshot);
			snapshot_free(&s);
			return -ENOENT;
		}
		out->ns = calloc(1, sizeof(*out->ns));
		if (!out->ns) {
			snapshot_free(&s);
			return -ENOMEM;
		}
		out->ns[0] = netcfg_ref(c);
		out->n = 1;
		snapshot_free(&s);
		return 0;
	}
	out->ns = s.ns; /* take them all */
	out->n = s.n;
	return 0;
}

static int add_live(struct cfgset *out, int fd, char *err, size_t errlen)
{
	struct netcfg *cfg, **p;
	int ret = netcfg_load(fd, &cfg, err, errlen);

	if (ret)
		return ret;
	p = realloc(out->ns, (out->n + 1) * sizeof(*p));
	if (!p) {
		netcfg_unref(cfg);
		return -ENOMEM;
	}
	out->ns = p;
	out->ns[out->n++] = cfg;
	return 0;
}

int cfgset_load(const struct cfgset_opts *o, struct cfgset *out, char *err, size_t errlen)
{
	struct netns_ref ref = {.fd = -1};
	int ret;

	memset(out, 0, sizeof(*out));
	out->nsfd = -1;
	if (o->snapshot)
		return from_snapshot(o, out, err, errlen);
	out->live = true;
	if (o->all) {
		struct netns_ref *list;
		size_t n;

		ret = netns_list_all(&list, &n);
		if (ret) {
			snprintf(err, errlen, "cannot list network namespaces: %s", strerror(-ret));
			return ret;
		}
		for (size_t i = 0; i < n && !ret; i++)
			ret = add_live(out, list[i].fd, err, errlen);
		netns_list_free(list, n);
		if (ret)
			cfgset_free(out);
		return ret;
	}
	ret = o->netns ? netns_resolve(o->netns, &ref) : netns_self(&ref);
	if (ret) {
		snprintf(err, errlen, "%s: %s", o->netns ? o->netns : "own namespace",
			 ret == -ENOENT ? "no such network namespace" : strerror(-ret));
		return ret;
	}
	ret = add_live(out, ref.fd, err, errlen);
	if (ret) {
		netns_ref_close(&ref);
		cfgset_free(out);
		return ret;
	}
	if (!out->ns[0]->netns_name[0] && ref.name[0])
		snprintf(out->ns[0]->netns_name, sizeof(out->ns[0]->netns_name), "%s", ref.name);
	out->nsfd = ref.fd;
	return 0;
}

void cfgset_free(struct cfgset *s)
{
	for (size_t i = 0; i < s->n; i++)
		netcfg_unref(s->ns[i]);
	free(s->ns);
	if (s->nsfd >= 0)
		close(s->nsfd);
	memset(s, 0, sizeof(*s));
	s->nsfd = -1;
}

int cfgset_opt(int c, const char *arg, struct cfgset_opts *o, bool *json)
{
	switch (c) {
	case 'n':
		o->netns = arg;
		return 1;
	case 'A':
		o->all = true;
		return 1;
	case 'S':
		o->snapshot = arg;
		return 1;
	case 'j':
		*json = true;
		return 1;
	default:
		return 0;
	}
}

int cfgset_opts_check(const struct cfgset_opts *o, int argc, char **argv, int optind, char *err,
		      size_t errlen)
{
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	if (o->all && o->netns) {
		snprintf(err, errlen, "-n and --all-netns exclude each other");
		return -EINVAL;
	}
	return 0;
}
