#!/usr/bin/env bash
# Berth against CNCF Distribution (Debian's docker-registry 2.8) and against the machine's limits,
# measured in the same run. See bench/README.md.
#
#   bench/run.sh [--quick] [--runs N] [--out DIR] [--no-build] [--only SECTIONS]
#
# --quick     256 MiB blobs, 1,000 tags/repositories, shorter load phases, a 20,000-blob gc
#             (about 3 minutes)
# --runs N    runs per figure and server (default 3; min/median/max are reported)
# --out DIR   also write results.tsv, table.md and the server logs to DIR
# --only S    comma-separated subset of: limits,startup,manifest,list,push,pull,tls,e2e,flood,sessions,gc
# BERTH_JAVA_OPTS (environment): JVM options for the Berth server, e.g. -Xmx128m (default: the
#             launcher's own, as `berth serve` runs it)
#
# Installs what it needs when missing (Debian packages: docker-registry, wrk, nginx-light,
# skopeo, openssl, curl), builds Berth, starts Berth and Distribution on loopback with data in a
# temporary directory, alternates the two servers run by run, prints the table and cleans up.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

QUICK=0
RUNS=3
OUT=""
BUILD=1
ONLY="limits,startup,manifest,list,push,pull,tls,e2e,flood,sessions,gc"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) RUNS="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --only) ONLY="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
want() { [[ ",$ONLY," == *",$1,"* ]]; }

if [ "$QUICK" = 1 ]; then
  BIG=$((256 * 1024 * 1024)); LISTN=1000; LOAD_S=5; LIST_S=2; LAYER=$((20 * 1000 * 1000))
  SESSIONS=20000; GC_BLOBS=20000
else
  BIG=$((1024 * 1024 * 1024)); LISTN=5000; LOAD_S=10; LIST_S=3; LAYER=$((100 * 1000 * 1000))
  SESSIONS=200000; GC_BLOBS=100000
fi
CHUNK=$((16 * 1024 * 1024))
SMALL_N=200; SMALL=$((1024 * 1024)); CONC=16; PULL_CONC=16; CONNS=64; LAYERS=5
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
ROOT_KEY=AKIABERTHBENCH000001
ROOT_SECRET=berth-bench-secret-0000000000
SIGV4="sigv4:$ROOT_KEY:$ROOT_SECRET"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ------------------------------------------------------------------ tools
install_missing() {
  local missing=() cmd pkg
  for pair in docker-registry:docker-registry wrk:wrk nginx:nginx-light skopeo:skopeo \
      openssl:openssl curl:curl; do
    cmd="${pair%%:*}"; pkg="${pair#*:}"
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log "installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# shellcheck source=bench/lib.sh
. "$here/lib.sh"

install_missing
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
JAVA="$(find_java)"
JAVAC="$(dirname "$JAVA")/javac"
JAR="$root/berth-cli/target/berth.jar"
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ]; then
  log "building Berth"
  (cd "$root" && mvn -B -q -DskipTests -Dcheckstyle.skip -Dspotless.check.skip=true package) >&2
fi

# ------------------------------------------------------------------ scratch space and cleanup
T="$(mktemp -d /tmp/berth-bench.XXXXXX)"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "$OUT" ]; then
    mkdir -p "$OUT"
    cp "$T"/results.tsv "$T"/table.md "$OUT"/ 2>/dev/null || true
    cp "$T"/*.log "$OUT"/ 2>/dev/null || true
  fi
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$JAVAC" -d "$T/classes" "$here/Load.java"
load() { "$JAVA" -cp "$T/classes" Load "$@"; }
RESULTS="$T/results.tsv"
: > "$RESULTS"
# record FIGURE UNIT SERVER RUN VALUE
record() { printf '%s\t%s\t-\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$RESULTS"; }
field() { awk -v k="$1" '$1 == k { print $2 }'; }

free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "run.sh: no free port from $1" >&2; exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# wait_http URL [HEADER]: polls until 200, prints the milliseconds waited.
wait_http() {
  local url="$1" hdr="${2:-X-Bench: 1}" t0 code
  t0=$(now_ms)
  for _ in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "$hdr" "$url" || true)
    if [ "$code" = 200 ]; then echo $(($(now_ms) - t0)); return 0; fi
    sleep 0.01
  done
  echo "run.sh: $url never answered 200" >&2; return 1
}
hwm_mib() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# Stops a process this script started and forgets it, so cleanup never signals a reused PID.
stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

log "scratch directory $T; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The big test file: random bytes, kept in the page cache for the whole run.
BIGFILE="$T/big.bin"
head -c "$BIG" /dev/urandom > "$BIGFILE"

BERTH_PORT=$(free_port 15100)
DIST_PORT=$(free_port $((BERTH_PORT + 1)))
NGINX_PORT=$(free_port $((DIST_PORT + 1)))
BERTH="http://127.0.0.1:$BERTH_PORT"
DIST="http://127.0.0.1:$DIST_PORT"
NGX="http://127.0.0.1:$NGINX_PORT"
export BERTH_ROOT_ACCESS_KEY_ID="$ROOT_KEY" BERTH_ROOT_SECRET_ACCESS_KEY="$ROOT_SECRET"
# No access log on either server (Distribution's is disabled in its config below).
export BERTH_ACCESS_LOG=off

start_berth() { # DATA PORT LOG -> sets BERTH_PID
  # the launcher users run, with its default JVM options unless BERTH_JAVA_OPTS is set (it execs
  # java, so the PID is the server's)
  "$root/berth" serve --listen "127.0.0.1:$2" --data "$1" > "$3" 2>&1 &
  BERTH_PID=$!
  PIDS+=("$BERTH_PID")
}
berth_token() { "$JAVA" -jar "$JAR" admin login-password --data "$1"; }

# ------------------------------------------------------------------ limits
if want limits; then
  log "machine limits: SHA-256, disk, (loopback sendfile ceiling comes with the pulls)"
  for r in $(seq 1 "$RUNS"); do
    k=$(openssl speed -bytes 16384 -seconds 2 -evp sha256 2>/dev/null | awk '/^sha256/ { print $2 }')
    record "limit: SHA-256 openssl (16 KiB blocks)" MB/s openssl "$r" "$(awk -v k="${k%k}" 'BEGIN { printf "%.1f", k / 1000 }')"
    record "limit: SHA-256 Java MessageDigest" MB/s java "$r" "$(load sha256 2 | field mbps)"
    sync
    for mode in "conv=fsync" "oflag=direct"; do
      s=$(dd if="$BIGFILE" of="$T/dd.bin" bs=16M "$mode" 2>&1 | awk '/copied/ { print $(NF-3) }')
      record "limit: disk write 1 file, dd $mode" MB/s dd "$r" "$(awk -v b="$BIG" -v s="$s" 'BEGIN { printf "%.1f", b / s / 1e6 }')"
    done
    s=$(dd if="$T/dd.bin" of=/dev/null bs=16M iflag=direct 2>&1 | awk '/copied/ { print $(NF-3) }')
    record "limit: disk read, dd iflag=direct" MB/s dd "$r" "$(awk -v b="$BIG" -v s="$s" 'BEGIN { printf "%.1f", b / s / 1e6 }')"
    rm -f "$T/dd.bin"
  done
fi

# ------------------------------------------------------------------ start-up
if want startup; then
  log "start-up time"
  SD="$T/startup-data"
  SP=$(free_port $((NGINX_PORT + 1)))
  for r in $(seq 1 "$RUNS"); do
    rm -rf "$SD.fresh"
    start_berth "$SD.fresh" "$SP" "$T/startup-fresh.log"
    record "Berth start-up, empty data dir, to /healthz 200" ms berth "$r" "$(wait_http "http://127.0.0.1:$SP/healthz")"
    stop_pid "$BERTH_PID"
  done
  rm -rf "$SD.fresh"
  start_berth "$SD" "$SP" "$T/startup.log" # first start creates the database and root user
  wait_http "http://127.0.0.1:$SP/healthz" >/dev/null
  stop_pid "$BERTH_PID"
  tok=$(berth_token "$SD")
  auth="Authorization: Basic $(printf 'AWS:%s' "$tok" | base64 -w0)"
  for r in $(seq 1 "$RUNS"); do
    start_berth "$SD" "$SP" "$T/startup.log"
    record "start-up to /healthz 200 (Berth) or /v2/ (Distribution)" ms berth "$r" "$(wait_http "http://127.0.0.1:$SP/healthz")"
    stop_pid "$BERTH_PID"
    start_berth "$SD" "$SP" "$T/startup.log"
    record "start-up to /v2/ 200 (Berth: with auth)" ms berth "$r" "$(wait_http "http://127.0.0.1:$SP/v2/" "$auth")"
    stop_pid "$BERTH_PID"
    mkdir -p "$T/startup-dist"
    sed "s#@DATA@#$T/startup-dist/data#; s#@PORT@#$SP#" > "$T/startup-dist/config.yml" <<'EOF'
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: "@DATA@"}, delete: {enabled: true}}
http: {addr: "127.0.0.1:@PORT@"}
EOF
    docker-registry serve "$T/startup-dist/config.yml" > "$T/startup-dist.log" 2>&1 &
    dp=$!; PIDS+=("$dp")
    ms=$(wait_http "http://127.0.0.1:$SP/v2/")
    record "start-up to /healthz 200 (Berth) or /v2/ (Distribution)" ms distribution "$r" "$ms"
    record "start-up to /v2/ 200 (Berth: with auth)" ms distribution "$r" "$ms"
    stop_pid "$dp"
  done
fi

# ------------------------------------------------------------------ the two servers
log "starting Berth on $BERTH and Distribution on $DIST"
mkdir -p "$T/berth" "$T/dist"
start_berth "$T/berth" "$BERTH_PORT" "$T/berth.log"
MAIN_BERTH_PID=$BERTH_PID
cat > "$T/dist/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $T/dist/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$DIST_PORT
EOF
docker-registry serve "$T/dist/config.yml" > "$T/distribution.log" 2>&1 &
DIST_PID=$!; PIDS+=("$DIST_PID")
wait_http "$BERTH/healthz" > /dev/null
wait_http "$DIST/v2/" > /dev/null
TOKEN=$(berth_token "$T/berth")
BAUTH="Basic $(printf 'AWS:%s' "$TOKEN" | base64 -w0)"

E2E_REPOS=()
for r in $(seq 1 "$RUNS"); do E2E_REPOS+=("bench/e2e$r"); done
load create-repos "$BERTH" "$SIGV4" bench/seed bench/tags bench/push bench/warm "${E2E_REPOS[@]}" >/dev/null

base_of() { [ "$1" = berth ] && echo "$BERTH" || echo "$DIST"; }
auth_of() { [ "$1" = berth ] && echo "$BAUTH" || echo -; }
# Alternate which server goes first: odd runs Berth first, even runs Distribution first.
order() { if [ $(($1 % 2)) = 1 ]; then echo berth distribution; else echo distribution berth; fi; }

log "seeding and warming up both servers"
for s in berth distribution; do
  load seed-image "$(base_of $s)" bench/seed "$(auth_of $s)" >/dev/null
  load push-many "$(base_of $s)" bench/warm 50 "$SMALL" 4 "$(auth_of $s)" "warm-$s" >/dev/null
done
wrk -t2 -c"$CONNS" -d3s -H "Authorization: $BAUTH" -H "Accept: $OCI_MANIFEST" "$BERTH/v2/bench/seed/manifests/latest" >/dev/null
wrk -t2 -c"$CONNS" -d3s -H "Accept: $OCI_MANIFEST" "$DIST/v2/bench/seed/manifests/latest" >/dev/null

# wrk's latency lines are like "50%  812.00us" or "1.20ms"; convert to ms.
wrk_ms() {
  awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
    printf "%.3f", v }'
}

# ------------------------------------------------------------------ manifests
if want manifest; then
  log "manifest GET (wrk) and HEAD (Load hammer), $CONNS connections, ${LOAD_S}s each"
  for r in $(seq 1 "$RUNS"); do
    for s in $(order "$r"); do
      base=$(base_of "$s")
      hdr=(-H "Accept: $OCI_MANIFEST")
      [ "$s" = berth ] && hdr+=(-H "Authorization: $BAUTH")
      out=$(wrk -t2 -c"$CONNS" -d"${LOAD_S}s" --latency "${hdr[@]}" "$base/v2/bench/seed/manifests/latest")
      if grep -q 'Non-2xx' <<< "$out"; then echo "$out" >&2; echo "run.sh: errors under load ($s)" >&2; exit 1; fi
      record "manifest GET by tag, wrk 64 conns" req/s "$s" "$r" "$(awk '/Requests\/sec/ { print $2 }' <<< "$out")"
      record "manifest GET p50 latency" ms "$s" "$r" "$(wrk_ms 50% <<< "$out")"
      record "manifest GET p99 latency" ms "$s" "$r" "$(wrk_ms 99% <<< "$out")"
      out=$(load hammer "$base" /v2/bench/seed/manifests/latest HEAD "$(auth_of "$s")" "$OCI_MANIFEST" "$CONNS" "$LOAD_S")
      [ "$(field errors <<< "$out")" = 0 ] || { echo "$out" >&2; exit 1; }
      record "manifest HEAD by tag, 64 conns (Load)" req/s "$s" "$r" "$(field rps <<< "$out")"
      record "manifest HEAD p50 latency" ms "$s" "$r" "$(field p50_ms <<< "$out")"
      record "manifest HEAD p99 latency" ms "$s" "$r" "$(field p99_ms <<< "$out")"
    done
  done
  record "peak RSS (VmHWM) after the manifest load" MiB berth 1 "$(hwm_mib "$MAIN_BERTH_PID")"
  record "peak RSS (VmHWM) after the manifest load" MiB distribution 1 "$(hwm_mib "$DIST_PID")"
fi

# ------------------------------------------------------------------ listings
if want list; then
  log "seeding $LISTN tags and $LISTN repositories"
  for s in berth distribution; do
    load seed-image "$(base_of $s)" bench/tags "$(auth_of $s)" >/dev/null
    load seed-tags "$(base_of $s)" bench/tags "$(auth_of $s)" "$LISTN" 4 >&2
  done
  load seed-repos "$BERTH" cat/r "$LISTN" 4 "$SIGV4" >&2
  load seed-repos "$DIST" cat/r "$LISTN" 4 - >&2
  log "tags list and catalog, full listings following Link headers"
  for r in $(seq 1 "$RUNS"); do
    for s in $(order "$r"); do
      out=$(load list "$(base_of "$s")" /v2/bench/tags/tags/list "$(auth_of "$s")" "$LIST_S")
      record "tags list, $LISTN tags: time per full listing" ms "$s" "$r" "$(field ms <<< "$out")"
      record "tags list: entries seen" n "$s" "$r" "$(field entries <<< "$out")"
      record "tags list: pages (Link headers followed)" n "$s" "$r" "$(field pages <<< "$out")"
      out=$(load list "$(base_of "$s")" /v2/_catalog "$(auth_of "$s")" "$LIST_S")
      record "catalog, $LISTN+ repos: time per full listing" ms "$s" "$r" "$(field ms <<< "$out")"
      record "catalog: entries seen" n "$s" "$r" "$(field entries <<< "$out")"
      record "catalog: pages (Link headers followed)" n "$s" "$r" "$(field pages <<< "$out")"
    done
  done
fi

# ------------------------------------------------------------------ blob push
PULL_DIGEST=""
if want push || want pull || want tls; then
  log "blob push: monolithic and chunked $((BIG >> 20)) MiB, $SMALL_N x 1 MiB with $CONC clients"
  for r in $(seq 1 "$RUNS"); do
    for s in $(order "$r"); do
      base=$(base_of "$s"); a=$(auth_of "$s")
      sync
      out=$(load push-mono "$base" bench/push "$BIGFILE" "$a" "mono-$r")
      record "blob push monolithic $((BIG >> 20)) MiB" MB/s "$s" "$r" "$(field mbps <<< "$out")"
      PULL_DIGEST=$(field digest <<< "$out")
      want push || continue
      sync
      out=$(load push-chunked "$base" bench/push "$BIGFILE" "$a" "chunk-$r" "$CHUNK")
      record "blob push chunked $((BIG >> 20)) MiB, 16 MiB PATCHes" MB/s "$s" "$r" "$(field mbps <<< "$out")"
      sync
      out=$(load push-many "$base" bench/push "$SMALL_N" "$SMALL" "$CONC" "$a" "many-$r")
      record "blob push $SMALL_N x 1 MiB, $CONC clients" MB/s "$s" "$r" "$(field mbps <<< "$out")"
    done
    want push || break
  done
fi

# ------------------------------------------------------------------ blob pull and the sendfile ceiling
if want pull; then
  log "blob pull: one client and $PULL_CONC concurrent, curl to /dev/null; nginx sendfile ceiling"
  mkdir -p "$T/www" "$T/nginx"
  ln -f "$BIGFILE" "$T/www/big.bin"
  echo ok > "$T/www/ready.txt"
  cat > "$T/nginx/nginx.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 2;
pid $T/nginx/nginx.pid;
error_log $T/nginx.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  client_body_temp_path $T/nginx/body;
  proxy_temp_path $T/nginx/proxy;
  fastcgi_temp_path $T/nginx/fastcgi;
  uwsgi_temp_path $T/nginx/uwsgi;
  scgi_temp_path $T/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $T/www;
  }
}
EOF
  "$NGINX" -c "$T/nginx/nginx.conf" -p "$T/nginx" 2>>"$T/nginx.log" &
  NGINX_PID=$!; PIDS+=("$NGINX_PID")
  wait_http "$NGX/ready.txt" >/dev/null
  url_of() {
    case "$1" in
      berth) echo "$BERTH/v2/bench/push/blobs/$PULL_DIGEST" ;;
      distribution) echo "$DIST/v2/bench/push/blobs/$PULL_DIGEST" ;;
      nginx) echo "$NGX/big.bin" ;;
    esac
  }
  pull_hdr() { if [ "$1" = berth ]; then echo "Authorization: $BAUTH"; else echo "X-Bench: 1"; fi; }
  for s in berth distribution nginx; do # warm the page cache and the JIT
    curl -sf -o /dev/null -H "$(pull_hdr $s)" "$(url_of $s)"
  done
  for r in $(seq 1 "$RUNS"); do
    for s in $(order "$r") nginx; do
      u=$(url_of "$s"); h=$(pull_hdr "$s")
      mbps=$(curl -sf -o /dev/null -H "$h" -w '%{speed_download}' "$u" | awk '{ printf "%.1f", $1 / 1e6 }')
      record "blob pull $((BIG >> 20)) MiB, one client" MB/s "$s" "$r" "$mbps"
      t0=$(date +%s%N)
      cpids=()
      for _ in $(seq 1 "$PULL_CONC"); do curl -sf -o /dev/null -H "$h" "$u" & cpids+=($!); done
      for p in "${cpids[@]}"; do wait "$p"; done
      t1=$(date +%s%N)
      record "blob pull $PULL_CONC concurrent x $((BIG >> 20)) MiB" MB/s "$s" "$r" \
        "$(awk -v b="$BIG" -v n="$PULL_CONC" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", b * n / (ns / 1e9) / 1e6 }')"
    done
  done
  stop_pid "$NGINX_PID"
fi

# ------------------------------------------------------------------ what TLS costs (issue 11)
# A second Berth and a second Distribution on the same data, serving HTTPS with one certificate
# (EC P-256, signed by a CA made here), beside the plain servers; each run measures all four.
if want tls; then
  log "TLS: manifest GET (wrk) and blob pull (curl), HTTPS vs plain, Berth vs Distribution"
  mkdir -p "$T/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench CA" \
    -keyout "$T/tls/ca-key.pem" -out "$T/tls/ca.pem" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$T/tls/key.pem" -out "$T/tls/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$T/tls/ext.cnf"
  openssl x509 -req -in "$T/tls/server.csr" -CA "$T/tls/ca.pem" -CAkey "$T/tls/ca-key.pem" \
    -CAcreateserial -days 2 -extfile "$T/tls/ext.cnf" -out "$T/tls/cert.pem" 2>/dev/null
  TLS_BP=$(free_port $((NGINX_PORT + 3)))
  TLS_DP=$(free_port $((TLS_BP + 1)))
  BERTH_TLS_CERT="$T/tls/cert.pem" BERTH_TLS_KEY="$T/tls/key.pem" \
    "$root/berth" serve --listen "127.0.0.1:$TLS_BP" --data "$T/berth" > "$T/berth-tls.log" 2>&1 &
  TLS_BERTH_PID=$!; PIDS+=("$TLS_BERTH_PID")
  sed "s#^  addr: .*#  addr: 127.0.0.1:$TLS_DP\n  tls:\n    certificate: $T/tls/cert.pem\n    key: $T/tls/key.pem#" \
    "$T/dist/config.yml" > "$T/dist/config-tls.yml"
  docker-registry serve "$T/dist/config-tls.yml" > "$T/distribution-tls.log" 2>&1 &
  TLS_DIST_PID=$!; PIDS+=("$TLS_DIST_PID")
  CURL_TLS=(--cacert "$T/tls/ca.pem")
  tls_url() { # SERVER SCHEME -> base URL
    case "$1:$2" in
      berth:http) echo "$BERTH" ;; distribution:http) echo "$DIST" ;;
      berth:https) echo "https://127.0.0.1:$TLS_BP" ;; distribution:https) echo "https://127.0.0.1:$TLS_DP" ;;
    esac
  }
  for _ in $(seq 1 3000); do
    b=$(curl -s "${CURL_TLS[@]}" -o /dev/null -w '%{http_code}' "$(tls_url berth https)/healthz" || true)
    d=$(curl -s "${CURL_TLS[@]}" -o /dev/null -w '%{http_code}' "$(tls_url distribution https)/v2/" || true)
    [ "$b" = 200 ] && [ "$d" = 200 ] && break
    sleep 0.01
  done
  [ "$b" = 200 ] && [ "$d" = 200 ] || { echo "run.sh: the TLS servers never answered" >&2; exit 1; }
  tls_hdr() { if [ "$1" = berth ]; then echo "Authorization: $BAUTH"; else echo "X-Bench: 1"; fi; }
  for s in berth distribution; do # warm up the JIT and the page cache over TLS
    wrk -t2 -c"$CONNS" -d3s -H "$(tls_hdr $s)" -H "Accept: $OCI_MANIFEST" "$(tls_url $s https)/v2/bench/seed/manifests/latest" >/dev/null
    curl -sf "${CURL_TLS[@]}" -o /dev/null -H "$(tls_hdr $s)" "$(tls_url $s https)/v2/bench/push/blobs/$PULL_DIGEST"
  done
  for r in $(seq 1 "$RUNS"); do
    for s in $(order "$r"); do
      h=$(tls_hdr "$s")
      for scheme in https http; do
        out=$(wrk -t2 -c"$CONNS" -d"${LOAD_S}s" -H "$h" -H "Accept: $OCI_MANIFEST" "$(tls_url "$s" "$scheme")/v2/bench/seed/manifests/latest")
        if grep -q 'Non-2xx' <<< "$out"; then echo "$out" >&2; echo "run.sh: errors under load ($s $scheme)" >&2; exit 1; fi
        eval "rps_$scheme=$(awk '/Requests\/sec/ { print $2 }' <<< "$out")"
        eval "mbps_$scheme=$(curl -sf "${CURL_TLS[@]}" -o /dev/null -H "$h" -w '%{speed_download}' \
          "$(tls_url "$s" "$scheme")/v2/bench/push/blobs/$PULL_DIGEST" | awk '{ printf "%.1f", $1 / 1e6 }')"
      done
      record "TLS: manifest GET by tag over HTTPS, wrk 64 conns" req/s "$s" "$r" "$rps_https"
      record "TLS: manifest GET, HTTPS / plain (same run)" ratio "$s" "$r" "$(awk -v a="$rps_https" -v b="$rps_http" 'BEGIN { printf "%.3f", a / b }')"
      record "TLS: blob pull $((BIG >> 20)) MiB over HTTPS, one client" MB/s "$s" "$r" "$mbps_https"
      record "TLS: blob pull, HTTPS / plain (same run)" ratio "$s" "$r" "$(awk -v a="$mbps_https" -v b="$mbps_http" 'BEGIN { printf "%.3f", a / b }')"
    done
  done
  record "TLS: peak RSS (VmHWM) of the HTTPS server" MiB berth 1 "$(hwm_mib "$TLS_BERTH_PID")"
  record "TLS: peak RSS (VmHWM) of the HTTPS server" MiB distribution 1 "$(hwm_mib "$TLS_DIST_PID")"
  stop_pid "$TLS_BERTH_PID"
  stop_pid "$TLS_DIST_PID"
fi

# ------------------------------------------------------------------ skopeo end to end
if want e2e; then
  log "skopeo copy of a $LAYERS-layer image of $((LAYERS * LAYER / 1000000)) MB in and out"
  printf '{"auths":{"127.0.0.1:%s":{"auth":"%s"}}}\n' "$BERTH_PORT" "$(printf 'AWS:%s' "$TOKEN" | base64 -w0)" > "$T/auth.json"
  for r in $(seq 1 "$RUNS"); do
    rm -rf "$T/img"
    load make-layout "$T/img" "$BIGFILE" "e2e-$r" "$LAYERS" "$LAYER" >/dev/null
    for s in $(order "$r"); do
      port=$([ "$s" = berth ] && echo "$BERTH_PORT" || echo "$DIST_PORT")
      af=(); [ "$s" = berth ] && af=(--authfile "$T/auth.json")
      sync
      t0=$(date +%s%N)
      skopeo copy --quiet "${af[@]}" --dest-tls-verify=false "oci:$T/img:v1" "docker://127.0.0.1:$port/bench/e2e$r:v1"
      t1=$(date +%s%N)
      rm -rf "$T/out"
      skopeo copy --quiet "${af[@]}" --src-tls-verify=false "docker://127.0.0.1:$port/bench/e2e$r:v1" "oci:$T/out:v1"
      t2=$(date +%s%N)
      rm -rf "$T/out"
      record "skopeo copy in ($LAYERS layers, $((LAYERS * LAYER / 1000000)) MB)" s "$s" "$r" "$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f", ns / 1e9 }')"
      record "skopeo copy out ($LAYERS layers, $((LAYERS * LAYER / 1000000)) MB)" s "$s" "$r" "$(awk -v ns=$((t2 - t1)) 'BEGIN { printf "%.2f", ns / 1e9 }')"
    done
  done
  rm -rf "$T/img"
fi

# ------------------------------------------------------------------ hostile clients (issue 9)
# Each on a fresh Berth of its own (the launcher's default heap), so its RSS is its own.
HP=$(free_port $((NGINX_PORT + 2)))
HB="http://127.0.0.1:$HP"
if want flood; then
  log "flood: 100 anonymous connections x 30 MB bodies while a signed client uploads 12 x 4 MiB parts"
  for r in $(seq 1 "$RUNS"); do
    rm -rf "$T/flood"
    start_berth "$T/flood" "$HP" "$T/flood.log"
    wait_http "$HB/healthz" >/dev/null
    out=$(load flood "$HB" "$SIGV4" 0 30 12)
    record "UploadLayerPart 4 MiB, quiet: p50" ms berth "$r" "$(field part_p50_ms <<< "$out")"
    out=$(load flood "$HB" "$SIGV4" 100 30 12)
    record "UploadLayerPart 4 MiB, under flood: succeeded of 12" n berth "$r" "$(field parts_ok <<< "$out")"
    record "UploadLayerPart 4 MiB, under flood: p50" ms berth "$r" "$(field part_p50_ms <<< "$out")"
    record "UploadLayerPart 4 MiB, under flood: max" ms berth "$r" "$(field part_max_ms <<< "$out")"
    record "flood: attack connections answered (refused or read)" n berth "$r" "$(field attack_conns <<< "$out")"
    kill -0 "$BERTH_PID" 2>/dev/null && alive=1 || alive=0
    record "flood: server alive after it (1 = yes)" n berth "$r" "$alive"
    record "flood: OutOfMemoryError lines in the log" n berth "$r" "$(grep -c OutOfMemoryError "$T/flood.log" || true)"
    record "flood: peak RSS (VmHWM)" MiB berth "$r" "$(hwm_mib "$BERTH_PID" 2>/dev/null || echo 0)"
    stop_pid "$BERTH_PID"
  done
fi
if want sessions; then
  log "sessions: $SESSIONS abandoned upload sessions (as many as the limits allow) against other clients' load"
  rm -rf "$T/sess"
  start_berth "$T/sess" "$HP" "$T/sessions.log"
  wait_http "$HB/healthz" >/dev/null
  stok=$(berth_token "$T/sess")
  SAUTH="Basic $(printf 'AWS:%s' "$stok" | base64 -w0)"
  # The sessions are abandoned by another principal: an IAM user allowed ecr:*.
  AAUTH="$(load user "$HB" "$SIGV4" abandoner | sed -n 's/^auth //p')"
  load create-repos "$HB" "$SIGV4" bench/seed bench/abandon bench/push >/dev/null
  load seed-image "$HB" bench/seed "$SAUTH" >/dev/null
  load push-many "$HB" bench/push 50 "$SMALL" 4 "$SAUTH" warm >/dev/null
  measure_others() { # PHASE RUN
    local out
    out=$(load hammer "$HB" /v2/bench/seed/manifests/latest HEAD "$SAUTH" "$OCI_MANIFEST" "$CONNS" "$LOAD_S")
    record "manifest HEAD, 64 conns, $1" req/s berth "$2" "$(field rps <<< "$out")"
    record "manifest HEAD p99, $1" ms berth "$2" "$(field p99_ms <<< "$out")"
    out=$(load push-many "$HB" bench/push "$SMALL_N" "$SMALL" "$CONC" "$SAUTH" "sess-$1-$2")
    record "blob push $SMALL_N x 1 MiB, $CONC clients, $1" MB/s berth "$2" "$(field mbps <<< "$out")"
  }
  load hammer "$HB" /v2/bench/seed/manifests/latest HEAD "$SAUTH" "$OCI_MANIFEST" "$CONNS" 3 >/dev/null # JIT warm-up
  for r in $(seq 1 "$RUNS"); do measure_others "before abandoned sessions" "$r"; done
  hwm0=$(hwm_mib "$BERTH_PID")
  out=$(load sessions "$HB" bench/abandon "$AAUTH" "$SESSIONS" 16)
  record "sessions: attempted" n berth 1 "$SESSIONS"
  record "sessions: opened and abandoned" n berth 1 "$(field opened <<< "$out")"
  record "sessions: refused (429, open-session limit)" n berth 1 "$(field refused <<< "$out")"
  record "sessions: attempts per second" req/s berth 1 "$(field rps <<< "$out")"
  for r in $(seq 1 "$RUNS"); do measure_others "after abandoned sessions" "$r"; done
  record "sessions: peak RSS (VmHWM) before / after" MiB berth 1 "$hwm0"
  record "sessions: peak RSS (VmHWM) before / after" MiB berth 2 "$(hwm_mib "$BERTH_PID")"
  stop_pid "$BERTH_PID"
fi

# ------------------------------------------------------------------ garbage collection (issue 10)
if want gc; then
  log "gc: one collection over $GC_BLOBS blobs in a child JVM, default heap and -Xmx64m (bench/gc.sh)"
  "$here/gc.sh" --no-build --blobs "$GC_BLOBS" --results "$RESULTS" --scratch "$T" >&2
fi

record "peak RSS (VmHWM) over the whole run" MiB berth 1 "$(hwm_mib "$MAIN_BERTH_PID")"
record "peak RSS (VmHWM) over the whole run" MiB distribution 1 "$(hwm_mib "$DIST_PID")"
awk '/RssAnon|RssFile/ { printf "berth %s %.0f MiB\n", $1, $2 / 1024 }' "/proc/$MAIN_BERTH_PID/status" >&2

{
  echo "Berth vs Distribution $(docker-registry --version 2>/dev/null | awk '{ print $3 }'), $RUNS runs each, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  load summarize "$RESULTS"
} | tee "$T/table.md"
