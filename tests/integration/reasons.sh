#!/usr/bin/env bash
# dropdoc reasons: every drop reason of the running kernel's BTF is listed
# with a status, every explained one with its rule, and the coverage line
# adds up; a reason name filters; a bad name is a usage error.
T=dr$$
. "$(dirname "$0")/../lib.sh"

"$DROPDOC" reasons --json >"$TMP/r.json" 2>"$TMP/r.err"
check "exit status 0" [ $? -eq 0 ]
# the kernel's own list, from BTF, without the two that are not drops
bpftool btf dump file /sys/kernel/btf/vmlinux format raw 2>/dev/null |
	awk "/ENUM 'skb_drop_reason'/ {on=1; next} on && /^\\[/ {on=0} on" |
	sed -n "s/^[[:space:]]*'SKB_DROP_REASON_\\([A-Z0-9_]*\\)' val=\\([0-9]*\\)/\\1 \\2/p" |
	grep -v -e '^MAX ' -e '^SUBSYS_MASK ' >"$TMP/kernel"
nk=$(wc -l <"$TMP/kernel")
check "the kernel has reasons to compare with ($nk)" [ "$nk" -ge 100 ]
jq -r 'select(.type=="reason" and .location==null and .code!=null) | "\(.reason) \(.code)"' "$TMP/r.json" >"$TMP/listed"
check "every reason of the kernel is listed once, with its code" diff <(sort "$TMP/kernel") <(sort "$TMP/listed")
check "every row has a status dropdoc knows" [ "$(jq_count "$TMP/r.json" '.type=="reason" and (.status | IN("explained","described","normal","not-here","unknown","absent") | not)')" -eq 0 ]
check "every explained row names its rule" [ "$(jq_count "$TMP/r.json" '.type=="reason" and .status=="explained" and .rule==null')" -eq 0 ]
check "every normal or described row has its finding id" [ "$(jq_count "$TMP/r.json" '.type=="reason" and (.status=="normal" or .status=="described") and .finding_id==null')" -eq 0 ]
check "every not-here row says why" [ "$(jq_count "$TMP/r.json" '.type=="reason" and .status=="not-here" and (.note // "" | length) < 10')" -eq 0 ]
cov=$(jq -c 'select(.type=="coverage")' "$TMP/r.json")
check "coverage: one line, its reasons = the kernel's" [ "$(jq -r .reasons <<<"$cov")" -eq "$nk" ]
sum=$(jq '.explained + .described + .normal + .not_here + .unknown' <<<"$cov")
check "coverage: the statuses add up to the reasons" [ "$sum" -eq "$nk" ]
check "coverage: counts agree with the rows" [ "$(jq -r .explained <<<"$cov")" -eq "$(jq_count "$TMP/r.json" '.type=="reason" and .location==null and .status=="explained"')" ]
check "NOT_SPECIFIED has locations, ip6_mc_input normal" [ "$(jq_count "$TMP/r.json" '.type=="reason" and .reason=="NOT_SPECIFIED" and .location=="ip6_mc_input" and .status=="normal" and .finding_id=="mcast-not-joined"')" -eq 1 ]
check "IP_INHDR at ip_forward is the TTL, explained" [ "$(jq_count "$TMP/r.json" '.type=="reason" and .reason=="IP_INHDR" and .location=="ip_forward" and .status=="explained" and (.meaning | contains("TTL"))')" -eq 1 ]
check "NO_SOCKET at ping_rcv is normal" [ "$(jq_count "$TMP/r.json" '.type=="reason" and .reason=="NO_SOCKET" and .location=="ping_rcv" and .status=="normal"')" -eq 1 ]

"$DROPDOC" reasons >"$TMP/r.txt"
check "text: the coverage line" grep -qE "^[0-9]+ of $nk reasons explained, [0-9]+ described, [0-9]+ normal, [0-9]+ not producible here; [0-9]+ locations" "$TMP/r.txt"
check "text: a row per reason, code first" grep -qE "^ +16  IP_RPFILTER +explained" "$TMP/r.txt"

"$DROPDOC" reasons ip_rpfilter SKB_DROP_REASON_NO_SOCKET --json >"$TMP/f.json"
check "names filter the list (any case, with or without the prefix)" [ "$(jq -r 'select(.type=="reason") | .reason' "$TMP/f.json" | sort -u | tr '\n' ' ')" = "IP_RPFILTER NO_SOCKET " ]
check "a filtered list has no coverage line" [ "$(jq_count "$TMP/f.json" '.type=="coverage"')" -eq 0 ]
"$DROPDOC" reasons NO_SUCH_REASON >"$TMP/bad.out" 2>"$TMP/bad.err"
check "an unknown name: exit 2" [ $? -eq 2 ]
check "an unknown name: one line naming it" [ "$(wc -l <"$TMP/bad.err")" -eq 1 ] && grep -q "unknown drop reason 'NO_SUCH_REASON'" "$TMP/bad.err"
"$DROPDOC" reasons --bogus >/dev/null 2>&1
check "a bad option: exit 2" [ $? -eq 2 ]
"$DROPDOC" reasons | head -1 >/dev/null
check "a closed pipe is not an error" [ "${PIPESTATUS[0]}" -eq 0 ]
