// SPDX-License-Identifier: GPL-2.0
/* udpflood: send COUNT UDP datagrams to DST:PORT in sendmmsg batches, as
 * fast as the kernel takes them, and print the rate. Used by the tests and
 * benchmarks, always inside namespaces they created.
 *
 * usage: udpflood [-6] [-s SPORT] [-b BATCH] [-l LEN] [-r NPORTS] DST PORT COUNT
 * -r: spread the datagrams over NPORTS destination ports PORT, PORT+1, ...
 * (distinct flows, e.g. to defeat a per-port cache). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256

int main(int argc, char **argv)
{
	struct sockaddr_storage dst = {0}, src = {0};
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov;
	char payload[1500] = "dropdoc";
	static struct sockaddr_storage dsts[MAX_BATCH];
	int opt, v6 = 0, batch = 64, len = 16, sport = 0, nports = 1, fd;
	long count, sent = 0, port;
	struct timespec t0, t1;
	double secs;

	while ((opt = getopt(argc, argv, "6s:b:l:r:")) != -1) {
		switch (opt) {
		case '6':
			v6 = 1;
			break;
		case 's':
			sport = atoi(optarg);
			break;
		case 'b':
			batch = atoi(optarg);
			break;
		case 'l':
			len = atoi(optarg);
			break;
		case 'r':
			nports = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3 || batch < 1 || batch > MAX_BATCH || len < 0 ||
	    len > (int)sizeof(payload) || nports < 1) {
		fprintf(stderr,
			"usage: udpflood [-6] [-s SPORT] [-b BATCH] [-l LEN] [-r NPORTS] DST PORT "
			"COUNT\n");
		return 2;
	}
	port = strtol(argv[optind + 1], NULL, 10);
	count = strtol(argv[optind + 2], NULL, 10);
	if (v6) {
		struct sockaddr_in6 *d = (void *)&dst, *s = (void *)&src;

		d->sin6_family = s->sin6_family = AF_INET6;
		d->sin6_port = htons(port);
		s->sin6_port = htons(sport);
		if (inet_pton(AF_INET6, argv[optind], &d->sin6_addr) != 1)
			return 2;
	} else {
		struct sockaddr_in *d = (void *)&dst, *s = (void *)&src;

		d->sin_family = s->sin_family = AF_INET;
		d->sin_port = htons(port);
		s->sin_port = htons(sport);
		if (inet_pton(AF_INET, argv[optind], &d->sin_addr) != 1)
			return 2;
	}
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || (sport && bind(fd, (void *)&src, sizeof(src)))) {
		perror("udpflood: socket");
		return 1;
	}
	if (nports == 1 && connect(fd, (void *)&dst, sizeof(dst))) {
		perror("udpflood: connect");
		return 1;
	}
	iov.iov_base = payload;
	iov.iov_len = len;
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < MAX_BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < count) {
		int n = count - sent < batch ? (int)(count - sent) : batch;
		int r;

		for (int i = 0; nports > 1 && i < n; i++) {
			uint16_t p = htons((uint16_t)(port + (sent + i) % nports));

			dsts[i] = dst;
			if (v6)
				((struct sockaddr_in6 *)&dsts[i])->sin6_port = p;
			else
				((struct sockaddr_in *)&dsts[i])->sin_port = p;
			msgs[i].msg_hdr.msg_name = &dsts[i];
			msgs[i].msg_hdr.msg_namelen =
			    v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
		}
		r = sendmmsg(fd, msgs, n, 0);

		if (r < 0) {
			/* ICMP port unreachable comes back as ECONNREFUSED on a
			 * connected socket: the datagram was still dropped. */
			if (errno == ECONNREFUSED || errno == EINTR || errno == ENOBUFS)
				continue;
			perror("udpflood: sendmmsg");
			return 1;
		}
		sent += r;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%ld %.6f %.0f\n", sent, secs, sent / secs);
	close(fd);
	return 0;
}
