// SPDX-License-Identifier: GPL-2.0
/* httpd: libmicrohttpd driven from the caller's loop (MHD_run_wait), so
 * handlers run on the caller's thread, one at a time (the exporter's
 * scrape reads its state and the BPF maps without a lock).
 *
 * Reachable from a pod network, it must not be starved (issue 12):
 * - epoll over non-blocking sockets: accepting, reading and writing never
 *   wait on a client (a slow one costs its slot, not time), and no
 *   FD_SETSIZE ceiling. The only wait is a handler's own work;
 * - HTTPD_MAX_CONNS slots (the soft fd limit is raised to fit them): an
 *   idle connection costs a slot, a socket and at most HTTPD_HEADER_MEM;
 * - a request's headers must be in within HTTPD_HEADER_MS of the
 *   connection's start or of the reply before, however slowly they come
 *   (slowloris: a byte a second restarts MHD's idle timer, HTTPD_TIMEOUT_S,
 *   not this deadline). A late socket is shut down; MHD, which owns it,
 *   then sees its end and closes it;
 * - with fewer than HTTPD_HEADROOM slots free, a new connection closes the
 *   oldest one still waiting for its headers: a flood of idle or
 *   dribbling connections, from however many addresses, cannot keep a
 *   scrape out (it sends its request at once: the newest is never the
 *   oldest), and MHD never reaches its limit, where it would stop
 *   accepting;
 * - on a listener that is not loopback, at most HTTPD_PER_IP connections
 *   from one address (more are closed at once), so one client cannot make
 *   others' connections close. On loopback that limit would mean nothing
 *   (any local process may send from any of 127/8), so there is none;
 * - GET and HEAD only (405, with Allow), no request body (413): refused
 *   from the headers alone, the body never read, the connection closed.
 *   A GET is answered at MHD's second call, so the connection may stay
 *   open for the next scrape (a reply queued at the first closes it). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "host/clock.h"
#include "out/httpd.h"

#define HTTPD_MAX_CONNS	 1024
#define HTTPD_HEADROOM	 32  /* slots kept free, closing the oldest waiting */
#define HTTPD_FD_RESERVE 256 /* fds left to the rest of the process */
#define HTTPD_PER_IP	 16  /* listeners not on loopback */
#define HTTPD_TIMEOUT_S	 5   /* idle */
#define HTTPD_HEADER_MS	 5000
#define HTTPD_HEADER_MEM (32 * 1024)
#define HTTPD_BACKLOG	 1024

struct conn { /* one connection: MHD's socket context */
	struct conn *prev, *next;
	struct MHD_Connection *c;
	uint64_t since_ms; /* waiting for a request's headers since */
	bool listed;	   /* on the waiting list */
};

struct httpd {
	struct MHD_Daemon *d;
	httpd_handler fn;
	void *arg;
	unsigned slots, conns;	  /* MHD's limit; connections open */
	struct conn *head, *tail; /* waiting for headers, oldest first */
};

int httpd_parse_listen(const char *spec, struct sockaddr_storage *sa, socklen_t *len)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
	char host[64];
	const char *colon, *port;
	size_t hl;
	char *end;
	unsigned long p;

	if (!spec)
		return -EINVAL;
	if (spec[0] == '[') {
		const char *rb = strchr(spec, ']');

		if (!rb || rb[1] != ':')
			return -EINVAL;
		hl = rb - spec - 1;
		if (hl >= sizeof(host))
			return -EINVAL;
		memcpy(host, spec + 1, hl);
		host[hl] = 0;
		port = rb + 2;
	} else {
		colon = strrchr(spec, ':');
		if (!colon || strchr(spec, ':') != colon)
			return -EINVAL; /* bare IPv6 needs brackets */
		hl = colon - spec;
		if (hl >= sizeof(host))
			return -EINVAL;
		memcpy(host, spec, hl);
		host[hl] = 0;
		port = colon + 1;
	}
	if (!*port || *port == '-' || *port == '+')
		return -EINVAL;
	p = strtoul(port, &end, 10);
	if (*end || p == 0 || p > 65535)
		return -EINVAL;
	memset(sa, 0, sizeof(*sa));
	if (spec[0] == '[') {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)p);
		if (inet_pton(AF_INET6, host, &v6->sin6_addr) != 1)
			return -EINVAL;
		*len = sizeof(*v6);
	} else {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)p);
		if (*host && inet_pton(AF_INET, host, &v4->sin_addr) != 1)
			return -EINVAL;
		if (!*host)
			v4->sin_addr.s_addr = htonl(INADDR_ANY);
		*len = sizeof(*v4);
	}
	return 0;
}

int httpd_listen(const char *spec)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd, one = 1, e;

	e = httpd_parse_listen(spec, &sa, &len);
	if (e)
		return e;
	fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, len) || listen(fd, HTTPD_BACKLOG)) {
		e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

static void unlist(struct httpd *h, struct conn *k)
{
	if (!k->listed)
		return;
	if (k->prev)
		k->prev->next = k->next;
	else
		h->head = k->next;
	if (k->next)
		k->next->prev = k->prev;
	else
		h->tail = k->prev;
	k->prev = k->next = NULL;
	k->listed = false;
}

/* k waits for a request's headers from now on (at the list's end) */
static void list_waiting(struct httpd *h, struct conn *k)
{
	unlist(h, k);
	k->since_ms = clock_mono_ms();
	k->prev = h->tail;
	if (h->tail)
		h->tail->next = k;
	else
		h->head = k;
	h->tail = k;
	k->listed = true;
}

/* Shuts k's socket down: MHD then reads the end of the stream and closes
 * the connection itself (the fd stays MHD's to close). */
static void cut(struct httpd *h, struct conn *k)
{
	const union MHD_ConnectionInfo *i =
	    MHD_get_connection_info(k->c, MHD_CONNECTION_INFO_CONNECTION_FD);

	if (i)
		shutdown(i->connect_fd, SHUT_RDWR);
	unlist(h, k);
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return i ? i->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **ctx,
			  enum MHD_ConnectionNotificationCode code)
{
	struct httpd *h = cls;
	struct conn *k = *ctx;

	if (code != MHD_CONNECTION_NOTIFY_STARTED) {
		h->conns--;
		if (k)
			unlist(h, k);
		free(k);
		*ctx = NULL;
		return;
	}
	h->conns++;
	k = calloc(1, sizeof(*k)); /* none: the idle timeout still holds */
	if (k) {
		k->c = c;
		list_waiting(h, k);
	}
	*ctx = k;
	if (h->conns + HTTPD_HEADROOM > h->slots && h->head && h->head != k)
		cut(h, h->head); /* room for the newest */
}

/* A request is done: on a connection kept alive, the next one's headers
 * have the deadline too (a closing one leaves the list when closed). */
static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode why)
{
	struct conn *k = conn_of(c);

	(void)state;
	(void)why;
	if (k)
		list_waiting(cls, k);
}

/* Cuts the connections whose request headers are late. */
static void sweep(struct httpd *h, uint64_t now)
{
	while (h->head && now - h->head->since_ms >= HTTPD_HEADER_MS)
		cut(h, h->head);
}

static enum MHD_Result reply(struct MHD_Connection *conn, struct httpd_reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(r->body);
		return MHD_NO;
	}
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A refusal from the headers alone: MHD reads no body and closes. */
static enum MHD_Result refuse(struct MHD_Connection *conn, unsigned status, const char *text)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The request announces a body (a length other than 0, or chunks). */
static bool has_body(struct MHD_Connection *conn)
{
	const char *cl =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

	return (cl && cl[strspn(cl, "0")]) ||
	       MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_len, void **state)
{
	static int first_call;
	struct httpd *h = cls;
	struct httpd_reply r = {.status = 200, .content_type = "text/plain; charset=utf-8"};

	(void)version;
	(void)upload;
	if (!*state) { /* the headers are in */
		struct conn *k = conn_of(conn);

		if (k)
			unlist(h, k);
		*state = &first_call;
		if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
			return refuse(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
				      "method not allowed: GET or HEAD\n");
		if (has_body(conn))
			return refuse(conn, MHD_HTTP_CONTENT_TOO_LARGE,
				      "request bodies are not taken\n");
		return MHD_YES; /* answered at the next call: the connection may stay */
	}
	if (*upload_len) { /* cannot come (refused above): read and ignored */
		*upload_len = 0;
		return MHD_YES;
	}
	h->fn(h->arg, url, &r);
	if (!r.body)
		r.body = strdup("");
	if (r.body && !r.len)
		r.len = strlen(r.body);
	return r.body ? reply(conn, &r) : MHD_NO;
}

/* Connection slots that fit under the fd limit, its soft value raised
 * (within the hard one) to fit HTTPD_MAX_CONNS first. */
static unsigned conn_slots(void)
{
	const rlim_t want = HTTPD_MAX_CONNS + HTTPD_FD_RESERVE;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return HTTPD_MAX_CONNS;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		struct rlimit up = {want, rl.rlim_max};

		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
			up.rlim_cur = rl.rlim_max;
		if (!setrlimit(RLIMIT_NOFILE, &up))
			rl = up;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return HTTPD_MAX_CONNS;
	return rl.rlim_cur > HTTPD_FD_RESERVE + 2 * HTTPD_HEADROOM
		   ? (unsigned)(rl.rlim_cur - HTTPD_FD_RESERVE)
		   : 2 * HTTPD_HEADROOM;
}

/* The listening socket's address is a loopback one. */
static bool on_loopback(int fd)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	const struct in6_addr *a6 = &((struct sockaddr_in6 *)&sa)->sin6_addr;

	if (getsockname(fd, (struct sockaddr *)&sa, &len))
		return false;
	if (sa.ss_family == AF_INET)
		return ntohl(((struct sockaddr_in *)&sa)->sin_addr.s_addr) >> 24 == 127;
	return sa.ss_family == AF_INET6 &&
	       (IN6_IS_ADDR_LOOPBACK(a6) || (IN6_IS_ADDR_V4MAPPED(a6) && a6->s6_addr[12] == 127));
}

int httpd_start(int fd, httpd_handler fn, void *arg, struct httpd **out)
{
	struct httpd *h = calloc(1, sizeof(*h));
	unsigned per_ip = on_loopback(fd) ? 0 : HTTPD_PER_IP;

	if (!h) {
		close(fd);
		return -ENOMEM;
	}
	h->fn = fn;
	h->arg = arg;
	h->slots = conn_slots();
	h->d = MHD_start_daemon(MHD_USE_EPOLL, 0, NULL, NULL, on_request, h,
				MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT, h->slots,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTPD_TIMEOUT_S,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTPD_HEADER_MEM,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
	if (!h->d) {
		close(fd);
		free(h);
		return -EIO;
	}
	*out = h;
	return 0;
}

int httpd_run(struct httpd *h, int timeout_ms)
{
	uint64_t now = clock_mono_ms();
	int e = 0;

	if (h->head) { /* wake up for the oldest header deadline */
		uint64_t due = h->head->since_ms + HTTPD_HEADER_MS;
		int left = due > now ? (int)(due - now) : 0;

		if (left < timeout_ms)
			timeout_ms = left;
	}
	if (MHD_run_wait(h->d, timeout_ms) != MHD_YES)
		e = errno == EINTR ? -EINTR : -EIO;
	sweep(h, clock_mono_ms());
	return e;
}

void httpd_stop(struct httpd *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d); /* closes the listening socket and every connection */
	free(h);
}
