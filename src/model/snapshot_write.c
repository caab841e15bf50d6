// SPDX-License-Identifier: GPL-2.0
/* snapshot: writing models as JSON. Numbers that name things (route type,
 * scope, protocol, table, rule action, XDP mode) are written as words. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <json-c/json.h>

#include "model/snapshot.h"

typedef const char *(*name_fn)(unsigned v, char *buf, size_t len);

static void put_int(json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static void put_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void put_name(json_object *o, const char *k, name_fn fn, unsigned v)
{
	char buf[16];

	put_str(o, k, fn(v, buf, sizeof(buf)));
}

static void put_ip(json_object *o, const char *k, uint32_t a)
{
	char buf[INET_ADDRSTRLEN];

	put_str(o, k, inet_ntop(AF_INET, &a, buf, sizeof(buf)));
}

static void put_prefix(json_object *o, const char *k, uint32_t a, unsigned len)
{
	char buf[INET_ADDRSTRLEN + 4];

	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
	snprintf(buf + strlen(buf), 5, "/%u", len);
	put_str(o, k, buf);
}

static void put_hw(json_object *o, const char *k, const uint8_t *a, unsigned len)
{
	char buf[NETCFG_HWADDR * 3 + 1] = "";

	for (unsigned i = 0, off = 0; i < len; i++)
		off += (unsigned)snprintf(buf + off, sizeof(buf) - off, i ? ":%02x" : "%02x", a[i]);
	put_str(o, k, buf);
}

static json_object *conf_json(const struct netcfg_conf *c)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < netcfg_conf_nkeys; i++)
		put_int(o, netcfg_conf_keys[i].name,
			*(const int *)((const char *)c + netcfg_conf_keys[i].off));
	return o;
}

static json_object *link_json(const struct netcfg_link *l)
{
	json_object *o = json_object_new_object();

	put_int(o, "ifindex", l->ifindex);
	put_str(o, "name", l->name);
	put_str(o, "kind", l->kind);
	put_int(o, "type", l->type);
	put_int(o, "operstate", l->operstate);
	put_int(o, "flags", l->flags);
	put_int(o, "promiscuity", l->promiscuity);
	put_int(o, "mtu", l->mtu);
	put_int(o, "master", l->master);
	put_hw(o, "address", l->addr, l->addr_len);
	put_int(o, "link", l->link);
	put_int(o, "link_netnsid", l->link_netnsid);
	put_int(o, "peer_netns", l->peer_netns);
	put_str(o, "peer_name", l->peer_name);
	put_str(o, "peer_netns_name", l->peer_netns_name);
	put_int(o, "peer_xdp", l->peer_xdp);
	put_ip(o, "tun_local", l->tun_local);
	put_ip(o, "tun_remote", l->tun_remote);
	put_int(o, "vni", l->vni);
	put_name(o, "xdp_mode", netcfg_xdp_name, l->xdp_mode);
	put_int(o, "xdp_prog_id", l->xdp_prog_id);
	json_object_object_add(o, "conf", conf_json(&l->conf));
	return o;
}

static json_object *addr_json(const struct netcfg *cfg, const struct netcfg_addr *a)
{
	json_object *o = json_object_new_object();

	put_str(o, "dev", netcfg_ifname(cfg, a->ifindex));
	put_int(o, "ifindex", a->ifindex);
	put_prefix(o, "local", a->local, a->prefixlen);
	put_ip(o, "address", a->address);
	put_ip(o, "broadcast", a->broadcast);
	put_name(o, "scope", netcfg_scope_name, a->scope);
	put_int(o, "flags", a->flags);
	put_str(o, "label", a->label);
	return o;
}

static json_object *route_json(const struct netcfg *cfg, const struct netcfg_route *r)
{
	json_object *o = json_object_new_object(), *nhs = json_object_new_array();

	put_name(o, "table", netcfg_table_name, r->table);
	put_name(o, "type", netcfg_rtype_name, r->type);
	put_prefix(o, "dst", r->dst, r->dst_len);
	put_int(o, "tos", r->tos);
	put_name(o, "scope", netcfg_scope_name, r->scope);
	put_name(o, "proto", netcfg_proto_name, r->proto);
	put_ip(o, "prefsrc", r->prefsrc);
	put_int(o, "metric", r->metric);
	put_int(o, "flags", r->flags);
	for (int i = 0; i < r->nh_count; i++) {
		json_object *n = json_object_new_object();

		put_str(n, "dev", r->nh[i].ifindex ? netcfg_ifname(cfg, r->nh[i].ifindex) : "");
		put_int(n, "ifindex", r->nh[i].ifindex);
		put_ip(n, "gw", r->nh[i].gw);
		put_int(n, "weight", r->nh[i].weight);
		put_int(n, "flags", r->nh[i].flags);
		json_object_array_add(nhs, n);
	}
	json_object_object_add(o, "nexthops", nhs);
	return o;
}

static json_object *rule_json(const struct netcfg_rule *r)
{
	json_object *o = json_object_new_object();

	put_int(o, "priority", r->priority);
	put_name(o, "action", netcfg_action_name, r->action);
	put_name(o, "table", netcfg_table_name, r->table);
	put_prefix(o, "src", r->src, r->src_len);
	put_prefix(o, "dst", r->dst, r->dst_len);
	put_int(o, "tos", r->tos);
	put_int(o, "flags", r->flags);
	put_int(o, "fwmark", r->fwmark);
	put_int(o, "fwmask", r->fwmask);
	put_int(o, "goto", r->goto_target);
	put_int(o, "suppress_prefixlen", r->suppress_prefixlen);
	put_int(o, "suppress_ifgroup", r->suppress_ifgroup);
	put_str(o, "iif", r->iif);
	put_str(o, "oif", r->oif);
	json_object_object_add(o, "unmodeled", json_object_new_boolean(r->unmodeled));
	return o;
}

static json_object *neigh_json(const struct netcfg *cfg, const struct netcfg_neigh *n)
{
	json_object *o = json_object_new_object();

	put_str(o, "dev", netcfg_ifname(cfg, n->ifindex));
	put_int(o, "ifindex", n->ifindex);
	put_ip(o, "dst", n->dst);
	put_hw(o, "lladdr", n->lladdr, n->lladdr_len);
	put_int(o, "state", n->state);
	put_int(o, "flags", n->flags);
	return o;
}

#define ARRAY_JSON(o, key, arr, n, expr)                                                           \
	do {                                                                                       \
		json_object *_a = json_object_new_array();                                         \
		for (size_t _i = 0; _i < (n); _i++) {                                              \
			const __typeof__((arr)[0]) *it = &(arr)[_i];                               \
			json_object_array_add(_a, expr);                                           \
		}                                                                                  \
		json_object_object_add(o, key, _a);                                                \
	} while (0)

static json_object *netns_json(const struct netcfg *cfg)
{
	json_object *o = json_object_new_object(), *conf = json_object_new_object();

	put_int(o, "inode", cfg->netns_inode);
	put_str(o, "name", cfg->netns_name);
	put_int(o, "ip_forward", cfg->ip_forward);
	json_object_object_add(conf, "all", conf_json(&cfg->all));
	json_object_object_add(conf, "default", conf_json(&cfg->deflt));
	json_object_object_add(o, "conf", conf);
	ARRAY_JSON(o, "links", cfg->links, cfg->n_links, link_json(it));
	ARRAY_JSON(o, "addrs", cfg->addrs, cfg->n_addrs, addr_json(cfg, it));
	ARRAY_JSON(o, "routes", cfg->routes, cfg->n_routes, route_json(cfg, it));
	ARRAY_JSON(o, "rules", cfg->rules, cfg->n_rules, rule_json(it));
	ARRAY_JSON(o, "neighs", cfg->neighs, cfg->n_neighs, neigh_json(cfg, it));
	return o;
}

int snapshot_write(FILE *f, struct netcfg *const *ns, size_t n)
{
	char host[64] = "", when[40];
	time_t now = time(NULL);
	struct tm tm;

	gethostname(host, sizeof(host) - 1);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	return snapshot_write_as(f, ns, n, host, when);
}

int snapshot_write_as(FILE *f, struct netcfg *const *ns, size_t n, const char *host,
		      const char *when)
{
	json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	int err = 0;

	put_str(doc, "format", SNAPSHOT_FORMAT);
	put_int(doc, "version", SNAPSHOT_VERSION);
	put_str(doc, "host", host);
	put_str(doc, "created", when);
	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, netns_json(ns[i]));
	json_object_object_add(doc, "netns", arr);
	if (fprintf(f, "%s\n",
		    json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_PRETTY_TAB |
							    JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
		err = -errno;
	json_object_put(doc);
	if (!err && fflush(f))
		err = -errno;
	return err;
}
