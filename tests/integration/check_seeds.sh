#!/usr/bin/env bash
# dropdoc check on the seeds' topologies built live in namespaces: the same
# finding ids as their snapshot fixtures (tests/fixtures/*.json), and, where
# cheap, proof that the hazard is real (the kernel's own drop counter moves
# when the seed's packet is sent).
T=dn$$
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_root "check on live seed topologies"
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)

# ids NS|--snapshot FILE: sorted "id@dev" of the findings
ids() {
	"$DROPDOC" check "$@" --json | jq -r 'select(.type=="finding") | .id + (if .dev then "@" + .dev else "" end)' | sort | tr '\n' ' '
}
same_ids() { # DESC FIXTURE NS
	local want got
	want=$(ids --snapshot "$FIX/$2")
	got=$(ids -n "$T-$3")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		ok "$1: live findings = fixture's: $got"
	else
		not_ok "$1: live [$got] vs fixture [$want]"
		"$DROPDOC" check -n "$T-$3" >&2
	fi
}
rpf_drops() { nsx "$1" nstat -az TcpExtIPReversePathFilter | awk '/IPReversePathFilter/ {print $2}'; }

# --- seed 000: four NICs, three DHCP/static defaults, conf/all/rp_filter=1
ns_add s0 && ns_add s0p
i=0
for d in enp0s3:10.0.2.15/24:10.0.2.0:10.0.2.2:102:dhcp enp0s8:172.31.22.3/24:172.31.22.0:172.31.22.1:100:dhcp \
	enp0s9:192.168.56.107/24:192.168.56.0:192.168.56.1:101:static enp0s10:172.31.20.200/24:172.31.20.0::103:; do
	IFS=: read -r n a net g m p <<<"$d"
	i=$((i + 1))
	veth s0 "$n" s0p "u$i"
	net=$net/24
	ip -n "$T-s0" addr add "$a" dev "$n" noprefixroute
	ip -n "$T-s0" route add "$net" dev "$n" proto kernel scope link src "${a%/*}" metric "$m"
	[ -n "$g" ] && ip -n "$T-s0" route add default via "$g" dev "$n" proto "$p" metric "$m"
done
nsx s0 sysctl -qw net.ipv4.conf.all.rp_filter=1
same_ids "seed 000" seed000.json s0
"$DROPDOC" check -n "$T-s0" >"$TMP/s0.txt"
check "seed 000: check exits $((8)) (warnings)" test "$("$DROPDOC" check -n "$T-s0" >/dev/null; echo $?)" -eq 8
check "seed 000: evidence names the winning default route" \
	grep -q "route back to an off-link source (e.g. 198.51.100.77): default via 172.31.22.1 dev enp0s8 proto dhcp metric 100" "$TMP/s0.txt"
# the hazard is real: an off-link source pinging enp0s3's address is dropped
ip -n "$T-s0p" addr add 198.51.100.77/32 dev u1
ip -n "$T-s0p" route add 10.0.2.0/24 dev u1 src 198.51.100.77
# (ARP would fail first: the kernel validates an ARP request's sender too)
mac=$(ip -n "$T-s0" -j link show enp0s3 | jq -r '.[0].address')
ip -n "$T-s0p" neigh add 10.0.2.15 lladdr "$mac" dev u1 nud permanent
before=$(rpf_drops s0)
nsx s0p ping -c 2 -i 0.2 -W 1 10.0.2.15 >/dev/null 2>&1
after=$(rpf_drops s0)
check "seed 000: the kernel drops it as the finding says (IPReversePathFilter $before -> $after)" \
	test "$after" -gt "$before"
# and the fix dropdoc prints makes it pass
fix=$(grep -m1 'sysctl -w net.ipv4.conf.enp0s3.rp_filter=2' "$TMP/s0.txt" | sed 's/^ *fix: *//')
eval "$fix" >/dev/null
in_echos() { nsx "$1" nstat -az IcmpInEchos | awk '/IcmpInEchos/ {print $2}'; }
b_rpf=$(rpf_drops s0) b_echo=$(in_echos s0)
nsx s0p ping -c 2 -i 0.2 -W 1 10.0.2.15 >/dev/null 2>&1
check "seed 000: after the printed fix ($fix) the request is accepted (echos $b_echo -> $(in_echos s0), rp drops stay $b_rpf)" \
	test "$(in_echos s0)" -gt "$b_echo" -a "$(rpf_drops s0)" -eq "$b_rpf"
check "seed 000: and rp_filter_strict_multihomed is gone for enp0s3" \
	bash -c "! '$DROPDOC' check -n '$T-s0' --json | grep -q '\"id\":\"rp_filter_strict_multihomed\".*\"dev\":\"enp0s3\"'"

# --- seed 001: two NICs, two DHCP default routes
ns_add s1 && ns_add s1p
veth s1 eth0 s1p v0 && veth s1 eth1 s1p v1
ip -n "$T-s1" addr add 192.168.122.106/24 dev eth0 noprefixroute
ip -n "$T-s1" addr add 10.66.60.236/23 dev eth1 noprefixroute
ip -n "$T-s1" route add 192.168.122.0/24 dev eth0 proto kernel scope link src 192.168.122.106 metric 100
ip -n "$T-s1" route add 10.66.60.0/23 dev eth1 proto kernel scope link src 10.66.60.236 metric 101
ip -n "$T-s1" route add default via 192.168.122.1 dev eth0 proto dhcp src 192.168.122.106 metric 100
ip -n "$T-s1" route add default via 10.66.61.254 dev eth1 proto dhcp src 10.66.60.236 metric 101
same_ids "seed 001" seed001.json s1
out=$("$DROPDOC" path -n "$T-s1" --from 10.72.112.29 --to 10.66.60.236 --in eth1 --json)
check "seed 001: path says the reply leaves by eth0 (asymmetric)" \
	test "$(echo "$out" | jq -r '[.verdict, .reply.dev, .asymmetric, .model_agrees] | join(",")')" = "local,eth0,true,true"

# --- seed 004: a tunnel with strict rp_filter (vxlan here: no ipip module)
ns_add a && ns_add b
veth a eth0 b eth0
ip -n "$T-a" addr add 172.16.16.22/20 dev eth0
ip -n "$T-b" addr add 172.16.1.62/20 dev eth0
ip -n "$T-a" route add 172.16.0.0/20 dev eth0
ip -n "$T-b" route add 172.16.16.0/20 dev eth0
ip -n "$T-a" route add default via 172.16.16.1 dev eth0 onlink
ip -n "$T-a" link add tun_a type vxlan id 42 local 172.16.16.22 remote 172.16.1.62 dstport 4789 dev eth0
ip -n "$T-b" link add tun_b type vxlan id 42 local 172.16.1.62 remote 172.16.16.22 dstport 4789 dev eth0
ip -n "$T-a" addr add 192.168.1.1/24 dev tun_a && ip -n "$T-a" link set tun_a up
ip -n "$T-b" addr add 192.168.1.2/24 dev tun_b && ip -n "$T-b" link set tun_b up
nsx a sysctl -qw net.ipv4.conf.all.rp_filter=1
same_ids "seed 004" seed004.json a
before=$(rpf_drops a)
nsx a ping -c 2 -i 0.3 -W 1 -I tun_a 172.16.1.62 >/dev/null 2>&1
after=$(rpf_drops a)
check "seed 004: the reply arriving inside tun_a is dropped by rp_filter ($before -> $after)" \
	test "$after" -gt "$before"
out=$("$DROPDOC" path -n "$T-a" --from 172.16.1.62 --to 192.168.1.1 --in tun_a --json)
check "seed 004: path names rp_filter_strict, kernel and model agreeing" \
	test "$(echo "$out" | jq -r '[.verdict, .cause, .errno, .model_agrees] | join(",")')" = "dropped,rp_filter_strict,EINVAL,true"

# --- seed 003 (a): XDP on a veth whose peer has none
if clang -O2 -g -target bpf -I/usr/include/$(uname -m)-linux-gnu -c "$FIX/xdp_pass.bpf.c" -o "$TMP/xdp_pass.o" 2>"$TMP/clang.err"; then
	ns_add x && ns_add y
	veth x t22 y veth0
	ip -n "$T-x" addr add 10.22.0.1/24 dev t22
	if ip -n "$T-x" link set dev t22 xdpgeneric obj "$TMP/xdp_pass.o" sec xdp 2>"$TMP/xdp.err"; then
		got=$(ids -n "$T-x")
		check "seed 003a: xdp_veth_peer_without_xdp on t22 [$got]" test "$got" = "xdp_veth_peer_without_xdp@t22 "
		check "seed 003a: evidence names the peer and its namespace" \
			bash -c "'$DROPDOC' check -n '$T-x' | grep -q 'peer veth0 (ifindex [0-9]* in netns $T-y): no XDP program'"
		ip -n "$T-y" link set dev veth0 xdpgeneric obj "$TMP/xdp_pass.o" sec xdp
		check "seed 003a: gone once the peer has a program" test -z "$(ids -n "$T-x")"
	else
		skip_or_fail "seed 003a" "cannot attach XDP: $(head -1 "$TMP/xdp.err")"
	fi
else
	skip_or_fail "seed 003a" "cannot build the XDP program: $(head -1 "$TMP/clang.err")"
fi

# --- seed 002 context: promiscuous interface (info: exit 0)
ns_add pr && ns_add prp
veth pr eth0 prp p0
ip -n "$T-pr" link set eth0 promisc on
check "promiscuous_interface on eth0" test "$(ids -n "$T-pr")" = "promiscuous_interface@eth0 "
check "info findings alone exit 0" "$DROPDOC" check -n "$T-pr"

# --- a router with ip_forward off
ns_add r && ns_add rp
veth r lan rp rl && veth r wan rp rw
ip -n "$T-r" addr add 192.168.10.1/24 dev lan
ip -n "$T-r" addr add 203.0.113.2/30 dev wan
ip -n "$T-r" route add default via 203.0.113.1 dev wan
ip -n "$T-r" route add 10.20.0.0/16 via 192.168.10.254 dev lan
ip -n "$T-r" rule add prio 100 iif lan lookup main
nsx r sysctl -qw net.ipv4.ip_forward=0
same_ids "router with forwarding off" router_noforward.json r

# --- --all-netns covers our namespaces; unknown namespace → exit 4
"$DROPDOC" check --all-netns --json >"$TMP/all.json"
check "--all-netns reports the seed 000 namespace too" \
	test "$(jq -r "select(.type==\"finding\" and .netns_name==\"$T-s0\") | .id" "$TMP/all.json" | wc -l)" -ge 1
"$DROPDOC" check -n "$T-nonexistent" --json >"$TMP/nf.json" 2>/dev/null
rc=$?
check "unknown namespace: exit 4 and a JSON error line" \
	test "$rc" -eq 4 -a "$(jq -r '.type + ":" + (.exit_code|tostring)' "$TMP/nf.json")" = "error:4"
