"""The Python answers are the command line's: for every query of the judged
sets, `SearchResults.to_dict()` equals `oim-search search --json` once parsed
(`took_ms` aside), and so do the answers with every switch of search."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import oim_search

from conftest import JUDGED_SETS, cli_json, judged_queries, run_cli

CASES: List[Tuple[str, int, Dict[str, Any]]] = [
    (name, n, query) for name in JUDGED_SETS for n, query in enumerate(judged_queries(name))
]


def cli_flags(filters: Dict[str, Any]) -> List[str]:
    """A fixture's filters as command-line flags."""
    flags = []
    for key, value in filters.items():
        for one in value if isinstance(value, list) else [value]:
            flags += [f"--{key}", str(one)]
    return flags


def sampled(n: int, query: Dict[str, Any]) -> bool:
    """The queries also asked one process each (`search --json QUERY`):
    the first three of each set and every query with filters; the others
    are asked in one `--batch` process per set, which prints the same
    objects (a debug binary takes a second or two per process)."""
    return n < 3 or bool(query["filters"])


@pytest.fixture(scope="module")
def cli_answers(
    cli: Path, judged_index: Dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Dict[Tuple[str, int], Dict[str, Any]]:
    """The command line's answer to every judged query: from `--batch`, and
    from `search --json QUERY` for the sampled ones (which must agree)."""
    answers: Dict[Tuple[str, int], Dict[str, Any]] = {}
    for name in JUDGED_SETS:
        batch = tmp_path_factory.mktemp("batch") / "queries.jsonl"
        lines = [json.dumps({"q": q["q"], **q["filters"]}) for q in judged_queries(name)]
        batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
        done = run_cli(cli, judged_index[name], "search", "--batch", str(batch))
        assert done.returncode == 0, done.stderr
        for n, line in enumerate(done.stdout.splitlines()):
            answer = json.loads(line)
            answer.pop("took_ms")
            answers[(name, n)] = answer
        assert len(lines) == len(done.stdout.splitlines())

    def one(case: Tuple[str, int, Dict[str, Any]]) -> Tuple[Tuple[str, int], Dict[str, Any]]:
        name, n, query = case
        args = cli_flags(query["filters"]) + ["--", query["q"]]
        return (name, n), cli_json(cli, judged_index[name], *args)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for key, answer in pool.map(one, [c for c in CASES if sampled(c[1], c[2])]):
            assert answer == answers[key], f"--json and --batch differ on {key}"
    return answers


@pytest.fixture(scope="module")
def indexes(judged_index: Dict[str, Path]) -> Dict[str, oim_search.Index]:
    return {name: oim_search.Index.open(path) for name, path in judged_index.items()}


@pytest.mark.parametrize(
    "name,n,query", CASES, ids=[f"{name}-{n + 1}" for name, n, _ in CASES]
)
def test_judged_query_matches_the_cli(
    name: str,
    n: int,
    query: Dict[str, Any],
    indexes: Dict[str, oim_search.Index],
    cli_answers: Dict[Tuple[str, int], Dict[str, Any]],
) -> None:
    results = indexes[name].search(query["q"], **query["filters"])
    mine = results.to_dict()
    mine.pop("took_ms")
    assert mine == cli_answers[(name, n)]
    # the typed view agrees with the dict
    assert results.total == mine["total"]
    assert [hit.id for hit in results.hits] == [hit["id"] for hit in mine["hits"]]


SWITCHES: List[Tuple[str, Dict[str, Any], List[str]]] = [
    ("migrants", {"sort": "budget", "order": "asc"}, ["--sort", "budget", "--asc"]),
    ("migrants", {"sort": "year", "order": "desc"}, ["--sort", "year", "--desc"]),
    ("traite enfants", {"match": "all"}, ["--match", "all"]),
    ("traite enfants", {"match": "any"}, ["--match", "any"]),
    ("diaspra", {"typo": False}, ["--no-typo"]),
    ("diaspra", {}, []),
    ("diasp", {"prefix": True}, ["--prefix"]),
    ("migration", {"limit": 3, "offset": 2}, ["--limit", "3", "--offset", "2"]),
    ("migration", {"limit": 0}, ["--limit", "0"]),
    ("santé", {"snippet_chars": 60}, ["--snippet-chars", "60"]),
    ("santé", {"aggregates": False}, ["--no-aggregates"]),
    (
        "frontières",
        {"budget_min": 50000, "budget_max": 300000.5},
        ["--budget-min", "50000", "--budget-max", "300000.5"],
    ),
    ("", {"year_min": 2019, "year_max": 2022}, ["--year-min", "2019", "--year-max", "2022"]),
    ("", {"region": ["Afrique", "Europe"]}, ["--region", "Afrique", "--region", "Europe"]),
    ("diaspora", {"country": "Lesotho", "kind": "news"}, ["--country", "Lesotho", "--kind", "news"]),
    ("", {"year": [2019, "2020"]}, ["--year", "2019", "--year", "2020"]),
    ("réfugiés -Venezuela \"région andine\"", {}, []),
    ("region:Afrique diaspora", {}, []),
]


@pytest.mark.parametrize("query,kwargs,flags", SWITCHES, ids=[f"{q}-{f}" for q, _, f in SWITCHES])
def test_switches_match_the_cli(
    query: str,
    kwargs: Dict[str, Any],
    flags: List[str],
    cli: Path,
    judged_index: Dict[str, Path],
    indexes: Dict[str, oim_search.Index],
) -> None:
    mine = indexes["relevance"].search(query, **kwargs).to_dict()
    mine.pop("took_ms")
    assert mine == cli_json(cli, judged_index["relevance"], *flags, "--", query)
