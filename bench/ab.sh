#!/usr/bin/env bash
# Two builds of sztpd side by side: bench/ab.sh SZTPD_DLL_A SZTPD_DLL_B [ROUNDS]
# Each serves its own `pki demo` configuration of 1,000 devices on its own SQLite file, both pinned to core 0; after
# $AB_WARM rounds each (default 8), ROUNDS (default 6) alternating storms print "A <cpu ms> B <cpu ms>" per request
# or device. The machine's speed drifts over minutes, so only alternating rounds tell effects of a few % apart.
#   AB_STORM   storm options (default: --keepalive 200; "" for new connections as fast as the client goes, "--rate 80" at a rate;
#              1,000 devices, 16 at a time)
#   AB_ENV_A, AB_ENV_B   extra environment of each server (e.g. AB_ENV_B=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70)
# DOTNET_TC_CallCountingDelayMs=0 shortens the warm-up (the JIT tiers up sooner; the steady state is the same).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${3:-6}
device=src/Sztpd.DeviceSimulator/bin/Release/net10.0/sztp-device.dll
dotnet build -c Release -v q -nologo src/Sztpd.DeviceSimulator >/dev/null
work=$(mktemp -d)
pids=() errors=0 devices=1000 concurrency=16 # a failed storm is reported on standard error by storm
client_pin=(taskset -c 1)
# shellcheck source=bench/lib.sh
source bench/lib.sh
trap 'for p in "${pids[@]}"; do stop "$p"; done; rm -rf "$work"' EXIT
declare -A pid sbi pki
for v in A B; do
  nbi=$(free_port) sbi[$v]=$(free_port) pki[$v]=$work/pki$v
  dotnet "$device" pki demo --out "${pki[$v]}" --nbi-port "$nbi" --sbi-port "${sbi[$v]}" --devices "$devices" >/dev/null
  extra=AB_ENV_$v
  # shellcheck disable=SC2206 # the extra environment, split
  server_pin=(env DOTNET_TC_CallCountingDelayMs=0 ${!extra:-} taskset -c 0)
  dll=$1; [ $v = B ] && dll=$2
  sztpd=$dll start_sztpd "$work/sztpd$v.log" "sqlite:///$work/$v.db" "$nbi"
  pid[$v]=$server
  send PUT "$nbi" "${pki[$v]}/running.json" >/dev/null
  wait_for "$work/sztpd$v.log" "127.0.0.1:${sbi[$v]} " 600
done
# one A|B: one storm of that server (storm in bench/lib.sh); prints its CPU ms per request or device.
one() {
  # shellcheck disable=SC2086 # the storm options, split
  storm "$1" "${pid[$1]}" "${sbi[$1]}" "${pki[$1]}" ${AB_STORM---keepalive 200}
  tail -1 "$work/runs.txt" | awk '{ printf "%s", $3 }'
}
for _ in $(seq 1 "${AB_WARM:-8}"); do one A >/dev/null; one B >/dev/null; done
for _ in $(seq 1 "$rounds"); do echo "A $(one A)  B $(one B)"; done
