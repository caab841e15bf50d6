// SPDX-License-Identifier: GPL-2.0
/* explain_devconf: drops a device's own settings decide — IPv6 turned off
 * on it (disable_ipv6), unicast IP refused in an L2 broadcast/multicast
 * frame (drop_unicast_in_l2_multicast) — with the sysctl values read in
 * the drop's namespace, for the device and for all. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "explain/explain_classes.h"
#include "host/brport.h"
#include "host/softnet.h"

/* conf/DEV/KEY and conf/all/KEY of family ("ipv4", "ipv6"); "?" unknown */
static void conf(const struct explain_in *in, const char *family, const char *dev, const char *key,
		 char *v, char *all, size_t n)
{
	char name[128];

	snprintf(name, sizeof(name), "net.%s.conf.%s.%s", family, dev, key);
	explain_sysctl(in, name, v, n);
	snprintf(name, sizeof(name), "net.%s.conf.all.%s", family, key);
	explain_sysctl(in, name, all, n);
}

/* IPV6DISABLED: IPv6 arrived on a device where it is off. */
int explain_ipv6_disabled(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	char v[16], all[16], pkt[160] = "IPv6";

	if (!d->dev || !*d->dev)
		return -ENOTSUP;
	conf(in, "ipv6", d->dev, "disable_ipv6", v, all, sizeof(v));
	if (d->pkt && d->pkt->family)
		pkt_format(d->pkt, pkt, sizeof(pkt));
	explain_begin(in, f, "ipv6-disabled", FINDING_WARNING);
	finding_summary(f, "IPv6 is disabled on %s (disable_ipv6 %s, all %s): %s was dropped",
			d->dev, v, all, pkt);
	finding_evidence(f, "net.ipv6.conf.%s.disable_ipv6 = %s", d->dev, v);
	finding_evidence(f, "net.ipv6.conf.all.disable_ipv6 = %s", all);
	explain_kernel_at(in, f);
	explain_counters(in, f, 2);
	if (!strcmp(v, "1"))
		finding_fix(
		    f, "%ssysctl -w net.ipv6.conf.%s.disable_ipv6=0  # if %s should speak IPv6",
		    in->pre, d->dev, d->dev);
	if (!strcmp(all, "1"))
		finding_fix(f, "%ssysctl -w net.ipv6.conf.all.disable_ipv6=0", in->pre);
	finding_fix(f, "otherwise the sender should not send IPv6 here (its routes or DNS AAAA)");
	return 0;
}

/* UNICAST_IN_L2_MULTICAST: a unicast IP packet in a broadcast/multicast
 * frame, refused by the device's setting (a defence against hole-196). */
int explain_l2_multicast(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	const char *fam = p && p->family == AF_INET6 ? "ipv6" : "ipv4";
	char v[16], all[16], mac[18], src[64], dst[64];

	if (!p || !p->has_eth || !d->dev || !*d->dev)
		return -ENOTSUP;
	conf(in, fam, d->dev, "drop_unicast_in_l2_multicast", v, all, sizeof(v));
	explain_mac(p->dmac, mac, sizeof(mac));
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	explain_begin(in, f, "unicast-in-l2-multicast", FINDING_NOTICE);
	finding_summary(f,
			"%s > %s is unicast IP, but came in a frame to %s %s: %s refuses that "
			"(drop_unicast_in_l2_multicast %s)",
			src, dst,
			(p->dmac[0] & 1) && memcmp(p->dmac, "\xff\xff\xff\xff\xff\xff", 6)
			    ? "multicast"
			    : "broadcast",
			mac, d->dev, !strcmp(v, "?") ? all : v);
	finding_evidence(f, "frame: destination MAC %s (the L2 group bit set), IP destination %s",
			 mac, dst);
	finding_evidence(f, "net.%s.conf.%s.drop_unicast_in_l2_multicast = %s (all: %s)", fam,
			 d->dev, v, all);
	explain_kernel_at(in, f);
	finding_fix(f,
		    "the sender (%s, MAC %02x:%02x:%02x:%02x:%02x:%02x) should address %s's own "
		    "MAC: look at its neighbour entry for %s",
		    src, p->smac[0], p->smac[1], p->smac[2], p->smac[3], p->smac[4], p->smac[5],
		    dst, dst);
	finding_fix(
	    f, "or accept such frames: %ssysctl -w net.%s.conf.%s.drop_unicast_in_l2_multicast=0",
	    in->pre, fam, d->dev);
	return 0;
}

/* BRIDGE_INGRESS_STP_STATE: the frame came in on a bridge port that does
 * not forward (STP learning, listening, blocking, or disabled). */
int explain_stp_state(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct netcfg_link *l = explain_link(in);
	const struct netcfg_link *br =
	    l && in->cfg ? netcfg_link_by_index(in->cfg, l->master) : NULL;
	int state = -1;

	if (!in->env || !in->env->brport || !d->ifindex ||
	    in->env->brport(in->env->arg, d->netns, (int)d->ifindex, &state))
		return -ENOENT;
	explain_begin(in, f, "bridge-port-not-forwarding", FINDING_WARNING);
	finding_summary(f,
			"bridge port %s%s%s is in STP state %s, not forwarding: the bridge drops "
			"what arrives on it",
			d->dev, br ? " of " : "", br ? br->name : "", brport_state_name(state));
	finding_evidence(f, "%s: state %s (%d)%s%s", d->dev, brport_state_name(state), state,
			 br ? ", master " : "", br ? br->name : "");
	explain_kernel_at(in, f);
	if (state == 1 || state == 2)
		finding_fix(f,
			    "with STP on, the port forwards after forward_delay (listening, then "
			    "learning): wait, or shorten it: %sip link set dev %s type bridge "
			    "forward_delay 400",
			    in->pre, br ? br->name : "BRIDGE");
	else if (state == 4)
		finding_fix(
		    f,
		    "STP blocks %s to break a loop: look at the topology (%sbridge link show) "
		    "before you unblock it",
		    d->dev, in->pre);
	finding_fix(f, "with STP off, set it by hand: %sbridge link set dev %s state 3", in->pre,
		    d->dev);
	return 0;
}

/* IP_INADDRERRORS at ip6_forward: an IPv6 packet for another host reached
 * a host that does not forward IPv6 (net.ipv6.conf.all.forwarding off, and
 * the device not forced to: force_forwarding, kernels 6.17 on). */
int explain_ipv6_forwarding(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	char all[16], dev[16], force[32], name[96], src[64] = "?", dst[64] = "?";

	if (!d->dev || !*d->dev)
		return -ENOTSUP;
	conf(in, "ipv6", d->dev, "forwarding", dev, all, sizeof(all));
	snprintf(name, sizeof(name), "net.ipv6.conf.%s.force_forwarding", d->dev);
	if (in->env && in->env->sysctl && explain_sysctl(in, name, force, sizeof(force)))
		snprintf(force, sizeof(force), "(none in this kernel)");
	if (d->pkt) {
		pkt_src(d->pkt, src, sizeof(src));
		pkt_dst(d->pkt, dst, sizeof(dst));
	}
	explain_begin(in, f, "ipv6-not-forwarding", FINDING_WARNING);
	finding_summary(f,
			"%s is not this host's, and it does not forward IPv6 (all.forwarding %s): "
			"%s > %s on %s was dropped",
			dst, all, src, dst, d->dev);
	finding_evidence(f, "net.ipv6.conf.all.forwarding = %s (decides for every device)", all);
	finding_evidence(f, "net.ipv6.conf.%s.forwarding = %s, force_forwarding = %s", d->dev, dev,
			 force);
	explain_kernel_at(in, f);
	explain_counters(in, f, 2);
	finding_fix(f, "if this host should route: %ssysctl -w net.ipv6.conf.all.forwarding=1",
		    in->pre);
	finding_fix(f,
		    "otherwise the sender's route to %s should not point at this host (%sip -6 "
		    "neigh, its routes)",
		    dst, in->pre);
	return 0;
}

/* IP_LOCALNET: a 127/8 address (source or destination) arrived on a device
 * that does not route loopback addresses (route_localnet off). */
int explain_localnet(const struct explain_in *in, struct finding *f)
{
	const struct drop_record *d = in->d;
	const struct pkt *p = d->pkt;
	const struct netcfg_link *l = explain_link(in);
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN], v[16], all[16];
	bool from_lo;

	if (!p || p->family != AF_INET || !d->dev || !*d->dev)
		return -ENOTSUP;
	pkt_src(p, src, sizeof(src));
	pkt_dst(p, dst, sizeof(dst));
	from_lo = (ntohl(p->src.v4.s_addr) >> 24) == 127;
	if (l && l->conf.route_localnet >= 0 && in->cfg && in->cfg->all.route_localnet >= 0) {
		snprintf(v, sizeof(v), "%d", l->conf.route_localnet);
		snprintf(all, sizeof(all), "%d", in->cfg->all.route_localnet);
	} else {
		conf(in, "ipv4", d->dev, "route_localnet", v, all, sizeof(v));
	}
	explain_begin(in, f, "localnet-refused", FINDING_WARNING);
	finding_summary(f,
			"%s > %s on %s: a loopback (127/8) %s address from outside, and %s does "
			"not route them (route_localnet %s)",
			src, dst, d->dev, from_lo ? "source" : "destination", d->dev, v);
	finding_evidence(f, "net.ipv4.conf.%s.route_localnet = %s, all = %s", d->dev, v, all);
	finding_evidence(f,
			 "%s is in 127.0.0.0/8, which only lo may carry unless route_localnet "
			 "is on",
			 from_lo ? src : dst);
	explain_kernel_at(in, f);
	finding_fix(f, "the sender should not use 127/8 on the wire (a DNAT to 127.0.0.1 wants "
		       "route_localnet, or a DNAT to the host's own address instead)");
	finding_fix(f, "if it must: %ssysctl -w net.ipv4.conf.%s.route_localnet=1", in->pre,
		    d->dev);
	return 0;
}

/* CPU_BACKLOG: the per-CPU input queue (netdev_max_backlog) was full when
 * the packet was queued to it (RPS, veth/loopback, generic XDP...). */
int explain_backlog(const struct explain_in *in, struct finding *f)
{
	struct softnet_cpu c[64];
	char max[24] = "?", budget[24] = "?";
	unsigned long long dropped = 0, squeezed = 0;
	int n = -ENOSYS, worst = -1;

	if (!in->env || !in->env->sysctl)
		return -ENOTSUP;
	explain_sysctl(in, "net.core.netdev_max_backlog", max, sizeof(max));
	explain_sysctl(in, "net.core.netdev_budget", budget, sizeof(budget));
	if (in->env->softnet)
		n = in->env->softnet(in->env->arg, c, 64);
	for (int i = 0; i < n; i++) {
		dropped += c[i].dropped;
		squeezed += c[i].time_squeeze;
		if (c[i].dropped && (worst < 0 || c[i].dropped > c[worst].dropped))
			worst = i;
	}
	explain_begin(in, f, "cpu-backlog-full", FINDING_WARNING);
	finding_summary(f,
			"a CPU's input backlog was full (net.core.netdev_max_backlog %s): packets "
			"arrive faster than that CPU processes them",
			max);
	finding_evidence(f, "net.core.netdev_max_backlog = %s, netdev_budget = %s (host-wide)", max,
			 budget);
	if (n > 0)
		finding_evidence(
		    f, "/proc/net/softnet_stat: %llu dropped, %llu time_squeeze over %d CPUs%s",
		    dropped, squeezed, n, worst >= 0 ? "" : " (none dropped yet)");
	if (worst >= 0)
		finding_evidence(f, "CPU %d dropped the most: %u", c[worst].cpu, c[worst].dropped);
	explain_kernel_at(in, f);
	finding_fix(f,
		    "raise it (host-wide, in the host's own namespace): sysctl -w "
		    "net.core.netdev_max_backlog=%ld",
		    atol(max) > 0 ? 2 * atol(max) : 2000);
	finding_fix(f, "and spread the load: RPS/RSS (/sys/class/net/DEV/queues/rx-*/rps_cpus), "
		       "irqbalance");
	return 0;
}
