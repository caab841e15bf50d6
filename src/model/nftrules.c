// SPDX-License-Identifier: GPL-2.0
/* nftrules: `nft -j list ruleset` → the rules that drop, with their hook,
 * verdict, counter and the conditions dropdoc can evaluate. Pure. */
#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/icmperr.h"
#include "model/nftrules.h"

#define MAX_CHAINS 64
#define MAX_EDGES  128

/* A chain, and which base chain (hook) reaches it. */
struct chain {
	char family[8], table[32], name[32];
	char hook[16], base[32];
	int prio;
	char policy[8];
	int nrules; /* rules seen so far: a rule's position */
};

struct edge {
	int from, to; /* chain indexes: a jump or goto */
};

struct ruleset {
	struct chain c[MAX_CHAINS];
	int nc;
	struct edge e[MAX_EDGES];
	int ne;
};

static const char *jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *jget(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, k, &v))
		return NULL;
	return v;
}

/* Bounded copy, truncating; src may be NULL. */
static void copy(char *dst, size_t n, const char *src)
{
	size_t l = src ? strnlen(src, n - 1) : 0;

	if (l)
		memmove(dst, src, l);
	dst[l] = 0;
}

static int chain_find(const struct ruleset *rs, const char *family, const char *table,
		      const char *name)
{
	for (int i = 0; i < rs->nc; i++)
		if (!strcmp(rs->c[i].family, family) && !strcmp(rs->c[i].table, table) &&
		    !strcmp(rs->c[i].name, name))
			return i;
	return -1;
}

static void add_chain(struct ruleset *rs, struct json_object *o)
{
	struct chain *c;

	if (rs->nc == MAX_CHAINS)
		return;
	c = &rs->c[rs->nc++];
	memset(c, 0, sizeof(*c));
	copy(c->family, sizeof(c->family), jstr(o, "family"));
	copy(c->table, sizeof(c->table), jstr(o, "table"));
	copy(c->name, sizeof(c->name), jstr(o, "name"));
	copy(c->hook, sizeof(c->hook), jstr(o, "hook"));
	copy(c->policy, sizeof(c->policy), jstr(o, "policy"));
	c->prio = json_object_get_int(jget(o, "prio"));
	if (c->hook[0])
		copy(c->base, sizeof(c->base), c->name);
}

/* The verdict object of a rule's expression list, by key. */
static struct json_object *verdict_of(struct json_object *expr, const char **key)
{
	static const char *const keys[] = {"drop", "reject", "accept", "jump", "goto", "return"};
	size_t n = json_object_array_length(expr);

	for (size_t i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(expr, i), *v;

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (json_object_object_get_ex(x, keys[k], &v)) {
				*key = keys[k];
				return x;
			}
		}
		/* iptables-nft: the REJECT target stays an xt expression */
		v = jget(x, "xt");
		if (v && !strcmp(jstr(v, "type") ?: "", "target") &&
		    !strcmp(jstr(v, "name") ?: "", "REJECT")) {
			*key = "reject";
			return x;
		}
	}
	*key = NULL;
	return NULL;
}

/* Jumps and gotos, so regular chains inherit a base chain's hook. */
static void add_edges(struct ruleset *rs, struct json_object *rule)
{
	struct json_object *expr = jget(rule, "expr"), *v;
	const char *key, *fam = jstr(rule, "family"), *tab = jstr(rule, "table");
	int from, to;

	if (!expr || !fam || !tab || rs->ne == MAX_EDGES)
		return;
	v = verdict_of(expr, &key);
	if (!v || (strcmp(key, "jump") && strcmp(key, "goto")))
		return;
	from = chain_find(rs, fam, tab, jstr(rule, "chain") ? jstr(rule, "chain") : "");
	to = chain_find(rs, fam, tab, jstr(jget(v, key), "target") ?: "");
	if (from >= 0 && to >= 0)
		rs->e[rs->ne++] = (struct edge){from, to};
}

static void propagate_hooks(struct ruleset *rs)
{
	for (bool changed = true; changed;) {
		changed = false;
		for (int i = 0; i < rs->ne; i++) {
			struct chain *a = &rs->c[rs->e[i].from], *b = &rs->c[rs->e[i].to];

			if (a->hook[0] && !b->hook[0]) {
				copy(b->hook, sizeof(b->hook), a->hook);
				copy(b->base, sizeof(b->base), a->base);
				b->prio = a->prio;
				changed = true;
			}
		}
	}
}

static int l4_number(struct json_object *v)
{
	static const struct {
		const char *name;
		int num;
	} p[] = {{"tcp", IPPROTO_TCP},	     {"udp", IPPROTO_UDP},   {"icmp", IPPROTO_ICMP},
		 {"icmpv6", IPPROTO_ICMPV6}, {"sctp", IPPROTO_SCTP}, {"ipv6-icmp", IPPROTO_ICMPV6}};

	if (json_object_is_type(v, json_type_int))
		return json_object_get_int(v);
	for (size_t i = 0; json_object_is_type(v, json_type_string) && i < sizeof(p) / sizeof(p[0]);
	     i++)
		if (!strcmp(json_object_get_string(v), p[i].name))
			return p[i].num;
	return -1;
}

/* One value of a match's right side into [lo, hi]; false if not evaluable. */
static bool value_range(const struct nftrules_match *m, struct json_object *v, uint32_t *lo,
			uint32_t *hi)
{
	struct json_object *r = jget(v, "range"), *pfx = jget(v, "prefix");
	struct in_addr a;

	if (r && json_object_array_length(r) == 2)
		return value_range(m, json_object_array_get_idx(r, 0), lo, hi) &&
		       value_range(m, json_object_array_get_idx(r, 1), hi, hi);
	if (m->field == NFTR_SADDR || m->field == NFTR_DADDR) {
		int len = 32;

		if (pfx) {
			len = json_object_get_int(jget(pfx, "len"));
			v = jget(pfx, "addr");
		}
		if (!json_object_is_type(v, json_type_string) ||
		    inet_pton(AF_INET, json_object_get_string(v), &a) != 1 || len < 0 || len > 32)
			return false;
		*lo = ntohl(a.s_addr) & (len ? ~0u << (32 - len) : 0);
		*hi = *lo | (len == 32 ? 0 : ~0u >> len);
		return true;
	}
	if (m->field == NFTR_L4PROTO) {
		int p = l4_number(v);

		*lo = *hi = (uint32_t)p;
		return p >= 0;
	}
	if (m->field == NFTR_NFPROTO && json_object_is_type(v, json_type_string)) {
		*lo = *hi = !strcmp(json_object_get_string(v), "ipv6") ? 6 : 4;
		return true;
	}
	if (!json_object_is_type(v, json_type_int))
		return false;
	*lo = *hi = (uint32_t)json_object_get_int(v);
	return true;
}

static enum nftrules_field field_of(struct json_object *left, uint8_t *l4)
{
	struct json_object *p = jget(left, "payload"), *meta = jget(left, "meta");
	const char *proto = jstr(p, "protocol"), *f = jstr(p, "field"), *key = jstr(meta, "key");

	*l4 = 0;
	if (key)
		return !strcmp(key, "l4proto")	 ? NFTR_L4PROTO
		       : !strcmp(key, "nfproto") ? NFTR_NFPROTO
		       : !strcmp(key, "iifname") ? NFTR_IIFNAME
		       : !strcmp(key, "oifname") ? NFTR_OIFNAME
						 : NFTR_UNKNOWN;
	if (!proto || !f)
		return NFTR_UNKNOWN;
	if (!strcmp(proto, "ip"))
		return !strcmp(f, "saddr")	? NFTR_SADDR
		       : !strcmp(f, "daddr")	? NFTR_DADDR
		       : !strcmp(f, "protocol") ? NFTR_L4PROTO
						: NFTR_UNKNOWN;
	if (!strcmp(f, "sport") || !strcmp(f, "dport")) {
		*l4 = !strcmp(proto, "tcp") ? IPPROTO_TCP : !strcmp(proto, "udp") ? IPPROTO_UDP : 0;
		if (!*l4 && strcmp(proto, "th"))
			return NFTR_UNKNOWN;
		return f[0] == 's' ? NFTR_SPORT : NFTR_DPORT;
	}
	return NFTR_UNKNOWN;
}

/* {"match": {"op", "left", "right"}} → m; false when dropdoc cannot
 * evaluate it (named sets, ct state, marks, ...). */
static bool parse_match(struct json_object *match, struct nftrules_match *m)
{
	const char *op = jstr(match, "op");
	struct json_object *right = jget(match, "right"), *set = jget(right, "set");

	memset(m, 0, sizeof(*m));
	m->field = (uint8_t)field_of(jget(match, "left"), &m->l4);
	if (m->field == NFTR_UNKNOWN || !op || !right)
		return false;
	m->neg = !strcmp(op, "!=");
	if (strcmp(op, "==") && strcmp(op, "!=") && strcmp(op, "in"))
		return false;
	if (m->field == NFTR_IIFNAME || m->field == NFTR_OIFNAME) {
		if (!json_object_is_type(right, json_type_string))
			return false;
		copy(m->name, sizeof(m->name), json_object_get_string(right));
		m->nvalues = 1;
		return true;
	}
	if (set) {
		size_t n = json_object_array_length(set);

		if (n > NFTRULES_MAX_VALUES)
			return false;
		for (size_t i = 0; i < n; i++)
			if (!value_range(m, json_object_array_get_idx(set, i), &m->lo[i],
					 &m->hi[i]))
				return false;
		m->nvalues = (uint8_t)n;
		return true;
	}
	if (!value_range(m, right, &m->lo[0], &m->hi[0]))
		return false;
	m->nvalues = 1;
	return true;
}

static void parse_reject(struct json_object *v, struct nftrules_rule *r)
{
	const char *type = jstr(v, "type"), *what = jstr(v, "expr");

	r->reject_type = r->reject_code = -1;
	if (type && !strcmp(type, "tcp reset"))
		return;
	if (!type || !what) {
		/* plain `reject`: port-unreachable (icmpx in inet tables) */
		r->reject_type = 3;
		r->reject_code = 3;
		return;
	}
	if (!strcmp(type, "icmp") || !strcmp(type, "icmpx")) {
		r->reject_code = icmperr_unreach_code(what);
		r->reject_type = r->reject_code >= 0 ? 3 : -1;
	}
}

static void add_rule(struct nftrules_set *out, struct ruleset *rs, struct json_object *o)
{
	struct json_object *expr = jget(o, "expr"), *v;
	const char *key, *fam = jstr(o, "family"), *tab = jstr(o, "table"), *ch = jstr(o, "chain");
	struct nftrules_rule *r;
	int ci;

	if (!expr || !fam || !tab || !ch)
		return;
	ci = chain_find(rs, fam, tab, ch);
	if (ci >= 0)
		rs->c[ci].nrules++;
	v = verdict_of(expr, &key);
	if (!v || (strcmp(key, "drop") && strcmp(key, "reject")))
		return;
	if (out->n == NFTRULES_MAX) {
		out->truncated = true;
		return;
	}
	r = &out->rules[out->n++];
	memset(r, 0, sizeof(*r));
	copy(r->family, sizeof(r->family), fam);
	copy(r->table, sizeof(r->table), tab);
	copy(r->chain, sizeof(r->chain), ch);
	if (ci >= 0) {
		r->position = rs->c[ci].nrules;
		copy(r->hook, sizeof(r->hook), rs->c[ci].hook);
		copy(r->base, sizeof(r->base), rs->c[ci].base);
		r->priority = rs->c[ci].prio;
	}
	r->handle = (uint64_t)json_object_get_int64(jget(o, "handle"));
	copy(r->verdict, sizeof(r->verdict), key);
	r->reject_type = r->reject_code = -1;
	if (jget(v, "xt"))
		r->reject_type = NFTRULES_REJECT_UNKNOWN; /* its options are not shown */
	else if (!strcmp(key, "reject"))
		parse_reject(jget(v, "reject"), r);
	r->packets = -1;
	r->delta = -1;
	for (size_t i = 0; i < json_object_array_length(expr); i++) {
		struct json_object *x = json_object_array_get_idx(expr, i), *m, *c;

		if ((c = jget(x, "counter")))
			r->packets = json_object_get_int64(jget(c, "packets"));
		else if ((m = jget(x, "match"))) {
			if (r->nmatch < NFTRULES_MAX_MATCH && parse_match(m, &r->match[r->nmatch]))
				r->nmatch++;
			else
				r->partial = true;
		} else if (x != v) {
			r->partial = true; /* ct, limit, log, ...: not evaluated */
		}
	}
	nftrules_format(r, r->text, sizeof(r->text));
}

/* A base chain whose policy drops is a verdict too (handle 0). */
static void add_policies(struct nftrules_set *out, const struct ruleset *rs)
{
	for (int i = 0; i < rs->nc; i++) {
		const struct chain *c = &rs->c[i];
		struct nftrules_rule *r;

		if (!c->hook[0] || strcmp(c->name, c->base) || strcmp(c->policy, "drop"))
			continue;
		if (out->n == NFTRULES_MAX) {
			out->truncated = true;
			return;
		}
		r = &out->rules[out->n++];
		memset(r, 0, sizeof(*r));
		copy(r->family, sizeof(r->family), c->family);
		copy(r->table, sizeof(r->table), c->table);
		copy(r->chain, sizeof(r->chain), c->name);
		copy(r->hook, sizeof(r->hook), c->hook);
		copy(r->base, sizeof(r->base), c->name);
		r->priority = c->prio;
		copy(r->verdict, sizeof(r->verdict), "drop");
		r->reject_type = r->reject_code = -1;
		r->packets = r->delta = -1;
		snprintf(r->text, sizeof(r->text), "policy drop (chain %s, nothing accepted it)",
			 c->name);
	}
}

int nftrules_parse(const char *json, struct nftrules_set *out)
{
	struct json_object *root = json_tokener_parse(json), *arr;
	struct ruleset *rs = NULL;
	int err = 0;
	size_t n;

	memset(out, 0, sizeof(*out));
	arr = jget(root, "nftables");
	if (!arr || !json_object_is_type(arr, json_type_array)) {
		err = -EINVAL;
		goto cleanup;
	}
	rs = calloc(1, sizeof(*rs));
	if (!rs) {
		err = -ENOMEM;
		goto cleanup;
	}
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = jget(json_object_array_get_idx(arr, i), "chain");

		if (c)
			add_chain(rs, c);
	}
	for (size_t i = 0; i < n; i++)
		add_edges(rs, jget(json_object_array_get_idx(arr, i), "rule"));
	propagate_hooks(rs);
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = jget(json_object_array_get_idx(arr, i), "rule");

		if (r)
			add_rule(out, rs, r);
	}
	add_policies(out, rs);
cleanup:
	free(rs);
	json_object_put(root);
	return err;
}
