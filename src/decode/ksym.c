// SPDX-License-Identifier: GPL-2.0
/* ksym: symbolization of kernel text addresses. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/ksym.h"

struct ksym {
	uint64_t addr;
	char *name;
};

struct ksyms {
	struct ksym *v;
	size_t n, cap;
	char *names; /* one arena for every name */
	size_t nlen, ncap;
};

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int push(struct ksyms *k, uint64_t addr, const char *name)
{
	size_t len = strlen(name) + 1;

	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 65536;
		struct ksym *v = realloc(k->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		k->v = v;
		k->cap = cap;
	}
	if (k->nlen + len > k->ncap) {
		size_t cap = k->ncap ? k->ncap * 2 : 1 << 20;
		char *p;

		while (cap < k->nlen + len)
			cap *= 2;
		p = realloc(k->names, cap);
		if (!p)
			return -ENOMEM;
		k->names = p;
		k->ncap = cap;
	}
	memcpy(k->names + k->nlen, name, len);
	k->v[k->n].addr = addr;
	k->v[k->n].name = (char *)(uintptr_t)k->nlen; /* offset until done */
	k->nlen += len;
	k->n++;
	return 0;
}

int ksym_load(const char *path, struct ksyms **out)
{
	FILE *f = fopen(path ? path : "/proc/kallsyms", "re");
	struct ksyms *k = NULL;
	char line[512];
	int err = 0, nonzero = 0;

	if (!f)
		return -errno;
	k = calloc(1, sizeof(*k));
	if (!k) {
		err = -ENOMEM;
		goto cleanup;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];

		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (type != 't' && type != 'T')
			continue;
		nonzero |= addr != 0;
		err = push(k, addr, name);
		if (err)
			goto cleanup;
	}
	if (!nonzero) {
		err = -EPERM;
		goto cleanup;
	}
	for (size_t i = 0; i < k->n; i++)
		k->v[i].name = k->names + (uintptr_t)k->v[i].name;
	qsort(k->v, k->n, sizeof(*k->v), cmp_addr);
	*out = k;
	k = NULL;
cleanup:
	ksym_free(k);
	fclose(f);
	return err;
}

void ksym_free(struct ksyms *k)
{
	if (!k)
		return;
	free(k->v);
	free(k->names);
	free(k);
}

const char *ksym_lookup(const struct ksyms *k, uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi;

	if (!k || !k->n || addr < k->v[0].addr)
		return NULL;
	hi = k->n;
	/* last symbol whose address is <= addr */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (k->v[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*off = addr - k->v[lo].addr;
	return k->v[lo].name;
}

int ksym_range(const struct ksyms *k, const char *name, uint64_t *start, uint64_t *end)
{
	for (size_t i = 0; k && i < k->n; i++) {
		if (strcmp(k->v[i].name, name))
			continue;
		*start = k->v[i].addr;
		/* up to the next symbol at a higher address */
		for (size_t j = i + 1; j < k->n; j++)
			if (k->v[j].addr > *start) {
				*end = k->v[j].addr;
				return 0;
			}
		return -ENOENT;
	}
	return -ENOENT;
}
