#!/usr/bin/env bash
# The benchmark suite (bench/README.md). Bootstrap storms against sztpd (Release) and, for the ratios, against a bare
# Kestrel TLS baseline serving the same bytes; then configuration scale. Server and load generator are pinned to
# different cores when the machine has two or more. Prints tables, then one JSON object on the last line.
#   bench/run.sh           the measured configuration (1,000 devices, 3 repeats; 100,000 and 1,000,000 configured)
#   bench/run.sh --smoke   a short run (CI): 200 devices, 1 repeat, 10,000 and 20,000 configured; fails when any request fails
# PostgreSQL: $SZTPD_BENCH_POSTGRES_URL or $SZTPD_TEST_POSTGRES_URL (a user that may create databases); else, as root
# and in full mode, a throwaway server from .ci/databases.sh; else that series is skipped.
set -euo pipefail
trap 'echo "bench/run.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = "--smoke" ]; then
  mode=smoke devices=200 concurrency=8 rate=40 repeats=1 warmup=50 warmup_rounds=1 keepalive=20 many=10000 million=20000 tenants=20 per_tenant=50
  cert_records=10000 cert_revoked=1000 cert_seconds=1
else
  mode=full devices=1000 concurrency=16 rate=80 repeats=3 warmup=3000 warmup_rounds=8 keepalive=200 many=100000 million=1000000 tenants=1000 per_tenant=1000
  cert_records=1000000 cert_revoked=100000 cert_seconds=5
fi

dotnet build -c Release -v q -nologo src/Sztpd.Server >/dev/null
dotnet build -c Release -v q -nologo src/Sztpd.DeviceSimulator >/dev/null
dotnet build -c Release -v q -nologo bench/Sztpd.Bench.Baseline >/dev/null
dotnet build -c Release -v q -nologo bench/Sztpd.Bench.Certificates >/dev/null
sztpd=src/Sztpd.Server/bin/Release/net10.0/sztpd.dll
device=src/Sztpd.DeviceSimulator/bin/Release/net10.0/sztp-device.dll
baseline=bench/Sztpd.Bench.Baseline/bin/Release/net10.0/sztp-baseline.dll
certificates=bench/Sztpd.Bench.Certificates/bin/Release/net10.0/sztp-bench-certificates.dll

work=$(mktemp -d)
pids=()
cleanup() {
  # Only our own servers: a bare `wait` would also wait for the database servers .ci/databases.sh started.
  for p in "${pids[@]}"; do stop "$p"; done
  if declare -F databases_stop >/dev/null; then databases_stop; fi
  rm -rf "$work"
}
trap cleanup EXIT

server_pin=() client_pin=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  server_pin=(taskset -c 0) client_pin=(taskset -c 1-$(($(nproc) - 1)))
fi
# shellcheck source=bench/lib.sh
source bench/lib.sh
errors=0
declare -A scale=()

# Servers are measured together: add_server warms one up and queues it, measure_all then runs $repeats rounds, each
# storming every queued server in turn (as fast as the client goes, then at $rate devices a second, then kept-alive),
# so the servers a ratio compares meet the same stretches of this machine's varying speed.
queue=() storm_args=()
declare -A pid_of=() nbi_of=() sbi_of=() pki_of=()

# add_server NAME PID PORT PKI [storm options]: warm-up, then queued for measure_all (with the kept-alive storm too
# when $with_keepalive).
add_server() {
  local name=$1 pid=$2 port=$3 pki=$4; shift 4
  warm_up "$name" "$pid" "$port" "$pki" "$@"
  queue+=("$name|$pid|$port|$pki|${with_keepalive:-}|$*")
}

measure_all() {
  local i q name pid port pki ka args
  for i in $(seq 1 "$repeats"); do
    for q in "${queue[@]}"; do
      IFS='|' read -r name pid port pki ka args <<<"$q"
      # shellcheck disable=SC2086 # the storm options, split
      storm "$name" "$pid" "$port" "$pki" $args
    done
    # The same at $rate devices a second, which every server keeps up with: equal work per second, comparable CPU.
    for q in "${queue[@]}"; do
      IFS='|' read -r name pid port pki ka args <<<"$q"
      # shellcheck disable=SC2086
      concurrency=64 storm "$name-rate" "$pid" "$port" "$pki" $args --rate "$rate"
    done
    for q in "${queue[@]}"; do
      IFS='|' read -r name pid port pki ka args <<<"$q"
      [ -z "$ka" ] || storm "$name-keepalive" "$pid" "$port" "$pki" --keepalive "$keepalive"
    done
  done
  queue=()
}

# series NAME DATABASE-URL [pki demo options]: a fresh sztpd with the demo configuration, queued for measure_all with
# the storm options of $storm_args; when $with_baseline, also the baseline serving that sztpd's bytes (NAME-baseline)
# and, for unsigned responses, nginx (NAME-nginx). Sets pid_of, nbi_of, sbi_of and pki_of for NAME (pid_of for the
# others too); the servers keep running.
series() {
  local name=$1 url=$2; shift 2
  local dir=$work/$name nbi sbi pki base put_s
  mkdir -p "$dir"
  nbi=$(free_port) sbi=$(free_port) pki=$dir/pki
  dotnet "$device" pki demo --out "$pki" --nbi-port "$nbi" --sbi-port "$sbi" "$@" >/dev/null
  start_sztpd "$dir/sztpd.log" "$url" "$nbi"
  scale[$name.idle_rss_mb]=$(status_mb "$server" VmRSS)
  put_s=$(send PUT "$nbi" "$pki/running.json")
  scale[$name.put_s]=$put_s scale[$name.put_peak_rss_mb]=$(status_mb "$server" VmHWM)
  wait_for "$dir/sztpd.log" "127.0.0.1:$sbi " 600
  pid_of[$name]=$server nbi_of[$name]=$nbi sbi_of[$name]=$sbi pki_of[$name]=$pki
  add_server "$name" "$server" "$sbi" "$pki" "${storm_args[@]}"
  [ "${with_baseline:-}" ] || return 0
  # The bytes sztpd gave: one body for all when unsigned, each device's own when signed (vouchers differ).
  local d bodies=$dir/gbd.json
  if ls "$pki"/devices/*/ownership-voucher.cms >/dev/null 2>&1; then
    bodies=$dir/bodies; mkdir -p "$bodies"
    for d in "$pki"/devices/*; do gbd "$sbi" "$d" >"$bodies/${d##*/}.json"; done
  else
    gbd "$sbi" "$(find "$pki/devices" -mindepth 1 -maxdepth 1 | sort | tail -1)" >"$bodies"
  fi
  base=$(free_port)
  "${server_pin[@]}" dotnet "$baseline" "$base" "$pki/server-cert.pem" "$pki/private/server-key.pem" "$bodies" >"$dir/baseline.log" 2>&1 &
  pid_of[$name-baseline]=$!; pids+=("$!")
  wait_for "$dir/baseline.log" "listening on"
  add_server "$name-baseline" "${pid_of[$name-baseline]}" "$base" "$pki"
  # nginx serving the same bytes over the same TLS (one body for all devices only: unsigned responses).
  if [ "$bodies" = "$dir/gbd.json" ] && { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; then
    nginx_server "$name-nginx" "$pki" "$bodies"
  fi
}

# stop_servers NAME...: stops those of the named servers that were started.
stop_servers() { local n; for n in "$@"; do [ -z "${pid_of[$n]:-}" ] || stop "${pid_of[$n]}"; done; }

pg_url=${SZTPD_BENCH_POSTGRES_URL:-${SZTPD_TEST_POSTGRES_URL:-}}
if [ -z "$pg_url" ] && [ "$mode" = full ] && [ "$(id -u)" = 0 ] && [ -f .ci/databases.sh ]; then
  # shellcheck source=.ci/databases.sh
  source .ci/databases.sh && pg_url=$SZTPD_TEST_POSTGRES_URL # starts PostgreSQL and MariaDB
fi

# Bootstrap storms: each series changes one thing from the first. The targets' series are measured together: the
# first (with its baseline and nginx, and kept-alive), owner-signed responses (with their baseline) and PostgreSQL.
with_baseline=1 with_keepalive=1 series sqlite "sqlite:///$work/sqlite.db" --devices "$devices"
with_baseline=1 series signed "sqlite:///$work/signed.db" --devices "$devices" --signed
if [ -n "$pg_url" ]; then
  pg_db=sztpd_bench_$$_$RANDOM
  series postgresql "${pg_url%/*}/$pg_db" --devices "$devices"
else
  echo "postgresql: skipped (no server; see the header of bench/run.sh)" >&2
fi
measure_all
for n in sqlite signed postgresql; do [ -z "${pid_of[$n]:-}" ] || scale[$n.rss_mb]=$(status_mb "${pid_of[$n]}" VmHWM); done
stop_servers sqlite-baseline sqlite-nginx signed signed-baseline postgresql
if [ -n "$pg_url" ] && command -v psql >/dev/null; then psql -q "${pg_url%/*}/postgres" -c "DROP DATABASE $pg_db" || true; fi
scale[read_ms.$devices]=$(read_ms "${nbi_of[sqlite]}" demo-0001 200)
# An unknown user must cost what a wrong password costs (no account enumeration by timing): the throttle raised so
# that every attempt is checked, then the medians of both refusals.
printf '{"wn-sztpd-1:preferences": {"sztpd-ext:authentication": {"max-failed-logins-per-minute": 65535}}}' >"$work/no-throttle.json"
send PATCH "${nbi_of[sqlite]}" "$work/no-throttle.json" >/dev/null
scale[login_ms.wrong_password]=$(login_ms "${nbi_of[sqlite]}" "${admin%%:*}:not-the-password" 100)
scale[login_ms.unknown_user]=$(login_ms "${nbi_of[sqlite]}" "nobody@example.com:not-the-password" 100)
# The same server relaying every progress report to a webhook, then computing every response with one (nginx answers).
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  outbound "${nbi_of[sqlite]}" "${sbi_of[sqlite]}" "${pki_of[sqlite]}" "${pid_of[sqlite]}"
else
  echo "relay, callout: skipped (no nginx)" >&2
fi
stop_servers sqlite
with_baseline=1 series rsa2048 "sqlite:///$work/rsa2048.db" --devices "$devices" --server-key rsa2048
# Each device also gets a certificate from its CSR (RFC 9646): two get-bootstrapping-data, the issuance and its record.
storm_args=(--csr)
series csr "sqlite:///$work/csr.db" --devices "$devices" --csr
storm_args=()
measure_all
for n in rsa2048 csr; do scale[$n.rss_mb]=$(status_mb "${pid_of[$n]}" VmHWM); done
stop_servers rsa2048 rsa2048-baseline rsa2048-nginx csr
# A server with $many devices configured, of which $devices bootstrap; then configuration scale.
series many "sqlite:///$work/many.db" --devices "$many" --idevids "$devices"
measure_all
scale[many.rss_mb]=$(status_mb "$server" VmHWM)
scale[read_ms.$many]=$(read_ms "${nbi_of[many]}" "demo-$(printf "%0${#many}d" $((many / 2)))" 200)
if [ "$million" -gt 0 ]; then
  # The same configuration with $million devices, put whole (start_sztpd raised the body limit to 1 GB).
  with_bulk_devices "${pki_of[many]}/running.json" 1 "$((million - many))" >"$work/million.json"
  scale[million.body_mb]=$(awk -v b="$(stat -c %s "$work/million.json")" 'BEGIN {printf "%.1f", b / 1048576}')
  scale[million.idle_rss_mb]=$(status_mb "$server" VmRSS)
  reset_peak "$server"
  scale[million.put_s]=$(with_account=1 send PUT "${nbi_of[many]}" "$work/million.json")
  scale[million.put_peak_rss_mb]=$(status_mb "$server" VmHWM)
  rm -f "$work/million.json"
  middle=bulk-$(printf %07d $(((million - many) / 2)))
  scale[read_ms.$million]=$(read_ms "${nbi_of[many]}" "$middle" 200)
  stop "$server"
  start_sztpd "$work/many/restart.log" "sqlite:///$work/many.db" "${nbi_of[many]}" "rfc8572-interface"
  scale[start_s.$million]=$started_s scale[start_rss_mb.$million]=$(status_mb "$server" VmHWM)
  scale[read_ms.$million.after_restart]=$(read_ms "${nbi_of[many]}" "$middle" 200)
fi
stop "$server"

# Mode x: $tenants tenants of $per_tenant devices each, created one POST each; the storm's devices are the last
# tenant's; then a restart. To compare with one datastore of $million devices (start_s, read_ms).
tenants_dir=$work/tenants nbi=$(free_port) sbi=$(free_port) tenants_pki=$work/tenants/pki
mkdir -p "$tenants_dir/bodies"
dotnet "$device" pki demo --out "$tenants_pki" --nbi-port "$nbi" --sbi-port "$sbi" --devices "$devices" >/dev/null
init_mode=x start_sztpd "$tenants_dir/sztpd.log" "sqlite:///$work/tenants.db" "$nbi"
python3 bench/tenants.py host "$tenants_pki/running.json" >"$tenants_dir/host.json"
send PUT "$nbi" "$tenants_dir/host.json" >/dev/null
wait_for "$tenants_dir/sztpd.log" "127.0.0.1:$sbi " 600
python3 bench/tenants.py tenants "$tenants_pki/running.json" "$tenants_dir/bodies" "$tenants" "$per_tenant"
t0=$(now_s)
for ((t = 1; t <= tenants; t++)); do
  code=$(curl -s -o "$work/edit.out" -w '%{http_code}' -u "$admin" -H 'Content-Type: application/yang-data+json' \
    --data-binary @"$tenants_dir/bodies/tenant-$t.json" "http://127.0.0.1:$nbi$running/wn-sztpd-x:tenants")
  [ "$code" = 201 ] || { echo "creating tenant $t gave HTTP $code: $(head -c 2000 "$work/edit.out")" >&2; exit 1; }
done
scale[tenants.create_s]=$(awk -v a="$t0" -v b="$(now_s)" 'BEGIN {printf "%.2f", b - a}')
add_server tenants "$server" "$sbi" "$tenants_pki"
measure_all
scale[tenants.rss_mb]=$(status_mb "$server" VmHWM)
last=$(printf 't%04d' "$tenants")
scale[read_ms.tenants]=$(timed_ms "http://127.0.0.1:$nbi$running/wn-sztpd-x:tenants/tenant=$last/wn-sztpd-1:devices/device=$last-0000001" "$admin" 200 200)
stop "$server"
start_sztpd "$tenants_dir/restart.log" "sqlite:///$work/tenants.db" "$nbi" "rfc8572-interface"
scale[start_s.tenants]=$started_s scale[start_rss_mb.tenants]=$(status_mb "$server" VmHWM)
stop "$server"

# Certificates: issuance from CSRs, $cert_records recorded certificates ($cert_revoked revoked), the inventory's reads
# at 1,000 and at that size, the CA's CRL rebuilt from the store (bench/Sztpd.Bench.Certificates/Program.cs).
"${server_pin[@]}" dotnet "$certificates" "sqlite:///$work/certificates.db" "$cert_records" "$cert_revoked" "$cert_seconds" >"$work/certificates.json"
python3 -c 'import json, sys; [print(k, v) for k, v in json.load(open(sys.argv[1])).items()]' "$work/certificates.json" >"$work/certificates.txt"
while read -r k v; do scale[certificates.$k]=$v; done <"$work/certificates.txt"

# Medians (with min and max) per series; the first series' ratios to its baseline.
awk '
  { rate[$1] = rate[$1] " " $2; cpu[$1] = cpu[$1] " " $3; p50[$1] = p50[$1] " " $4; p99[$1] = p99[$1] " " $5; cl[$1] = cl[$1] " " $6 }
  function med(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  function lo(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
  function hi(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
  END { for (k in rate) printf "%s %s %s %s %.3f %s %s %s\n", k, med(rate[k]), lo(rate[k]), hi(rate[k]), med(cpu[k]), med(p50[k]), med(p99[k]), med(cl[k]) }
' "$work/runs.txt" | sort >"$work/medians.txt"
printf '%-28s %10s %21s %14s %9s %9s %12s\n' series "rate/s" "(min-max)" "server CPU ms" "p50 ms" "p99 ms" "client CPU s"
awk '{ printf "%-28s %10.1f %10s-%-10s %14.3f %9s %9s %12s\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$work/medians.txt"
for k in $(printf '%s\n' "${!scale[@]}" | sort); do printf '%-40s %s\n' "$k" "${scale[$k]}"; done
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr)
echo "machine: $(nproc) cores, $cpu_model, $os, .NET $(dotnet --version); mode $mode: $devices devices, concurrency $concurrency, $repeats repeats, keepalive $keepalive requests per connection; pinned: ${server_pin[*]:-no} / ${client_pin[*]:-no}"

# The JSON line: the first series at the top level, every series under "series", configuration scale under "scale".
for k in "${!scale[@]}"; do echo "$k ${scale[$k]}"; done >"$work/scale.txt"
awk -v mode="$mode" -v devices="$devices" -v conc="$concurrency" -v err="$errors" -v cores="$(nproc)" \
  -v model="$cpu_model" -v os="$os" -v net="$(dotnet --version)" -v rss="${scale[sqlite.rss_mb]}" '
  FILENAME ~ /medians/ { rate[$1] = $2; cpu[$1] = $5; p50[$1] = $6; p99[$1] = $7; order[++n] = $1; next }
  FILENAME ~ /warmups/ { warm[$1] = $2; next }
  { sc[$1] = $2; sorder[++m] = $1 }
  function r(a, b) { return b > 0 ? a / b : 0 }
  END {
    printf "{\"mode\":\"%s\",\"devices\":%d,\"concurrency\":%d,\"devices_per_second\":%.1f,\"baseline_devices_per_second\":%.1f,", mode, devices, conc, rate["sqlite"], rate["sqlite-baseline"]
    printf "\"ratio_new_connection\":%.3f,\"ratio_cpu_new_connection\":%.3f,\"server_cpu_ms_per_device\":%.3f,\"baseline_cpu_ms_per_device\":%.3f,", r(rate["sqlite"], rate["sqlite-baseline"]), r(cpu["sqlite-baseline"], cpu["sqlite"]), cpu["sqlite"], cpu["sqlite-baseline"]
    printf "\"keepalive_requests_per_second\":%.1f,\"baseline_keepalive_requests_per_second\":%.1f,\"ratio_keepalive\":%.3f,", rate["sqlite-keepalive"], rate["sqlite-baseline-keepalive"], r(rate["sqlite-keepalive"], rate["sqlite-baseline-keepalive"])
    printf "\"p50_ms\":%s,\"p99_ms\":%s,\"server_peak_rss_mb\":%s,\"errors\":%d,", p50["sqlite"], p99["sqlite"], rss, err
    # The performance issue'"'"'s targets, each a ratio within this run (docs/performance.md).
    printf "\"targets\":{\"new_connection_of_nginx\":%.3f,\"cpu_new_connection_of_nginx\":%.3f,\"signed_of_unsigned\":%.3f,\"cpu_signed_of_unsigned\":%.3f,", r(rate["sqlite"], rate["sqlite-nginx"]), r(cpu["sqlite-nginx"], cpu["sqlite"]), r(rate["signed"], rate["sqlite"]), r(cpu["sqlite"], cpu["signed"])
    printf "\"cpu_new_connection_of_nginx_at_rate\":%.3f,\"cpu_signed_of_unsigned_at_rate\":%.3f,\"postgresql_cpu_of_sqlite_at_rate\":%.3f,", r(cpu["sqlite-nginx-rate"], cpu["sqlite-rate"]), r(cpu["sqlite-rate"], cpu["signed-rate"]), r(cpu["postgresql-rate"], cpu["sqlite-rate"])
    printf "\"keepalive_cpu_of_baseline\":%.3f,\"postgresql_cpu_of_sqlite\":%.3f,\"put_mb_above_idle\":%.1f,\"put_million_mb_above_idle\":%.1f,\"put_million_s\":%.2f},\"series\":{", r(cpu["sqlite-keepalive"], cpu["sqlite-baseline-keepalive"]), r(cpu["postgresql"], cpu["sqlite"]), sc["many.put_peak_rss_mb"] - sc["many.idle_rss_mb"], sc["million.put_peak_rss_mb"] - sc["million.idle_rss_mb"], sc["million.put_s"]
    for (i = 1; i <= n; i++) printf "%s\"%s\":{\"per_second\":%s,\"server_cpu_ms\":%s,\"p50_ms\":%s,\"p99_ms\":%s%s}", (i > 1 ? "," : ""), order[i], rate[order[i]], cpu[order[i]], p50[order[i]], p99[order[i]], (order[i] in warm ? ",\"warmup_rounds\":" warm[order[i]] : "")
    printf "},\"scale\":{"
    for (i = 1; i <= m; i++) printf "%s\"%s\":%s", (i > 1 ? "," : ""), sorder[i], sc[sorder[i]]
    printf "},\"machine\":{\"cores\":%d,\"cpu\":\"%s\",\"os\":\"%s\",\"dotnet\":\"%s\"}}\n", cores, model, os, net }' "$work/medians.txt" "$work/warmups.txt" "$work/scale.txt"
[ "$errors" -eq 0 ]
