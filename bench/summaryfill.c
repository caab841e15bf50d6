// SPDX-License-Identifier: GPL-2.0
/* summaryfill: writes rows into a running collector's --summary map, for
 * benchmarking readers (the exporter) at a chosen number of label sets
 * without making that many kinds of drops. Raw bpf(2), no libbpf.
 *
 * usage: summaryfill MAP_ID < ROWS
 * ROWS: one "NETNS_INODE IFINDEX REASON LOCATION_HEX COUNT" per line; every
 * CPU's slot gets COUNT / ncpus (the reader sums them). */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf/events.h"

static long sys_bpf(int cmd, union bpf_attr *a)
{
	return syscall(__NR_bpf, cmd, a, sizeof(*a));
}

static int possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	int lo = 0, hi = 0, n = 0;
	char c;

	if (!f)
		return -1;
	while (fscanf(f, "%d", &lo) == 1) {
		hi = lo;
		if (fscanf(f, "%c", &c) == 1 && c == '-') {
			if (fscanf(f, "%d", &hi) != 1)
				break;
			if (fscanf(f, "%c", &c) != 1)
				c = '\n';
		}
		n += hi - lo + 1;
		if (c != ',')
			break;
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	union bpf_attr a;
	struct dd_sum_key k;
	unsigned long long loc, count;
	unsigned inode, ifindex, reason;
	uint64_t *vals;
	int fd, ncpus = possible_cpus(), n = 0;

	if (argc != 2 || ncpus <= 0) {
		fprintf(stderr, "usage: summaryfill MAP_ID < ROWS\n");
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.map_id = strtoul(argv[1], NULL, 10);
	fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &a);
	if (fd < 0) {
		fprintf(stderr, "summaryfill: map %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	vals = calloc(ncpus, sizeof(*vals));
	if (!vals)
		return 1;
	while (scanf("%u %u %u %llx %llu", &inode, &ifindex, &reason, &loc, &count) == 5) {
		memset(&k, 0, sizeof(k));
		k.netns = inode;
		k.ifindex = ifindex;
		k.reason = reason;
		k.location = loc;
		for (int i = 0; i < ncpus; i++)
			vals[i] = count / ncpus + (i == 0 ? count % ncpus : 0);
		memset(&a, 0, sizeof(a));
		a.map_fd = fd;
		a.key = (uint64_t)(uintptr_t)&k;
		a.value = (uint64_t)(uintptr_t)vals;
		a.flags = BPF_ANY;
		if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a)) {
			fprintf(stderr, "summaryfill: update: %s\n", strerror(errno));
			return 1;
		}
		n++;
	}
	printf("%d rows\n", n);
	free(vals);
	close(fd);
	return 0;
}
