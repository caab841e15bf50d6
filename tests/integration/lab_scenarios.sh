#!/usr/bin/env bash
# dropdoc lab SCENARIO --json: every scenario makes the kernel drop what its
# row in src/lab/lab_scenarios.c expects, and the drop lines carry the right
# reason, location, dev, netns_name, addresses and ports.
T=dl$$
. "$(dirname "$0")/../lib.sh"
require_root "lab scenarios"

P=dl$$
# Leftovers are a failure of the test below; this only keeps the host clean.
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'

# The seeds' reasons, pinned here too so that the table cannot drift alone.
declare -A reason=(
	[rp-filter]=IP_RPFILTER [wrong-mac]=OTHERHOST [bad-checksum]=IP_CSUM
	[bad-length]=PKT_TOO_SMALL [local-source]=IP_LOCAL_SOURCE [closed-port]=NO_SOCKET
	[xdp-veth]=XDP_REDIRECT_ERR [xdp-abort]=XDP_ABORTED [firewall]=NETFILTER_DROP [not-forwarding]=IP_INADDRERRORS
)

for sc in rp-filter wrong-mac bad-checksum bad-length local-source closed-port xdp-veth xdp-abort firewall not-forwarding; do
	out=$TMP/$sc.json
	"$DROPDOC" lab "$sc" --json --prefix "$P" >"$out" 2>"$TMP/$sc.err"
	rc=$?
	check "$sc: exit status 0" [ "$rc" -eq 0 ]
	check "$sc: one lab object, ok" [ "$(jq_count "$out" '.type=="lab" and .scenario=="'"$sc"'" and .ok==true and .missing==0')" -eq 1 ]
	check "$sc: every line is JSON with a type" [ "$(jq -c 'select(has("type") | not)' "$out" 2>&1 | wc -l)" -eq 0 ]
	check "$sc: drops seen with reason ${reason[$sc]}" [ "$(jq_count "$out" '.type=="drop" and .reason=="'"${reason[$sc]}"'"')" -ge 1 ]
	nexp=$(jq -c 'select(.type=="lab") | .expected[]' "$out" 2>/dev/null | wc -l)
	check "$sc: expectations listed" [ "$nexp" -ge 1 ]
	i=0
	while read -r e; do
		i=$((i + 1))
		desc=$(jq -r '"\(.reason) at \(.location) on \(.dev) in \(.netns_name) \(.family) \(.src) > \(.dst) ports \(.sport)/\(.dport) finding \(.finding)"' <<<"$e")
		n=$(jq -c --argjson e "$e" 'select(.type=="drop" and .reason==$e.reason
			and .location==$e.location and .dev==$e.dev and .netns_name==$e.netns_name
			and .family==$e.family and .src==$e.src and .dst==$e.dst
			and .sport==$e.sport and .dport==$e.dport
			and ($e.finding == null or .finding.id == $e.finding))' "$out" 2>/dev/null | wc -l)
		check "$sc: drop line $desc" [ "$n" -ge 1 ]
	done < <(jq -c 'select(.type=="lab") | .expected[]' "$out" 2>/dev/null)
	check "$sc: namespaces removed" [ "$(ip netns list | grep -c "^$P-$sc-")" -eq 0 ]
	if [ "$rc" -ne 0 ]; then sed 's/^/# /' "$TMP/$sc.err" >&2; fi
done

# closed-port covers both families
out=$TMP/closed-port.json
check "closed-port: IPv4 drop at __udp4_lib_rcv" [ "$(jq_count "$out" '.type=="drop" and .family=="ipv4" and .location=="__udp4_lib_rcv" and .dport==33434')" -ge 1 ]
check "closed-port: IPv6 drop at __udp6_lib_rcv" [ "$(jq_count "$out" '.type=="drop" and .family=="ipv6" and .location=="__udp6_lib_rcv" and .dport==33434')" -ge 1 ]
