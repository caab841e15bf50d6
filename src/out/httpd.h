/* SPDX-License-Identifier: GPL-2.0 */
/* httpd: a small HTTP endpoint (libmicrohttpd, driven from the caller's
 * loop, one thread): GET and HEAD answered by a handler, anything else
 * refused. Also parses and binds listen addresses. */
#ifndef DROPDOC_HTTPD_H
#define DROPDOC_HTTPD_H

#include <stddef.h>
#include <sys/socket.h>

struct httpd;

struct httpd_reply {
	unsigned status;	  /* 200, 404, ... */
	const char *content_type; /* static */
	char *body;		  /* malloc'd; httpd frees it */
	size_t len;
};

/* Fills r for a GET of path. */
typedef void (*httpd_handler)(void *arg, const char *path, struct httpd_reply *r);

/* "ADDR:PORT", "[V6ADDR]:PORT" or ":PORT" (every address), numeric only.
 * Returns 0 or -EINVAL. */
int httpd_parse_listen(const char *spec, struct sockaddr_storage *sa, socklen_t *len);
/* A listening TCP socket on spec. Returns the fd, -EINVAL for a bad spec,
 * or -errno from socket/bind/listen. */
int httpd_listen(const char *spec);
/* Serves on fd (httpd owns it from here). Returns 0 or -errno. */
int httpd_start(int fd, httpd_handler fn, void *arg, struct httpd **out);
/* Handles what is pending (one turn), waiting at most timeout_ms (less
 * when a request's header deadline comes first). Returns 0 or -errno. */
int httpd_run(struct httpd *h, int timeout_ms);
void httpd_stop(struct httpd *h);

#endif
