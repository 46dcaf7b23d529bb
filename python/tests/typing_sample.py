"""Code as a user writes it, checked by `mypy --strict` in CI (not a test
module): the package's annotations and stubs must type it without errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import oim_search


def top_titles(index: oim_search.Index, query: str) -> List[str]:
    results: oim_search.SearchResults = index.search(
        query, region=["Afrique"], year=2024, budget_min=1000.0, sort="budget", order="asc", limit=5
    )
    counts: Dict[str, Dict[str, int]] = results.facets
    assert isinstance(counts, dict)
    hits: List[oim_search.Hit] = results.hits
    return [hit.title for hit in hits if hit.score > 0 and hit.budget_usd is not None]


def rows(index: oim_search.Index) -> Iterator[Dict[str, Any]]:
    return index.export("migration", country="Lesotho")


def write(index: oim_search.Index) -> Optional[oim_search.Document]:
    with index.writer() as w:
        w.add(oim_search.Document(id="p1", title="Diaspora", countries=["Lesotho"]))
        w.delete("p2")
    return index.get("p1")


def build(corpus: Path) -> int:
    def progress(done: int, total: int) -> None:
        print(done, total)

    try:
        index = oim_search.Index.build(corpus, corpus.parent / "index", progress=progress)
    except oim_search.UnknownFacetValue as e:
        suggestion: Optional[str] = e.suggestion
        print(suggestion)
        return 0
    except oim_search.Error as e:
        print(e.message, e.path)
        return 0
    report: Optional[oim_search.IndexReport] = index.report
    return report.documents if report is not None else 0
