#!/bin/bash
# Instructions (callgrind's Ir) a build spends on a batch of queries: the
# run with QUERIES minus the run with no query (opening the index, warm-up).
# Repeatable on a shared machine, unlike wall time.
#
#   benches/callgrind_queries.sh BIN INDEX QUERIES
set -euo pipefail
bin=$1 index=$2 queries=$3
work=$(mktemp -d)
ir() {
    valgrind --tool=callgrind --callgrind-out-file="$work/out" \
        "$bin" --index "$index" search --batch "$1" --json < "$1" > /dev/null 2> "$work/err"
    grep -o 'Collected : [0-9]*' "$work/err" | awk '{print $3}'
}
: > "$work/none.txt"
base=$(ir "$work/none.txt")
total=$(ir "$queries")
n=$(wc -l < "$queries")
echo "queries=$n Ir_total=$total Ir_open=$base Ir_per_query=$(( (total - base) / n ))"
rm -rf "$work"
