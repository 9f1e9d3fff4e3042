#!/usr/bin/env bash
# Validates the YANG modules in yang/ and real SZTPD Gen-1 configurations
# against them with yanglint (Debian libyang2-tools 2.1). Exit 0 = all passed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
opi="$root/tests/data/opi-data"
yang="$root/yang"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The modules a wn-sztpd-1 instance needs, listed so they are implemented
# (identityref values and defaults must name identities of implemented
# modules, so those come first).
schema=(
  "$yang/wn-app@2026-11-22.yang" "$yang/wn-sztpd-0@2026-11-22.yang"
  "$yang/wn-x509-c2n@2026-11-22.yang" "$yang/wn-sztpd-rpcs@2026-11-22.yang"
  "$yang/ietf-crypto-types@2024-10-10.yang"
  "$yang/ietf-sztp-conveyed-info@2019-04-30.yang"
  "$yang/wn-sztpd-1@2026-11-22.yang" "$yang/sztpd-ext@2026-11-22.yang"
)
validate() { yanglint -p "$yang" -t config "${schema[@]}" "$1" 2>&1; }

# (a) every module, on its own. -i implements imports, which identityref
# defaults (wn-x509-c2n:serial-number) require.
for f in "$yang"/*.yang; do
  out="$(yanglint -p "$yang" -i "$f" 2>&1)" || { fail "module $(basename "$f")"; echo "$out"; continue; }
  [[ -z "$out" ]] || { fail "module $(basename "$f") has warnings"; echo "$out"; }
done

# (b) the opi templates, $VARS filled like opiproject/sztp docker-entrypoint.sh.
hash='7b:ca:e6:ac:23:06:d8:79:06:8c:ac:03:80:e2:16:44:7e:40:6a:65:fa:d4:69:61:6e:05:ce:f5:87:dc:2b:97'
fill() {
  sed -E -e 's/\$SZTPD_INIT_ADDR/0.0.0.0/g' -e 's/\$SZTPD_NBI_PORT/7080/g' \
    -e 's/\$SZTPD_SBI_PORT/9090/g' -e 's/\$BOOTSVR_ADDR/bootstrap/g' \
    -e 's/\$BOOTSVR_PORT/9090/g' -e 's/\$[A-Z][A-Z0-9_]*_B64/AAAA/g' \
    -e "s/\\\$[A-Z][A-Z0-9_]*_HASH_VAL/$hash/g" "$1"
}
for t in opiproject-sztp/config/sztpd.running.json.template \
         opiproject-sztp/config/sztpd.redirect.json.template \
         opiproject-lab/template.json; do
  out_file="$tmp/$(basename "$(dirname "$t")")-$(basename "$t" .template)"
  out_file="${out_file%.json}.json"
  fill "$opi/$t" > "$out_file"
  if grep -qE '\$[A-Z]' "$out_file"; then fail "$t: unsubstituted variable"; fi
  out="$(validate "$out_file")" || { fail "$t does not validate"; echo "$out"; continue; }
  [[ -z "$out" ]] || { fail "$t: warnings"; echo "$out"; }
done

# (c) negative checks: each must be REJECTED.
running="$tmp/config-sztpd.running.json"
reject() { # name, expected error (ERE), sed expression for the running config
  sed -E "$3" "$running" > "$tmp/neg.json"
  if out="$(validate "$tmp/neg.json")"; then fail "accepted: $1"
  elif ! grep -qE "$2" <<< "$out"; then fail "rejected for another reason: $1"; echo "$out"; fi
}
reject "device with unknown device-type" 'no-such-type.*leafref|leafref.*no-such-type' \
  '0,/"device-type": "my-device-type"/s//"device-type": "no-such-type"/'
reject "unknown onboarding-information reference" 'nope.*leafref|leafref.*nope' \
  's/"reference": "first-onboarding-information"/"reference": "nope"/'
reject "unprefixed use-for identity" 'identityref' \
  's/"wn-app:native-interface"/"native-interface"/'
reject "state data (audit-log) in configuration" 'audit-log' \
  's/^\{/{"wn-sztpd-1:audit-log":{"log-entry":[{"outcome":"success"}]},/'

# (d) mode x: the host's tree with tenants (wn-sztpd-x, each entry the mount point "tenant" of RFC 8528), and a
# tenant's tree, which is a mode-1 tree without transport (sztpd validates each tenant as a datastore of its own;
# libyang 2.1 resolves leafrefs inside a mount against the wrong instances, so the two are checked apart).
libyang=/usr/share/yang/modules/libyang
python3 - "$running" "$tmp/x-host.json" "$tmp/x-tenant.json" <<'PY'
import json, sys
host = json.load(open(sys.argv[1]))
tenant = {k: v for k, v in host.items() if k != "wn-sztpd-1:transport"}
host["wn-sztpd-1:transport"]["listen"]["endpoint"].append(
    {"name": "tenants", "use-for": "wn-app:tenant-interface", "http": {"tcp-server-parameters": {"local-address": "0.0.0.0", "local-port": 7081}}})
host["wn-sztpd-x:tenants"] = {"tenant": [{"name": "acme"}, {"name": "globex.eu"}]}
json.dump(host, open(sys.argv[2], "w"))
json.dump(tenant, open(sys.argv[3], "w"))
PY
out="$(yanglint -p "$yang" -p "$libyang" -x "$root/tests/yang/tenant-mount.xml" -t config "$libyang/ietf-datastores@2018-02-14.yang" \
  "$libyang/ietf-yang-library@2019-01-04.yang" "${schema[@]}" "$yang/wn-sztpd-x@2026-11-22.yang" "$tmp/x-host.json" 2>&1)" \
  || { fail "a mode x host configuration does not validate"; echo "$out"; }
out="$(validate "$tmp/x-tenant.json")" || { fail "a tenant's tree does not validate as a mode-1 tree"; echo "$out"; }
sed -E 's/"name": "acme"/"name": "-acme"/' "$tmp/x-host.json" > "$tmp/x-bad.json"
if yanglint -p "$yang" -p "$libyang" -x "$root/tests/yang/tenant-mount.xml" -t config "$libyang/ietf-datastores@2018-02-14.yang" \
  "$libyang/ietf-yang-library@2019-01-04.yang" "${schema[@]}" "$yang/wn-sztpd-x@2026-11-22.yang" "$tmp/x-bad.json" >/dev/null 2>&1; then
  fail "accepted: a tenant name starting with '-'"
fi

if ((failures)); then echo "$failures check(s) failed" >&2; exit 1; fi
echo "yang: all checks passed"
