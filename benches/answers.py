#!/usr/bin/env python3
"""Writes the batch answers of a build as canonical JSON lines without
`took_ms`, to compare two builds' answers byte for byte (totals, facets,
aggregates, hits, order).

    python3 benches/answers.py BIN INDEX QUERIES OUT.jsonl
    cmp before.jsonl after.jsonl
"""
import json
import subprocess
import sys


def main():
    binp, index, queries, out = sys.argv[1:5]
    with open(queries, "rb") as stdin:
        run = subprocess.run(
            [binp, "--index", index, "search", "--batch", queries, "--json"],
            stdin=stdin, capture_output=True, check=True)
    with open(out, "w", encoding="utf-8") as f:
        for line in run.stdout.decode().splitlines():
            answer = json.loads(line)
            answer.pop("took_ms", None)
            f.write(json.dumps(answer, sort_keys=True, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
