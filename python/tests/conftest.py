"""Shared fixtures: the `oim-search` command line the answers are compared
with, and indexes built from the judged fixture sets (by the Python package,
then read by both)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import oim_search

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
# every judged set of the repository (tests/fixtures/*/queries.jsonl)
JUDGED_SETS = tuple(sorted(p.parent.name for p in FIXTURES.glob("*/queries.jsonl")))


def judged_queries(name: str) -> List[Dict[str, Any]]:
    """The queries of one judged set, as objects."""
    with open(FIXTURES / name / "queries.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `oim-search` binary: $OIM_SEARCH_BIN, else target/debug/oim-search
    (built with cargo when missing)."""
    given = os.environ.get("OIM_SEARCH_BIN")
    if given:
        return Path(given)
    binary = REPO / "target" / "debug" / "oim-search"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--bin", "oim-search"], cwd=REPO, check=True)
    return binary


def run_cli(cli: Path, index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line on `index` with colours and progress off."""
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [str(cli), "--index", str(index), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(index.parent),
    )


def cli_json(cli: Path, index: Path, *args: str) -> Dict[str, Any]:
    """`oim-search search --json ARGS` parsed, `took_ms` left out."""
    done = run_cli(cli, index, "search", "--json", *args)
    assert done.returncode in (0, 1), done.stderr
    answer: Dict[str, Any] = json.loads(done.stdout)
    answer.pop("took_ms")
    return answer


def corpus_copy(source: Path, target: Path) -> Path:
    """The `.txt` pages of `source` copied into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for page in source.glob("*.txt"):
        shutil.copy(page, target / page.name)
    return target


@pytest.fixture(scope="session")
def judged_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Path]]:
    """An index of each judged set, built by the Python package."""
    out = {}
    for name in JUDGED_SETS:
        root = tmp_path_factory.mktemp(name)
        corpus = corpus_copy(FIXTURES / name, root / "corpus")
        index = oim_search.Index.build(corpus, root / "index")
        assert index.num_docs > 0
        out[name] = root / "index"
        del index
    yield out


@pytest.fixture()
def small_index(tmp_path: Path) -> oim_search.Index:
    """A fresh index of the relevance pages, for tests that write."""
    corpus = corpus_copy(FIXTURES / "relevance", tmp_path / "corpus")
    return oim_search.Index.build(corpus, tmp_path / "index")
