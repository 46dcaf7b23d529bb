"""oim-search's Python package against tantivy-py, from Python, in one run.

On the corpus and queries of the shared benchmark kit (``gen_corpus.py``,
``gen_queries.py``), this measures:

- indexing time: ``oim_search.Index.build`` against the kit's tantivy-py
  indexer (``peers.tantivy_index``: title and body with a French stemmer),
  each in a child process of its own (wall time, CPU time, peak RSS);
- query latency p50/p99: ``index.search(line)`` (top 10 with facet counts,
  aggregates and highlighted snippets) against the kit's tantivy-py search
  (a plain top 10, titles read back);
- the binding's overhead per query: the wall time of each Python call minus
  the ``took_ms`` the Rust engine reports for the same call (request
  building, GIL release, serialisation and the typed result objects).

Usage (run ``bash setup.sh`` of the kit first, or pip install tantivy)::

    python3 gen_corpus.py --n 20000 --out /tmp/corpus20k
    python3 gen_queries.py --corpus /tmp/corpus20k --m 1000 --out /tmp/q20k.txt
    python vs_tantivy_py.py --kit /work/shared/bench --corpus /tmp/corpus20k \\
        --queries /tmp/q20k.txt --work /tmp/bench-py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from typing import Any, Dict, List


def pct(values: List[float], p: float) -> float:
    """The p-th percentile (nearest rank), as the kit computes it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def child(argv: List[str]) -> Dict[str, float]:
    """Runs this script as a child with `argv`; its wall, CPU and peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, *argv])
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child {argv} failed")
    return {
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
    }


def du_mb(path: str) -> float:
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.lstat(os.path.join(root, f)).st_size for f in files)
    return total / 1e6


def build_child(engine: str, kit: str, corpus: str, index: str) -> None:
    if engine == "oim-search":
        import oim_search

        oim_search.Index.build(corpus, index)
    else:
        sys.path.insert(0, kit)
        import peers

        peers.tantivy_index(corpus, index, 1)


def search_run(kit: str, work: str, queries_file: str, warm: int) -> Dict[str, Any]:
    import oim_search

    sys.path.insert(0, kit)
    import peers

    queries = peers.load_queries(queries_file)
    oim = oim_search.Index.open(os.path.join(work, "oim-search"))
    oim.warm_up()
    tantivy_run = peers.tantivy_searcher(os.path.join(work, "tantivy-py"))
    for line in queries[:warm]:
        oim.search(line)
        tantivy_run(line)
    oim_lat, oim_engine, overhead, tantivy_lat = [], [], [], []
    hits_oim, hits_tantivy = 0, 0
    for line in queries:
        t = time.perf_counter()
        results = oim.search(line)
        wall = time.perf_counter() - t
        oim_lat.append(wall)
        oim_engine.append(results.took_ms / 1000)
        overhead.append(wall - results.took_ms / 1000)
        hits_oim += len(results.hits)
        t = time.perf_counter()
        titles = tantivy_run(line)
        tantivy_lat.append(time.perf_counter() - t)
        hits_tantivy += len(titles)
    # the bare binding: a search with everything extra off
    bare = []
    for line in queries:
        t = time.perf_counter()
        results = oim.search(line, facets=False, aggregates=False)
        bare.append(time.perf_counter() - t)
    ms = 1000.0
    return {
        "queries": len(queries),
        "oim_p50_ms": pct(oim_lat, 50) * ms,
        "oim_p99_ms": pct(oim_lat, 99) * ms,
        "oim_engine_p50_ms": pct(oim_engine, 50) * ms,
        "oim_engine_p99_ms": pct(oim_engine, 99) * ms,
        "overhead_p50_ms": pct(overhead, 50) * ms,
        "overhead_p99_ms": pct(overhead, 99) * ms,
        "overhead_mean_ms": sum(overhead) / len(overhead) * ms,
        "oim_no_facets_p50_ms": pct(bare, 50) * ms,
        "oim_no_facets_p99_ms": pct(bare, 99) * ms,
        "tantivy_p50_ms": pct(tantivy_lat, 50) * ms,
        "tantivy_p99_ms": pct(tantivy_lat, 99) * ms,
        "hits_per_query_oim": hits_oim / len(queries),
        "hits_per_query_tantivy": hits_tantivy / len(queries),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_build":
        build_child(*sys.argv[2:6])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kit", required=True, help="the shared bench folder (peers.py)")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--warm", type=int, default=50, help="queries run once before timing")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    ndocs = len([n for n in os.listdir(args.corpus) if n.endswith(".txt")])
    figures: Dict[str, Any] = {"documents": ndocs, "cores": os.cpu_count()}
    for engine in ("oim-search", "tantivy-py"):
        index = os.path.join(args.work, engine)
        run = child(["_build", engine, args.kit, args.corpus, index])
        figures[f"index_{engine}"] = dict(run, index_mb=du_mb(index))
    figures.update(search_run(args.kit, args.work, args.queries, args.warm))
    print(json.dumps(figures, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
