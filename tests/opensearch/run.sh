#!/usr/bin/env bash
# Starts a two-node OpenSearch cluster (tests/opensearch: OpenSearch Runner in
# one JVM), waits for it, runs the OpenSearch backend's tests against it with
# its URL in OIM_SEARCH_OPENSEARCH_URL, and stops it at the end, also when a
# step fails (and the cluster stops by itself if this script is killed). Maven's downloads stay in ~/.m2: a second run builds offline.
# Extra arguments go to `cargo test`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
started=$SECONDS

# build the launcher (offline first: the dependencies are usually cached)
if ! mvn -q -B -o -f "$here/pom.xml" package -DskipTests >/dev/null 2>&1; then
    mvn -q -B -f "$here/pom.xml" package -DskipTests
fi

work="$(mktemp -d)"
cluster_pid=""
stop_cluster() {
    if [[ -n "$cluster_pid" ]] && kill -0 "$cluster_pid" 2>/dev/null; then
        kill -TERM "$cluster_pid" 2>/dev/null || true
        # the shutdown hook closes both nodes; give it 30 s, then insist
        for _ in $(seq 1 60); do
            kill -0 "$cluster_pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$cluster_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop_cluster EXIT
# killed (a CI time limit, ^C): exit, which runs the EXIT trap
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

: >"$work/cluster.log"
java -Xms512m -Xmx1g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    org.oimsearch.cluster.Launcher "$work/cluster" "$work/control" 2 "${OIM_SEARCH_OPENSEARCH_PORT:-9260}" $$ \
    >"$work/cluster.log" 2>&1 </dev/null &
cluster_pid=$!

url=""
for _ in $(seq 1 240); do
    if ! kill -0 "$cluster_pid" 2>/dev/null; then
        echo "opensearch: the cluster did not start; its log:" >&2
        tail -n 40 "$work/cluster.log" >&2
        exit 1
    fi
    url="$(sed -n 's/^URL //p' "$work/cluster.log")"
    [[ -n "$url" ]] && break
    sleep 0.5
done
if [[ -z "$url" ]]; then
    echo "opensearch: no URL after 120 s; the cluster's log:" >&2
    tail -n 40 "$work/cluster.log" >&2
    exit 1
fi
curl -fsS "$url/_cluster/health?wait_for_status=green&timeout=60s" >/dev/null
echo "opensearch: two nodes up at $url after $((SECONDS - started)) s"

cd "$root"
OIM_SEARCH_OPENSEARCH_URL="$url" OIM_SEARCH_OPENSEARCH_CONTROL="$work/control" \
    cargo test -p oim-search-opensearch "$@" -- --test-threads=1 --nocapture
# the command line through the cluster (`opensearch push`, `search --backend`):
# its end-to-end tests built with the feature, which wait for a cluster
OIM_SEARCH_OPENSEARCH_URL="$url" \
    cargo test -p oim-search-cli --features opensearch --test integration backend_cluster \
    -- --ignored --test-threads=1
# the Python package through the cluster, when the caller gives an
# interpreter that has it installed (.ci/run does); the command built just
# above pushes the pages
if [[ -n "${OIM_SEARCH_PYTHON:-}" ]]; then
    OIM_SEARCH_OPENSEARCH_URL="$url" OIM_SEARCH_BIN="$root/target/debug/oim-search" \
        "$OIM_SEARCH_PYTHON" -m pytest -q python/tests/test_backend.py
fi
echo "opensearch: cluster tests done in $((SECONDS - started)) s"
