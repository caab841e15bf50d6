/* SPDX-License-Identifier: GPL-2.0 */
/* trace_track: what the trace collector (trace.bpf.c) knows of the packets
 * it follows — its settings, the tracking table and the filter's memory of
 * skbs it turned down, the selection of a packet at its first hop (-n, -i,
 * the translated pcap-filter), and the making of hop events. Included by
 * trace.bpf.c alone, after vmlinux.h, the libbpf helpers, cbpf.h,
 * cbpf_jit.h, skb_copy.h and trace_events.h. */
#ifndef DROPDOC_TRACE_TRACK_H
#define DROPDOC_TRACE_TRACK_H

/* Set by user space between open and load. */
const volatile __u32 targ_netns = 0;   /* 0 = every namespace */
const volatile __u32 targ_ifindex = 0; /* 0 = every device */
const volatile __u64 stale_ns = 1000000000ull;
const volatile __u64 wakeup_bytes = 0;
const volatile __u32 hop_snap = DD_HOP_CAP;  /* -s: packet bytes a hop carries */
const volatile struct cbpf_prog filter = {}; /* len 0 = every packet */
/* bytes of a candidate copied for the filter: what it can read (filter_span,
 * at least the IPv4 header output_route looks at), not all CBPF_PKT_MAX */
const volatile __u32 filter_snap = CBPF_PKT_MAX;

__u64 next_packet = 0;
__u32 route_hook_on = 0; /* written by user space: trace_fib is attached */
/* entries in `tracked`, or more: the hash lookup, a cache miss in a large
 * table, is skipped while it is 0 — when nothing is followed, as on a busy
 * host the filter turns everything down on. Entries the LRU evicts are not
 * subtracted: the count errs high, never low. */
__s64 ntracked = 0;

struct dd_track {
	__u64 packet;
	__u64 last_ns;
	__u32 hops;
	__u32 flags; /* DD_HOPF_* every hop of the packet carries; DD_TRACKF_* */
};

/* queued on a neighbour being resolved: quiet for as long as the kernel
 * asks (mcast_solicit x retrans_time, 3 s by default) before it sends or
 * frees the packet, so not stale until NEIGH_WAIT_NS */
#define DD_TRACKF_NEIGH_WAIT 0x100
#define NEIGH_WAIT_NS	     30000000000ull

/* skbs the filter turned down lately on this CPU: a packet's later hops
 * (the router's rx and tx, the next namespace's rx) mostly follow on the
 * same CPU within microseconds, and the filter decides at the first hop
 * only — so they are not run through it again. Cleared when the skb is
 * freed on this CPU; one freed on another CPU leaves its slot behind, so a
 * slot counts for REJECT_TTL_JIFFIES only, 2 to 30 ms whatever HZ is (its
 * address may come back as a new skb: a later hop past that simply runs the
 * filter again). Jiffies, not the clock: bpf_jiffies64 is inlined, and
 * this is the path nearly every packet of a busy host takes. */
#define REJECT_SLOTS	   8
#define REJECT_TTL_JIFFIES 2
struct dd_rejects {
	__u64 skb[REJECT_SLOTS];
	__u64 jiffies[REJECT_SLOTS];
	__u32 next;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20); /* resized by user space */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct dd_track);
} tracked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cbpf_scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dd_rejects);
} rejects SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dd_tstats);
} stats SEC(".maps");

static __always_inline void stat_inc(__u32 idx)
{
	__u32 zero = 0;
	struct dd_tstats *st = bpf_map_lookup_elem(&stats, &zero);

	if (st && idx < DD_TSTAT_MAX)
		st->v[idx] += 1;
}

static __always_inline void *percpu(void *map)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(map, &zero);
}

static __always_inline void track_forget(__u64 skb)
{
	if (!bpf_map_delete_elem(&tracked, &skb))
		__sync_fetch_and_add(&ntracked, -1);
}

static __always_inline struct dd_track *track_get(__u64 skb, __u64 now)
{
	struct dd_track *t;

	if (ntracked <= 0)
		return NULL;
	t = bpf_map_lookup_elem(&tracked, &skb);
	if (t && now - t->last_ns > (t->flags & DD_TRACKF_NEIGH_WAIT ? NEIGH_WAIT_NS : stale_ns)) {
		track_forget(skb);
		return NULL;
	}
	return t;
}

/* A hop with the common fields set; the caller fills the rest, submits. */
static __always_inline struct dd_hop *hop_new(struct dd_track *t, __u8 kind, __u64 skb, __u64 now)
{
	struct dd_hop *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	t->last_ns = now;
	if (!e) {
		stat_inc(DD_TSTAT_LOST);
		t->hops++;
		return NULL;
	}
	__builtin_memset(e, 0, offsetof(struct dd_hop, data));
	e->version = DD_HOP_VERSION;
	e->kind = kind;
	e->ts_ns = now;
	e->packet = t->packet;
	e->skbaddr = skb;
	e->hop = t->hops++;
	t->flags &= ~DD_TRACKF_NEIGH_WAIT; /* moving again */
	e->flags = t->flags;
	return e;
}

static __always_inline void hop_submit(struct dd_hop *e)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

	stat_inc(DD_TSTAT_HOPS);
	/* wake the reader once per backlog crossing (see drops.bpf.c) */
	bpf_ringbuf_submit(e, avail >= wakeup_bytes && avail < wakeup_bytes + sizeof(*e)
				  ? BPF_RB_FORCE_WAKEUP
				  : BPF_RB_NO_WAKEUP);
}

static __always_inline void hop_dev(struct dd_hop *e, struct sk_buff *skb, struct net_device *dev)
{
	e->protocol = BPF_CORE_READ(skb, protocol);
	if (dev) {
		e->ifindex = BPF_CORE_READ(dev, ifindex);
		e->netns = BPF_CORE_READ(dev, nd_net.net, ns.inum);
		bpf_probe_read_kernel_str(e->ifname, sizeof(e->ifname), dev->name);
	}
}

/* The packet's bytes into the hop, straight from the skb. */
static __always_inline void hop_packet(struct dd_hop *e, struct sk_buff *skb)
{
	bool synth;

	e->len = BPF_CORE_READ(skb, len);
	e->caplen = skb_copy_l2(skb, e->data, DD_HOP_CAP, hop_snap, e->protocol, &e->len, &synth);
	if (synth)
		e->flags |= DD_HOPF_SYNTH_L2;
}

static __always_inline bool rejected(struct dd_rejects *r, __u64 skb)
{
	__u64 j = bpf_jiffies64();

	for (int i = 0; i < REJECT_SLOTS; i++)
		if (r->skb[i] == skb && j - r->jiffies[i] <= REJECT_TTL_JIFFIES)
			return true;
	return false;
}

static __always_inline bool recently_rejected(__u64 skb)
{
	struct dd_rejects *r = percpu(&rejects);

	return r && rejected(r, skb);
}

/* Forgets skb if the filter turned it down here; says whether it had,
 * lately. */
static __always_inline bool reject_forget(__u64 skb)
{
	struct dd_rejects *r = percpu(&rejects);
	bool found = false;
	__u64 j;

	if (!r)
		return false;
	j = bpf_jiffies64();
	for (int i = 0; i < REJECT_SLOTS; i++)
		if (r->skb[i] == skb) {
			found |= j - r->jiffies[i] <= REJECT_TTL_JIFFIES;
			r->skb[i] = 0;
		}
	return found;
}

/* Is this untracked skb one the user asked for? Runs -n/-i and the filter
 * over the packet copied into the per-CPU scratch (left there for the
 * caller). Returns the new tracking entry, or NULL. */
static __always_inline struct dd_track *select_new(struct sk_buff *skb, struct net_device *dev,
						   __u64 now, struct cbpf_scratch **sp, bool *synth)
{
	struct cbpf_scratch *s;
	struct dd_track nt = {}, *t;
	struct dd_rejects *r;
	__u64 key = (__u64)skb;
	__u32 len;

	if (!dev)
		return NULL;
	if (targ_ifindex && dev->ifindex != targ_ifindex)
		return NULL;
	if (targ_netns && dev->nd_net.net->ns.inum != targ_netns)
		return NULL;
	s = percpu(&scratch);
	r = percpu(&rejects);
	if (!s || !r)
		return NULL;
	if (filter.len && rejected(r, key))
		return NULL; /* turned down at an earlier hop */
	stat_inc(DD_TSTAT_CANDIDATES);
	len = skb->len;
	s->caplen =
	    skb_copy_l2(skb, s->data, CBPF_PKT_MAX, filter_snap, skb->protocol, &len, synth);
	s->wirelen = len;
	if (filter.len && !cbpf_jit_run(s)) {
		r->skb[r->next & (REJECT_SLOTS - 1)] = key;
		r->jiffies[r->next & (REJECT_SLOTS - 1)] = bpf_jiffies64();
		r->next++;
		return NULL;
	}
	nt.packet = __sync_fetch_and_add(&next_packet, 1) + 1;
	nt.last_ns = now;
	if (!route_hook_on) {
		nt.flags = DD_HOPF_PARTIAL;
		stat_inc(DD_TSTAT_PARTIAL);
	}
	__sync_fetch_and_add(&ntracked, 1); /* before the entry: never low */
	if (bpf_map_update_elem(&tracked, &key, &nt, BPF_ANY)) {
		__sync_fetch_and_add(&ntracked, -1);
		stat_inc(DD_TSTAT_TRACK_FULL);
		return NULL;
	}
	t = bpf_map_lookup_elem(&tracked, &key);
	if (t)
		stat_inc(DD_TSTAT_SELECTED);
	*sp = s;
	return t;
}

/* The first hop's bytes come from the scratch the filter ran on, when it
 * holds as many as a hop carries. */
static __always_inline void hop_packet_from(struct dd_hop *e, struct sk_buff *skb,
					    struct cbpf_scratch *s, bool synth)
{
	__u32 n = s->caplen;

	if (filter_snap < hop_snap) {
		hop_packet(e, skb);
		e->flags |= DD_HOPF_FIRST;
		return;
	}
	if (n > hop_snap)
		n = hop_snap;
	bpf_probe_read_kernel(e->data, DD_HOP_CAP, s->data);
	e->caplen = n;
	e->len = s->wirelen;
	e->flags |= DD_HOPF_FIRST | (synth ? DD_HOPF_SYNTH_L2 : 0);
}

/* The hop's bytes: from the scratch when the filter just ran on them
 * (the first hop), else from the skb. */
static __always_inline void hop_bytes(struct dd_hop *e, struct sk_buff *skb, struct cbpf_scratch *s,
				      bool synth)
{
	if (s)
		hop_packet_from(e, skb, s, synth);
	else
		hop_packet(e, skb);
}

#endif
