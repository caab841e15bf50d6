/* SPDX-License-Identifier: GPL-2.0 */
/* nsexec: work inside another network namespace without this process
 * becoming a member of it. The work runs on a side thread that enters the
 * namespace for it and goes back home after (a thread started once, not
 * one per job: a thread costs ~100 µs, a job two setns calls), so the
 * thread group leader — what /proc/PID/ns/net and `ip netns pids` show —
 * never moves and no namespace is held between jobs; a failed way back
 * is reported and ends that thread. A socket opened there stays in that
 * namespace: netns_socket() is the way to talk netlink or sock_diag to it
 * from any thread.
 *
 * Inside the work, per-namespace /proc files must be read by the thread's
 * own view: /proc/thread-self/net/..., not /proc/net (which is the
 * leader's). /proc/sys/net and netlink follow the calling thread. */
#ifndef DROPDOC_NSEXEC_H
#define DROPDOC_NSEXEC_H

/* Runs fn(arg) in the namespace nsfd (an open /run/netns/X or
 * /proc/PID/ns/net); nsfd < 0 runs it here, on the calling thread.
 * Returns what fn returned (0 or -errno by convention), or -errno when the
 * namespace could not be entered or no thread could be started. */
int netns_run(int nsfd, int (*fn)(void *arg), void *arg);

/* socket(domain, type, protocol) opened in the namespace nsfd (here for
 * nsfd < 0), close-on-exec. Returns the fd or -errno. */
int netns_socket(int nsfd, int domain, int type, int protocol);

#endif
