"""One Index shared by many threads: every thread gets the answers a single
thread gets, while another thread writes and commits."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import oim_search

from conftest import judged_queries


def answer(index: oim_search.Index, query: Dict[str, Any]) -> Dict[str, Any]:
    out = index.search(query["q"], **query["filters"]).to_dict()
    out.pop("took_ms")
    return out


def test_threads_share_an_index(small_index: oim_search.Index) -> None:
    queries = judged_queries("relevance")
    expected = [answer(small_index, q) for q in queries]
    with ThreadPoolExecutor(max_workers=8) as pool:
        # every query four times over, spread across the threads
        got = list(pool.map(lambda q: answer(small_index, q), queries * 4))
    assert got == expected * 4


def test_searches_go_on_while_another_thread_writes(small_index: oim_search.Index) -> None:
    before = small_index.num_docs
    stop = threading.Event()
    failures: List[BaseException] = []
    totals: List[int] = []

    def search_loop() -> None:
        try:
            while not stop.is_set():
                totals.append(small_index.search("diaspora").total)
        except BaseException as e:  # reported below
            failures.append(e)

    readers = [threading.Thread(target=search_loop) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        for n in range(5):
            with small_index.writer() as w:
                w.add({"id": f"extra-{n}", "title": "Diaspora", "body": "La diaspora et le développement."})
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert not failures
    assert totals, "the readers searched"
    assert small_index.num_docs == before + 5
    assert small_index.search("diaspora", limit=0).total >= 5
