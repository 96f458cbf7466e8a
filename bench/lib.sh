# Shared by the bench scripts (sourced, not run).

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# The newest java >= 21: JAVA_HOME's, one under /usr/lib/jvm, or the one on PATH.
find_java() {
  local best="" best_major=0 c m
  for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$c" ] || continue
    m="$(java_major "$c")"; [ -n "$m" ] || continue
    if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$c"; best_major="$m"; fi
  done
  [ -n "$best" ] || { echo "$(basename "$0"): no JDK >= 21 found" >&2; exit 1; }
  echo "$best"
}
