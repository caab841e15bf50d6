#!/usr/bin/env bash
# dropdoc trace on seed 001 (lab asymmetric): the request comes in on up1,
# the reply leaves by up0 — flagged with the devices, the routes and a fix
# filled with the real addresses; and seed 004 (lab tunnel-rp-filter): the
# reply's journey ends in the rp_filter drop after decapsulation.
T=dt$$
. "$(dirname "$0")/../lib.sh"
require_root "trace asymmetric"
P=dt$$
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'

out=$TMP/asym.json
"$DROPDOC" lab asymmetric --json --prefix "$P" >"$out" 2>"$TMP/asym.err"
check "asymmetric: lab run ok" jq -e -s 'map(select(.type=="lab"))[0].ok' "$out"
f=$(jq -c 'select(.type=="finding" and .id=="asymmetric_route")' "$out" | head -n1)
echo "# $f"
check "asymmetric: finding raised once" test "$(jq_count "$out" '.type=="finding" and .id=="asymmetric_route"')" -eq 1
check "asymmetric: devices right (in up1, out up0) in the host namespace" \
	jq -e --arg ns "$P-asymmetric-host" '.dev=="up1" and .out_dev=="up0" and .netns_name==$ns and .severity=="warning"' <<<"$f"
check "asymmetric: evidence names both default routes and their metrics" \
	jq -e '(.evidence|map(select(test("default via 10.0.0.1 dev up0 metric 100")))|length)>=1 and (.evidence|map(select(test("default via 10.0.1.1 dev up1 metric 101")))|length)>=1' <<<"$f"
check "asymmetric: fix is policy routing with the real address, table and gateway" \
	jq -e --arg ns "$P-asymmetric-host" '.fix[0]|test("^ip -n \($ns) rule add from 10.0.1.2 table [0-9]+$")' <<<"$f"
check "asymmetric: fix route via up1's gateway" \
	jq -e '.fix[1]|test("route add default via 10.0.1.1 dev up1 table [0-9]+$")' <<<"$f"
check "asymmetric: the reply's route hop chose up0 via 10.0.0.1 metric 100" test "$(jq_count "$out" \
	'.kind=="route" and .output==true and .src=="10.0.1.2" and .dev=="up0" and .gateway=="10.0.0.1" and .metric==100')" -ge 1
check "asymmetric: the reply dies upstream in gw0" test "$(jq_count "$out" \
	".kind==\"drop\" and .src==\"10.0.1.2\" and .netns_name==\"$P-asymmetric-gw0\"")" -ge 1

# the same, as text
"$DROPDOC" lab asymmetric --prefix "$P" >"$TMP/asym.txt" 2>&1
check "asymmetric (text): the finding line" grep -q "^finding asymmetric_route (warning): requests from 198.51.100.2 to 10.0.1.2 arrive on up1, but the replies leave by up0" "$TMP/asym.txt"

out=$TMP/tun.json
"$DROPDOC" lab tunnel-rp-filter --json --prefix "$P" >"$out" 2>"$TMP/tun.err"
check "tunnel-rp-filter: lab run ok" jq -e -s 'map(select(.type=="lab"))[0].ok' "$out"
rep=$(jq -s 'map(select(.type=="hop" and .kind=="tx" and .dev=="tun_b"))[0].packet' "$out")
path=$(jq -r --argjson p "$rep" 'select(.type=="hop" and .packet==$p) | "\(.kind):\(.dev // "-")"' "$out" | tr '\n' ' ')
echo "# reply: $path"
check "tunnel-rp-filter: the reply crosses the tunnel and dies on tun_a after the reverse-path check" \
	grep -qE '^route:tun_b tx:tun_b tx:eth0 rx:eth0 route:eth0 (rpf:eth0 )?rx:tun_a route:tun_a rpf:eth0 drop:tun_a $' <<<"$path"
check "tunnel-rp-filter: the drop is IP_RPFILTER at ip_rcv_finish_core" test "$(jq_count "$out" \
	".packet==$rep and .kind==\"drop\" and .reason==\"IP_RPFILTER\" and .location==\"ip_rcv_finish_core\" and .end==\"dropped\"")" -eq 1
check "tunnel-rp-filter: the drop hop is explained: rp_filter_strict on tun_a, with the reverse route and the fix" \
	test "$(jq_count "$out" '.type=="finding" and .id=="rp_filter_strict" and .dev=="tun_a"
		and (.evidence | any(startswith("tun_a: rp_filter 1 = max(conf/all=1")))
		and (.evidence | any(startswith("route back to 172.16.0.2: 172.16.0.0/24 dev eth0")))
		and (.fix | any(contains("sysctl -w net.ipv4.conf.tun_a.rp_filter=2")))')" -ge 1
check "namespaces removed" test "$(ip netns list | grep -c "^$P-")" -eq 0
