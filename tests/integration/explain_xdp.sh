#!/usr/bin/env bash
# XDP drops (no skb) as drop lines with their finding: a director's XDP
# program redirects into a veth whose peer has no XDP program (seed 003a)
# and the kernel refuses with EOPNOTSUPP; the evidence names the real
# program id, devices and namespaces; each printed fix, run, stops the drops.
T=dx$$
. "$(dirname "$0")/../lib.sh"
require_root "explain xdp"
P=dx$$
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'
DIR=$P-xdp-veth-dir DST=$P-xdp-veth-dst
PASS_OBJ=$(dirname "$DROPDOC")/xdp_pass.bpf.o

# watch OUT ARGS...: dropdoc drops in the director's namespace while the
# scenario's traffic is sent twice
watch() {
	local out=$1
	shift
	bg_dropdoc "$out" drops -n "$DIR" --json -t 3 "$@"
	"$DROPDOC" lab xdp-veth --fire 2 --prefix "$P" 2>/dev/null
	sleep 0.3 # two fires apart in time: the second finding is a repeat of the first
	"$DROPDOC" lab xdp-veth --fire 2 --prefix "$P" 2>/dev/null
	wait "$BG_PID"
}
n_xdp() { jq_count "$1" '.type=="drop" and .reason=="XDP_REDIRECT_ERR"'; }

"$DROPDOC" lab xdp-veth --up --prefix "$P" >/dev/null 2>&1 || { not_ok "xdp-veth: --up"; exit 1; }
prog=$(ip -n "$DIR" -j link show in0 | jq '.[0].xdp.prog.id // empty')
check "the director's in0 has an XDP program (id $prog)" [ -n "$prog" ]

watch "$TMP/d1"
out=$TMP/d1
line=$(jq -c 'select(.type=="drop" and .reason=="XDP_REDIRECT_ERR")' "$out" | head -1)
check "XDP_REDIRECT_ERR drops seen" [ -n "$line" ]
q() { jq -r "$1" <<<"$line"; }
# jqok EXPR [ARG]: the drop line satisfies the jq expression ($a = ARG)
jqok() { jq -e --arg a "${2:-}" "$1" <<<"$line" >/dev/null; }
check "drop: dev in0, netns $DIR" [ "$(q '.dev + " " + .netns_name')" = "in0 $DIR" ]
check "drop: no packet (family, location, pkt_type null)" [ "$(q '[.family, .location, .pkt_type, .packet] | map(. == null) | all')" = true ]
check "xdp: program $prog lab_redirect" [ "$(q '"\(.xdp.prog_id) \(.xdp.prog_name)"')" = "$prog lab_redirect" ]
check "xdp: XDP_REDIRECT to out0, err -95 EOPNOTSUPP" [ "$(q '"\(.xdp.action) \(.xdp.to_dev) \(.xdp.err) \(.xdp.errno)"')" = "XDP_REDIRECT out0 -95 EOPNOTSUPP" ]
check "xdp: to_ifindex is out0's" [ "$(q '.xdp.to_ifindex')" = "$(ip -n "$DIR" -j link show out0 | jq '.[0].ifindex')" ]
check "reason_code outside the kernel's range" [ "$(q '.reason_code')" -gt $((1 << 24)) ]
check "finding xdp_redirect_veth_peer_no_xdp" [ "$(q '.finding.id')" = xdp_redirect_veth_peer_no_xdp ]
check "evidence: the program id, as attached" jqok '.finding.evidence | any(. == $a)' "in0: XDP program id $prog attached (driver mode)"
check "evidence: the program read back by id" jqok '.finding.evidence | any(startswith($a))' "program $prog: name lab_redirect, type xdp, tag "
check "evidence: the peer and its namespace" jqok '.finding.evidence | any(test("^peer eth0 \\(ifindex [0-9]+ in netns " + $a + "\\): no XDP program$"))' "$DST"
check "fix: xdp_pass on the peer, in its namespace" jqok '.finding.fix | any(startswith($a))' "ip -n $DST link set dev eth0 xdp obj "

# the fixes work: GRO on the peer, then (GRO off again) dropdoc's xdp_pass
gro=$(q '.finding.fix[] | select(contains("ethtool -K"))' | sed 's/  #.*//')
check "fix: GRO line names the peer ($gro)" [ "$gro" = "ip netns exec $DST ethtool -K eth0 gro on" ]
eval "$gro"
watch "$TMP/d2"
check "after the GRO fix: no XDP_REDIRECT_ERR" [ "$(n_xdp "$TMP/d2")" -eq 0 ]
ip netns exec "$DST" ethtool -K eth0 gro off
obj=$(q '.finding.fix[] | select(contains("xdp_pass.o sec xdp  # dropdoc"))' | sed 's/  #.*//')
check "fix: dropdoc's program at its installed path" grep -q "xdp obj .*/lib/dropdoc/xdp_pass.o" <<<"$obj"
eval "$(sed "s#[^ ]*/lib/dropdoc/xdp_pass.o#$PASS_OBJ#" <<<"$obj")"
check "the peer now has an XDP program" [ -n "$(ip -n "$DST" -j link show eth0 | jq '.[0].xdp.prog.id // empty')" ]
watch "$TMP/d3"
check "after the xdp_pass fix: no XDP_REDIRECT_ERR" [ "$(n_xdp "$TMP/d3")" -eq 0 ]
ip -n "$DST" link set dev eth0 xdp off

# filters: a pcap-filter cannot see XDP drops; -x and --summary can
watch "$TMP/f1" udp
check "with a pcap-filter, XDP drops are not shown" [ "$(n_xdp "$TMP/f1")" -eq 0 ]
watch "$TMP/f2" -x XDP_REDIRECT_ERR
check "-x XDP_REDIRECT_ERR excludes them" [ "$(n_xdp "$TMP/f2")" -eq 0 ]
watch "$TMP/f3" --summary
check "--summary counts them" [ "$(jq_count "$TMP/f3" '.type=="summary" and .reason=="XDP_REDIRECT_ERR" and .dev=="in0" and .count>=1')" -ge 1 ]
"$DROPDOC" lab xdp-veth --down --prefix "$P" >/dev/null 2>&1

# seed 003b: XDP_ABORTED
"$DROPDOC" lab xdp-abort --json --prefix "$P" >"$TMP/abort" 2>/dev/null
check "xdp-abort: lab ok" [ "$(jq_count "$TMP/abort" '.type=="lab" and .ok')" -eq 1 ]
check "xdp-abort: finding xdp_aborted with the program id" [ "$(jq_count "$TMP/abort" '.type=="drop" and .reason=="XDP_ABORTED" and .xdp.action=="XDP_ABORTED" and .finding.id=="xdp_aborted" and (.xdp.prog_id as $id | .finding.fix | any(. == "bpftool prog dump xlated id \($id)  # find the paths returning XDP_ABORTED (0)"))')" -ge 1 ]
check "no namespaces left" [ "$(ip netns list | grep -c "^$P-")" -eq 0 ]
