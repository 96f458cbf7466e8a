#!/usr/bin/env bash
# Issue 12: the same push / pull / manifest workload through nginx against Berth set-ups that
# differ in one thing at a time, measured in the same run (see bench/README.md, "Cluster").
#
#   bench/cluster-bench.sh [--runs N] [--quick] [--only SETUPS]
#
# Set-ups, each started by bench/cluster.sh behind its nginx (so every figure pays the same proxy):
#   sqlite-fs-1     one node, SQLite + filesystem blobs (the embedded default)
#   pg-fs-1         one node, PostgreSQL + filesystem blobs        (PostgreSQL vs SQLite)
#   pg-s3-1-stream  one node, PostgreSQL + S3, blob GET streamed   (stream vs presigned redirect)
#   pg-s3-1         one node, PostgreSQL + S3, blob GET redirected to a presigned URL
#   pg-s3-3         three nodes, PostgreSQL + S3, redirected       (1 vs 3 nodes)
# Figures: manifest GET by tag (wrk, 64 connections), 200 x 1 MiB blob pushes from 16 clients,
# 16 concurrent pulls of a 64 MiB blob (curl, following the redirect), and for three nodes how
# nginx spread the requests. On a 2-core machine every node, PostgreSQL, S3Proxy, nginx and the
# load share the same cores: three nodes cannot be faster here; the point is that nothing is lost
# and no node is a bottleneck by design.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
RUNS=1
LOAD_S=10
PULL=$((64 * 1024 * 1024))
SETUPS="sqlite-fs-1,pg-fs-1,pg-s3-1-stream,pg-s3-1,pg-s3-3"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift ;;
    --quick) LOAD_S=5; PULL=$((16 * 1024 * 1024)) ;;
    --only) SETUPS="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "cluster-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
SMALL_N=200; SMALL=$((1024 * 1024)); CONC=16; PULL_CONC=16; CONNS=64
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
ROOT_KEY=AKIABERTHCLUSTER0001      # bench/cluster.sh's bootstrap root key
ROOT_SECRET=berth-cluster-secret-000000000000
SIGV4="sigv4:$ROOT_KEY:$ROOT_SECRET"
PORT=5400

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
options_of() {
  case "$1" in
    sqlite-fs-1) echo "--nodes 1 --database sqlite --blob-store fs" ;;
    pg-fs-1) echo "--nodes 1 --blob-store fs" ;;
    pg-s3-1-stream) echo "--nodes 1 --blob-redirect off" ;;
    pg-s3-1) echo "--nodes 1" ;;
    pg-s3-3) echo "--nodes 3" ;;
    *) echo "cluster-bench.sh: unknown set-up $1" >&2; exit 2 ;;
  esac
}
for s in ${SETUPS//,/ }; do options_of "$s" >/dev/null; done
for c in wrk curl nginx; do command -v "$c" >/dev/null || { echo "cluster-bench.sh: needs $c" >&2; exit 1; }; done

T="$(mktemp -d /tmp/berth-cluster-bench.XXXXXX)"
CLUSTER_PID=""
stop_cluster() {
  if [ -n "$CLUSTER_PID" ]; then
    kill -TERM "$CLUSTER_PID" 2>/dev/null || true
    wait "$CLUSTER_PID" 2>/dev/null || true
    CLUSTER_PID=""
  fi
}
cleanup() { stop_cluster; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/lib.sh
. "$here/lib.sh"
JAVA="$(find_java)"
"$(dirname "$JAVA")/javac" -d "$T/classes" "$here/Load.java"
load() { "$JAVA" -cp "$T/classes" Load "$@"; }
RESULTS="$T/results.tsv"
: > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$RESULTS"; }
field() { awk -v k="$1" '$1 == k { print $2 }'; }
head -c "$PULL" /dev/urandom > "$T/pull.bin"
[ -f "$root/berth-cli/target/berth.jar" ] || (cd "$root" && mvn -B -q -DskipTests package >&2)

BASE="http://127.0.0.1:$PORT"
wait_ready() {
  local i
  for i in $(seq 1 900); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz" || true)" = 200 ] && return 0
    kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$T/cluster.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "cluster-bench.sh: the cluster never answered" >&2; exit 1
}

log "scratch $T; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$RUNS"); do
  for s in ${SETUPS//,/ }; do
    log "run $r: $s"
    # shellcheck disable=SC2046
    BERTH_ACCESS_LOG=off "$here/cluster.sh" --port "$PORT" $(options_of "$s") > "$T/cluster.log" 2>&1 &
    CLUSTER_PID=$!
    wait_ready
    NGINX_LOG="$(sed -n 's/.*nginx access log: \([^)]*\)).*/\1/p' "$T/cluster.log" | head -n1)"
    load create-repos "$BASE" "$SIGV4" bench/seed bench/push bench/pull >/dev/null
    AUTH="$(load user "$BASE" "$SIGV4" bench | sed -n 's/^auth //p')"
    load seed-image "$BASE" bench/seed "$AUTH" >/dev/null
    load push-many "$BASE" bench/push 20 "$SMALL" 4 "$AUTH" "warm-$r" >/dev/null
    wrk -t2 -c"$CONNS" -d2s -H "Authorization: $AUTH" -H "Accept: $OCI_MANIFEST" \
      "$BASE/v2/bench/seed/manifests/latest" >/dev/null
    [ -n "$NGINX_LOG" ] && : > "$NGINX_LOG"

    out=$(wrk -t2 -c"$CONNS" -d"${LOAD_S}s" --latency -H "Authorization: $AUTH" \
      -H "Accept: $OCI_MANIFEST" "$BASE/v2/bench/seed/manifests/latest")
    if grep -q 'Non-2xx' <<< "$out"; then echo "$out" >&2; echo "cluster-bench.sh: errors under load ($s)" >&2; exit 1; fi
    record "manifest GET by tag, wrk $CONNS conns" req/s "$s" "$r" "$(awk '/Requests\/sec/ { print $2 }' <<< "$out")"
    record "manifest GET p99 latency" ms "$s" "$r" "$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v); if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }' <<< "$out")"

    sync
    out=$(load push-many "$BASE" bench/push "$SMALL_N" "$SMALL" "$CONC" "$AUTH" "many-$s-$r")
    record "blob push $SMALL_N x 1 MiB, $CONC clients" MB/s "$s" "$r" "$(field mbps <<< "$out")"

    digest=$(load push-mono "$BASE" bench/pull "$T/pull.bin" "$AUTH" "pull-$s-$r" | field digest)
    url="$BASE/v2/bench/pull/blobs/$digest"
    curl -sfL -o /dev/null -H "Authorization: $AUTH" "$url"   # warm
    t0=$(date +%s%N)
    cpids=()
    for _ in $(seq 1 "$PULL_CONC"); do curl -sfL -o /dev/null -H "Authorization: $AUTH" "$url" & cpids+=($!); done
    for p in "${cpids[@]}"; do wait "$p"; done
    t1=$(date +%s%N)
    record "blob pull $PULL_CONC concurrent x $((PULL >> 20)) MiB" MB/s "$s" "$r" \
      "$(awk -v b="$PULL" -v n="$PULL_CONC" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", b * n / (ns / 1e9) / 1e6 }')"

    if [ -n "$NGINX_LOG" ] && [ "$s" = pg-s3-3 ]; then
      # How nginx spread the measured requests over the nodes, as shares of the total.
      awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^upstream=/) { sub(/upstream=/, "", $i); n[$i]++; t++ } }
        END { for (u in n) printf "%s %.1f\n", u, 100 * n[u] / t }' "$NGINX_LOG" | sort |
        while read -r u pct; do record "share of requests, node $u" % "$s" "$r" "$pct"; done
    fi
    stop_cluster
  done
done

# The table: median per figure and set-up, and the ratios the issue asks for.
awk -F'\t' '
  { key = $1 SUBSEP $3; v[key] = v[key] " " $5; unit[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[++nf] = $1 }
    if (!($3 in sseen)) { sseen[$3] = 1; sorder[++ns] = $3 } }
  function median(list,   a, n, i, j, t) { n = split(list, a, " ");
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n == 0 ? "" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) }
  END {
    printf "| figure | unit |"; for (i = 1; i <= ns; i++) printf " %s |", sorder[i]; print ""
    printf "| --- | --- |"; for (i = 1; i <= ns; i++) printf " --- |"; print ""
    for (f = 1; f <= nf; f++) { printf "| %s | %s |", order[f], unit[order[f]]
      for (i = 1; i <= ns; i++) { k = order[f] SUBSEP sorder[i]; printf " %s |", (k in v) ? median(v[k]) : "" }
      print "" }
    print ""
    split("pg-fs-1/sqlite-fs-1 pg-s3-1-stream/pg-s3-1 pg-s3-3/pg-s3-1", pairs, " ")
    for (p in pairs) { split(pairs[p], ab, "/")
      for (f = 1; f <= nf; f++) { ka = order[f] SUBSEP ab[1]; kb = order[f] SUBSEP ab[2]
        if ((ka in v) && (kb in v) && median(v[kb]) > 0 && order[f] !~ /^share/)
          printf "ratio %s / %s, %s: %.2f\n", ab[1], ab[2], order[f], median(v[ka]) / median(v[kb]) } }
  }' "$RESULTS"
