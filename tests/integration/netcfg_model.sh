#!/usr/bin/env bash
# The configuration model on a rich namespace: everything the kernel shows
# lands in the model (links incl. veth peer and vxlan endpoints, XDP, all
# route tables, multipath, rules, neighbours, sysctls); snapshot round trip
# is exact; bad snapshots give exit 7 with a one-line reason; offline `path`
# on a snapshot answers what the live kernel answers; the cache follows
# netlink changes without rebuilding per call.
T=dn$$
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_root "netcfg model"
D=$DROPDOC

ns_add m && ns_add mp
veth m e1 mp p1 && veth m e2 mp p2
x="ip -n $T-m"
$x addr add 10.1.0.1/24 dev e1 && $x addr add 10.2.0.1/24 dev e2 && $x addr add 10.1.0.5/24 dev e1
ip -n "$T-mp" addr add 10.1.0.254/24 dev p1
$x link add vx0 type vxlan id 7 local 10.1.0.1 remote 10.1.0.254 dstport 4789 dev e1
$x addr add 192.168.7.1/24 dev vx0 && $x link set vx0 up
$x route add default via 10.1.0.254 dev e1 metric 100
$x route add default via 10.2.0.254 dev e2 metric 200
$x route add 172.16.0.0/12 nexthop via 10.1.0.254 dev e1 weight 2 nexthop via 10.2.0.254 dev e2
$x route add blackhole 192.0.2.0/24 table 100
$x route add prohibit 198.51.100.0/24 table 200
$x route add default via 10.2.0.254 dev e2 table 100
$x rule add prio 100 from 10.2.0.0/24 lookup 100
$x rule add prio 200 not to 10.0.0.0/8 fwmark 0x10/0xff lookup 200
$x rule add prio 300 iif e2 goto 400
$x rule add prio 400 lookup main suppress_prefixlength 0
$x neigh add 10.1.0.77 lladdr 02:00:00:00:00:77 dev e1 nud permanent
$x link set e2 promisc on
nsx m sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.e2.rp_filter=2 net.ipv4.ip_forward=1 \
	net.ipv4.conf.e1.accept_local=1 net.ipv4.conf.e1.log_martians=1

"$D" snapshot -n "$T-m" -o "$TMP/m.json"
check "snapshot -n writes a version 1 snapshot" test "$(jq -r '.format + " " + (.version|tostring)' "$TMP/m.json")" = "dropdoc-snapshot 1"
j() { jq -r ".netns[0] | $1" "$TMP/m.json"; }
check "links: veth peer name and namespace" test "$(j '.links[] | select(.name=="e1") | .kind + " " + .peer_name + " " + .peer_netns_name')" = "veth p1 $T-mp"
check "links: vxlan endpoints and VNI" test "$(j '.links[] | select(.name=="vx0") | .kind + " " + .tun_local + " " + .tun_remote + " " + (.vni|tostring)')" = "vxlan 10.1.0.1 10.1.0.254 7"
check "links: promiscuity" test "$(j '.links[] | select(.name=="e2") | .promiscuity')" -ge 1
check "addrs: secondary address kept" test "$(j '[.addrs[] | select(.dev=="e1")] | length')" -eq 2
check "routes: tables main, local, 100, 200" test "$(j '[.routes[].table] | unique | sort | join(",")')" = "100,200,local,main"
check "routes: multipath with weights" test "$(j '.routes[] | select(.dst=="172.16.0.0/12") | [.nexthops[] | .dev + ":" + (.weight|tostring)] | join(",")')" = "e1:2,e2:1"
check "routes: blackhole/prohibit types" test "$(j '[.routes[] | select(.type=="blackhole" or .type=="prohibit") | .type] | sort | join(",")')" = "blackhole,prohibit"
check "rules: from/not/fwmark/iif/goto/suppress" test "$(j '[.rules[] | select(.priority>=100 and .priority<=400) | [(.priority|tostring), .src, .dst, (.flags|tostring), (.fwmark|tostring), (.fwmask|tostring), .iif, .action, (.goto|tostring), (.suppress_prefixlen|tostring)] | join(" ")] | join(";")')" \
	= "100 10.2.0.0/24 0.0.0.0/0 0 0 0  lookup 0 -1;200 0.0.0.0/0 10.0.0.0/8 2 16 255  lookup 0 -1;300 0.0.0.0/0 0.0.0.0/0 0 0 0 e2 goto 400 -1;400 0.0.0.0/0 0.0.0.0/0 0 0 0  lookup 0 0"
check "neighbours" test "$(j '.neighs[] | select(.dst=="10.1.0.77") | .lladdr')" = "02:00:00:00:00:77"
check "sysctls: all, per device, ip_forward" test "$(j '[.conf.all.rp_filter, (.links[] | select(.name=="e2") | .conf.rp_filter), (.links[] | select(.name=="e1") | .conf.accept_local, .conf.log_martians), .ip_forward] | map(tostring) | join(",")')" = "1,2,1,1,1"
out=$(nsx m "$TOOLS/fibdiff" --roundtrip)
check "round trip model → JSON → model is exact ($out)" test "${out#roundtrip equal}" != "$out"
out=$(nsx m "$TOOLS/fibdiff" -c 300 -s 11)
check "fib model agrees with the kernel on this namespace: ${out##*$'\n'}" test "$(echo "$out" | tail -1 | awk -F'[ /]' '$2==$3')" != ""

# offline path on the snapshot = live path
for c in "10.2.0.9 10.1.0.1 e2" "198.51.100.7 10.1.0.1 e1" "10.1.0.9 8.8.8.8 e1" "10.2.0.9 192.0.2.1 e2" "10.1.0.1 10.2.0.1 e1"; do
	read -r s d i <<<"$c"
	live=$("$D" path -n "$T-m" --from "$s" --to "$d" --in "$i" --json | jq -c '[.verdict,.cause,.errno,.dev,.reply.dev,.asymmetric]')
	off=$("$D" path --snapshot "$TMP/m.json" --from "$s" --to "$d" --in "$i" --json | jq -c '[.verdict,.cause,.errno,.dev,.reply.dev,.asymmetric]')
	check "path $s -> $d in $i: snapshot $off = live $live" test "$live" = "$off"
done

# bad snapshots: exit 7, one line, distinct reasons
head -c 500 "$TMP/m.json" >"$TMP/trunc.json"
echo '{"format":"dropdoc-snapshot","version":2,"netns":[]}' >"$TMP/v2.json"
echo '{"format": nope' >"$TMP/bad.json"
for f in trunc v2 bad; do
	"$D" check --snapshot "$TMP/$f.json" >/dev/null 2>"$TMP/$f.err"
	echo $? >"$TMP/$f.rc"
done
check "truncated snapshot: exit 7, says truncated" test "$(cat "$TMP/trunc.rc")" = 7 -a "$(grep -c truncated "$TMP/trunc.err")" = 1
check "wrong version: exit 7, names the version" test "$(cat "$TMP/v2.rc")" = 7 -a "$(grep -c 'version 2' "$TMP/v2.err")" = 1
check "corrupt JSON: exit 7, says not valid JSON" test "$(cat "$TMP/bad.rc")" = 7 -a "$(grep -c 'not valid JSON' "$TMP/bad.err")" = 1
check "each error is one line" test "$(cat "$TMP"/{trunc,v2,bad}.err | wc -l)" = 3
"$D" path --snapshot "$TMP/trunc.json" --from 1.1.1.1 --to 10.1.0.1 --json >"$TMP/p.json" 2>/dev/null
check "path --json on a bad snapshot: error line with exit_code 7" test "$(jq -r .exit_code "$TMP/p.json")" = 7

# --all-netns snapshot holds our namespaces
"$D" snapshot --all-netns -o "$TMP/all.json"
check "snapshot --all-netns includes $T-m and $T-mp" test "$(jq -r ".netns[].name" "$TMP/all.json" | grep -c "^$T-m")" -eq 2

# the cache: built once, then follows netlink changes
out=$("$TOOLS/cachetest" "$T-m" e1)
while read -r line; do
	case $line in ok*) ok "cache: ${line#ok - }" ;; *) not_ok "cache: ${line#FAIL - }" ;; esac
done <<<"$out"
