#!/usr/bin/env bash
# contrib/: the systemd unit passes systemd-analyze verify and keeps a low
# exposure; the Kubernetes DaemonSet parses and asks for what the exporter
# needs (host network and PID namespace, capabilities, BTF and /run/netns).
T=ddk$$
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
UNIT=$ROOT/contrib/systemd/dropdoc-exporter.service
YAML=$ROOT/contrib/kubernetes/dropdoc-exporter.yaml

if command -v systemd-analyze >/dev/null; then
	# the unit as installed, its binary where this build has it
	sed "s|/usr/local/bin/dropdoc|$DROPDOC|" "$UNIT" >"$TMP/dropdoc-exporter.service"
	check "systemd-analyze verify: the unit is valid" \
		systemd-analyze verify --man=no "$TMP/dropdoc-exporter.service"
	exp=$(systemd-analyze security --offline=yes "$TMP/dropdoc-exporter.service" 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	check "systemd-analyze security: exposure $exp, at most 5 (OK)" awk -v e="${exp:-99}" 'BEGIN{exit !(e <= 5)}'
	for k in 'CapabilityBoundingSet=CAP_BPF CAP_PERFMON' NoNewPrivileges=yes ProtectSystem=strict \
		'--listen 127.0.0.1:9796'; do
		check "unit: $k" grep -qF -- "$k" "$UNIT"
	done
else
	skip_or_fail "systemd unit" "no systemd-analyze (scripts/install-deps)"
fi

check "DaemonSet: the exporter's needs are all there" /usr/bin/python3 - "$YAML" <<'PY'
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
ds = next(d for d in docs if d["kind"] == "DaemonSet")
spec = ds["spec"]["template"]["spec"]
c = spec["containers"][0]
caps = set(c["securityContext"]["capabilities"]["add"])
mounts = {m["mountPath"] for m in c["volumeMounts"]}
assert spec["hostNetwork"] is True and spec["hostPID"] is True
assert {"BPF", "PERFMON", "NET_ADMIN", "SYS_ADMIN"} <= caps, caps
assert c["securityContext"]["capabilities"]["drop"] == ["ALL"]
assert c["securityContext"]["allowPrivilegeEscalation"] is False
assert not c["securityContext"].get("privileged")
assert {"/sys/kernel/btf", "/run/netns"} <= mounts, mounts
assert c["args"][0] == "exporter" and c["ports"][0]["containerPort"] == 9796
assert ds["spec"]["selector"]["matchLabels"].items() <= ds["spec"]["template"]["metadata"]["labels"].items()
PY
