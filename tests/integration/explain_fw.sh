#!/usr/bin/env bash
# Firewall drops with their finding (seed 003c): nftables in the host's
# namespace rejects TCP to port 80 with ICMP admin-prohibited and drops
# port 81. The kernel frees both as NETFILTER_DROP in nft_do_chain; the
# reject's ICMP error is tied to its drop; the finding names the hook, the
# real table/chain/handle, the counter that moved; the printed fix, run,
# lets the traffic through (to TCP, where nobody listens: NO_SOCKET).
T=dx$$
. "$(dirname "$0")/../lib.sh"
require_root "explain firewall"
P=dx$$
at_exit 'for n in $(ip netns list | awk "{print \$1}" | grep "^$P-"); do ip netns del "$n"; done'
HOST=$P-firewall-host

# watch OUT: drops in the host's namespace while the scenario's traffic is
# sent, then again after the counters' re-read period
watch() {
	bg_dropdoc "$1" drops -n "$HOST" --json -t 3 tcp
	"$DROPDOC" lab firewall --fire --prefix "$P" 2>/dev/null
	sleep 0.5 # the subject: past the rule counters' re-read period
	"$DROPDOC" lab firewall --fire --prefix "$P" 2>/dev/null
	wait "$BG_PID"
}
handle() { # PORT: the handle of the rule matching tcp dport PORT
	ip netns exec "$HOST" nft -j list ruleset |
		jq '.nftables[].rule // empty | select(.expr | any(.match.right == '"$1"')) | .handle'
}

"$DROPDOC" lab firewall --up --prefix "$P" >/dev/null 2>&1 || { not_ok "firewall: --up"; exit 1; }
h80=$(handle 80) h81=$(handle 81)
check "the rules exist (handles $h80, $h81)" [ -n "$h80" ] && [ -n "$h81" ]
watch "$TMP/d1"
first() { jq -c 'select(.type=="drop" and .dport=='"$1"')' "$TMP/d1" | head -1; }
l80=$(first 80) l81=$(first 81)
# jok LINE EXPR [ARG]: the line satisfies the jq expression ($a = ARG)
jok() { jq -e --arg a "${3:-}" "$2" <<<"$1" >/dev/null; }
check "port 80: NETFILTER_DROP at nft_do_chain on eth0" jok "$l80" '.reason=="NETFILTER_DROP" and .location=="nft_do_chain" and .dev=="eth0"'
check "port 80: the ICMP admin-prohibited sent for it" jok "$l80" '.icmp_sent == {"type":3,"code":13,"name":"admin-prohibited"}'
check "port 80: callers up to ip_local_deliver" jok "$l80" '.callers[0:3] == ["nft_do_chain_inet","nf_hook_slow","ip_local_deliver"]'
check "port 80: finding firewall" jok "$l80" '.finding.id=="firewall"'
check "port 80: summary names the rule, table, chain, handle" jok "$l80" '.finding.summary | contains("reject with icmp admin-prohibited\" (inet filter input, handle " + $a + ", hook input) rejected")' "$h80"
check "port 80: evidence: the hook from the stack" jok "$l80" '.finding.evidence | any(startswith("hook input: nf_hook_slow was called from ip_local_deliver"))'
check "port 80: evidence: the rule with its handle" jok "$l80" '.finding.evidence | any(. == "inet filter input (hook input, priority 0): meta nfproto ipv4 tcp dport 80 reject with icmp admin-prohibited # handle " + $a)' "$h80"
check "port 80: evidence: No route to host" jok "$l80" '.finding.evidence | any(contains("No route to host"))'
check "port 81: no ICMP, finding names the drop rule" jok "$l81" '.icmp_sent == null and (.finding.summary | contains("\"tcp dport 81 drop\" (inet filter input, handle " + $a + ","))' "$h81"
check "port 81: fix deletes that rule by handle" jok "$l81" '.finding.fix | any(startswith("ip netns exec '"$HOST"' nft delete rule inet filter input handle " + $a + " "))' "$h81"
check "a later drop says the rule's counter moved" [ "$(jq_count "$TMP/d1" '.dport==81 and (.finding.evidence | any(test("^its counter: [0-9]+ packets, \\+[1-9][0-9]* since the last drop read here$")))')" -ge 1 ]

# the fix for port 80, run as printed, lets it through: no more port-80 drops
fix=$(jq -r '.finding.fix[] | select(contains("nft insert rule"))' <<<"$l80" | sed 's/  #.*//')
check "fix: insert an accept before handle $h80 ($fix)" grep -q "^ip netns exec $HOST nft insert rule inet filter input position $h80 ip saddr 192.0.2.2 tcp dport 80 accept$" <<<"$fix"
eval "$fix"
watch "$TMP/d2"
check "after the fix: no port-80 NETFILTER_DROP" [ "$(jq_count "$TMP/d2" '.type=="drop" and .dport==80 and .reason=="NETFILTER_DROP"')" -eq 0 ]
check "after the fix: port 80 passes the firewall (TCP finds no listener)" [ "$(jq_count "$TMP/d2" '.type=="drop" and .dport==80 and .reason=="NO_SOCKET"')" -ge 1 ]
check "after the fix: port-81 drops go on" [ "$(jq_count "$TMP/d2" '.type=="drop" and .dport==81')" -ge 1 ]

# iptables-nft (rules in the nft ruleset, REJECT as an xt target) and
# iptables-legacy (x_tables: its rules are not read, and it says so)
PEER=$P-firewall-peer
ip netns exec "$HOST" iptables-nft -A INPUT -p tcp --dport 82 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec "$HOST" iptables-legacy -A INPUT -p tcp --dport 84 -j REJECT --reject-with icmp-host-prohibited
bg_dropdoc "$TMP/ipt" drops -n "$HOST" --json -t 3 tcp
for p in 82 84; do # a TCP connect, without curl
	ip netns exec "$PEER" timeout 0.5 bash -c "exec 3<>/dev/tcp/192.0.2.1/$p" >/dev/null 2>&1
done
wait "$BG_PID"
i82=$(jq -c 'select(.type=="drop" and .dport==82)' "$TMP/ipt" | head -1)
i84=$(jq -c 'select(.type=="drop" and .dport==84)' "$TMP/ipt" | head -1)
check "iptables-nft: drop in nft_do_chain via nft_do_chain_ipv4" jok "$i82" '.location=="nft_do_chain" and .callers[0]=="nft_do_chain_ipv4"'
check "iptables-nft: the REJECT rule of ip filter INPUT" jok "$i82" '.finding.summary | contains("\"tcp dport 82 reject (iptables REJECT target)\" (ip filter INPUT, handle ")'
check "iptables-nft: fix in iptables' words, rule number 1" jok "$i82" '.finding.fix | any(startswith("ip netns exec '"$HOST"' iptables -t filter -I INPUT 1 -s 192.0.2.2 -p tcp --dport 82 -j ACCEPT"))'
check "legacy: freed in nf_hook_slow, ICMP host-prohibited" jok "$i84" '.location=="nf_hook_slow" and .icmp_sent.name=="host-prohibited"'
check "legacy: the finding says so, its rules not read" jok "$i84" '(.finding.summary | startswith("a legacy iptables rule in hook input dropped")) and (.finding.evidence | any(startswith("legacy iptables tables in use (filter): their rules are not read")))'
check "legacy: fix lists the INPUT chain with counters" jok "$i84" '.finding.fix | any(startswith("ip netns exec '"$HOST"' iptables-legacy -L INPUT -v -n --line-numbers"))'
"$DROPDOC" lab firewall --down --prefix "$P" >/dev/null 2>&1

# the whole scenario through the lab, and nothing left behind
"$DROPDOC" lab firewall --json --prefix "$P" >"$TMP/lab" 2>/dev/null
check "lab firewall: ok, both drops with finding firewall" [ "$(jq_count "$TMP/lab" '.type=="lab" and .ok and (.expected | all(.finding=="firewall" and .found))')" -eq 1 ]
check "no namespaces left" [ "$(ip netns list | grep -c "^$P-")" -eq 0 ]
