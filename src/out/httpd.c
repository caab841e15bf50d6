// SPDX-License-Identifier: GPL-2.0
/* httpd: libmicrohttpd without its own threads (MHD_run_wait from the
 * caller's loop), so handlers run on the caller's thread.
 *
 * Reachable from a pod network, it must not be starved: epoll (no
 * FD_SETSIZE ceiling) over non-blocking sockets, so a slow client costs a
 * slot and never a wait; HTTPD_MAX_CONNS slots, at most HTTPD_PER_IP from
 * one address (one client cannot take them all, and Prometheus from
 * another address always finds room); an idle or dribbling connection
 * goes after HTTPD_TIMEOUT_S without a byte; a request's headers may take
 * HTTPD_HEADER_MEM bytes; a deep accept backlog. Only GET and HEAD (405
 * otherwise), no request bodies (413), unknown paths are the handler's
 * (404). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/httpd.h"

#define HTTPD_MAX_CONNS	 1024
#define HTTPD_PER_IP	 128
#define HTTPD_TIMEOUT_S	 5
#define HTTPD_HEADER_MEM (32 * 1024)
#define HTTPD_BACKLOG	 1024

struct httpd {
	struct MHD_Daemon *d;
	httpd_handler fn;
	void *arg;
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

/* A request that announces a body (we take none). */
static bool has_body(struct MHD_Connection *conn)
{
	const char *cl =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

	return (cl && strcmp(cl, "0")) ||
	       MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_len, void **state)
{
	struct httpd *h = cls;
	struct httpd_reply r = {.status = 200, .content_type = "text/plain; charset=utf-8"};

	(void)version;
	(void)upload;
	(void)state;
	/* answered at the first call, when the headers are in: a body is
	 * never read (the connection closes after the answer) */
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		r.status = MHD_HTTP_METHOD_NOT_ALLOWED;
		r.body = strdup("method not allowed: GET or HEAD\n");
	} else if (has_body(conn) || *upload_len) {
		*upload_len = 0;
		r.status = MHD_HTTP_CONTENT_TOO_LARGE;
		r.body = strdup("request bodies are not taken\n");
	} else {
		h->fn(h->arg, url, &r);
	}
	if (!r.body)
		r.body = strdup("");
	if (r.body && !r.len)
		r.len = strlen(r.body);
	return r.body ? reply(conn, &r) : MHD_NO;
}

int httpd_start(int fd, httpd_handler fn, void *arg, struct httpd **out)
{
	struct httpd *h = calloc(1, sizeof(*h));

	if (!h) {
		close(fd);
		return -ENOMEM;
	}
	h->fn = fn;
	h->arg = arg;
	h->d = MHD_start_daemon(MHD_USE_EPOLL, 0, NULL, NULL, on_request, h,
				MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned)HTTPD_MAX_CONNS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				(unsigned)HTTPD_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned)HTTPD_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				(size_t)HTTPD_HEADER_MEM, MHD_OPTION_END);
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
	if (MHD_run_wait(h->d, timeout_ms) != MHD_YES)
		return errno == EINTR ? -EINTR : -EIO;
	return 0;
}

void httpd_stop(struct httpd *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d); /* closes the listening socket too */
	free(h);
}
