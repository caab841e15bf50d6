// SPDX-License-Identifier: GPL-2.0
/* snapshot: reading. Every field is optional and takes the model's default
 * when missing (so fixtures can be written by hand: a route may name its
 * device with "dev" instead of "ifindex"), but a field that is present with
 * the wrong type or an impossible value is an error naming the field. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <json-c/json.h>

#include "model/snapshot.h"

typedef int (*parse_fn)(const char *s, unsigned *v);

struct rd {
	char *err;
	size_t errlen;
	int ret;
	const char *where; /* "links[2]" */
	char wbuf[48];
};

__attribute__((format(printf, 2, 3))) static void fail(struct rd *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->ret)
		return;
	r->ret = -EINVAL;
	n = snprintf(r->err, r->errlen, "snapshot: %s: ", r->where);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static json_object *field(json_object *o, const char *k)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

static int64_t jint(struct rd *r, json_object *o, const char *k, int64_t dflt, int64_t min,
		    int64_t max)
{
	json_object *v = field(o, k);
	int64_t x;

	if (!v)
		return dflt;
	if (!json_object_is_type(v, json_type_int)) {
		fail(r, "\"%s\" must be an integer", k);
		return dflt;
	}
	x = json_object_get_int64(v);
	if (x < min || x > max) {
		fail(r, "\"%s\" out of range (%lld)", k, (long long)x);
		return dflt;
	}
	return x;
}

static const char *jstr(struct rd *r, json_object *o, const char *k)
{
	json_object *v = field(o, k);

	if (!v)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		fail(r, "\"%s\" must be a string", k);
		return NULL;
	}
	return json_object_get_string(v);
}

static void jname(struct rd *r, json_object *o, const char *k, char *dst, size_t len)
{
	const char *s = jstr(r, o, k);

	if (!s)
		return;
	if (strlen(s) >= len)
		fail(r, "\"%s\" too long", k);
	else
		snprintf(dst, len, "%s", s);
}

static unsigned jenum(struct rd *r, json_object *o, const char *k, parse_fn fn, unsigned dflt,
		      unsigned max)
{
	const char *s = jstr(r, o, k);
	unsigned v;

	if (!s)
		return dflt;
	if (fn(s, &v) < 0 || v > max) {
		fail(r, "\"%s\": unknown value \"%s\"", k, s);
		return dflt;
	}
	return v;
}

static uint32_t jip(struct rd *r, json_object *o, const char *k)
{
	const char *s = jstr(r, o, k);
	struct in_addr a;

	if (!s)
		return 0;
	if (inet_pton(AF_INET, s, &a) != 1) {
		fail(r, "\"%s\": not an IPv4 address: \"%s\"", k, s);
		return 0;
	}
	return a.s_addr;
}

static uint32_t jprefix(struct rd *r, json_object *o, const char *k, uint8_t *len)
{
	const char *s = jstr(r, o, k), *slash;
	char buf[INET_ADDRSTRLEN];
	struct in_addr a;
	char *end;
	long l = 32;

	*len = 0;
	if (!s)
		return 0;
	slash = strchr(s, '/');
	if (slash) {
		l = strtol(slash + 1, &end, 10);
		if (*end || end == slash + 1 || l < 0 || l > 32)
			goto bad;
	}
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - s) : (int)strlen(s), s);
	if (inet_pton(AF_INET, buf, &a) != 1)
		goto bad;
	*len = (uint8_t)l;
	return a.s_addr;
bad:
	fail(r, "\"%s\": not an IPv4 prefix: \"%s\"", k, s);
	return 0;
}

static uint8_t jhw(struct rd *r, json_object *o, const char *k, uint8_t *dst)
{
	const char *s = jstr(r, o, k);
	unsigned n = 0, b;
	int used;

	if (!s || !*s)
		return 0;
	while (n < NETCFG_HWADDR && sscanf(s, "%2x%n", &b, &used) == 1 && used == 2) {
		dst[n++] = (uint8_t)b;
		s += used;
		if (!*s)
			return (uint8_t)n;
		if (*s++ != ':')
			break;
	}
	fail(r, "\"%s\": not a hardware address", k);
	return 0;
}

static json_object *jarray(struct rd *r, json_object *o, const char *k)
{
	json_object *v = field(o, k);

	if (v && !json_object_is_type(v, json_type_array)) {
		fail(r, "\"%s\" must be an array", k);
		return NULL;
	}
	return v;
}

static void conf_read(struct rd *r, json_object *o, struct netcfg_conf *c)
{
	if (!o)
		return;
	if (!json_object_is_type(o, json_type_object)) {
		fail(r, "\"conf\" must be an object");
		return;
	}
	for (size_t i = 0; i < netcfg_conf_nkeys; i++) {
		int *v = (int *)((char *)c + netcfg_conf_keys[i].off);

		*v = (int)jint(r, o, netcfg_conf_keys[i].name, -1, -1, 0x7fffffff);
	}
}

/* ifindex of an object: "ifindex", else its "dev" looked up by name. */
static int jdev(struct rd *r, const struct netcfg *cfg, json_object *o)
{
	const char *dev;
	const struct netcfg_link *l;

	if (field(o, "ifindex"))
		return (int)jint(r, o, "ifindex", 0, 0, 0x7fffffff);
	dev = jstr(r, o, "dev");
	if (!dev || !*dev)
		return 0;
	l = netcfg_link_by_name(cfg, dev);
	if (!l)
		fail(r, "\"dev\": no link named \"%s\"", dev);
	return l ? l->ifindex : 0;
}

static void link_read(struct rd *r, json_object *o, struct netcfg_link *l, size_t i)
{
	l->ifindex = (int)jint(r, o, "ifindex", (int64_t)i + 1, 1, 0x7fffffff);
	jname(r, o, "name", l->name, sizeof(l->name));
	jname(r, o, "kind", l->kind, sizeof(l->kind));
	l->type = (uint16_t)jint(r, o, "type", 1, 0, 0xffff);
	l->operstate = (uint8_t)jint(r, o, "operstate", 6, 0, 255);
	l->flags = (uint32_t)jint(r, o, "flags", 0x1043, 0, UINT32_MAX);
	l->promiscuity = (uint32_t)jint(r, o, "promiscuity", 0, 0, UINT32_MAX);
	l->mtu = (uint32_t)jint(r, o, "mtu", 1500, 0, UINT32_MAX);
	l->master = (int)jint(r, o, "master", 0, 0, 0x7fffffff);
	l->addr_len = jhw(r, o, "address", l->addr);
	l->link = (int)jint(r, o, "link", 0, 0, 0x7fffffff);
	l->link_netnsid = (int)jint(r, o, "link_netnsid", -1, -1, 0x7fffffff);
	l->peer_netns = (uint32_t)jint(r, o, "peer_netns", 0, 0, UINT32_MAX);
	jname(r, o, "peer_name", l->peer_name, sizeof(l->peer_name));
	jname(r, o, "peer_netns_name", l->peer_netns_name, sizeof(l->peer_netns_name));
	l->peer_xdp = (int)jint(r, o, "peer_xdp", -1, -1, 1);
	l->tun_local = jip(r, o, "tun_local");
	l->tun_remote = jip(r, o, "tun_remote");
	l->vni = (uint32_t)jint(r, o, "vni", 0, 0, UINT32_MAX);
	l->xdp_mode = (uint8_t)jenum(r, o, "xdp_mode", netcfg_xdp_parse, 0, 255);
	l->xdp_prog_id = (uint32_t)jint(r, o, "xdp_prog_id", 0, 0, UINT32_MAX);
	conf_read(r, field(o, "conf"), &l->conf);
}

static void addr_read(struct rd *r, const struct netcfg *cfg, json_object *o, struct netcfg_addr *a)
{
	a->ifindex = jdev(r, cfg, o);
	a->local = jprefix(r, o, "local", &a->prefixlen);
	a->address = field(o, "address") ? jip(r, o, "address") : a->local;
	a->broadcast = jip(r, o, "broadcast");
	a->scope = (uint8_t)jenum(r, o, "scope", netcfg_scope_parse, 0, 255);
	a->flags = (uint32_t)jint(r, o, "flags", 0x80, 0, UINT32_MAX);
	jname(r, o, "label", a->label, sizeof(a->label));
}

static void route_read(struct rd *r, const struct netcfg *cfg, json_object *o,
		       struct netcfg_route *rt)
{
	json_object *nhs = jarray(r, o, "nexthops");

	rt->table = jenum(r, o, "table", netcfg_table_parse, 254, UINT32_MAX);
	rt->type = (uint8_t)jenum(r, o, "type", netcfg_rtype_parse, 1, 255);
	rt->dst = jprefix(r, o, "dst", &rt->dst_len);
	rt->tos = (uint8_t)jint(r, o, "tos", 0, 0, 255);
	rt->scope = (uint8_t)jenum(r, o, "scope", netcfg_scope_parse, 0, 255);
	rt->proto = (uint8_t)jenum(r, o, "proto", netcfg_proto_parse, 3, 255);
	rt->prefsrc = jip(r, o, "prefsrc");
	rt->metric = (uint32_t)jint(r, o, "metric", 0, 0, UINT32_MAX);
	rt->flags = (uint32_t)jint(r, o, "flags", 0, 0, UINT32_MAX);
	for (size_t i = 0; nhs && i < json_object_array_length(nhs); i++) {
		json_object *n = json_object_array_get_idx(nhs, i);
		struct netcfg_nexthop *nh;

		if (rt->nh_count >= NETCFG_MAX_NH) {
			fail(r, "more than %d nexthops", NETCFG_MAX_NH);
			return;
		}
		nh = &rt->nh[rt->nh_count++];
		nh->ifindex = jdev(r, cfg, n);
		nh->gw = jip(r, n, "gw");
		nh->weight = (uint8_t)jint(r, n, "weight", 1, 1, 256);
		nh->flags = (uint32_t)jint(r, n, "flags", 0, 0, UINT32_MAX);
	}
}

static void rule_read(struct rd *r, json_object *o, struct netcfg_rule *ru)
{
	json_object *u = field(o, "unmodeled");

	ru->priority = (uint32_t)jint(r, o, "priority", 0, 0, UINT32_MAX);
	ru->action = (uint8_t)jenum(r, o, "action", netcfg_action_parse, 1, 255);
	ru->table = jenum(r, o, "table", netcfg_table_parse, 0, UINT32_MAX);
	ru->src = jprefix(r, o, "src", &ru->src_len);
	ru->dst = jprefix(r, o, "dst", &ru->dst_len);
	ru->tos = (uint8_t)jint(r, o, "tos", 0, 0, 255);
	ru->flags = (uint32_t)jint(r, o, "flags", 0, 0, UINT32_MAX);
	ru->fwmark = (uint32_t)jint(r, o, "fwmark", 0, 0, UINT32_MAX);
	ru->fwmask = (uint32_t)jint(r, o, "fwmask", ru->fwmark ? UINT32_MAX : 0, 0, UINT32_MAX);
	ru->goto_target = (uint32_t)jint(r, o, "goto", 0, 0, UINT32_MAX);
	ru->suppress_prefixlen = (int32_t)jint(r, o, "suppress_prefixlen", -1, -1, 0x7fffffff);
	ru->suppress_ifgroup = (int32_t)jint(r, o, "suppress_ifgroup", -1, -1, 0x7fffffff);
	jname(r, o, "iif", ru->iif, sizeof(ru->iif));
	jname(r, o, "oif", ru->oif, sizeof(ru->oif));
	if (u && !json_object_is_type(u, json_type_boolean))
		fail(r, "\"unmodeled\" must be true or false");
	ru->unmodeled = u && json_object_get_boolean(u);
}

static void neigh_read(struct rd *r, const struct netcfg *cfg, json_object *o,
		       struct netcfg_neigh *n)
{
	n->ifindex = jdev(r, cfg, o);
	n->dst = jip(r, o, "dst");
	n->lladdr_len = jhw(r, o, "lladdr", n->lladdr);
	n->state = (uint16_t)jint(r, o, "state", 0x02, 0, 0xffff);
	n->flags = (uint8_t)jint(r, o, "flags", 0, 0, 255);
}

/* Runs body for each element of array key, with r->where naming it. */
#define EACH(r, o, key, body)                                                                      \
	do {                                                                                       \
		json_object *_arr = jarray(r, o, key);                                             \
		for (size_t i = 0; _arr && !(r)->ret && i < json_object_array_length(_arr); i++) { \
			json_object *el = json_object_array_get_idx(_arr, i);                      \
			snprintf((r)->wbuf, sizeof((r)->wbuf), "%s[%zu]", key, i);                 \
			(r)->where = (r)->wbuf;                                                    \
			if (!json_object_is_type(el, json_type_object)) {                          \
				fail(r, "must be an object");                                      \
				break;                                                             \
			}                                                                          \
			body;                                                                      \
		}                                                                                  \
	} while (0)

#define ADD(r, expr)                                                                               \
	({                                                                                         \
		__typeof__(expr) _p = (expr);                                                      \
		if (!_p && !(r)->ret) {                                                            \
			(r)->ret = -ENOMEM;                                                        \
			snprintf((r)->err, (r)->errlen, "out of memory");                          \
		}                                                                                  \
		_p;                                                                                \
	})

static struct netcfg *netns_read(struct rd *r, json_object *o)
{
	struct netcfg *cfg = netcfg_new();
	json_object *conf = field(o, "conf");
	void *p;

	if (!cfg) {
		r->ret = -ENOMEM;
		return NULL;
	}
	cfg->netns_inode = (uint32_t)jint(r, o, "inode", 0, 0, UINT32_MAX);
	jname(r, o, "name", cfg->netns_name, sizeof(cfg->netns_name));
	cfg->ip_forward = (int)jint(r, o, "ip_forward", -1, -1, 1);
	if (conf) {
		conf_read(r, field(conf, "all"), &cfg->all);
		conf_read(r, field(conf, "default"), &cfg->deflt);
	}
	EACH(r, o, "links", if ((p = ADD(r, netcfg_add_link(cfg)))) link_read(r, el, p, i));
	netcfg_sort(cfg);
	EACH(r, o, "addrs", if ((p = ADD(r, netcfg_add_addr(cfg)))) addr_read(r, cfg, el, p));
	EACH(r, o, "routes", if ((p = ADD(r, netcfg_add_route(cfg)))) route_read(r, cfg, el, p));
	EACH(r, o, "rules", if ((p = ADD(r, netcfg_add_rule(cfg)))) rule_read(r, el, p));
	EACH(r, o, "neighs", if ((p = ADD(r, netcfg_add_neigh(cfg)))) neigh_read(r, cfg, el, p));
	netcfg_sort(cfg);
	if (r->ret) {
		netcfg_unref(cfg);
		return NULL;
	}
	return cfg;
}

int snapshot_is_format_error(int err)
{
	return err == -ENODATA || err == -EBADMSG || err == -EPROTONOSUPPORT || err == -EINVAL;
}

void snapshot_free(struct snapshot *s)
{
	for (size_t i = 0; i < s->n; i++)
		netcfg_unref(s->ns[i]);
	free(s->ns);
	memset(s, 0, sizeof(*s));
}

static int doc_read(struct rd *r, json_object *doc, struct snapshot *out)
{
	const char *fmt;
	int64_t ver;
	json_object *arr;

	r->where = "top level";
	if (!json_object_is_type(doc, json_type_object) || !(fmt = jstr(r, doc, "format")) ||
	    strcmp(fmt, SNAPSHOT_FORMAT)) {
		snprintf(r->err, r->errlen, "not a dropdoc snapshot (no \"format\":\"%s\")",
			 SNAPSHOT_FORMAT);
		return -EBADMSG;
	}
	ver = jint(r, doc, "version", -1, INT64_MIN, INT64_MAX);
	if (r->ret)
		return r->ret;
	if (ver != SNAPSHOT_VERSION) {
		snprintf(r->err, r->errlen, "snapshot version %lld; this dropdoc reads version %d",
			 (long long)ver, SNAPSHOT_VERSION);
		return -EPROTONOSUPPORT;
	}
	jname(r, doc, "host", out->host, sizeof(out->host));
	jname(r, doc, "created", out->created, sizeof(out->created));
	arr = jarray(r, doc, "netns");
	if (!arr && !r->ret)
		fail(r, "no \"netns\" array");
	if (r->ret)
		return r->ret;
	out->ns = calloc(json_object_array_length(arr) + 1, sizeof(*out->ns));
	if (!out->ns)
		return -ENOMEM;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *el = json_object_array_get_idx(arr, i);
		struct netcfg *cfg;

		snprintf(r->wbuf, sizeof(r->wbuf), "netns[%zu]", i);
		r->where = r->wbuf;
		if (!json_object_is_type(el, json_type_object)) {
			fail(r, "must be an object");
			return r->ret;
		}
		cfg = netns_read(r, el);
		if (!cfg)
			return r->ret ? r->ret : -ENOMEM;
		out->ns[out->n++] = cfg;
	}
	return 0;
}

int snapshot_parse(const char *text, size_t len, struct snapshot *out, char *err, size_t errlen)
{
	struct rd r = {.err = err, .errlen = errlen, .where = "top level"};
	json_tokener *tok = json_tokener_new();
	json_object *doc;
	enum json_tokener_error jerr;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!tok)
		return -ENOMEM;
	doc = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!doc && (jerr == json_tokener_continue || len == 0)) {
		snprintf(err, errlen, "snapshot is truncated (JSON ends after %zu bytes)", len);
		ret = -ENODATA;
	} else if (!doc) {
		snprintf(err, errlen, "snapshot is not valid JSON: %s at byte %zu",
			 json_tokener_error_desc(jerr), json_tokener_get_parse_end(tok));
		ret = -EBADMSG;
	} else if (json_tokener_get_parse_end(tok) < len &&
		   strspn(text + json_tokener_get_parse_end(tok), " \t\r\n") !=
		       len - json_tokener_get_parse_end(tok)) {
		snprintf(err, errlen, "snapshot has trailing garbage at byte %zu",
			 json_tokener_get_parse_end(tok));
		ret = -EBADMSG;
	} else {
		ret = doc_read(&r, doc, out);
	}
	json_object_put(doc);
	json_tokener_free(tok);
	if (ret)
		snapshot_free(out);
	return ret;
}

int snapshot_read(const char *path, struct snapshot *out, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open snapshot %s: %s", path, strerror(errno));
		return ret;
	}
	for (;;) {
		ssize_t n;

		if (len + 4096 > cap) {
			char *p = realloc(buf, cap = cap * 2 + 65536);

			if (!p) {
				ret = -ENOMEM;
				goto cleanup;
			}
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			ret = -errno;
			snprintf(err, errlen, "cannot read snapshot %s: %s", path, strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	ret = snapshot_parse(buf ? buf : "", len, out, err, errlen);
cleanup:
	free(buf);
	close(fd);
	return ret;
}

struct netcfg *snapshot_find(const struct snapshot *s, const char *spec)
{
	if (!spec)
		return s->n == 1 ? s->ns[0] : NULL;
	for (size_t i = 0; i < s->n; i++) {
		char ino[16];

		snprintf(ino, sizeof(ino), "%u", s->ns[i]->netns_inode);
		if (!strcmp(s->ns[i]->netns_name, spec) || !strcmp(ino, spec))
			return s->ns[i];
	}
	return NULL;
}
