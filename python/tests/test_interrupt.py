"""Ctrl-C during an index run stops it cleanly: nothing is committed, the
old index answers as before, the write lock is released, and the next run
completes. A first build interrupted leaves no index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

import oim_search

from conftest import FIXTURES, corpus_copy

PAGES = 1500


def grow(corpus: Path, pages: int = PAGES) -> None:
    """Adds `pages` new pages (the judged pages, each with a line of its own)
    and changes every page already there, so a run has much to do."""
    sources = sorted((FIXTURES / "relevance").glob("*.txt"))
    for page in corpus.glob("*.txt"):
        page.write_text(page.read_text(encoding="utf-8") + "\nPage modifiée.\n", encoding="utf-8")
    for n in range(pages):
        source = sources[n % len(sources)]
        text = source.read_text(encoding="utf-8")
        (corpus / f"copy{n:05}.txt").write_text(text + f"\nCopie numéro {n}.\n", encoding="utf-8")


def state(index: oim_search.Index) -> Dict[str, Any]:
    """What a user sees of an index."""
    index.refresh()
    answer = index.search("diaspora basotho").to_dict()
    answer.pop("took_ms")
    doc = index.get("r001_lesotho_diaspora")
    return {"docs": index.num_docs, "answer": answer, "body": doc.body if doc else None}


def test_an_exception_from_the_progress_callback_keeps_the_old_index(tmp_path: Path) -> None:
    corpus = corpus_copy(FIXTURES / "relevance", tmp_path / "corpus")
    index = oim_search.Index.build(corpus, tmp_path / "index")
    before = state(index)
    grow(corpus)
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.update(corpus, progress=progress)
    assert len(calls) == 1
    assert state(index) == before
    # another process sees the old index too
    assert state(oim_search.Index.open(tmp_path / "index")) == before
    # the lock was released and nothing is left over: the next run completes
    report = index.update(corpus)
    assert report.documents == 48 + PAGES
    assert report.to_dict()["updated"] == 48
    assert state(index)["body"].endswith("Page modifiée.")


@pytest.fixture()
def ctrl_c_raises() -> Iterator[None]:
    """Python's own Ctrl-C handler, as in a terminal (a process started in
    the background by a shell inherits SIGINT ignored, and Python then
    installs none)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_keeps_the_old_index(tmp_path: Path, ctrl_c_raises: None) -> None:
    """A real SIGINT, sent from another thread while the run is in Rust."""
    corpus = corpus_copy(FIXTURES / "relevance", tmp_path / "corpus")
    index = oim_search.Index.build(corpus, tmp_path / "index")
    before = state(index)
    grow(corpus)
    started = threading.Event()

    def send_sigint() -> None:
        started.wait()
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=send_sigint)
    sender.start()
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        started.set()

    try:
        with pytest.raises(KeyboardInterrupt):
            index.update(corpus, progress=progress)
            # should the run finish first, the interrupt lands here
            threading.Event().wait(30)
    finally:
        started.set()
        sender.join()
    assert seen and seen[-1] < PAGES + 48, "interrupted before the end"
    assert state(index) == before
    assert index.update(corpus).documents == 48 + PAGES


def test_an_interrupted_first_build_creates_no_index(tmp_path: Path) -> None:
    corpus = corpus_copy(FIXTURES / "relevance", tmp_path / "corpus")
    grow(corpus, 300)

    def progress(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        oim_search.Index.build(corpus, tmp_path / "index", progress=progress)
    with pytest.raises(oim_search.NoIndex):
        oim_search.Index.open(tmp_path / "index")
    # nothing left in the way of the next build
    assert oim_search.Index.build(corpus, tmp_path / "index").num_docs == 348


def test_ctrl_c_in_a_script(tmp_path: Path) -> None:
    """As a user sees it: a script interrupted by SIGINT from outside exits
    with KeyboardInterrupt and the index keeps its documents."""
    corpus = corpus_copy(FIXTURES / "relevance", tmp_path / "corpus")
    oim_search.Index.build(corpus, tmp_path / "index")
    grow(corpus)
    script = textwrap.dedent(
        """
        import signal, sys, oim_search
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal
        index = oim_search.Index.open(sys.argv[2])
        def progress(done, total):
            if done:
                print("running", flush=True)
        index.update(sys.argv[1], progress=progress)
        print("finished", flush=True)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(corpus), str(tmp_path / "index")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "running"
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=300)
    assert "finished" not in out
    assert "KeyboardInterrupt" in err
    assert child.returncode != 0
    assert oim_search.Index.open(tmp_path / "index").num_docs == 48
