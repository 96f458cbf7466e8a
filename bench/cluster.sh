#!/usr/bin/env bash
# A local Berth cluster to try (issue 12): one command, Ctrl-C stops everything.
#
#   bench/cluster.sh [--nodes N] [--port PORT] [--build] [--keep]
#                    [--database postgresql|sqlite] [--blob-store s3|fs] [--blob-redirect on|off]
#
# Starts, all on 127.0.0.1 and all under one temporary directory:
#   - PostgreSQL (Debian's initdb and pg_ctl; as root, run as the postgres user) on PORT+10,
#   - S3Proxy (filesystem backend, the version the tests use, from ~/.m2) on PORT+11, bucket "berth",
#   - N `berth serve` nodes (default 3) on PORT+1 .. PORT+N, sharing the database, the bucket and
#     one master-key-file,
#   - nginx on PORT (default 5000) balancing over the nodes, with the settings of the cluster test.
# Then prints how to log in and push. --build rebuilds berth.jar first (otherwise only when it is
# missing); --keep leaves the temporary directory (data, logs) behind. For benchmarks of one node
# (bench/cluster-bench.sh): --database sqlite and --blob-store fs give the node the embedded
# default's store instead (one node only: nothing else is shared), --blob-redirect off makes it
# stream blob GETs instead of redirecting to presigned URLs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
NODES=3
PORT=5000
BUILD=0
KEEP=0
DATABASE=postgresql
BLOBS=s3
REDIRECT=on
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --build) BUILD=1 ;;
    --keep) KEEP=1 ;;
    --database) DATABASE="$2"; shift ;;
    --blob-store) BLOBS="$2"; shift ;;
    --blob-redirect) REDIRECT="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "cluster.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$DATABASE/$BLOBS/$REDIRECT" in
  postgresql/s3/on | postgresql/s3/off) ;;
  sqlite/*/* | */fs/*) [ "$NODES" = 1 ] || { echo "cluster.sh: --database sqlite and --blob-store fs need --nodes 1" >&2; exit 2; } ;;
esac
case "$DATABASE" in postgresql | sqlite) ;; *) echo "cluster.sh: --database postgresql|sqlite" >&2; exit 2 ;; esac
case "$BLOBS" in s3 | fs) ;; *) echo "cluster.sh: --blob-store s3|fs" >&2; exit 2 ;; esac
case "$REDIRECT" in on | off) ;; *) echo "cluster.sh: --blob-redirect on|off" >&2; exit 2 ;; esac
PG_PORT=$((PORT + 10))
S3_PORT=$((PORT + 11))
ROOT_KEY=AKIABERTHCLUSTER0001
ROOT_SECRET=berth-cluster-secret-000000000000
S3_KEY=berth-cluster
S3_SECRET=berth-cluster-secret
BUCKET=berth

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 1; }

# shellcheck source=bench/lib.sh
. "$here/lib.sh"

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # PORT WHAT PID
  local i
  for i in $(seq 1 600); do
    in_use "$1" && return 0
    kill -0 "$3" 2>/dev/null || die "$2 exited; see its log under $T"
    sleep 0.1
  done
  die "$2 did not listen on port $1"
}

# ------------------------------------------------------------------ prerequisites
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || die "nginx not found (apt-get install nginx-light)"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "PostgreSQL not found (apt-get install postgresql)"
command -v curl >/dev/null || die "curl not found"
command -v unzip >/dev/null || die "unzip not found"
JAVA="$(find_java)"
JAR="$root/berth-cli/target/berth.jar"
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ]; then
  log "building berth.jar"
  (cd "$root" && mvn -B -q -o -DskipTests -Dcheckstyle.skip -Dspotless.check.skip=true package) >&2
fi
for p in "$PORT" $(seq $((PORT + 1)) $((PORT + NODES))) "$PG_PORT" "$S3_PORT"; do
  in_use "$p" && die "port $p is in use (--port picks another range)"
done

# ------------------------------------------------------------------ scratch space and cleanup
T="$(mktemp -d /tmp/berth-cluster.XXXXXX)"
chmod 755 "$T"
PIDS=()
PG_USER=""
cleanup() {
  trap - EXIT INT TERM
  log "stopping"
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -f "$T/pg/data/postmaster.pid" ]; then
    ${PG_USER:+runuser -u "$PG_USER" --} "$PG_BIN/pg_ctl" -D "$T/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ "$KEEP" = 1 ]; then log "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ PostgreSQL
if [ "$DATABASE" = postgresql ]; then
log "PostgreSQL on $PG_PORT"
mkdir -p "$T/pg"
if [ "$(id -u)" = 0 ]; then # PostgreSQL refuses to run as root
  PG_USER=postgres; id postgres >/dev/null 2>&1 || PG_USER=nobody
  chown "$PG_USER" "$T/pg"
fi
as_pg() { ${PG_USER:+runuser -u "$PG_USER" --} "$@"; }
as_pg "$PG_BIN/initdb" -D "$T/pg/data" -U berth --auth=trust -E UTF8 --locale=C.UTF-8 >"$T/pg/initdb.log" 2>&1 \
  || die "initdb failed: $(cat "$T/pg/initdb.log")"
as_pg "$PG_BIN/pg_ctl" -D "$T/pg/data" -l "$T/pg/server.log" -w -t 60 -o \
  "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $T/pg -c max_connections=200 -c max_pred_locks_per_transaction=4096" \
  start >/dev/null || die "PostgreSQL did not start: $(cat "$T/pg/server.log")"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U berth berth
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/berth?user=berth"
export BERTH_DATABASE_URL="$DB_URL"
fi

# ------------------------------------------------------------------ S3Proxy
if [ "$BLOBS" = s3 ]; then
log "S3Proxy on $S3_PORT"
mkdir -p "$T/s3/data"
cat > "$T/s3/pom.xml" <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.berth</groupId><artifactId>cluster-s3proxy</artifactId><version>0</version>
  <dependencies>
    <dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><version>2.9.0</version>
      <exclusions>
        <exclusion><groupId>org.eclipse.jetty</groupId><artifactId>*</artifactId></exclusion>
        <exclusion><groupId>ch.qos.logback</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency><groupId>jakarta.servlet</groupId><artifactId>jakarta.servlet-api</artifactId><version>5.0.0</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.5.1</version>
    <configuration><archive><manifest>
      <addClasspath>true</addClasspath><classpathLayoutType>repository</classpathLayoutType>
    </manifest></archive></configuration>
  </plugin></plugins></build>
</project>
EOF
# The dependency plugin is not in every offline ~/.m2; the jar plugin is (it builds Berth): its
# manifest's Class-Path lists S3Proxy's runtime dependencies by repository path.
mkdir -p "$T/s3/target/classes"
(cd "$T/s3" && mvn -B -q -o org.apache.maven.plugins:maven-jar-plugin:3.5.1:jar) >"$T/s3/mvn.log" 2>&1 \
  || die "could not resolve S3Proxy from ~/.m2 (run the tests once, online, to fetch it): $(tail -5 "$T/s3/mvn.log")"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
S3_CP="$(unzip -p "$T"/s3/target/cluster-s3proxy-0.jar META-INF/MANIFEST.MF | tr -d '\r' \
  | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | sed -n 's/^Class-Path: //p' \
  | tr ' ' '\n' | sed "s|^|$M2/|" | paste -sd: -)"
[ -n "$S3_CP" ] || die "no classpath for S3Proxy"
cat > "$T/s3/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$T/s3/data
EOF
"$JAVA" -Xmx512m -Dorg.slf4j.simpleLogger.logFile="$T/s3/s3proxy.log" -cp "$S3_CP" \
  org.gaul.s3proxy.Main --properties "$T/s3/s3proxy.properties" >"$T/s3/stdout.log" 2>&1 &
PIDS+=($!)
wait_port "$S3_PORT" S3Proxy "${PIDS[-1]}"
curl -fsS -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_KEY:$S3_SECRET" \
  -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
  "http://127.0.0.1:$S3_PORT/$BUCKET" >/dev/null || die "could not create bucket $BUCKET"
export BERTH_BLOB_STORE=s3
export BERTH_S3_BUCKET="$BUCKET"
export BERTH_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
export BERTH_S3_PATH_STYLE=on
export BERTH_S3_ACCESS_KEY_ID="$S3_KEY"
export BERTH_S3_SECRET_ACCESS_KEY="$S3_SECRET"
else
export BERTH_BLOB_STORE=filesystem
fi

# ------------------------------------------------------------------ Berth nodes
export BERTH_BLOB_REDIRECT="$REDIRECT"
export BERTH_MASTER_KEY_FILE="$T/master.key"
export BERTH_ROOT_ACCESS_KEY_ID="$ROOT_KEY"
export BERTH_ROOT_SECRET_ACCESS_KEY="$ROOT_SECRET"
# Every node hands out the balancer's address, also to clients that reach a node directly.
export BERTH_ENDPOINT="127.0.0.1:$PORT"
# nginx runs on loopback: its X-Forwarded-For names the client.
export BERTH_TRUSTED_PROXIES=127.0.0.1
UPSTREAMS=""
for i in $(seq 1 "$NODES"); do
  p=$((PORT + i))
  log "berth node $i on $p"
  # shellcheck disable=SC2086
  "$JAVA" ${BERTH_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m} -jar "$JAR" serve \
    --listen "127.0.0.1:$p" --data "$T/node$i" >"$T/node$i.log" 2>&1 &
  PIDS+=($!)
  # The first node creates the schema and the master key before the others start.
  wait_port "$p" "node $i" "${PIDS[-1]}"
  UPSTREAMS+="    server 127.0.0.1:$p max_fails=1 fail_timeout=30s;"$'\n'
done

# ------------------------------------------------------------------ nginx
log "nginx on $PORT"
mkdir -p "$T/nginx/logs"
cat > "$T/nginx/nginx.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 2;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  log_format upstreams '\$remote_addr "\$request" \$status \$body_bytes_sent'
      ' upstream=\$upstream_addr upstream_status=\$upstream_status time=\$request_time';
  access_log $T/nginx/logs/access.log upstreams;
  client_body_temp_path $T/nginx/body;
  proxy_temp_path $T/nginx/proxy;
  fastcgi_temp_path $T/nginx/fastcgi;
  uwsgi_temp_path $T/nginx/uwsgi;
  scgi_temp_path $T/nginx/scgi;
  upstream berth {
$UPSTREAMS    keepalive 16;
  }
  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 0;          # layers have no size limit here
    proxy_request_buffering off;     # stream uploads instead of spooling them to disk
    proxy_buffering off;             # and downloads
    proxy_http_version 1.1;          # chunked bodies and upstream keep-alive
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;  # unchanged: SigV4 signs it, Berth builds URIs from it
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header X-Forwarded-Host \$http_host;
    proxy_connect_timeout 2s;
    proxy_send_timeout 300s;         # between two writes, not for the whole upload
    proxy_read_timeout 300s;         # a large upload's completion copies it server-side
    proxy_next_upstream error timeout;  # idempotent requests not yet sent only (nginx default)
    location / { proxy_pass http://berth; }
  }
}
EOF
"$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/logs/error.log" &
PIDS+=($!)
wait_port "$PORT" nginx "${PIDS[-1]}"

cat <<EOF

Berth cluster: $NODES nodes (127.0.0.1:$((PORT + 1))..$((PORT + NODES))) behind nginx on 127.0.0.1:$PORT
  metadata: $([ "$DATABASE" = postgresql ] && echo "PostgreSQL 127.0.0.1:$PG_PORT (database berth)" || echo "SQLite in $T/node1")
  blobs: $([ "$BLOBS" = s3 ] && echo "S3Proxy http://127.0.0.1:$S3_PORT (bucket $BUCKET), blob GET redirect $REDIRECT" || echo "files in $T/node1")
  data and logs: $T   (nginx access log: $T/nginx/logs/access.log)

Try it (plain HTTP):
  export AWS_ACCESS_KEY_ID=$ROOT_KEY AWS_SECRET_ACCESS_KEY=$ROOT_SECRET AWS_DEFAULT_REGION=us-east-1
  aws --endpoint-url http://127.0.0.1:$PORT ecr create-repository --repository-name demo/app
  aws --endpoint-url http://127.0.0.1:$PORT ecr get-login-password \\
    | skopeo login --tls-verify=false -u AWS --password-stdin 127.0.0.1:$PORT
  skopeo copy --dest-tls-verify=false docker://docker.io/library/busybox:latest docker://127.0.0.1:$PORT/demo/app:1
  skopeo inspect --tls-verify=false docker://127.0.0.1:$((PORT + 2))/demo/app:1   # any node serves it
  kill -9 <pid of a node>: nginx skips it; the others keep serving
Node pids: $(printf '%s ' "${PIDS[@]:1:$NODES}")

Ctrl-C stops everything$([ "$KEEP" = 1 ] || echo " and removes $T").
EOF
# Until Ctrl-C or nginx exits: a node killed on purpose leaves the rest running.
wait "${PIDS[-1]}" || true
log "nginx exited"
