#!/usr/bin/env bash
# dropdoc drops: counts are exact. --summary counts in the kernel; a tiny
# ring buffer under a flood loses events, and says how many, so that
# printed + lost equals the kernel's own count of those drops (UdpNoPorts).
T=ddc$$
. "$(dirname "$0")/../lib.sh"
require_root "drops counts"
pair || { not_ok "set up namespaces"; exit 1; }
N=50000

noports() { nsx b nstat -az UdpNoPorts | awk '/UdpNoPorts/ {print $2}'; }

# --summary: exact count by (reason, location, device, netns)
before=$(noports)
bg_dropdoc "$TMP/sum" drops -n "$T-b" --summary --json -t 3
udp_send a 192.0.2.2 9 $N 42000
wait $BG_PID
after=$(noports)
row=$(jq -c 'select(.type=="summary" and .reason=="NO_SOCKET" and .location=="__udp4_lib_rcv")' "$TMP/sum" | tail -n1)
check "summary row names device and netns" test "$(echo "$row" | jq -r '.dev+" "+.netns_name')" = "vb $T-b"
check "summary count $(echo "$row" | jq .count) equals UdpNoPorts delta $((after - before)) and the $N sent" \
	test "$(echo "$row" | jq .count)" -eq $((after - before)) -a $((after - before)) -eq $N
check "summary run ends with stats" test "$(jq_count "$TMP/sum" '.type=="stats" and .lost==0')" -eq 1

# text summary table
bg_dropdoc "$TMP/sumtxt" drops -n "$T-b" --summary -t 2
udp_send a 192.0.2.2 9 1000 42001
wait $BG_PID
check "text summary: a table row with count, reason, location, device, netns" \
	grep -qE "^ +[0-9]+ +NO_SOCKET +__udp4_lib_rcv\+0x[0-9a-f]+ +vb +$T-b" "$TMP/sumtxt"

# loss: a 4 KiB ring buffer cannot hold a flood; every drop is printed or counted lost
before=$(noports)
# the pcap filter runs in the kernel, so matched and lost are this flow's own
bg_dropdoc "$TMP/loss" drops -n "$T-b" --json -B 4 -t 4 udp and dst port 9
udp_send a 192.0.2.2 9 $N 42002
wait $BG_PID
after=$(noports)
st=$(jq -c 'select(.type=="stats")' "$TMP/loss")
printed=$(jq_count "$TMP/loss" '.type=="drop"')
lost=$(echo "$st" | jq .lost)
check "tiny buffer under a flood reports loss (lost=$lost)" test "$lost" -gt 0
check "printed objects ($printed) equal the stats' printed" test "$printed" -eq "$(echo "$st" | jq .printed)"
check "printed + lost ($printed + $lost) = kernel's UdpNoPorts delta ($((after - before)))" \
	test $((printed + lost)) -eq $((after - before))
check "matched ($(echo "$st" | jq .matched)) = printed + lost" test "$(echo "$st" | jq .matched)" -eq $((printed + lost))
