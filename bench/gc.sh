#!/usr/bin/env bash
# The garbage-collection benchmark of issue 10, also the `gc` section of bench/run.sh:
#
#   bench/gc.sh [--blobs N] [--quick] [--no-build] [--results FILE] [--scratch DIR]
#
# Builds a data dir of N blobs (default 100,000; --quick 20,000) of which half are garbage, and
# N/10 manifests (dev.berth.bench.GcBench build), copies it, then runs one collection on each copy
# in a child JVM: once with the launcher's default options (-XX:+UseSerialGC -Xmx192m ...) and once
# with -Xmx64m. Reports the time, the child's peak RSS (VmHWM from /proc/<pid>/status, read by the
# child as it ends) and what it removed. --results appends run.sh's tab-separated records to FILE;
# otherwise they are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
BLOBS=100000
BUILD=1
RESULTS=""
SCRATCH=""
while [ $# -gt 0 ]; do
  case "$1" in
    --blobs) BLOBS="$2"; shift ;;
    --quick) BLOBS=20000 ;;
    --no-build) BUILD=0 ;;
    --results) RESULTS="$2"; shift ;;
    --scratch) SCRATCH="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "gc.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=bench/lib.sh
. "$here/lib.sh"
JAVA="$(find_java)"
JAR="$root/berth-cli/target/berth.jar"
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ]; then
  (cd "$root" && mvn -B -q -DskipTests -Dcheckstyle.skip -Dspotless.check.skip=true package) >&2
fi
BENCH_JAR="$(ls "$root"/berth-bench/target/berth-bench-*.jar | grep -v sources | head -n1)"
CP="$JAR:$BENCH_JAR"

own_scratch=0
if [ -z "$SCRATCH" ]; then SCRATCH="$(mktemp -d /tmp/berth-gc-bench.XXXXXX)"; own_scratch=1; fi
cleanup() { rm -rf "$SCRATCH/gc-a" "$SCRATCH/gc-b"; [ "$own_scratch" = 0 ] || rm -rf "$SCRATCH"; }
trap cleanup EXIT

out_lines=()
record() { # FIGURE UNIT VALUE
  local line
  line="$(printf '%s\t%s\t-\tberth\t1\t%s' "$1" "$2" "$3")"
  if [ -n "$RESULTS" ]; then printf '%s\n' "$line" >> "$RESULTS"; fi
  out_lines+=("$(printf '%-60s %12s %s' "$1" "$3" "$2")")
}
field() { awk -v k="$1" '$1 == k { print $2 }'; }

MANIFESTS=$((BLOBS / 10))
echo "gc.sh: building $BLOBS blobs, $MANIFESTS manifests in $SCRATCH" >&2
built=$("$JAVA" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$CP" dev.berth.bench.GcBench build "$SCRATCH/gc-a" "$BLOBS" "$MANIFESTS")
echo "$built" >&2
record "gc: data dir build ($BLOBS blobs, $MANIFESTS manifests)" ms "$(awk '{ print $NF }' <<< "$built")"
record "gc: data dir size" MiB "$(du -sm "$SCRATCH/gc-a" | awk '{ print $1 }')"
cp -a "$SCRATCH/gc-a" "$SCRATCH/gc-b"

for run in "a|192m|-XX:+UseSerialGC -Xmx192m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m" \
    "b|64m|-XX:+UseSerialGC -Xmx64m"; do
  IFS='|' read -r d h opts <<< "$run"
  sync
  echo "gc.sh: collecting with $opts" >&2
  # shellcheck disable=SC2086
  out=$("$JAVA" $opts --enable-native-access=ALL-UNNAMED -cp "$CP" dev.berth.bench.GcBench collect "$SCRATCH/gc-$d" 2>"$SCRATCH/gc-$h.log")
  echo "$out" >&2
  record "gc: one collection, $BLOBS blobs, -Xmx$h" ms "$(field ms <<< "$out")"
  record "gc: peak RSS (VmHWM), -Xmx$h" MiB "$(field hwm_mib <<< "$out")"
  record "gc: blob rows removed, -Xmx$h" n "$(field blobs_removed <<< "$out")"
  record "gc: orphan files removed, -Xmx$h" n "$(field orphans_removed <<< "$out")"
  record "gc: links expired, -Xmx$h" n "$(field links_expired <<< "$out")"
  record "gc: bytes reclaimed, -Xmx$h" MB "$(awk -v b="$(field bytes_removed <<< "$out")" 'BEGIN { printf "%.1f", b / 1e6 }')"
  left=$(find "$SCRATCH/gc-$d/blobs" -type f | wc -l)
  record "gc: blob files left, -Xmx$h" n "$left"
done
printf '%s\n' "${out_lines[@]}"
