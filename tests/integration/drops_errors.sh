#!/usr/bin/env bash
# dropdoc drops: bad input gets one line naming the problem and its own exit
# code; nothing is left attached.
T=dde$$
. "$(dirname "$0")/../lib.sh"
require_root "drops errors"
ns_add a

# expect DESC CODE PATTERN ARGS...: exit code CODE, one stderr line matching PATTERN
expect() {
	local desc=$1 code=$2 pat=$3
	shift 3
	"$@" >"$TMP/o" 2>"$TMP/e"
	local rc=$?
	if [ "$rc" -eq "$code" ] && [ "$(wc -l <"$TMP/e")" -eq 1 ] && grep -qE "$pat" "$TMP/e"; then
		ok "$desc (exit $rc)"
	else
		not_ok "$desc: exit $rc, stderr: $(head -c 300 "$TMP/e")"
	fi
}
expect "unknown namespace" 4 "unknown network namespace 'nosuchns'" "$DROPDOC" drops -n nosuchns -t 1
expect "unknown pid as namespace" 4 "unknown network namespace" "$DROPDOC" drops -n 999999999 -t 1
expect "unknown interface" 4 "unknown interface 'nosuch0'" "$DROPDOC" drops -i nosuch0 -t 1
expect "interface unknown in that namespace" 4 "unknown interface 'lo2' in network namespace" "$DROPDOC" drops -n "$T-a" -i lo2 -t 1
expect "bad filter expression" 3 "bad filter expression 'udp port': .*syntax error" "$DROPDOC" drops udp port
expect "unknown drop reason" 2 "unknown drop reason 'NOT_A_REASON'" "$DROPDOC" drops -x NOT_A_REASON -t 1
expect "bad count" 2 "bad count" "$DROPDOC" drops -c zero
expect "bad seconds" 2 "bad number of seconds" "$DROPDOC" drops -t -1
expect "unknown option" 2 "unknown option or missing argument '--bogus'" "$DROPDOC" drops --bogus
expect "unknown command" 2 "unknown command 'dorps'" "$DROPDOC" dorps
expect "missing privileges" 5 "missing privileges" setpriv --reuid=65534 --regid=65534 --clear-groups "$DROPDOC" drops -t 1

"$DROPDOC" drops --json -n nosuchns >"$TMP/o" 2>/dev/null
check "--json errors are a JSON object too" test "$(jq -r 'select(.type=="error") | .exit_code' "$TMP/o")" = 4

# SIGINT and SIGTERM end a run cleanly: exit 0, stats printed, detached
for sig in INT TERM; do
	"$DROPDOC" drops --json >"$TMP/sig" 2>&1 &
	pid=$!
	wait_attached $pid "drops (SIG$sig)"
	kill -"$sig" $pid
	wait $pid
	rc=$?
	check "SIG$sig: exit 0 (got $rc)" test $rc -eq 0
	check "SIG$sig: stats printed" test "$(jq_count "$TMP/sig" '.type=="stats"')" -eq 1
	check "SIG$sig: nothing left attached" no_orphan_progs
done

# every command: a bad option is one line and exit 2
for c in drops trace check path snapshot lab exporter; do
	expect "$c: unknown option" 2 "$c: unknown option.*--bogus" "$DROPDOC" "$c" --bogus
done
expect "path: missing --to" 2 "path: --from and --to are required" "$DROPDOC" path --from 192.0.2.1
expect "check: -n with --all-netns" 2 "exclude each other" "$DROPDOC" check -n "$T-a" --all-netns
