// SPDX-License-Identifier: GPL-2.0
/* sockhold: bind a socket the way a service would and hold it until killed,
 * for tests of dropdoc's socket facts.
 *
 *   sockhold [-t|-u] [-d DEV] [-V] ADDR PORT
 *
 * -t a TCP listener, -u a UDP socket (default); -d DEV binds it to a device
 * (SO_BINDTODEVICE); -V sets IPV6_V6ONLY on an IPv6 socket. ADDR is an IPv4
 * or IPv6 address (0.0.0.0 and :: for any). Prints "ready PID" once bound. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int type = SOCK_DGRAM, v6only = 0, one = 1, fd, opt;
	const char *dev = NULL;
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;

	while ((opt = getopt(argc, argv, "tud:V")) != -1) {
		switch (opt) {
		case 't':
			type = SOCK_STREAM;
			break;
		case 'u':
			type = SOCK_DGRAM;
			break;
		case 'd':
			dev = optarg;
			break;
		case 'V':
			v6only = 1;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2)
		goto usage;
	if (inet_pton(AF_INET, argv[optind], &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)atoi(argv[optind + 1]));
		len = sizeof(*s4);
	} else if (inet_pton(AF_INET6, argv[optind], &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)atoi(argv[optind + 1]));
		len = sizeof(*s6);
	} else {
		goto usage;
	}
	fd = socket(ss.ss_family, type, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only)) < 0) {
		perror("IPV6_V6ONLY");
		return 1;
	}
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev)) < 0) {
		perror("SO_BINDTODEVICE");
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		perror("bind");
		return 1;
	}
	if (type == SOCK_STREAM && listen(fd, 16) < 0) {
		perror("listen");
		return 1;
	}
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	for (;;)
		pause();
usage:
	fprintf(stderr, "usage: sockhold [-t|-u] [-d DEV] [-V] ADDR PORT\n");
	return 2;
}
