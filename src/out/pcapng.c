// SPDX-License-Identifier: GPL-2.0
/* pcapng: blocks of the pcapng format (draft-ietf-opsawg-pcapng), written
 * in host byte order; readers tell the order from the byte-order magic.
 *
 * Whole blocks are gathered in a buffer and written together. When a write
 * fails (a full disk), the file is cut back to the end of the last block
 * that reached it whole: it stays a valid capture of every packet before. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "out/pcapng.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u

#define OPT_END	    0
#define OPT_COMMENT 1
#define SHB_OS	    3
#define SHB_APP	    4
#define IF_NAME	    2
#define IF_DESCR    3
#define IF_TSRESOL  9
#define IF_FILTER   11

#define OPT_MAX 0xffff /* an option's length is 16 bits */

struct iface_slot {
	char *name; /* NULL = empty */
	uint32_t id;
};

#define OUT_CAP (1 << 16) /* whole blocks written together */

struct pcapng {
	int fd;
	bool truncatable; /* a regular file: cut back after a failed write */
	uint8_t *out;	  /* whole blocks not written yet */
	size_t olen;
	uint64_t done; /* bytes of whole blocks in the file */
	int err;       /* first write error, -errno */
	uint8_t *buf;  /* the block being built */
	size_t len, cap;
	struct iface_slot *slots; /* open addressing by name */
	uint32_t nslots, nifaces;
	uint64_t npackets;
};

static uint32_t pad4(size_t n)
{
	return (uint32_t)((n + 3) & ~(size_t)3);
}

static int reserve(struct pcapng *w, size_t more)
{
	size_t cap = w->cap ? w->cap : 1024;
	uint8_t *nb;

	if (w->len + more <= w->cap)
		return 0;
	while (cap < w->len + more)
		cap *= 2;
	nb = realloc(w->buf, cap);
	if (!nb)
		return -ENOMEM;
	w->buf = nb;
	w->cap = cap;
	return 0;
}

/* Appends n bytes and zero padding up to a multiple of four. Out of
 * memory, the writer stops for good: end() then writes nothing. */
static int put(struct pcapng *w, const void *p, size_t n)
{
	size_t padded = pad4(n);

	if (reserve(w, padded)) {
		if (!w->err)
			w->err = -ENOMEM;
		return -ENOMEM;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	memset(w->buf + w->len + n, 0, padded - n);
	w->len += padded;
	return 0;
}

static int put32(struct pcapng *w, uint32_t v)
{
	return put(w, &v, 4);
}

static int put_opt(struct pcapng *w, uint16_t code, const void *v, size_t n)
{
	uint16_t h[2] = {code, (uint16_t)n};

	if (n > OPT_MAX)
		return -EMSGSIZE;
	if (put(w, h, 4))
		return -ENOMEM;
	return put(w, v, n);
}

static int put_opt_str(struct pcapng *w, uint16_t code, const char *s)
{
	size_t n;

	if (!s || !*s)
		return 0;
	n = strlen(s);
	return put_opt(w, code, s, n > OPT_MAX ? OPT_MAX : n);
}

static void begin(struct pcapng *w, uint32_t type)
{
	w->len = 0;
	put32(w, type);
	put32(w, 0); /* total length, set by end() */
}

/* Writes whole blocks v[0..n). A failed or short write (ENOSPC) cuts the
 * file back to the end of the last block that reached it whole. */
static int write_blocks(struct pcapng *w, const uint8_t *v, size_t n)
{
	size_t off = 0, whole = 0;
	ssize_t k;

	while (off < n) {
		k = write(w->fd, v + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			w->err = k < 0 ? -errno : -ENOSPC;
			break;
		}
		off += (size_t)k;
	}
	if (!w->err) {
		w->done += n;
		return 0;
	}
	/* the blocks that made it whole: each says its length at +4 */
	while (whole + 8 <= off) {
		uint32_t total;

		memcpy(&total, v + whole + 4, 4);
		if (whole + total > off)
			break;
		whole += total;
	}
	w->done += whole;
	/* a failed cut changes nothing: the write error is the one to say */
	if (w->truncatable && ftruncate(w->fd, (off_t)w->done) < 0)
		return w->err;
	return w->err;
}

/* Ends the options (when there were any), writes the block. */
static int end(struct pcapng *w, size_t opts_from)
{
	uint32_t total;

	if (w->len > opts_from && put_opt(w, OPT_END, NULL, 0))
		return -ENOMEM;
	if (put32(w, 0))
		return -ENOMEM;
	total = (uint32_t)w->len;
	memcpy(w->buf + 4, &total, 4);
	memcpy(w->buf + w->len - 4, &total, 4);
	if (w->err)
		return w->err;
	if (w->olen + w->len > OUT_CAP && pcapng_flush(w))
		return w->err;
	if (w->len > OUT_CAP) { /* a block too big to gather: alone */
		return write_blocks(w, w->buf, w->len);
	}
	memcpy(w->out + w->olen, w->buf, w->len);
	w->olen += w->len;
	return 0;
}

int pcapng_open(const char *path, const char *app, struct pcapng **out)
{
	struct pcapng *w = calloc(1, sizeof(*w));
	struct utsname u;
	char os[400];
	uint16_t version[2] = {1, 0};
	int64_t section_len = -1; /* not given */
	size_t opts;
	int e;

	struct stat st;

	if (!w)
		return -ENOMEM;
	w->out = malloc(OUT_CAP);
	w->fd = strcmp(path, "-") ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : 1;
	if (w->fd < 0 || !w->out) {
		e = w->out ? -errno : -ENOMEM;
		free(w->out);
		free(w);
		return e;
	}
	w->truncatable = !fstat(w->fd, &st) && S_ISREG(st.st_mode);
	begin(w, BT_SHB);
	put32(w, 0x1A2B3C4D); /* byte-order magic */
	put(w, version, 4);
	put(w, &section_len, 8);
	opts = w->len;
	if (!uname(&u)) {
		snprintf(os, sizeof(os), "%s %s %s", u.sysname, u.release, u.machine);
		put_opt_str(w, SHB_OS, os);
	}
	put_opt_str(w, SHB_APP, app);
	e = end(w, opts);
	if (e) {
		pcapng_close(w);
		return e;
	}
	*out = w;
	return 0;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static struct iface_slot *slot_of(struct iface_slot *v, uint32_t n, const char *name)
{
	uint32_t i = hash(name) & (n - 1);

	while (v[i].name && strcmp(v[i].name, name))
		i = (i + 1) & (n - 1);
	return &v[i];
}

static int grow_slots(struct pcapng *w)
{
	uint32_t n = w->nslots ? w->nslots * 2 : 64;
	struct iface_slot *v = calloc(n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (uint32_t i = 0; i < w->nslots; i++)
		if (w->slots[i].name)
			*slot_of(v, n, w->slots[i].name) = w->slots[i];
	free(w->slots);
	w->slots = v;
	w->nslots = n;
	return 0;
}

int pcapng_iface(struct pcapng *w, const struct pcapng_iface_desc *d)
{
	struct iface_slot *s;
	uint16_t head[2] = {d->linktype, 0};
	uint8_t tsresol = 9; /* nanoseconds */
	size_t opts;
	int e;

	if (w->nslots && (s = slot_of(w->slots, w->nslots, d->name))->name)
		return (int)s->id;
	if ((w->nifaces + 1) * 2 > w->nslots && grow_slots(w))
		return -ENOMEM;
	begin(w, BT_IDB);
	put(w, head, 4);
	put32(w, d->snaplen);
	opts = w->len;
	put_opt_str(w, IF_NAME, d->name);
	put_opt_str(w, IF_DESCR, d->description);
	put_opt(w, IF_TSRESOL, &tsresol, 1);
	if (d->filter && *d->filter) {
		size_t n = strlen(d->filter);
		uint8_t *f = malloc(n + 1);

		if (!f)
			return -ENOMEM;
		f[0] = 0; /* libpcap filter string */
		memcpy(f + 1, d->filter, n);
		put_opt(w, IF_FILTER, f, n + 1 > OPT_MAX ? OPT_MAX : n + 1);
		free(f);
	}
	e = end(w, opts);
	if (e)
		return e;
	s = slot_of(w->slots, w->nslots, d->name);
	s->name = strdup(d->name);
	if (!s->name)
		return -ENOMEM;
	s->id = w->nifaces++;
	return (int)s->id;
}

int pcapng_packet(struct pcapng *w, uint32_t iface, uint64_t ts_ns, const void *data,
		  uint32_t caplen, uint32_t len, const char *comment)
{
	uint32_t head[5] = {iface, (uint32_t)(ts_ns >> 32), (uint32_t)ts_ns, caplen,
			    len < caplen ? caplen : len};
	size_t opts;
	int e;

	if (iface >= w->nifaces)
		return -EINVAL;
	begin(w, BT_EPB);
	put(w, head, sizeof(head));
	e = put(w, data, caplen);
	if (e)
		return e;
	opts = w->len;
	e = put_opt_str(w, OPT_COMMENT, comment);
	if (e)
		return e;
	e = end(w, opts);
	if (!e)
		w->npackets++;
	return e;
}

int pcapng_flush(struct pcapng *w)
{
	if (!w->err && w->olen)
		write_blocks(w, w->out, w->olen);
	w->olen = 0;
	return w->err;
}

uint32_t pcapng_ifaces(const struct pcapng *w)
{
	return w->nifaces;
}

uint64_t pcapng_packets(const struct pcapng *w)
{
	return w->npackets;
}

int pcapng_close(struct pcapng *w)
{
	int e;

	if (!w)
		return 0;
	e = pcapng_flush(w);
	if (w->fd != 1 && close(w->fd) && !e)
		e = -errno;
	free(w->out);
	for (uint32_t i = 0; i < w->nslots; i++)
		free(w->slots[i].name);
	free(w->slots);
	free(w->buf);
	free(w);
	return e;
}
