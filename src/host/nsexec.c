// SPDX-License-Identifier: GPL-2.0
/* nsexec: one side thread does the work in other namespaces. It enters a
 * namespace for a piece of work and goes back home after it, so it never
 * holds a namespace alive between jobs; the thread group leader never
 * moves. Work that itself needs another namespace (a job calling
 * netns_run) runs on the side thread too, entering and leaving in place.
 * If the side thread cannot go home, it reports the failure and ends; the
 * next job starts a new one. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <unistd.h>
#include <sys/socket.h>

#include "host/nsexec.h"

struct job {
	int nsfd;
	int (*fn)(void *arg);
	void *arg;
	int rc;
};

static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER; /* one job at a time */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t posted = PTHREAD_COND_INITIALIZER, done = PTHREAD_COND_INITIALIZER;
static struct job *pending; /* posted, not taken yet */
static bool finished, running;
static pthread_t worker;
static __thread bool on_worker;

/* Enters nsfd, runs the job, comes back to home. -errno from setns, or the
 * job's value; *lost: could not come back. */
static int run_in(int home, struct job *j, bool *lost)
{
	int rc;

	*lost = false;
	if (setns(j->nsfd, CLONE_NEWNET) < 0)
		return -errno;
	rc = j->fn(j->arg);
	if (setns(home, CLONE_NEWNET) < 0) {
		*lost = true;
		return -errno;
	}
	return rc;
}

static void *worker_main(void *p)
{
	int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	bool lost = home < 0;

	(void)p;
	on_worker = true;
	pthread_mutex_lock(&lock);
	while (!lost) {
		struct job *j;

		while (!pending)
			pthread_cond_wait(&posted, &lock);
		j = pending;
		pending = NULL;
		pthread_mutex_unlock(&lock);
		j->rc = run_in(home, j, &lost);
		pthread_mutex_lock(&lock);
		finished = true;
		pthread_cond_signal(&done);
	}
	/* stranded in another namespace, or no way home: this thread ends
	 * (and lets the namespace go); the next job starts a new one */
	running = false;
	pthread_mutex_unlock(&lock);
	if (home >= 0)
		close(home);
	return NULL;
}

/* A job run by the side thread on behalf of another thread. */
static int post(struct job *j)
{
	int e;

	pthread_mutex_lock(&run_lock);
	pthread_mutex_lock(&lock);
	if (!running) {
		e = pthread_create(&worker, NULL, worker_main, NULL);
		if (e) {
			pthread_mutex_unlock(&lock);
			pthread_mutex_unlock(&run_lock);
			return -e;
		}
		pthread_detach(worker);
		running = true;
	}
	pending = j;
	finished = false;
	pthread_cond_signal(&posted);
	while (!finished)
		pthread_cond_wait(&done, &lock);
	pthread_mutex_unlock(&lock);
	pthread_mutex_unlock(&run_lock);
	return j->rc;
}

int netns_run(int nsfd, int (*fn)(void *arg), void *arg)
{
	struct job j = {.nsfd = nsfd, .fn = fn, .arg = arg};

	if (nsfd < 0)
		return fn(arg);
	if (on_worker) { /* a job's own work elsewhere: here, and back */
		int here = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		bool lost;
		int rc;

		if (here < 0)
			return -errno;
		rc = run_in(here, &j, &lost);
		close(here);
		return rc;
	}
	return post(&j);
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
