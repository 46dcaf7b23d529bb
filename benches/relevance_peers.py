#!/usr/bin/env python3
"""Plain lexical baselines on the judged relevance sets, for side-by-side figures.

  python3 benches/relevance_peers.py [--lucene] [--title-weight 3] [--json]

Runs every judged query of tests/fixtures/relevance and tests/fixtures/relevance-hard
(each set on its own pages) through:

- sqlite-fts5: SQLite FTS5 through Python's sqlite3, tokenizer `unicode61 remove_diacritics 2`,
  the query as an OR of its words, ranked by bm25() with the title column weighted
  (--title-weight, body 1). No stemming, no stop words: the plain OR-of-words BM25.
- lucene-fr (with --lucene): Lucene's FrenchAnalyzer (elision, French stop words,
  light French stemming; the analysis of Elasticsearch's `french` analyzer) and BM25
  (k1 0.9, b 0.4), the query as an OR of its analysed words, through Anserini 0.22.1
  on the Java that is installed (OpenJDK 17). Its fat jar comes from the pyserini==0.22.1
  wheel, fetched once with `pip download --no-deps` into --cache (default under /tmp);
  nothing is committed. Title and body go into one field.

Both index the title and the text after the site's menu (metadata lines included, as
the engine's fields are). Facet filters of a judgement are applied after ranking, from
the page metadata, the way oim-search reads it (`year` is the start year, else `Année`,
else the end year; `kind` is `news` for a page without metadata).

The figures use the definitions of src/eval.rs: binary nDCG@10, reciprocal rank of the
first relevant hit in the top 10, recall@10 over min(10, relevant), top-1 over the
queries that judge a `top1`; a query judged with `"relevant": []` scores 1 in every
figure (top-1 included) when nothing comes back and 0 otherwise. Python 3 standard
library only (plus `pip` and `java` for --lucene).
"""
import argparse
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETS = ["relevance", "relevance-hard"]
MENU_END = "- 2030 AGENDA\n"
BUDGET_BUCKETS = [("0-50000", 0, 50_000), ("50000-100000", 50_000, 100_000),
                  ("100000-200000", 100_000, 200_000), ("200000-300000", 200_000, 300_000),
                  ("300000+", 300_000, math.inf)]
PYSERINI = "pyserini==0.22.1"
JAR_IN_WHEEL = "pyserini/resources/jars/anserini-0.22.1-fatjar.jar"


# ------------------------------------------------------------------ pages
def fold(s):
    """Lower case without accents, for comparing facet values."""
    s = unicodedata.normalize("NFD", s.replace("’", "'").lower())
    return "".join(c for c in s if not unicodedata.combining(c)).strip()


def parse_metadata(lines):
    """Field label -> value, from layout A (`  • Label` / value) or B (`-` / Label / value)."""
    fields = {}
    for i, line in enumerate(lines[:80]):
        if line.strip().startswith("•") and i + 1 < len(lines):
            fields[fold(line.strip()[1:])] = lines[i + 1].strip()
        elif line == "-" and i + 2 < len(lines):
            fields.setdefault(fold(lines[i + 1]), lines[i + 2].strip())
    return fields


def year_of(value):
    m = re.search(r"(19|20)\d\d", value or "")
    return int(m.group(0)) if m else None


def read_page(path):
    with open(path, encoding="utf-8") as f:
        text = unicodedata.normalize("NFC", f.read())
    cut = text.find(MENU_END)  # layouts B and C: the menu is never indexed
    if text.startswith("-\n") and cut >= 0:
        text = text[cut + len(MENU_END):]
    title, _, body = text.lstrip("\n").partition("\n")
    meta = parse_metadata(body.split("\n"))
    budget = None
    raw = meta.get("budget amount (usd)")
    if raw:
        digits = re.sub(r"[\s\u00a0\u202f]", "", raw).replace(",", ".")
        try:
            budget = float(digits)
        except ValueError:
            budget = None
    years = [year_of(meta.get(k)) for k in ("date de debut", "annee", "date de fin")]
    facets = {
        "region": meta.get("idf region"),
        "type": meta.get("type de projet"),
        "status": meta.get("statut du projet"),
        "coverage": meta.get("couverture"),
        "kind": "project" if meta else "news",
        "budget": next((k for k, lo, hi in BUDGET_BUCKETS if budget is not None and lo <= budget < hi), None),
        "year": next((str(y) for y in years if y), None),
    }
    return {"id": os.path.basename(path)[:-4], "title": title.strip(), "body": body, "facets": facets}


def read_set(name):
    folder = os.path.join(ROOT, "tests", "fixtures", name)
    pages = [read_page(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.endswith(".txt")]
    with open(os.path.join(folder, "queries.jsonl"), encoding="utf-8") as f:
        judgements = [json.loads(l) for l in f if l.strip()]
    return pages, judgements


def passes(page, filters):
    for key, wanted in (filters or {}).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if key not in page["facets"]:
            raise SystemExit(f"filter {key!r} is not supported by this script")
        have = page["facets"][key]
        if have is None or fold(str(have)) not in {fold(str(v)) for v in values}:
            return False
    return True


def query_words(q):
    """The query's words, as FTS5's unicode61 tokenizer would split them."""
    return re.findall(r"\w+", q)


# ------------------------------------------------------------------ metrics (src/eval.rs)
def score(j, ids):
    relevant = j["relevant"]
    if not relevant:
        ok = 1.0 if not ids else 0.0
        return {"rr": ok, "ndcg": ok, "recall": ok, "top1": not ids}
    first = next((i + 1 for i, d in enumerate(ids) if d in relevant), None)
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ids) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return {
        "rr": 1 / first if first else 0.0,
        "ndcg": dcg / ideal,
        "recall": sum(1 for d in ids if d in relevant) / min(len(relevant), 10),
        "top1": None if j.get("top1") is None else (ids[:1] == [j["top1"]]),
    }


def figures(scores):
    n = max(len(scores), 1)
    judged = [s["top1"] for s in scores if s["top1"] is not None]
    return {
        "queries": len(scores),
        "mrr": sum(s["rr"] for s in scores) / n,
        "ndcg_at_10": sum(s["ndcg"] for s in scores) / n,
        "top1_accuracy": sum(judged) / max(len(judged), 1),
        "recall_at_10": sum(s["recall"] for s in scores) / n,
    }


def evaluate(judgements, ranked):
    """ranked[i]: the page ids the system returned for judgement i, best first, unfiltered."""
    scores = [score(j, r[:10]) for j, r in zip(judgements, ranked)]
    report = {"all": figures(scores), "categories": {}}
    for cat in dict.fromkeys(j.get("category") for j in judgements if j.get("category")):
        report["categories"][cat] = figures([s for j, s in zip(judgements, scores) if j.get("category") == cat])
    return report


# ------------------------------------------------------------------ SQLite FTS5
def run_fts5(pages, judgements, title_weight):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, id UNINDEXED,"
               " tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO docs(id, title, body) VALUES (?,?,?)",
                   [(p["id"], p["title"], p["body"]) for p in pages])
    by_id = {p["id"]: p for p in pages}
    ranked = []
    for j in judgements:
        words = query_words(j["q"])
        if not words:
            ranked.append([])
            continue
        expr = " OR ".join('"%s"' % w for w in words)
        rows = db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, ?, 1.0)",
                          (expr, title_weight)).fetchall()
        ranked.append([r[0] for r in rows if passes(by_id[r[0]], j.get("filters"))])
    return ranked


# ------------------------------------------------------------------ Lucene (Anserini)
def anserini_jar(cache):
    jar = os.path.join(cache, os.path.basename(JAR_IN_WHEEL))
    if os.path.exists(jar):
        return jar
    os.makedirs(cache, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", PYSERINI, "-d", cache],
                   check=True)
    wheel = next(os.path.join(cache, f) for f in os.listdir(cache) if f.startswith("pyserini-") and f.endswith(".whl"))
    with zipfile.ZipFile(wheel) as z, z.open(JAR_IN_WHEEL) as src, open(jar + ".part", "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.replace(jar + ".part", jar)
    return jar


def run_lucene(pages, judgements, jar):
    by_id = {p["id"]: p for p in pages}
    with tempfile.TemporaryDirectory(prefix="relevance_peers_") as tmp:
        docs = os.path.join(tmp, "docs")
        os.makedirs(docs)
        with open(os.path.join(docs, "docs.jsonl"), "w", encoding="utf-8") as f:
            for p in pages:
                f.write(json.dumps({"id": p["id"], "contents": p["title"] + "\n" + p["body"]}, ensure_ascii=False) + "\n")
        index = os.path.join(tmp, "index")
        java = ["java", "-cp", jar]
        subprocess.run(java + ["io.anserini.index.IndexCollection", "-collection", "JsonCollection",
                               "-input", docs, "-index", index, "-generator", "DefaultLuceneDocumentGenerator",
                               "-threads", "1", "-storePositions", "-storeDocvectors", "-language", "fr"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        topics = os.path.join(tmp, "topics.tsv")
        with open(topics, "w", encoding="utf-8") as f:
            for i, j in enumerate(judgements):
                # tabs and line breaks would break the TSV; words are all Lucene needs
                f.write(f"{i}\t{' '.join(query_words(j['q'])) or 'zzzz'}\n")
        run = os.path.join(tmp, "run.txt")
        subprocess.run(java + ["io.anserini.search.SearchCollection", "-index", index, "-topics", topics,
                               "-topicreader", "TsvInt", "-output", run, "-bm25", "-hits", "1000",
                               "-language", "fr", "-threads", "1"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hits = {}
        with open(run, encoding="utf-8") as f:
            for line in f:
                qid, _, doc, rank, _score, _tag = line.split()
                hits.setdefault(int(qid), []).append((int(rank), doc))
    ranked = []
    for i, j in enumerate(judgements):
        ids = [d for _, d in sorted(hits.get(i, []))]
        ranked.append([d for d in ids if passes(by_id[d], j.get("filters"))])
    return ranked


# ------------------------------------------------------------------ output
def print_table(system, name, report):
    a = report["all"]
    print(f"{system:<12} {name:<15} {'all':<10} {a['queries']:>3}  nDCG@10 {a['ndcg_at_10']:.3f}  "
          f"top-1 {a['top1_accuracy']:.3f}  recall@10 {a['recall_at_10']:.3f}  MRR {a['mrr']:.3f}")
    for cat, f in report["categories"].items():
        print(f"{'':<12} {'':<15} {cat:<10} {f['queries']:>3}  nDCG@10 {f['ndcg_at_10']:.3f}  "
              f"top-1 {f['top1_accuracy']:.3f}  recall@10 {f['recall_at_10']:.3f}  MRR {f['mrr']:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--title-weight", type=float, default=3.0, help="FTS5 bm25() weight of the title (body 1)")
    ap.add_argument("--lucene", action="store_true", help="also run Lucene's FrenchAnalyzer + BM25 (Anserini)")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "relevance_peers_cache"),
                    help="where the Anserini jar is kept between runs")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    systems = [("sqlite-fts5", lambda p, j: run_fts5(p, j, args.title_weight))]
    if args.lucene:
        jar = anserini_jar(args.cache)
        systems.append(("lucene-fr", lambda p, j: run_lucene(p, j, jar)))
    out = {}
    for name in SETS:
        pages, judgements = read_set(name)
        for system, run in systems:
            out.setdefault(system, {})[name] = evaluate(judgements, run(pages, judgements))
    if args.json:
        print(json.dumps(out, indent=1))
        return
    for system, sets in out.items():
        for name, report in sets.items():
            print_table(system, name, report)


if __name__ == "__main__":
    main()
