# Helpers for bench/run.sh (sourced). Expects $work, $sztpd, $device, $baseline, $server_pin, $client_pin, $pids.

# free_port: a port nothing listens on, below the ephemeral range (the storms' client sockets use thousands of those).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
  done
}

wait_for() { # file text [seconds]
  local i
  for i in $(seq 1 $((${3:-60} * 10))); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for \"$2\" in $1:" >&2; cat "$1" >&2; return 1
}

now_s() { date +%s.%N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# jit_threads PID: "TID TICKS" of each of the runtime's background JIT threads (".NET Tiered Compilation Worker").
jit_threads() {
  local t
  for t in /proc/"$1"/task/*; do
    # (the thread's name has spaces: count stat's fields after the ") " that closes it)
    if grep -q '^\.NET Tiered' "$t/comm" 2>/dev/null; then echo "${t##*/} $(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')"; fi
  done
}
status_mb() { awk -v k="$2:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$1/status"; } # pid VmHWM|VmRSS
field() { grep -o "\"$1\":[0-9.]*" <<<"$2" | head -1 | cut -d: -f2 || true; } # empty when absent
tick=$(getconf CLK_TCK)
rpc=/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data
running=/restconf/ds/ietf-datastores:running
admin=admin@example.com:admin-secret

# start_sztpd LOG DATABASE-URL NBI-PORT [TEXT]: starts sztpd pinned to the server core and waits for TEXT in its log
# (default: its first listener); sets $server and $started_s (seconds from start to TEXT). A new database is
# initialized in mode $init_mode (default 1).
start_sztpd() {
  local log=$1 url=$2 nbi=$3 t0
  t0=$(now_s)
  # One key file for the run, in $work: a server database (PostgreSQL) would otherwise get one in the working directory.
  [ -f "$work/sztpd.key" ] || (umask 077 && openssl rand -base64 32 >"$work/sztpd.key")
  SZTPD_ACCEPT_CONTRACT=Yes SZTPD_INIT_MODE=${init_mode:-1} SZTPD_INIT_PORT=$nbi SZTPD_MAX_BODY_SIZE=1073741824 \
    SZTPD_KEY_FILE=$work/sztpd.key "${server_pin[@]}" dotnet "$sztpd" "$url" >"$log" 2>&1 &
  server=$!; pids+=("$server")
  wait_for "$log" "${4:-listening on}" 600
  started_s=$(awk -v a="$t0" -v b="$(now_s)" 'BEGIN {printf "%.2f", b - a}')
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# send METHOD NBI-PORT FILE: a configuration edit (the first PUT needs no account, later ones set $with_account);
# prints its seconds; fails unless 2xx.
send() {
  local code t0 auth=(-u "$admin")
  [ "$1" = PUT ] && [ -z "${with_account:-}" ] && auth=()
  t0=$(now_s)
  code=$(curl -s -o "$work/edit.out" -w '%{http_code}' -X "$1" "${auth[@]}" -H 'Content-Type: application/yang-data+json' \
    --data-binary @"$3" "http://127.0.0.1:$2$running")
  [ "${code:0:1}" = 2 ] || { echo "$1 of $3 gave HTTP $code: $(head -c 2000 "$work/edit.out")" >&2; return 1; }
  awk -v a="$t0" -v b="$(now_s)" 'BEGIN {printf "%.2f", b - a}'
}

# timed_ms URL USER:PASSWORD STATUS N: median milliseconds of N GETs of URL on one kept-alive connection, each of which
# must answer STATUS.
timed_ms() {
  local i
  for i in $(seq 1 "$4"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$1"; done >"$work/timed.cfg"
  curl -s -u "$2" -K "$work/timed.cfg" -w '%{http_code} %{time_total}\n' >"$work/timed.txt"
  if awk -v want="$3" '$1 != want { bad = 1 } END { exit !bad }' "$work/timed.txt"; then
    echo "GET $1 as ${2%%:*} did not always give $3:" >&2; sort "$work/timed.txt" | uniq -c -w 3 >&2; return 1
  fi
  awk '{ print $2 * 1000 }' "$work/timed.txt" | sort -n | median
}

# read_ms NBI-PORT SERIAL N: median milliseconds of N reads of one device by key on one kept-alive connection.
read_ms() { timed_ms "http://127.0.0.1:$1$running/wn-sztpd-1:devices/device=$2" "$admin" 200 "$3"; }

# login_ms NBI-PORT USER:PASSWORD N: median milliseconds of N refused logins (401) on one kept-alive connection.
login_ms() { timed_ms "http://127.0.0.1:$1$running" "$2" 401 "$3"; }

# median: the median of the numbers on standard input, one per line.
median() { awk '{ t[NR] = $1 } END { printf "%.3f", (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2) }'; }

# gbd SBI-PORT DEVICE-FOLDER: the get-bootstrapping-data answer sztpd gives that device.
gbd() {
  curl -sf --cacert "${2%/devices/*}/server-ca.pem" --cert "$2/cert.pem" --key "$2/key.pem" \
    -H 'Content-Type: application/yang-data+json' -d '{"ietf-sztp-bootstrap-server:input":{"hw-model":"sztp-device"}}' \
    "https://127.0.0.1:$1$rpc"
}

# with_bulk_devices FILE FROM COUNT: the configuration FILE (as `pki demo` writes it) with COUNT configured devices
# (bulk-NNNNNNN from FROM on, of the demo device type, no credentials) put first in its device list: a PUT body.
with_bulk_devices() {
  awk -v from="$2" -v n="$3" '{ print }
    /"wn-sztpd-1:devices": \{/ { devices = 1 }
    devices && /"device": \[/ {
      for (i = from; i < from + n; i++) printf "{\"serial-number\":\"bulk-%07d\",\"device-type\":\"demo-device-type\"},\n", i
      devices = 0 }' "$1"
}

# reset_peak PID: the process's peak RSS (VmHWM) starts again from its current RSS.
reset_peak() { echo 5 >"/proc/$1/clear_refs"; }

# warm_up NAME PID PORT PKI [storm options]: rounds of a new-connection storm of $warmup devices and a kept-alive round, at least
# three, until the runtime's background JIT spent under 1 % of the server's CPU in a round (at most $warmup_rounds
# rounds): on one core the runtime tiers the request path up only after thousands of requests, and the server must
# not be measured while it compiles. A JIT thread that ended during a round leaves that round undecided. Appends
# "NAME rounds" to warmups.txt. (The storms' "identities are reused" notice and any failure are of no interest here.)
warm_up() {
  local name=$1 pid=$2 url="https://127.0.0.1:$3$rpc" pki=$4 round cpu jit before; shift 4
  for round in $(seq 1 "$warmup_rounds"); do
    cpu=$(cpu_ticks "$pid") before=$(jit_threads "$pid")
    "${client_pin[@]}" dotnet "$device" storm --bootstrap-url "$url" --pki "$pki" --devices "$warmup" --concurrency "$concurrency" "$@" >/dev/null 2>&1 || true
    "${client_pin[@]}" dotnet "$device" storm --bootstrap-url "$url" --pki "$pki" --concurrency "$concurrency" --keepalive "$keepalive" >/dev/null 2>&1 || true
    cpu=$(($(cpu_ticks "$pid") - cpu))
    # JIT ticks in the round; "gone" when a thread seen before it has ended.
    jit=$(jit_threads "$pid" | awk -v before="$before" '
      BEGIN { n = split(before, l, "\n"); for (i = 1; i <= n; i++) if (split(l[i], f, " ") == 2) b[f[1]] = f[2] }
      { j += $2 - b[$1]; delete b[$1] }
      END { for (t in b) { print "gone"; exit } print j + 0 }')
    [ "$round" -lt 3 ] || [ "$jit" = gone ] || [ $((jit * 100)) -ge "$cpu" ] || break
  done
  echo "$name $round" >>"$work/warmups.txt"
}

# storm NAME PID PORT PKI [storm options]: one storm; appends a line "NAME rate cpu_ms p50 p99 client_cpu_s".
storm() {
  local name=$1 pid=$2 port=$3 pki=$4; shift 4
  local url="https://127.0.0.1:$port$rpc" before after json done_n rate err
  before=$(cpu_ticks "$pid")
  json=$("${client_pin[@]}" dotnet "$device" storm --bootstrap-url "$url" --pki "$pki" --devices "$devices" --concurrency "$concurrency" "$@" | tail -1) || true
  after=$(cpu_ticks "$pid")
  done_n=$(field completed "$json")
  rate=$(field requests_per_second "$json"); rate=${rate:-$(field devices_per_second "$json")}
  err=$(field errors "$json"); errors=$((errors + ${err:-1}))
  [ "${err:-1}" = 0 ] || echo "storm $name: $json" >&2
  awk -v n="$name" -v r="${rate:-0}" -v c="$((after - before))" -v t="$tick" -v d="${done_n:-0}" \
    -v p50="$(field p50_ms "$json")" -v p99="$(field p99_ms "$json")" -v cl="$(field client_cpu_s "$json")" \
    'BEGIN { printf "%s %s %.3f %s %s %s\n", n, r, (d > 0 ? c / t * 1000 / d : 0), (p50 == "" ? 0 : p50), (p99 == "" ? 0 : p99), (cl == "" ? 0 : cl) }' >>"$work/runs.txt"
}

# nginx_server NAME PKI BODY: nginx (Debian's nginx-light, one process, so that its CPU is one PID's) over the same TLS
# certificate chain as sztpd, demanding a client certificate from the devices' CA (ssl_verify_client on), answering
# get-bootstrapping-data with the bytes of BODY and report-progress with 204; queued like a series (pid_of[NAME]).
nginx_server() {
  local name=$1 pki=$2 body=$3 port dir=$work/nginx-$1 pid i
  port=$(free_port)
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
master_process off; worker_processes 1; daemon off; pid $dir/nginx.pid; error_log $dir/error.log;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir; uwsgi_temp_path $dir; scgi_temp_path $dir;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $pki/server-cert.pem;
    ssl_certificate_key $pki/private/server-key.pem;
    ssl_client_certificate $pki/manufacturer-ca.pem;
    ssl_verify_client on;
    location = $rpc { default_type application/yang-data+json; return 200 '$(cat "$body")'; }
    location = ${rpc%:get-bootstrapping-data}:report-progress { return 204; }
  }
}
CONF
  "${server_pin[@]}" "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -c "$dir/nginx.conf" >"$dir/out.log" 2>&1 &
  pid=$!; pids+=("$pid") pid_of[$name]=$pid
  for i in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  add_server "$name" "$pid" "$port" "$pki"
}

# outbound NBI SBI PKI PID: series "relay" (every progress report relayed through the outbox to a webhook) and "callout"
# (every response computed by a webhook), on the running server, with nginx as the webhook; the relay's backlog after
# its storms is drained and timed (scale relay.drain_s).
outbound() {
  local nbi=$1 sbi=$2 pki=$3 server=$4 hook nginx_pid i t0 webhook
  hook=$(free_port)
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$hook;
    location = /get-bootstrapping-data {
      default_type application/yang-data+json;
      return 200 '{"ietf-sztp-conveyed-info:onboarding-information": {"configuration-handling": "merge", "configuration": "PGNvbmZpZy8+"}}';
    }
    location = /relay-notification { return 204; }
  }
}
EOF
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/out.log" 2>&1 &
  nginx_pid=$!; pids+=("$nginx_pid")
  for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$hook/" && break; sleep 0.1; done
  webhook='"webhooks": {"webhook": [{"name": "nginx", "http": {"tcp-client-parameters": {"remote-address": "127.0.0.1", "remote-port": '"$hook"'}}}]}'
  printf '{"wn-sztpd-1:dynamic-callouts": {"dynamic-callout": [{"name": "relay", "rpc-supported": "wn-sztpd-rpcs:report-progress", %s},
    {"name": "compute", "rpc-supported": "wn-sztpd-rpcs:get-bootstrapping-data", %s}]},
    "wn-sztpd-1:preferences": {"outbound-interactions": {"relay-progress-report-callout": "relay"}}}' "$webhook" "$webhook" >"$work/relay.json"
  send PATCH "$nbi" "$work/relay.json" >/dev/null
  add_server relay "$server" "$sbi" "$pki"
  measure_all
  t0=$(now_s)
  for i in $(seq 1 600); do
    curl -s -u "$admin" "http://127.0.0.1:$nbi/restconf/ds/ietf-datastores:operational/sztpd-ext:outbox" | grep -q '"pending": *"0"' && break
    sleep 0.1
  done
  scale[relay.drain_s]=$(awk -v a="$t0" -v b="$(now_s)" 'BEGIN {printf "%.2f", b - a}')
  curl -s -o /dev/null -u "$admin" -X DELETE "http://127.0.0.1:$nbi$running/wn-sztpd-1:preferences/outbound-interactions/relay-progress-report-callout"
  python3 - "$pki/running.json" >"$work/callout.json" <<'PY'
import json, sys
devices = json.load(open(sys.argv[1]))["wn-sztpd-1:devices"]["device"]
response = {"conveyed-information": {"dynamic-callout": {"reference": "compute"}}}
print(json.dumps({"wn-sztpd-1:devices": {"device": [
    {"serial-number": d["serial-number"], "response-manager": {"matched-response": [{"name": "catch-all-response", "response": response}]}}
    for d in devices]}}))
PY
  send PATCH "$nbi" "$work/callout.json" >/dev/null
  add_server callout "$server" "$sbi" "$pki"
  measure_all
  stop "$nginx_pid"
}
