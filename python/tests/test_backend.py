"""`Index.open(…, backend=…)`: searches answered by an OpenSearch cluster.

The address is checked everywhere. The cluster tests need a cluster: they
run inside tests/opensearch/run.sh (which starts two nodes, sets
OIM_SEARCH_OPENSEARCH_URL, and gives OIM_SEARCH_BIN a command built with
the `opensearch` feature to push the pages); elsewhere they are skipped,
saying so.
"""

from __future__ import annotations

import os
import subprocess
from typing import Any, Dict, List, Tuple

import pytest

import oim_search

from conftest import FIXTURES, corpus_copy, judged_queries

CLUSTER = os.environ.get("OIM_SEARCH_OPENSEARCH_URL", "").strip()
needs_cluster = pytest.mark.skipif(
    not CLUSTER, reason="OIM_SEARCH_OPENSEARCH_URL is not set: tests/opensearch/run.sh sets it"
)


def test_a_backend_that_is_not_an_address_is_refused_with_the_form_to_give(
    small_index: oim_search.Index,
) -> None:
    with pytest.raises(oim_search.InvalidQuery) as refused:
        oim_search.Index.open(small_index.path, backend="http://127.0.0.1:9200/oim")
    assert "opensearch://HOST:PORT/INDEX" in str(refused.value)
    assert refused.value.value == "http://127.0.0.1:9200/oim"


def test_the_embedded_index_is_the_default_backend(small_index: oim_search.Index) -> None:
    assert small_index.backend == "the embedded index"
    named = oim_search.Index.open(small_index.path, backend="embedded")
    assert named.backend == "the embedded index"
    assert named.search("diaspora").total == small_index.search("diaspora").total


def test_an_unreachable_cluster_is_a_backend_error(small_index: oim_search.Index) -> None:
    # port 9 (discard) on loopback: nothing listens there
    index = oim_search.Index.open(small_index.path, backend="opensearch://127.0.0.1:9/oim")
    assert index.backend == "OpenSearch at http://127.0.0.1:9/oim"
    with pytest.raises(oim_search.BackendError) as failed:
        index.search("diaspora")
    assert "127.0.0.1:9" in str(failed.value)


@pytest.fixture(scope="module")
def pushed(tmp_path_factory: pytest.TempPathFactory) -> Tuple[oim_search.Index, oim_search.Index]:
    """The relevance pages in an embedded index and, pushed by the command
    line, in a fresh cluster index: (embedded, through the cluster)."""
    root = tmp_path_factory.mktemp("backend")
    corpus = corpus_copy(FIXTURES / "relevance", root / "corpus")
    embedded = oim_search.Index.build(corpus, root / "index")
    host = CLUSTER.removeprefix("http://").rstrip("/")
    backend = f"opensearch://{host}/py-backend-{os.getpid()}"
    binary = os.environ.get("OIM_SEARCH_BIN", "oim-search")
    done = subprocess.run(
        [binary, "--quiet", "opensearch", "push", "--backend", backend, "--corpus", str(corpus)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return embedded, oim_search.Index.open(root / "index", backend=backend)


def comparable(results: oim_search.SearchResults) -> Dict[str, Any]:
    """What both backends give alike: the counts and figures."""
    answer = results.to_dict()
    return {key: answer[key] for key in ("total", "partial_total", "facets", "aggregates")}


@needs_cluster
def test_searches_through_the_cluster_count_as_the_embedded_index(
    pushed: Tuple[oim_search.Index, oim_search.Index],
) -> None:
    embedded, cluster = pushed
    assert cluster.backend.startswith("OpenSearch at http://")
    queries: List[Dict[str, Any]] = judged_queries("relevance")
    agree = 0
    for query in queries:
        text, filters = query["q"], query["filters"]
        mine, theirs = embedded.search(text, **filters), cluster.search(text, **filters)
        assert comparable(theirs) == comparable(mine), text
        agree += [h.id for h in mine.hits[:1]] == [h.id for h in theirs.hits[:1]]
        codes = [note["code"] for note in theirs.to_dict()["notes"]]
        assert "other_backend" in codes, text
    # the bar for the first hit: 90 % of the queries
    assert agree >= 0.9 * len(queries), f"top-1 agrees on {agree} of {len(queries)}"


@needs_cluster
def test_browse_get_and_facets_come_from_the_cluster_alike(
    pushed: Tuple[oim_search.Index, oim_search.Index],
) -> None:
    embedded, cluster = pushed
    assert comparable(cluster.search("")) == comparable(embedded.search(""))
    assert cluster.facets() == embedded.facets()
    first = embedded.search("diaspora").hits[0].id
    mine, theirs = embedded.get(first), cluster.get(first)
    assert theirs is not None and mine is not None
    assert theirs.to_dict() == mine.to_dict()
    assert cluster.get("no-such-page") is None
