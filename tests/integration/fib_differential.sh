#!/usr/bin/env bash
# Differential test of the offline FIB model (src/fib*.c) against the kernel:
# builds randomized multi-homed topologies (veths, several tables, policy
# rules, metrics, blackhole/unreachable/prohibit/throw routes, multipath,
# rp_filter/accept_local/forwarding values), then build/tools/fibdiff asks
# both the kernel (RTM_GETROUTE with iif, as `ip route get D from S iif DEV`)
# and the model for each (src, dst, iif) case. Every answer must agree.
# Knobs: FIBDIFF_TOPOS (default 8), FIBDIFF_CASES per topology (default 100),
# FIBDIFF_SEED (default: random; printed, so a failure can be replayed).
T=dn$$
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_root "fib differential"

topos=${FIBDIFF_TOPOS:-8}
cases=${FIBDIFF_CASES:-100}
seed0=${FIBDIFF_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "# seed $seed0 ($topos topologies x $cases cases)"

pick() { # pick WORD...: one of the words
	local a=("$@")
	echo "${a[RANDOM % ${#a[@]}]}"
}

# build NS SEED: a random multi-homed host in $T-NS, its peers in $T-NS-p
build() {
	local n=$1 j nif tables=(main 100 200 300) prios=() p sel act t
	RANDOM=$2
	ns_add "$n" && ns_add "$n-p" || return 1
	nif=$((2 + RANDOM % 3))
	local x="ip -n $T-$n"
	for ((j = 1; j <= nif; j++)); do
		veth "$n" "e$j" "$n-p" "q$j" || return 1
		$x addr add "10.$j.$((RANDOM % 200)).1/24" dev "e$j"
		sub[j]=$($x -4 -o addr show dev "e$j" | awk '{print $4}' | head -1)
		gw[j]=${sub[j]%.*}.254
		[ $((RANDOM % 3)) -eq 0 ] && $x addr add "172.$((16 + j)).$((RANDOM % 16 * 16)).1/20" dev "e$j"
	done
	# sysctls
	nsx "$n" sysctl -qw net.ipv4.ip_forward=$((RANDOM % 3 > 0))
	nsx "$n" sysctl -qw net.ipv4.conf.all.rp_filter=$((RANDOM % 3))
	[ $((RANDOM % 4)) -eq 0 ] && nsx "$n" sysctl -qw net.ipv4.conf.all.accept_local=1
	for ((j = 1; j <= nif; j++)); do
		nsx "$n" sysctl -qw "net.ipv4.conf.e$j.rp_filter=$((RANDOM % 3))"
		[ $((RANDOM % 5)) -eq 0 ] && nsx "$n" sysctl -qw "net.ipv4.conf.e$j.forwarding=$((RANDOM % 2))"
		[ $((RANDOM % 6)) -eq 0 ] && nsx "$n" sysctl -qw "net.ipv4.conf.e$j.accept_local=1"
	done
	# default routes with metrics
	for ((j = 1; j <= nif; j++)); do
		[ $((RANDOM % 3)) -ne 0 ] && $x route add default via "${gw[j]}" dev "e$j" metric $((100 + RANDOM % 4)) 2>/dev/null
	done
	# random prefixes of random types in random tables
	for ((p = 0; p < 4 + RANDOM % 8; p++)); do
		local len=$(pick 8 12 16 20 24 28 32) pfx type tbl
		pfx="$(pick 10 172 192 198 100 11 44).$((RANDOM % 256)).$((RANDOM % 256)).$((RANDOM % 256))/$len"
		type=$(pick unicast unicast unicast unicast blackhole unreachable prohibit throw)
		tbl=$(pick "${tables[@]}")
		[ "$type" = throw ] && [ "$tbl" = main ] && tbl=100
		j=$((1 + RANDOM % nif))
		case $type in
		unicast)
			if [ $((RANDOM % 6)) -eq 0 ] && [ "$nif" -ge 2 ]; then
				$x route replace "$pfx" table "$tbl" nexthop via "${gw[1]}" dev e1 \
					nexthop via "${gw[2]}" dev e2 2>/dev/null
			elif [ $((RANDOM % 3)) -eq 0 ]; then
				$x route replace "$pfx" dev "e$j" table "$tbl" metric $((RANDOM % 3 * 10)) 2>/dev/null
			else
				$x route replace "$pfx" via "${gw[j]}" dev "e$j" table "$tbl" metric $((RANDOM % 3 * 10)) 2>/dev/null
			fi
			;;
		*) $x route replace "$type" "$pfx" table "$tbl" 2>/dev/null ;;
		esac
	done
	# custom tables get their own defaults sometimes
	for t in 100 200 300; do
		j=$((1 + RANDOM % nif))
		[ $((RANDOM % 2)) -eq 0 ] && $x route add default via "${gw[j]}" dev "e$j" table $t 2>/dev/null
	done
	[ $((RANDOM % 5)) -eq 0 ] && $x route add default via "${gw[1]}" dev e1 table default metric 7
	# policy rules (a quarter of the hosts keep the default three)
	[ $((RANDOM % 4)) -eq 0 ] && return 0
	for ((p = 0; p < 1 + RANDOM % 6; p++)); do # (duplicates just fail)
		local prio=$((100 + RANDOM % 30000))
		j=$((1 + RANDOM % nif))
		sel=$(pick "from ${sub[j]}" "from ${sub[j]%/*}/32" "to $(pick 10 172 192 11).0.0.0/8" \
			"iif e$j" "iif lo" "oif e$j" "not from ${sub[j]}" "from all" "to ${sub[j]}")
		act=$(pick "lookup 100" "lookup 200" "lookup 300" "lookup main" \
			"lookup main suppress_prefixlength 0" unreachable prohibit blackhole \
			"goto $((prio + 1 + RANDOM % 500))" nop "lookup 100")
		# shellcheck disable=SC2086
		$x rule add prio "$prio" $sel $act 2>/dev/null
	done
	return 0
}

agree=0 total=0 failed=0
for ((i = 0; i < topos; i++)); do
	seed=$((seed0 + i))
	if ! build "h$i" "$seed"; then
		not_ok "topology $i (seed $seed) could not be built"
		failed=$((failed + 1))
		continue
	fi
	out=$(nsx "h$i" "$TOOLS/fibdiff" -s "$seed" -c "$cases" 2>"$TMP/diff$i")
	rc=$?
	read -r a t <<<"$(echo "$out" | sed -n 's|^agree \([0-9]*\)/\([0-9]*\)$|\1 \2|p')"
	if [ -z "${a:-}" ] || [ "$rc" -gt 1 ]; then
		not_ok "fibdiff ran on topology $i (seed $seed)"
		sed 's/^/# /' "$TMP/diff$i" >&2
		failed=$((failed + 1))
		continue
	fi
	agree=$((agree + a)) total=$((total + t))
	echo "$out" | grep '^#' | sed "s/^# /# topology $i: /"
	if [ "$a" -ne "$t" ]; then
		failed=$((failed + 1))
		echo "# topology $i (seed $seed): $a/$t" >&2
		ip -n "$T-h$i" rule >&2
		ip -n "$T-h$i" route show table all | grep -v '^local\|^broadcast\|fe80\|ff00\|::' >&2
		head -40 "$TMP/diff$i" >&2
	fi
	ip netns del "$T-h$i"
	ip netns del "$T-h$i-p"
done
if [ "$failed" -eq 0 ] && [ "$total" -ge $((topos * cases * 9 / 10)) ]; then
	ok "fib model agrees with the kernel on $agree/$total (src,dst,iif) cases over $topos random topologies (seed $seed0)"
else
	not_ok "fib model agrees with the kernel on $agree/$total cases ($failed topologies failed, seed $seed0)"
fi
