#!/usr/bin/env bash
# JMH benchmarks of hot code paths (berth-bench): builds target/benchmarks.jar, then runs it.
#   bench/jmh.sh                      every benchmark (about 2 minutes)
#   bench/jmh.sh Digesting -f 1 -wi 2 JMH arguments: a benchmark regex, options (-h for all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
best="" best_major=0
for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
  [ -x "$c" ] || continue
  m="$(java_major "$c")"; [ -n "$m" ] || continue
  if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$c"; best_major="$m"; fi
done
[ -n "$best" ] || { echo "jmh.sh: no JDK >= 21 found" >&2; exit 1; }
(cd "$root" && mvn -B -q -Pjmh -pl berth-bench -am -DskipTests -Dcheckstyle.skip \
  -Dspotless.check.skip=true package) >&2
exec "$best" -jar "$root/berth-bench/target/benchmarks.jar" "$@"
