"""The Python example of python/README.md, docs/python.md and README.md runs as
written on a copy of the repository's corpus/, and prints the top hit that
`oim-search search "diaspora Lesotho"` shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, cli_json

MARKER = "<!-- python-readme-example -->"


def example(doc: Path) -> str:
    """The ```python block after the marker."""
    text = doc.read_text(encoding="utf-8")
    assert MARKER in text, f"{doc} lost its example marker"
    block = text.split(MARKER, 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    return block


@pytest.mark.parametrize("doc", ["python/README.md", "docs/python.md", "README.md"])
def test_readme_example_runs_as_written(doc: str, tmp_path: Path, cli: Path) -> None:
    code = example(REPO / doc)
    assert code == example(REPO / "python/README.md"), "the two documents show the same example"
    assert len(code.strip().splitlines()) == 4
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    answer = cli_json(cli, tmp_path / "index", "diaspora Lesotho")
    top = answer["hits"][0]
    assert top["id"] == "003_30687b3d87caff90"
    assert done.stdout.startswith(f"{answer['total']} {top['title']} ")
    assert "'Lesotho': 1" in done.stdout
