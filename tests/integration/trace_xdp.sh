#!/usr/bin/env bash
# dropdoc trace through XDP (seed 003): a packet veth copies for its XDP
# program ends in the program's verdict — a redirect refused by a veth whose
# peer has no XDP program (with the finding), the same redirect once the
# printed fix is applied, XDP_PASS going on into the stack, XDP_ABORTED.
T=dx$$
. "$(dirname "$0")/../lib.sh"
require_root "trace xdp"
P=dx$$
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'
PASS_OBJ=$(dirname "$DROPDOC")/xdp_pass.bpf.o
SRC=$P-xdp-veth-src DIR=$P-xdp-veth-dir DST=$P-xdp-veth-dst

# run_trace OUT SCENARIO NETNS: trace the scenario's traffic from NETNS, one fire
run_trace() {
	"$DROPDOC" trace --json -t 3 -n "$3" arp >"$1" 2>"$1.err" &
	local pid=$!
	at_exit "kill $pid"
	wait_attached "$pid" "trace of $2"
	"$DROPDOC" lab "$2" --fire --prefix "$P" 2>/dev/null
	wait "$pid"
}
# kinds OUT: "kind:dev ..." of the first packet
kinds() { jq -r 'select(.type=="hop" and .packet==1) | "\(.kind):\(.dev // "-")"' "$1" | tr '\n' ' '; }
xdp_hop() { jq -c 'select(.type=="hop" and .packet==1 and .kind=="xdp")' "$1"; }

"$DROPDOC" lab xdp-veth --up --prefix "$P" >/dev/null 2>&1 || { not_ok "xdp-veth: --up"; exit 1; }
run_trace "$TMP/refused" xdp-veth "$SRC"
echo "# refused: $(kinds "$TMP/refused")"
check "redirect refused: tx eth0, copied for XDP on in0, the verdict" \
	grep -qE '^tx:eth0 to_xdp:in0 xdp:in0 $' <<<"$(kinds "$TMP/refused")"
check "redirect refused: XDP_REDIRECT to out0, -95, by the attached program, the journey dropped" \
	jq -e --argjson id "$(ip -n "$DIR" -j link show in0 | jq '.[0].xdp.prog.id')" \
	'.xdp_action=="XDP_REDIRECT" and .target_dev=="out0" and .err==-95 and .xdp_prog_id==$id and .reason=="XDP_REDIRECT_ERR" and .end=="dropped"' \
	<<<"$(xdp_hop "$TMP/refused")"
check "redirect refused: explained (the peer has no XDP program)" \
	test "$(jq_count "$TMP/refused" '.type=="finding" and .id=="xdp_redirect_veth_peer_no_xdp"')" -ge 1

# text: the finding in full once, then named in one line (as drops does)
"$DROPDOC" trace -t 4 -n "$SRC" arp >"$TMP/refused.txt" 2>/dev/null &
pid=$!
at_exit "kill $pid"
wait_attached "$pid"
"$DROPDOC" lab xdp-veth --fire 3 --prefix "$P" 2>/dev/null
wait "$pid"
check "text: three refused journeys, the finding in full once, then briefly" bash -c \
	"[ \$(grep -c '^finding xdp_redirect_veth_peer_no_xdp' '$TMP/refused.txt') -ge 3 ] &&
	 [ \$(grep -c '^finding xdp_redirect_veth_peer_no_xdp.*(evidence and fix as above)\$' '$TMP/refused.txt') -ge 2 ] &&
	 [ \$(grep -c '^  fix: ip -n $DST link set dev eth0 xdp obj' '$TMP/refused.txt') -eq 2 ]"

# the fix as printed: an XDP_PASS program on the peer
ip -n "$DST" link set dev eth0 xdp obj "$PASS_OBJ" sec xdp
run_trace "$TMP/redirected" xdp-veth "$SRC"
check "after the fix: redirected to out0, no error, not a drop" \
	jq -e '.xdp_action=="XDP_REDIRECT" and .target_dev=="out0" and .err==0 and .reason==null and .end=="redirected"' \
	<<<"$(xdp_hop "$TMP/redirected")"
check "after the fix: no finding" test "$(jq_count "$TMP/redirected" '.type=="finding"')" -eq 0

# XDP_PASS on in0: the copy goes on into the director's stack
ip -n "$DIR" link set dev in0 xdp off
ip -n "$DIR" link set dev in0 xdp obj "$PASS_OBJ" sec xdp
run_trace "$TMP/pass" xdp-veth "$SRC"
echo "# pass: $(kinds "$TMP/pass")"
check "XDP_PASS: the same packet goes on, received on in0 and delivered (ARP)" \
	grep -qE '^tx:eth0 to_xdp:in0 xdp:in0 rx:in0 deliver:in0 $' <<<"$(kinds "$TMP/pass")"
check "XDP_PASS: the verdict hop says so" jq -e '.xdp_action=="XDP_PASS" and .end==null' <<<"$(xdp_hop "$TMP/pass")"
"$DROPDOC" lab xdp-veth --down --prefix "$P" >/dev/null 2>&1

"$DROPDOC" lab xdp-abort --up --prefix "$P" >/dev/null 2>&1 || { not_ok "xdp-abort: --up"; exit 1; }
run_trace "$TMP/abort" xdp-abort "$P-xdp-abort-src"
check "XDP_ABORTED: the journey ends in it, dropped" \
	jq -e '.xdp_action=="XDP_ABORTED" and .reason=="XDP_ABORTED" and .end=="dropped"' <<<"$(xdp_hop "$TMP/abort")"
check "XDP_ABORTED: explained" test "$(jq_count "$TMP/abort" '.type=="finding" and .id=="xdp_aborted"')" -ge 1
bg_dropdoc "$TMP/abort.txt" trace -t 2 -n "$P-xdp-abort-src" arp
"$DROPDOC" lab xdp-abort --fire --prefix "$P" 2>/dev/null
wait "$BG_PID"
check "text: the verdict line" grep -q 'XDP program [0-9]* on in0: XDP_ABORTED' "$TMP/abort.txt"
"$DROPDOC" lab xdp-abort --down --prefix "$P" >/dev/null 2>&1
check "nothing stays attached" no_orphan_progs
