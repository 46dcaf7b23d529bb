"""The rest of the Python API: typed results, documents, facets, writing
with a context manager, synonyms, export as rows and as files (the same
bytes as the command line's)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Dict

import pytest

import oim_search

from conftest import cli_json, run_cli


def test_results_are_typed_objects(small_index: oim_search.Index) -> None:
    results = small_index.search("diaspora Lesotho", region="Afrique")
    assert isinstance(results, oim_search.SearchResults)
    top = results.hits[0]
    assert isinstance(top, oim_search.Hit)
    assert top.id == "r001_lesotho_diaspora"
    assert top.region == "Afrique" and "Lesotho" in top.countries
    assert "diaspora" in top.snippet.lower()
    for start, end in top.highlights:
        assert 0 <= start < end <= len(top.snippet)
    assert results.facets["country"]["Lesotho"] >= 1
    assert results.aggregates is not None and results.aggregates["budget_usd"] > 0
    assert len(results) == len(results.hits) == len(list(results))
    assert results.match_mode == "auto" and results.sort == "relevance"
    # counting tiers (None and 0 from an engine without them)
    assert results.partial_total >= 0
    assert results.counted in (None, "all", "most", "any")
    assert all(hit.tier in (None, "all", "most", "partial") for hit in results.hits)
    # every JSON key is an attribute, new ones included
    assert results.fallback_any is False
    assert getattr(results, "match") == "auto"
    with pytest.raises(AttributeError, match="has no attribute `colour`"):
        results.colour  # noqa: B018
    # copies are equal and independent
    import copy
    import pickle

    assert copy.deepcopy(results) == results
    assert pickle.loads(pickle.dumps(top)) == top
    # to_dict is a copy
    d = results.to_dict()
    d["hits"].clear()
    assert results.hits


def test_pagination(small_index: oim_search.Index) -> None:
    everything = [h.id for h in small_index.search("migration", limit=20).hits]
    page = [h.id for h in small_index.search("migration", limit=5, offset=5).hits]
    assert page == everything[5:10]


def test_corrections_expansions_dropped(small_index: oim_search.Index) -> None:
    assert small_index.search("diaspra").corrections
    assert small_index.search("RDC traite").expansions
    assert "xyzzyq" in small_index.search("diaspora xyzzyq").dropped


def test_get_and_facets(small_index: oim_search.Index) -> None:
    doc = small_index.get("r001_lesotho_diaspora")
    assert isinstance(doc, oim_search.Document)
    assert doc.region == "Afrique" and doc.countries == ["Lesotho"]
    assert small_index.get("nope") is None
    assert "r001_lesotho_diaspora" in small_index
    facets = small_index.facets()
    assert set(facets) == set(oim_search.FACETS)
    assert sum(facets["kind"].values()) == small_index.num_docs == 48


def test_writer_adds_replaces_deletes(small_index: oim_search.Index) -> None:
    with small_index.writer() as w:
        w.add(oim_search.Document(id="mine", title="Cartographie des diasporas", body="Une cartographie.", region="Europe", countries=["Moldova"]))
        w.add({"id": "other", "type": "Gestion des migrations", "title": "Autre"})
        w.delete("r002_eswatini_diaspora")
        assert small_index.get("mine") is None, "not visible before the commit"
    assert small_index.num_docs == 49
    mine = small_index.get("mine")
    assert mine is not None and mine.title == "Cartographie des diasporas"
    other = small_index.get("other")
    assert other is not None and other.project_type == "Gestion des migrations"
    assert small_index.search("cartographie").hits[0].id == "mine"
    with small_index.writer() as w:
        w.replace({"id": "mine", "title": "Nouvelle cartographie"})
    replaced = small_index.get("mine")
    assert replaced is not None and replaced.title == "Nouvelle cartographie"
    assert small_index.num_docs == 49


def test_writer_discards_on_exception(small_index: oim_search.Index) -> None:
    with pytest.raises(RuntimeError):
        with small_index.writer() as w:
            w.add({"id": "ghost", "title": "Fantôme"})
            w.delete("r001_lesotho_diaspora")
            raise RuntimeError("changed my mind")
    assert small_index.get("ghost") is None
    assert small_index.get("r001_lesotho_diaspora") is not None
    # the lock is released
    with small_index.writer() as w:
        w.add({"id": "real", "title": "Réel"})
    assert small_index.get("real") is not None


def test_writer_commit_inside_the_block(small_index: oim_search.Index) -> None:
    with small_index.writer() as w:
        w.add({"id": "first", "title": "Premier"})
        w.commit()
        assert small_index.get("first") is not None
        w.add({"id": "second", "title": "Second"})
        assert w.pending == 1
    assert small_index.get("second") is not None


def test_create_an_empty_index(tmp_path: Path) -> None:
    index = oim_search.Index.create(tmp_path / "new")
    assert index.num_docs == 0
    assert index.search("x").total == 0
    with index.writer() as w:
        w.add({"id": "a", "title": "Santé des migrants", "body": "Santé."})
    assert oim_search.Index.open(tmp_path / "new").search("sante").hits[0].id == "a"


def test_user_synonyms(tmp_path: Path, small_index: oim_search.Index) -> None:
    query = "zorglub"
    assert small_index.search(query).total == 0
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("zorglub => diaspora basotho\n", encoding="utf-8")
    with_synonyms = oim_search.Index.open(small_index.path, synonyms=synonyms)
    results = with_synonyms.search(query)
    assert results.total > 0
    assert "zorglub → diaspora basotho" in results.expansions


def test_build_reports_progress(tmp_path: Path) -> None:
    from conftest import FIXTURES, corpus_copy

    corpus = corpus_copy(FIXTURES / "relevance", tmp_path / "corpus")
    seen = []
    index = oim_search.Index.build(corpus, tmp_path / "index", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1] == (48, 48)
    assert index.report is not None and index.report.indexed == 48
    again = index.update(corpus)
    assert (again.indexed, again.unchanged) == (0, 48)
    assert index.update(corpus, full=True).indexed == 48


def test_export_rows_suit_a_dataframe(small_index: oim_search.Index) -> None:
    rows = list(small_index.export("migrants", region="Afrique"))
    total = small_index.search("migrants", region="Afrique").total
    assert len(rows) == total > 0
    assert all(list(row) == list(oim_search.EXPORT_COLUMNS) for row in rows)
    # in the search's order, every match (no paging)
    ids = [h.id for h in small_index.search("migrants", region="Afrique", limit=1000).hits]
    assert [row["id"] for row in rows] == ids
    years = [row["start_year"] for row in rows if row["start_year"] is not None]
    assert years and all(isinstance(y, int) for y in years)
    assert all(isinstance(row["region_inferred"], bool) for row in rows)
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(small_index.export("migrants", region="Afrique"))
    assert len(frame) == total


def test_export_can_stop_early(small_index: oim_search.Index) -> None:
    rows = small_index.export("")
    assert next(rows)["id"]
    del rows  # the export thread ends when the reader goes away
    assert len(list(small_index.export(""))) == 48


def test_export_files_are_the_cli_files(
    tmp_path: Path, small_index: oim_search.Index, cli: Path
) -> None:
    index_dir = Path(small_index.path)
    for name, fmt, flags in [
        ("out.csv", None, ["--format", "csv"]),
        ("excel.csv", "excel-csv", ["--format", "csv", "--excel"]),
    ]:
        rows = small_index.export_to(tmp_path / name, "frontières", format=fmt)
        done = run_cli(cli, index_dir, "search", "frontières", *flags, "--output", str(tmp_path / f"cli-{name}"))
        assert done.returncode == 0, done.stderr
        assert (tmp_path / name).read_bytes() == (tmp_path / f"cli-{name}").read_bytes()
        assert rows == small_index.search("frontières").total
    n = small_index.export_to(tmp_path / "out.xlsx", "frontières")
    assert n == small_index.search("frontières").total
    with zipfile.ZipFile(tmp_path / "out.xlsx") as book:
        assert "xl/worksheets/sheet1.xml" in book.namelist()
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as f:
        assert len(list(csv.reader(f))) == n + 1


def test_the_json_of_a_cli_answer_and_python_agree_on_an_empty_query(
    small_index: oim_search.Index, cli: Path
) -> None:
    mine: Dict[str, object] = small_index.search("", limit=20).to_dict()
    mine.pop("took_ms")
    assert mine == cli_json(cli, Path(small_index.path), "--limit", "20")
