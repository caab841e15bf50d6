/* SPDX-License-Identifier: GPL-2.0 */
/* sockdiag: the sockets of a namespace bound to a protocol and port, read
 * over NETLINK_SOCK_DIAG (inet_diag, the interface `ss` uses): TCP
 * listeners and UDP sockets, IPv4 and IPv6, filtered by port in the kernel
 * (inet_diag bytecode). And the process holding a socket, found by its
 * inode in /proc/PID/fd (what `ss -p` does), cached. Nothing here prints. */
#ifndef DROPDOC_SOCKDIAG_H
#define DROPDOC_SOCKDIAG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockdiag_sock {
	uint8_t family; /* AF_INET, AF_INET6 */
	uint8_t proto;	/* IPPROTO_TCP, IPPROTO_UDP */
	uint8_t state;	/* TCP_LISTEN; UDP: TCP_CLOSE, or TCP_ESTABLISHED when connected */
	bool v6only;	/* AF_INET6 socket that takes no IPv4 (IPV6_V6ONLY) */
	uint16_t port;	/* local port, host order */
	uint16_t dport; /* connected UDP: the peer's port */
	/* addresses in network order; AF_INET uses the first 4 bytes */
	uint8_t addr[16];
	uint8_t peer[16];
	uint32_t ifindex; /* SO_BINDTODEVICE, 0 */
	uint32_t inode;
	uint32_t uid;
	/* queues (SK_MEMINFO): bytes held against the receive buffer, its
	 * size (SO_RCVBUF, doubled by the kernel), packets the socket dropped;
	 * TCP listeners: accept queue now (rqueue) and its limit (wqueue) */
	uint32_t rmem, rcvbuf, drops;
	uint32_t rqueue, wqueue;
	bool has_mem;
};

/* Sockets of proto (IPPROTO_TCP: listeners; IPPROTO_UDP: all) bound to port
 * (0: any port), both families, in the namespace open at nsfd (-1: the
 * calling thread's own; entered for the duration otherwise). Stores up to
 * n in out and returns how many exist (may be more than n), or -errno. */
int sockdiag_list(int nsfd, int proto, int port, struct sockdiag_sock *out, int n);

/* The local address as `ss` writes it: "0.0.0.0:53", "[::]:53",
 * "127.0.0.1:53", and "0.0.0.0%eth1:53" when bound to a device (dev: its
 * name, or NULL/"" to leave it out). */
void sockdiag_format_local(const struct sockdiag_sock *s, const char *dev, char *buf, size_t n);
/* "10.0.0.5:4000" for a connected UDP socket, "" otherwise. */
void sockdiag_format_peer(const struct sockdiag_sock *s, char *buf, size_t n);
/* Is the bound address the wildcard (0.0.0.0 or ::)? */
bool sockdiag_is_wildcard(const struct sockdiag_sock *s);

/* "PID/comm" of a process holding the socket with this inode. The map of
 * socket inodes to processes is built by one walk of /proc/PID/fd, and
 * rebuilt on a miss at most once a second. Returns 0 or -ENOENT. */
int sockdiag_owner(uint32_t inode, char *buf, size_t n);
/* Forget the map (tests). */
void sockdiag_owner_reset(void);

#endif
