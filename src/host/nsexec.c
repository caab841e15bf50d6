// SPDX-License-Identifier: GPL-2.0
/* nsexec: a short-lived thread per piece of work in another namespace. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>

#include "host/nsexec.h"

struct job {
	int nsfd;
	int (*fn)(void *arg);
	void *arg;
	int rc;
};

static void *job_main(void *p)
{
	struct job *j = p;

	/* this thread alone moves, and it ends here: nothing to undo */
	if (setns(j->nsfd, CLONE_NEWNET) < 0)
		j->rc = -errno;
	else
		j->rc = j->fn(j->arg);
	return NULL;
}

int netns_run(int nsfd, int (*fn)(void *arg), void *arg)
{
	struct job j = {.nsfd = nsfd, .fn = fn, .arg = arg};
	pthread_t t;
	int e;

	if (nsfd < 0)
		return fn(arg);
	e = pthread_create(&t, NULL, job_main, &j);
	if (e)
		return -e;
	e = pthread_join(t, NULL);
	return e ? -e : j.rc;
}

struct sock_job {
	int domain, type, protocol;
};

static int open_socket(void *arg)
{
	const struct sock_job *s = arg;
	int fd = socket(s->domain, s->type | SOCK_CLOEXEC, s->protocol);

	return fd < 0 ? -errno : fd;
}

int netns_socket(int nsfd, int domain, int type, int protocol)
{
	struct sock_job s = {domain, type, protocol};

	return netns_run(nsfd, open_socket, &s);
}
