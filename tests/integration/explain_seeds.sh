#!/usr/bin/env bash
# Every drop carries a finding computed from the live configuration of its
# namespace: the evidence names the scenario's real devices, addresses and
# sysctl values, and the fix is a command with them filled in.
T=dxs$$
. "$(dirname "$0")/../lib.sh"
require_root "explain seeds"
P=dxs$$
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'

# has SCENARIO JQ-CONDITION DESC: some drop line of the run satisfies it
has() {
	local n
	n=$(jq_count "$TMP/$1.json" ".type==\"drop\" and ($2)")
	check "$1: $3" [ "$n" -ge 1 ]
}
for sc in rp-filter wrong-mac bad-checksum bad-length local-source; do
	"$DROPDOC" lab "$sc" --json --prefix "$P" >"$TMP/$sc.json" 2>/dev/null
	check "$sc: every drop has a finding" [ "$(jq_count "$TMP/$sc.json" '.type=="drop" and (.finding == null or (.finding.id|length) == 0)')" -eq 0 ]
done
ev() { echo "(.finding.evidence | any(contains(\"$1\")))"; }
fx() { echo "(.finding.fix | any(contains(\"$1\")))"; }

host=$P-rp-filter-host
has rp-filter '.finding.id=="rp_filter_strict"' "finding rp_filter_strict"
has rp-filter "$(ev "up1: rp_filter 1 = max(conf/all=1, conf/up1=0)")" "evidence: effective rp_filter with both sysctls"
has rp-filter "$(ev "route back to 203.0.113.1: default via 10.0.0.1 dev up0 metric 100")" "evidence: the reverse route with device, gateway, metric"
has rp-filter "$(fx "ip netns exec $host sysctl -w net.ipv4.conf.up1.rp_filter=2")" "fix: loose mode on up1 in its namespace"
has rp-filter "$(fx "ip netns exec $host ip rule add from 10.0.1.2 table")" "fix: source policy rule with the real address"
has rp-filter "$(fx "ip route add default via 10.0.1.1 dev up1 table")" "fix: default route via the real gateway of up1"

has wrong-mac '.finding.id=="foreign_dst_mac"' "finding foreign_dst_mac"
has wrong-mac "$(ev "frame destination MAC 02:dd:00:00:00:99 != eth0 MAC 02:dd:00:00:00:01")" "evidence: frame vs device MAC"
has wrong-mac "$(ev "eth0 is promiscuous")" "evidence: promiscuous mode"
has wrong-mac "$(ev "IP destination 192.0.2.1 is this host's own address")" "evidence: only the MAC is wrong"
has wrong-mac "$(fx "ip neigh replace 192.0.2.1 lladdr 02:dd:00:00:00:01")" "fix: the sender's neighbour entry"

has bad-checksum '.finding.id=="ipv4_bad_checksum"' "finding ipv4_bad_checksum"
has bad-checksum '(.finding.summary | test("checksum is 0x[0-9a-f]{4}, should be 0x[0-9a-f]{4}"))' "summary: stored vs computed checksum"
has bad-length '.finding.id=="ipv4_tot_len_beyond_frame"' "finding ipv4_tot_len_beyond_frame"
has bad-length '(.finding.summary | contains("claims 14 bytes more than the frame carries"))' "summary: 14 bytes beyond the frame"
has local-source '.finding.id=="local_source"' "finding local_source"
has local-source "$(fx "ip netns exec $P-local-source-host sysctl -w net.ipv4.conf.eth0.accept_local=1")" "fix: accept_local on eth0"
has local-source '(.finding.summary | contains("source 192.0.2.1 is an address of this host"))' "summary names the local address"

# text output: the why/fix block under the first drop, a short form after
"$DROPDOC" lab rp-filter --prefix "$P" >"$TMP/rp.txt" 2>&1
check "text: why line under the drop" grep -q "^  why: dropped by strict rp_filter on up1" "$TMP/rp.txt"
check "text: fix line" grep -q "^  fix: ip netns exec $host sysctl -w net.ipv4.conf.up1.rp_filter=2" "$TMP/rp.txt"
check "text: repeats say 'as above'" grep -q "(evidence and fix as above)" "$TMP/rp.txt"

# --no-explain leaves finding null
pair || { not_ok "set up namespaces"; exit 1; }
bg_dropdoc "$TMP/raw" drops -n "$T-b" --json --no-explain -c 1 udp
udp_send a 192.0.2.2 9 1
wait $BG_PID
check "--no-explain: finding is null" [ "$(jq_count "$TMP/raw" '.type=="drop" and .finding==null')" -eq 1 ]
