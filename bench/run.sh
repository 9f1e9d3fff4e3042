#!/usr/bin/env bash
# Bootstrap storm benchmark: one sztpd (Release, SQLite file) against a bare Kestrel TLS baseline serving the same
# bytes, driven by `sztp-device storm` on new connections and on kept-alive ones. Server and load generator are pinned
# to different cores when the machine has two or more. Prints a table, then one JSON object on the last line.
#   bench/run.sh           the measured configuration (1,000 devices, 3 repeats, medians with min and max)
#   bench/run.sh --smoke   a short run (CI): 200 devices, 1 repeat; fails when any request fails
set -euo pipefail
trap 'echo "bench/run.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = "--smoke" ]; then
  mode=smoke devices=200 concurrency=8 repeats=1 warmup=20 keepalive=20
else
  mode=full devices=1000 concurrency=16 repeats=3 warmup=100 keepalive=200
fi

dotnet build -c Release -v q -nologo src/Sztpd.Server >/dev/null
dotnet build -c Release -v q -nologo src/Sztpd.DeviceSimulator >/dev/null
dotnet build -c Release -v q -nologo bench/Sztpd.Bench.Baseline >/dev/null
sztpd=src/Sztpd.Server/bin/Release/net10.0/sztpd.dll
device=src/Sztpd.DeviceSimulator/bin/Release/net10.0/sztp-device.dll
baseline=bench/Sztpd.Bench.Baseline/bin/Release/net10.0/sztp-baseline.dll

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

server_pin=() client_pin=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  server_pin=(taskset -c 0) client_pin=(taskset -c 1-$(($(nproc) - 1)))
fi

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
  done
}

wait_for() { # file text
  for _ in $(seq 1 600); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for \"$2\" in $1:" >&2; cat "$1" >&2; return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_rss_mb() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
field() { grep -o "\"$1\":[0-9.]*" <<<"$2" | head -1 | cut -d: -f2 || true; } # empty when absent
tick=$(getconf CLK_TCK)

nbi=$(free_port) sbi=$(free_port) base=$(free_port)
dotnet "$device" pki demo --devices "$devices" --out "$work/pki" --nbi-port "$nbi" --sbi-port "$sbi" >/dev/null
SZTPD_ACCEPT_CONTRACT=Yes SZTPD_INIT_MODE=1 SZTPD_INIT_PORT=$nbi \
  "${server_pin[@]}" dotnet "$sztpd" "sqlite:///$work/sztpd.db" >"$work/sztpd.log" 2>&1 &
server=$!; pids+=("$server")
wait_for "$work/sztpd.log" "listening on"
curl -sf -X PUT -H 'Content-Type: application/yang-data+json' --data @"$work/pki/running.json" \
  "http://127.0.0.1:$nbi/restconf/ds/ietf-datastores:running"
wait_for "$work/sztpd.log" "127.0.0.1:$sbi "
rpc=/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data
last=$(ls "$work/pki/devices" | tail -1)
curl -sf --cacert "$work/pki/server-ca.pem" --cert "$work/pki/devices/$last/cert.pem" --key "$work/pki/devices/$last/key.pem" \
  -H 'Content-Type: application/yang-data+json' -d '{"ietf-sztp-bootstrap-server:input":{"hw-model":"sztp-device"}}' \
  "https://127.0.0.1:$sbi$rpc" >"$work/gbd.json"
"${server_pin[@]}" dotnet "$baseline" "$base" "$work/pki/server-cert.pem" "$work/pki/private/server-key.pem" "$work/gbd.json" >"$work/baseline.log" 2>&1 &
baseline_pid=$!; pids+=("$baseline_pid")
wait_for "$work/baseline.log" "listening on"

errors=0
# measure NAME PID PORT [storm options]: warm-up, then $repeats storms; one line per repeat: dps cpu_ms_per_device p50 p99
measure() {
  local name=$1 pid=$2 port=$3; shift 3
  "${client_pin[@]}" dotnet "$device" storm --bootstrap-url "https://127.0.0.1:$port$rpc" --pki "$work/pki" \
    --devices "$warmup" --concurrency "$concurrency" "$@" >/dev/null || true
  for _ in $(seq 1 "$repeats"); do
    local before after json
    before=$(cpu_ticks "$pid")
    json=$("${client_pin[@]}" dotnet "$device" storm --bootstrap-url "https://127.0.0.1:$port$rpc" --pki "$work/pki" \
      --devices "$devices" --concurrency "$concurrency" "$@" | tail -1) || true
    after=$(cpu_ticks "$pid")
    local done_n err rate
    done_n=$(field completed "$json")
    rate=$(field requests_per_second "$json"); rate=${rate:-$(field devices_per_second "$json")}
    err=$(field errors "$json"); errors=$((errors + ${err:-1}))
    awk -v n="$name" -v r="$rate" -v c="$((after - before))" -v t="$tick" -v d="${done_n:-0}" \
      -v p50="$(field p50_ms "$json")" -v p99="$(field p99_ms "$json")" -v cl="$(field client_cpu_s "$json")" \
      'BEGIN { printf "%s %s %.3f %s %s %s\n", n, r, (d > 0 ? c / t * 1000 / d : 0), p50, p99, cl }'
  done
}

{
  measure sztpd "$server" "$sbi"
  measure baseline "$baseline_pid" "$base"
  measure sztpd-keepalive "$server" "$sbi" --keepalive "$keepalive"
  measure baseline-keepalive "$baseline_pid" "$base" --keepalive "$keepalive"
} >"$work/runs.txt"

# Medians (with min and max) per series; ratios of the medians.
summary=$(awk '
  { rate[$1] = rate[$1] " " $2; cpu[$1] = cpu[$1] " " $3; p50[$1] = p50[$1] " " $4; p99[$1] = p99[$1] " " $5; cl[$1] = cl[$1] " " $6 }
  function med(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  function lo(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
  function hi(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
  END {
    for (k in rate) printf "%-20s %10.1f/s (min %s, max %s)  server CPU %7.3f ms each  p50 %s ms  p99 %s ms  client CPU %s s\n", k, med(rate[k]), lo(rate[k]), hi(rate[k]), med(cpu[k]), med(p50[k]), med(p99[k]), med(cl[k]) > "/dev/stderr"
    printf "%s %s %s %s %s %s %s %s", med(rate["sztpd"]), med(rate["baseline"]), med(cpu["sztpd"]), med(cpu["baseline"]),
      med(rate["sztpd-keepalive"]), med(rate["baseline-keepalive"]), med(p50["sztpd"]), med(p99["sztpd"])
  }' "$work/runs.txt" 2>"$work/table.txt")
read -r dps base_dps cpu base_cpu ka_rps base_ka_rps p50 p99 <<<"$summary"
cat "$work/table.txt"
rss=$(peak_rss_mb "$server")
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr)
echo "machine: $(nproc) cores, $cpu_model, $os, .NET $(dotnet --version); mode $mode: $devices devices, concurrency $concurrency, $repeats repeats, keepalive $keepalive requests per connection; pinned: ${server_pin[*]:-no} / ${client_pin[*]:-no}"
awk -v mode="$mode" -v devices="$devices" -v conc="$concurrency" -v dps="$dps" -v bdps="$base_dps" -v cpu="$cpu" -v bcpu="$base_cpu" \
  -v ka="$ka_rps" -v bka="$base_ka_rps" -v rss="$rss" -v err="$errors" -v p50="$p50" -v p99="$p99" -v cores="$(nproc)" \
  -v model="$cpu_model" -v os="$os" -v net="$(dotnet --version)" 'BEGIN {
  printf "{\"mode\":\"%s\",\"devices\":%d,\"concurrency\":%d,\"devices_per_second\":%.1f,\"baseline_devices_per_second\":%.1f,", mode, devices, conc, dps, bdps
  printf "\"ratio_new_connection\":%.3f,\"ratio_cpu_new_connection\":%.3f,\"server_cpu_ms_per_device\":%.3f,\"baseline_cpu_ms_per_device\":%.3f,", (bdps > 0 ? dps / bdps : 0), (cpu > 0 ? bcpu / cpu : 0), cpu, bcpu
  printf "\"keepalive_requests_per_second\":%.1f,\"baseline_keepalive_requests_per_second\":%.1f,\"ratio_keepalive\":%.3f,", ka, bka, (bka > 0 ? ka / bka : 0)
  printf "\"p50_ms\":%s,\"p99_ms\":%s,\"server_peak_rss_mb\":%s,\"errors\":%d,", p50, p99, rss, err
  printf "\"machine\":{\"cores\":%d,\"cpu\":\"%s\",\"os\":\"%s\",\"dotnet\":\"%s\"}}\n", cores, model, os, net }'
[ "$errors" -eq 0 ]
