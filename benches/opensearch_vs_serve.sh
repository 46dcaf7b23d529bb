#!/usr/bin/env bash
# The embedded engine against OpenSearch (a two-node cluster from
# tests/opensearch, one JVM, -Xmx2g) on one corpus, in one run: indexing
# time and peak memory, query p50/p99 over HTTP with the same requests
# (`serve` against `serve --backend opensearch://…`), resident memory.
# usage: benches/opensearch_vs_serve.sh CORPUS QUERIES   (from the repository
# root, after `cargo build --release -p oim-search-cli --features opensearch`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/target/release/oim-search"
corpus="$1"; queries="$2"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 2; rm -rf "$work"; }
trap cleanup EXIT
rss_mb() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

/usr/bin/time -f "%e s, peak %M KB" -o "$work/index.time" \
    "$bin" --quiet --index "$work/index" index --corpus "$corpus"
echo "oim-search index: $(cat "$work/index.time")"

here="$root/tests/opensearch"
mvn -q -B -o -f "$here/pom.xml" package -DskipTests >/dev/null 2>&1 || mvn -q -B -f "$here/pom.xml" package -DskipTests
java -Xms2g -Xmx2g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    org.oimsearch.cluster.Launcher "$work/cluster" "$work/control" 2 9270 $$ >"$work/cluster.log" 2>&1 </dev/null &
pids+=($!); jvm=$!
for _ in $(seq 1 240); do url="$(sed -n 's/^URL //p' "$work/cluster.log")"; [[ -n "$url" ]] && break; sleep 0.5; done
curl -fsS "$url/_cluster/health?wait_for_status=green&timeout=60s" >/dev/null
backend="opensearch://${url#http://}/bench"
/usr/bin/time -f "%e s, client peak %M KB" -o "$work/push.time" \
    "$bin" --quiet --index "$work/index" opensearch push --corpus "$corpus" --backend "$backend"
curl -fsS "$url/bench/_refresh" >/dev/null
echo "opensearch push (2 nodes, 2 shards, 1 replica): $(cat "$work/push.time"); cluster JVM RSS $(rss_mb "$jvm") MB"

"$bin" --quiet --index "$work/index" serve --addr 127.0.0.1:7801 & pids+=($!); embedded=$!
"$bin" --quiet --index "$work/index" serve --addr 127.0.0.1:7802 --backend "$backend" & pids+=($!); through=$!
sleep 3
python3 "$root/benches/http_latency.py" "$queries" http://127.0.0.1:7801 http://127.0.0.1:7802
echo "RSS after the run: serve $(rss_mb "$embedded") MB; serve --backend $(rss_mb "$through") MB + cluster JVM $(rss_mb "$jvm") MB"
