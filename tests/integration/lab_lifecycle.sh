#!/usr/bin/env bash
# dropdoc lab: listing, --up/--fire/--down, stale leftovers, bad input, and
# nothing left behind after Ctrl-C.
T=dl$$
. "$(dirname "$0")/../lib.sh"

P=dl$$
leftovers() { ip netns list 2>/dev/null | awk '{print $1}' | grep -c "^$P-"; }

# Bad input first: needs no root.
"$DROPDOC" lab no-such-scenario >"$TMP/o" 2>"$TMP/e"
rc=$?
check "unknown scenario: exit EXIT_USAGE (2)" [ "$rc" -eq 2 ]
check "unknown scenario: one-line error naming it" [ "$(wc -l <"$TMP/e")" -eq 1 ] && grep -q "no-such-scenario" "$TMP/e"
for bad in abc 0 -3 1x 100000; do
	"$DROPDOC" lab closed-port --fire "$bad" --prefix "$P" >"$TMP/o" 2>"$TMP/e"
	rc=$?
	check "bad --fire count '$bad': exit 2 and one line" [ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/e")" -eq 1 ]
done
"$DROPDOC" lab closed-port --prefix 'a/b' >"$TMP/o" 2>"$TMP/e"
check "bad prefix: exit 2" [ $? -eq 2 ]
"$DROPDOC" lab --up >"$TMP/o" 2>"$TMP/e"
check "--up without a scenario: exit 2" [ $? -eq 2 ]

"$DROPDOC" lab >"$TMP/list"
check "list: exit 0" [ $? -eq 0 ]
for sc in rp-filter wrong-mac bad-checksum bad-length local-source closed-port; do
	check "list: names $sc" grep -q "^$sc " "$TMP/list"
done

require_root "lab lifecycle"
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'

"$DROPDOC" lab rp-filter --up --prefix "$P" >"$TMP/up" 2>"$TMP/e"
check "--up: exit 0" [ $? -eq 0 ]
check "--up: prints the three namespaces" [ "$(grep -c "^$P-rp-filter-\(host\|gw0\|gw1\)$" "$TMP/up")" -eq 3 ]
check "--up: namespaces exist" [ "$(leftovers)" -eq 3 ]
check "--up: strict rp_filter set in the host namespace" \
	[ "$(ip netns exec "$P-rp-filter-host" cat /proc/sys/net/ipv4/conf/all/rp_filter)" = 1 ]
"$DROPDOC" lab rp-filter --fire 2 --prefix "$P" 2>"$TMP/e"
check "--fire 2: exit 0" [ $? -eq 0 ]
"$DROPDOC" lab rp-filter --down --prefix "$P" 2>"$TMP/e"
check "--down: exit 0" [ $? -eq 0 ]
check "--up then --down leaves no namespace behind" [ "$(leftovers)" -eq 0 ]
"$DROPDOC" lab rp-filter --fire --prefix "$P" 2>"$TMP/e"
check "--fire into a scenario that is down fails with one line" [ $? -eq 1 ] && [ "$(wc -l <"$TMP/e")" -eq 1 ]

# A killed run's leftover (same names) is cleaned before setup.
ip netns add "$P-closed-port-host"
ip -n "$P-closed-port-host" link add eth0 type veth peer name stale
"$DROPDOC" lab closed-port --up --prefix "$P" >/dev/null 2>"$TMP/e"
check "--up over a stale leftover: exit 0" [ $? -eq 0 ]
check "--up over a stale leftover: stale interface gone" \
	[ "$(ip -n "$P-closed-port-host" -o link show stale 2>/dev/null | wc -l)" -eq 0 ]
"$DROPDOC" lab closed-port --down --prefix "$P" 2>"$TMP/e"
check "--down after stale cleanup leaves nothing" [ "$(leftovers)" -eq 0 ]

# Prefix from the environment.
DROPDOC_LAB_PREFIX="$P" "$DROPDOC" lab wrong-mac --up >"$TMP/up" 2>"$TMP/e"
check "DROPDOC_LAB_PREFIX names the namespaces" grep -q "^$P-wrong-mac-host$" "$TMP/up"
DROPDOC_LAB_PREFIX="$P" "$DROPDOC" lab wrong-mac --down 2>"$TMP/e"
check "env prefix: --down leaves nothing" [ "$(leftovers)" -eq 0 ]

# has_up N: N namespaces of ours exist
has_up() { [ "$(leftovers)" -ge "$1" ]; }

# --watch builds and watches; traffic fired from elsewhere is diagnosed.
"$DROPDOC" lab closed-port --watch --json --prefix "$P" -t 30 >"$TMP/w" 2>"$TMP/e" &
pid=$!
wait_for "closed-port's 2 namespaces" 5 has_up 2 && wait_attached "$pid" "lab --watch"
"$DROPDOC" lab closed-port --fire --prefix "$P" 2>>"$TMP/e"
wait "$pid"
rc=$?
check "--watch + --fire from another process: exit 0" [ "$rc" -eq 0 ]
check "--watch + --fire: lab object ok" [ "$(jq_count "$TMP/w" '.type=="lab" and .ok==true')" -eq 1 ]
check "--watch: nothing left behind" [ "$(leftovers)" -eq 0 ]

# Ctrl-C while the pipeline watches: torn down, verdicts printed, exit 1.
"$DROPDOC" lab rp-filter --watch --json --prefix "$P" -t 60 >"$TMP/o" 2>"$TMP/e" &
pid=$!
wait_for "rp-filter's 3 namespaces" 5 has_up 3 && wait_attached "$pid" "lab --watch"
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
check "SIGINT while watching: exit 1" [ "$rc" -eq 1 ]
check "SIGINT while watching: lab object says missing" [ "$(jq_count "$TMP/o" '.type=="lab" and .ok==false')" -eq 1 ]
check "SIGINT while watching leaves nothing behind" [ "$(leftovers)" -eq 0 ]

# SIGTERM during a full run, as soon as the namespaces exist.
"$DROPDOC" lab rp-filter --prefix "$P" >"$TMP/o" 2>"$TMP/e" &
pid=$!
wait_for "a namespace of the scenario" 5 has_up 1
kill -TERM "$pid" 2>/dev/null
wait "$pid"
check "SIGTERM during a run leaves nothing behind" [ "$(leftovers)" -eq 0 ]

# Ctrl-C while the scenario is being built. The build is fast enough to end
# before the signal lands, so every command it runs is slowed by an `ip`
# first in PATH that waits 0.2 s: the signal surely comes mid-setup.
mkdir -p "$TMP/slowbin"
printf '#!/bin/sh\nsleep 0.2\nexec %s "$@"\n' "$(command -v ip)" >"$TMP/slowbin/ip"
chmod +x "$TMP/slowbin/ip"
PATH="$TMP/slowbin:$PATH" "$DROPDOC" lab rp-filter --up --prefix "$P" >"$TMP/o" 2>"$TMP/e" &
pid=$!
wait_for "a namespace of the scenario" 5 has_up 1
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
check "SIGINT during setup: exit 1, says interrupted" [ "$rc" -eq 1 ] && grep -q "interrupted during setup" "$TMP/e"
check "SIGINT during setup leaves nothing behind" [ "$(leftovers)" -eq 0 ]
