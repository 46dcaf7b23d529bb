"""Core errors arrive as the exceptions of `oim_search.errors`, with the
engine's message (value and fix) and their parts as attributes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import oim_search
from oim_search import errors


def test_every_exception_is_an_error() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(oim_search, name), oim_search.Error)


def test_no_index(tmp_path: Path) -> None:
    with pytest.raises(oim_search.NoIndex) as caught:
        oim_search.Index.open(tmp_path / "nothing")
    assert caught.value.path == str(tmp_path / "nothing")
    assert "run `oim-search index` to build it" in str(caught.value)


def test_unknown_facet_value_has_a_suggestion(small_index: oim_search.Index) -> None:
    with pytest.raises(oim_search.UnknownFacetValue) as caught:
        small_index.search("santé", region="Afrik")
    e = caught.value
    assert (e.facet, e.value, e.suggestion) == ("region", "Afrik", "Afrique")
    assert "Afrique" in e.valid
    assert "did you mean `Afrique`?" in str(e)
    # also an InvalidQuery and a ValueError
    assert isinstance(e, oim_search.InvalidQuery) and isinstance(e, ValueError)


def test_unknown_facet_value_without_close_value(small_index: oim_search.Index) -> None:
    with pytest.raises(oim_search.UnknownFacetValue) as caught:
        small_index.search("", status="zzzzzzzz")
    assert caught.value.suggestion is None


@pytest.mark.parametrize(
    "kwargs,what",
    [
        ({"limit": 5000}, "limit"),
        ({"limit": -1}, "limit"),
        ({"offset": 200_000}, "offset"),
        ({"sort": "price"}, "sort"),
        ({"match": "some"}, "match"),
        ({"budget_min": "cheap"}, "budget_min"),
        ({"budget_min": 500, "budget_max": 100}, None),
        ({"region": {"a": 1}}, "region"),
    ],
)
def test_invalid_query(small_index: oim_search.Index, kwargs: dict, what: str) -> None:
    with pytest.raises(oim_search.InvalidQuery) as caught:
        small_index.search("migration", **kwargs)
    if what is not None:
        assert caught.value.what == what
    assert str(caught.value).startswith("invalid ")


def test_unknown_filter_is_a_type_error(small_index: oim_search.Index) -> None:
    with pytest.raises(TypeError, match="unknown filter `colour`"):
        small_index.export("", colour="red")


def test_index_locked_by_another_writer(small_index: oim_search.Index) -> None:
    other = oim_search.Index.open(small_index.path)
    with small_index.writer():
        with pytest.raises(oim_search.IndexLocked) as caught:
            with other.writer():
                pass
        assert "being written by another process" in str(caught.value)
    # released: the other writer gets it now
    with other.writer() as w:
        w.delete("r001_lesotho_diaspora")
    other.refresh()
    assert other.get("r001_lesotho_diaspora") is None


def test_index_locked_by_another_process(small_index: oim_search.Index) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, oim_search\n"
            "i = oim_search.Index.open(sys.argv[1])\n"
            "with i.writer():\n"
            "    print('locked', flush=True)\n"
            "    sys.stdin.readline()\n",
            small_index.path,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(oim_search.IndexLocked):
            small_index.writer().__enter__()
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0


def test_no_corpus(tmp_path: Path) -> None:
    with pytest.raises(oim_search.NoCorpus) as caught:
        oim_search.Index.build(tmp_path / "missing", tmp_path / "index")
    assert caught.value.path == str(tmp_path / "missing")


def test_nothing_to_index(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "empty.txt").write_text("  ")
    with pytest.raises(oim_search.IndexRunRefused, match="empty file"):
        oim_search.Index.build(tmp_path / "corpus", tmp_path / "index")
    with pytest.raises(oim_search.NoIndex):
        oim_search.Index.open(tmp_path / "index")


def test_foreign_index_is_refused(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text("{}")
    with pytest.raises(oim_search.DamagedIndex, match="did not write"):
        oim_search.Index.open(tmp_path)


def test_invalid_synonyms(tmp_path: Path, small_index: oim_search.Index) -> None:
    bad = tmp_path / "syn.txt"
    bad.write_text("passeur\n")
    with pytest.raises(oim_search.InvalidSynonyms) as caught:
        oim_search.Index.open(small_index.path, synonyms=bad)
    assert caught.value.value == f"{bad}:1"


def test_invalid_documents(small_index: oim_search.Index) -> None:
    with small_index.writer() as w:
        with pytest.raises(oim_search.InvalidDocument, match="unknown field `colour`"):
            w.add({"id": "x", "colour": "red"})
        with pytest.raises(oim_search.InvalidDocument, match="empty `id`"):
            w.add({"id": " "})
        with pytest.raises(oim_search.UnknownDocument) as caught:
            w.replace({"id": "no-such-page", "title": "t"})
        assert caught.value.id == "no-such-page"


def test_export_error(tmp_path: Path, small_index: oim_search.Index) -> None:
    with pytest.raises(oim_search.ExportError, match="cannot create"):
        small_index.export_to(tmp_path / "no" / "such" / "dir.csv", "migration")
    with pytest.raises(oim_search.InvalidQuery, match="unknown format `ods`"):
        small_index.export_to(tmp_path / "out.ods", "migration", format="ods")
