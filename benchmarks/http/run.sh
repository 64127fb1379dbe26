#!/usr/bin/env bash
# HTTP load benchmark: the open GET /public/hello against the protected GET /api/hello, in every
# example app, on loopback. A manual tool, not part of ./mvnw verify; it builds nothing:
#
#   ./mvnw -q -DskipTests package        # the example jars and benchmarks/target/benchmarks.jar
#   benchmarks/http/run.sh               # about 2 min per app with totp, 4 with hmac (signing)
#
# Two configurations of the one key (QIUTH_* variables, fixed throwaway test credentials):
#   totp  key + IP allowlist (127.0.0.1) + TOTP; the TOTP step is a day, so one code serves the run
#   hmac  key + HMAC request signature; every request signed ahead of its round (the replay guard
#         refuses a repeat), by dev.qiuth.bench.http.LoadRequests. The signature's max age is 30 s,
#         so the in-memory replay guard (1,000,000 fingerprints by default, each kept until its
#         timestamp leaves the window) holds about two rounds; at 300 s it fills and answers 503
# The open round sends the same requests as the protected one (same headers, same wrk script), only
# to /public/hello, so the load tool's work per request is the same in both.
# For each: start the app on a free loopback port, warm up both paths, then ROUNDS rounds of
# DURATION seconds alternating open and protected (wrk -t1 -cCONNECTIONS). Reported per app: the
# median req/s of each path, their ratio, and the server's CPU time per request (utime+stime from
# /proc/PID/stat over the round, divided by the requests wrk completed): on a shared machine the
# CPU figure is steadier than req/s. The audit log is on (one INFO line per decision).
#
# Environment: APPS, CONFIGS, ROUNDS (6), DURATION (10 s), WARMUP (30 s: Jersey and Javalin are still compiling after 10), CONNECTIONS (50),
# OUT (the markdown file written; also printed), JFR=1 to record a flight recording per app
# and configuration (target dir of the run, printed at the end; JFR_SETTINGS is what follows
# settings=, default the JDK's profile, which samples a thread every 10 ms: for ten times the
# samples, JFR_SETTINGS='profile,jdk.ExecutionSample#period=1ms'), AUDIT=off to run the apps with
# the audit logger off (what the log line costs: the difference to a run with AUDIT=on).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/http"
APPS=${APPS:-"demo javalin jaxrs micronaut quarkus"}
CONFIGS=${CONFIGS:-"totp hmac"}
ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-50}
WORK=$(mktemp -d /tmp/qiuth-http-bench.XXXXXX)
OUT=${OUT:-$WORK/results.md}
TICKS=$(getconf CLK_TCK)
APP_PID=""

cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "run.sh: wrk is missing (Debian: apt-get install wrk)" >&2
    exit 2
  fi
fi

jar_of() {
  case $1 in
    demo) echo "$ROOT/examples/target/qiuth-demo.jar" ;;
    javalin) echo "$ROOT/examples/javalin/target/qiuth-javalin-example.jar" ;;
    jaxrs) echo "$ROOT/examples/jaxrs/target/qiuth-jaxrs-example.jar" ;;
    micronaut) echo "$ROOT/examples/micronaut/target/qiuth-micronaut-example.jar" ;;
    quarkus) echo "$ROOT/examples/quarkus/target/quarkus-app/quarkus-run.jar" ;;
    *) echo "run.sh: unknown app $1" >&2; exit 2 ;;
  esac
}
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
for app in $APPS; do
  [[ -f $(jar_of "$app") ]] || { echo "run.sh: $(jar_of "$app") missing: ./mvnw -q -DskipTests package" >&2; exit 2; }
done
[[ -f $BENCH_JAR ]] || { echo "run.sh: $BENCH_JAR missing: ./mvnw -q -DskipTests package" >&2; exit 2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# fixed throwaway credentials: nothing here protects anything
export QIUTH_API_KEY="bench_http_Zm9yIHRoZSBsb2FkIGJlbmNobWFyayBvbmx5"
BENCH_TOTP_SECRET="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BENCH_HMAC_SECRET="load-benchmark-hmac-secret-0123456789abcdef"

cpu_ticks() { # utime + stime of a process, in clock ticks; fields after the ")" of comm
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# one wrk round; prints "requests rps non2xx cpu_us_per_request"
round() { # path seconds [lua [lua-arg]]
  local path=$1 seconds=$2 lua=${3:-} arg=${4:-}
  local before after out requests rps bad
  before=$(cpu_ticks "$APP_PID")
  if [[ -n $lua ]]; then
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$lua" "$BASE$path" ${arg:+-- "$arg"})
  else
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s "$BASE$path")
  fi
  after=$(cpu_ticks "$APP_PID")
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")
  bad=${bad:-0}
  local errors
  errors=$(awk '/Socket errors:/' <<<"$out")
  [[ -n $errors ]] && echo "    wrk: $errors" >&2
  awk -v r="$requests" -v s="$rps" -v b="$bad" -v d=$((after - before)) -v t="$TICKS" \
    'BEGIN { printf "%d %.0f %d %.1f\n", r, s, b, (r > 0 ? d * 1e6 / t / r : 0) }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

start_app() { # app config
  local app=$1 config=$2 jar port
  jar=$(jar_of "$app")
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  local env=(PORT="$port" HOST=127.0.0.1 QIUTH_API_KEY="$QIUTH_API_KEY")
  if [[ $config == totp ]]; then
    env+=(QIUTH_IP_ALLOWLIST=127.0.0.1/32 QIUTH_TOTP_SECRET="$BENCH_TOTP_SECRET" QIUTH_TOTP_TIME_STEP=86400)
  else
    env+=(QIUTH_HMAC_SECRET="$BENCH_HMAC_SECRET" QIUTH_HMAC_MAX_AGE=30)
  fi
  local jvm=(-Xms512m -Xmx512m)
  if [[ ${AUDIT:-on} == off ]]; then
    # logback apps read this file instead of their own logback.xml; Quarkus takes the property
    jvm+=("-Dlogback.configurationFile=$HERE/logback-audit-off.xml" '-Dquarkus.log.category."dev.qiuth.audit".level=OFF')
  fi
  if [[ ${JFR:-0} == 1 ]]; then
    jvm+=("-XX:StartFlightRecording=filename=$WORK/$app-$config.jfr,settings=${JFR_SETTINGS:-profile},dumponexit=true")
  fi
  env -u QIUTH_TOTP_SECRET -u QIUTH_HMAC_SECRET "${env[@]}" java "${jvm[@]}" -jar "$jar" >"$WORK/$app-$config.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$BASE/health" 2>/dev/null; then
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "run.sh: $app exited:" >&2; tail -20 "$WORK/$app-$config.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "run.sh: $app did not answer /health within 60 s" >&2
  exit 1
}

stop_app() {
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

# One round of this configuration's requests to PATH. The open and the protected round send the
# same requests, path aside: the same headers (the open endpoint ignores them) and, for hmac, the
# same wrk script making distinct signed requests. wrk then spends the same CPU per request in both
# (its per-request Lua call for hmac costs it several µs of the two shared cores: one open endpoint
# ran at 47,400 req/s without the script, 34,200 with it), and the ratio
# measures only what the server does differently. Signed files are made just before their round.
load_round() { # path config seconds expected-requests
  local path=$1 config=$2 seconds=$3 expected=$4
  if [[ $config == totp ]]; then
    round "$path" "$seconds" "$HERE/headers.lua"
  else
    local n=$(( expected * 3 / 2 + 20000 )) file="$WORK/signed.txt"
    QIUTH_HMAC_SECRET="$BENCH_HMAC_SECRET" java -cp "$BENCH_JAR" dev.qiuth.bench.http.LoadRequests \
      hmac "$n" "$BASE" "$path" "$file"
    round "$path" "$seconds" "$HERE/signed.lua" "$file"
  fi
}

check_once() { # config: one open and one protected request must answer 200 before any load
  local config=$1 code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/public/hello")
  [[ $code == 200 ]] || { echo "run.sh: /public/hello answered $code" >&2; exit 1; }
  if [[ $config == totp ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $QIUTH_API_KEY" -H "X-TOTP-Token: $BENCH_TOTP_CODE" "$BASE/api/hello")
    [[ $code == 200 ]] || { echo "run.sh: signed /api/hello answered $code" >&2; exit 1; }
  fi
}

{
  echo "| app | config | open req/s | protected req/s | ratio | CPU µs/req open | CPU µs/req protected | CPU ratio | non-2xx |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$OUT"

for app in $APPS; do
  for config in $CONFIGS; do
    start_app "$app" "$config"
    if [[ $config == totp ]]; then
      BENCH_TOTP_CODE=$(QIUTH_TOTP_SECRET="$BENCH_TOTP_SECRET" QIUTH_TOTP_TIME_STEP=86400 \
        java -cp "$BENCH_JAR" dev.qiuth.bench.http.LoadRequests totp)
      export BENCH_TOTP_CODE
    fi
    check_once "$config"
    echo "== $app $config ($BASE)" >&2
    # warm-up in rounds of at most 10 s, so no signed file grows past what one round sends
    for (( left = WARMUP; left > 0; left -= 10 )); do
      w=$(( left < 10 ? left : 10 ))
      read -r _ warm_rps _ _ < <(load_round /public/hello "$config" "$w" $(( 60000 * w )))
      load_round /api/hello "$config" "$w" $(( ${warm_rps%.*} * w )) >/dev/null
    done
    open_rps=() prot_rps=() open_cpu=() prot_cpu=() bad=0 last_open=$warm_rps
    for r in $(seq 1 "$ROUNDS"); do
      if (( r % 2 )); then
        read -r n rps b cpu < <(load_round /public/hello "$config" "$DURATION" $(( ${last_open%.*} * DURATION )))
        open_rps+=("$rps") open_cpu+=("$cpu") last_open=$rps
        echo "   round $r open       $rps req/s  $cpu µs/req  non-2xx $b" >&2
      else
        read -r n rps b cpu < <(load_round /api/hello "$config" "$DURATION" $(( ${last_open%.*} * DURATION )))
        prot_rps+=("$rps") prot_cpu+=("$cpu")
        echo "   round $r protected  $rps req/s  $cpu µs/req  non-2xx $b" >&2
      fi
      bad=$((bad + b))
    done
    stop_app
    o=$(printf '%s\n' "${open_rps[@]}" | median)
    p=$(printf '%s\n' "${prot_rps[@]}" | median)
    oc=$(printf '%s\n' "${open_cpu[@]}" | median)
    pc=$(printf '%s\n' "${prot_cpu[@]}" | median)
    awk -v a="$app" -v c="$config" -v o="$o" -v p="$p" -v oc="$oc" -v pc="$pc" -v b="$bad" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f | %.2f | %.1f | %.1f | %.2f | %d |\n", a, c, o, p, p / o, oc, pc, pc / oc, b }' >>"$OUT"
  done
done

cat "$OUT"
echo "(written to $OUT; app logs and JFR recordings in $WORK)" >&2
