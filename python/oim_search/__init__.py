"""French full-text search over IOM Development Fund pages, from Python.

The same engine as the ``oim-search`` command and server (French analysis,
typo tolerance, country-name expansion, disjunctive facets, highlighted
snippets), through a Pythonic API::

    import oim_search
    index = oim_search.Index.open("index")          # or Index.build("corpus", "index")
    results = index.search("diaspora Lesotho", region="Afrique", limit=10)
    print(results.total, results.hits[0].title, results.facets["country"])

Results are typed objects; ``to_dict()`` gives exactly the JSON object that
``oim-search search --json`` prints. Errors are subclasses of
:class:`oim_search.Error` (see :mod:`oim_search.errors`). An :class:`Index`
may be shared between threads: searches and index runs release the GIL.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _native
from .errors import (
    BackendError,
    DamagedIndex,
    DiskFull,
    Error,
    ExportError,
    IndexLocked,
    IndexRunRefused,
    InvalidDocument,
    InvalidQuery,
    InvalidSynonyms,
    NoCorpus,
    NoIndex,
    ReadOnlyIndex,
    UnknownDocument,
    UnknownFacetValue,
)

__all__ = [
    "Index",
    "SearchResults",
    "Hit",
    "Document",
    "IndexReport",
    "Writer",
    "EXPORT_COLUMNS",
    "FACETS",
    "Error",
    "NoIndex",
    "IndexLocked",
    "DamagedIndex",
    "ReadOnlyIndex",
    "DiskFull",
    "NoCorpus",
    "IndexRunRefused",
    "InvalidQuery",
    "UnknownFacetValue",
    "InvalidSynonyms",
    "InvalidDocument",
    "UnknownDocument",
    "ExportError",
    "BackendError",
]

__version__ = _native.CORE_VERSION

PathLike = Union[str, "os.PathLike[str]"]
"""A path given as text or as a :class:`pathlib.Path`."""

FacetValues = Union[str, int, Sequence[Union[str, int]], None]
"""One value of a facet filter, or several (any of them matches)."""

ProgressCallback = Callable[[int, int], Any]
"""Called as ``progress(done, total)`` while pages are indexed."""

FACETS: Tuple[str, ...] = (
    "region",
    "type",
    "budget",
    "country",
    "status",
    "coverage",
    "year",
    "kind",
)
"""The facets, in display order: the filter arguments of :meth:`Index.search`."""

EXPORT_COLUMNS: Tuple[str, ...] = tuple(_native.export_columns())
"""The keys of an export row, in the order of the CSV and XLSX columns."""

DEFAULT_MAX_FILE_SIZE: int = _native.DEFAULT_MAX_FILE_SIZE
"""The largest page an index run reads, in bytes (as ``oim-search index``)."""

_FILTER_NAMES = FACETS + ("budget_min", "budget_max", "year_min", "year_max")


class _Record:
    """A read-only view of one JSON object of the engine, with its keys as
    attributes (keys added by newer engines included) and ``to_dict()``."""

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            # copy and pickle look for special names before `_data` is set
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute `{name}`: "
                f"its fields are {', '.join(self._data)}"
            ) from None

    def to_dict(self) -> Dict[str, Any]:
        """The object as the engine's JSON gives it, as a new dict."""
        return copy.deepcopy(self._data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]


class Hit(_Record):
    """One matching page: its id, score, title, a highlighted snippet and
    its metadata. Every key of the JSON hit is an attribute."""

    __slots__ = ()

    @property
    def id(self) -> str:
        """The page id (its file name without ``.txt``)."""
        return str(self._data["id"])

    @property
    def score(self) -> float:
        """The relevance score (higher first when sorted by relevance)."""
        return float(self._data["score"])

    @property
    def title(self) -> str:
        """The page title."""
        return str(self._data["title"])

    @property
    def kind(self) -> str:
        """``project`` or ``news``."""
        return str(self._data["kind"])

    @property
    def snippet(self) -> str:
        """A passage of the text around the query's words."""
        return str(self._data["snippet"])

    @property
    def highlights(self) -> List[List[int]]:
        """``[start, end]`` character offsets of the matched words in the snippet."""
        return list(self._data.get("highlights", []))

    @property
    def title_highlights(self) -> List[List[int]]:
        """``[start, end]`` character offsets of the matched words in the title."""
        return list(self._data.get("title_highlights", []))

    @property
    def tier(self) -> Optional[str]:
        """Where the hit stands: ``all`` (holds every concept of the query),
        ``most`` (counted where no page holds them all) or ``partial`` (only
        part of the query: not counted, follows the matches); None under
        ``match="any"`` or from an engine without counting tiers."""
        return self._data.get("tier")

    @property
    def region(self) -> Optional[str]:
        """The IDF region, if known."""
        return self._data.get("region")

    @property
    def region_inferred(self) -> bool:
        """True when the region was deduced from the countries."""
        return bool(self._data.get("region_inferred", False))

    @property
    def project_type(self) -> Optional[str]:
        """The project type (``type`` facet)."""
        return self._data.get("project_type")

    @property
    def budget_usd(self) -> Optional[float]:
        """The budget in US dollars."""
        return self._data.get("budget_usd")

    @property
    def countries(self) -> List[str]:
        """The beneficiary countries, in French."""
        return list(self._data.get("countries", []))

    @property
    def project_id(self) -> Optional[str]:
        """The project ID (``CD.0003``...)."""
        return self._data.get("project_id")

    @property
    def prima_id(self) -> Optional[str]:
        """The Prima ID."""
        return self._data.get("prima_id")

    @property
    def start_year(self) -> Optional[int]:
        """The year the project started."""
        return self._data.get("start_year")

    @property
    def end_year(self) -> Optional[int]:
        """The year the project ended."""
        return self._data.get("end_year")

    @property
    def year(self) -> Optional[int]:
        """The year the ``year`` facet files the page under."""
        return self._data.get("year")

    @property
    def status(self) -> Optional[str]:
        """The project status."""
        return self._data.get("status")

    @property
    def coverage(self) -> Optional[str]:
        """National, regional or global coverage."""
        return self._data.get("coverage")

    def __repr__(self) -> str:
        return f"Hit(id={self.id!r}, score={self.score:.3f}, title={self.title!r})"


class SearchResults(_Record):
    """The answer to :meth:`Index.search`: the total, one page of
    :class:`Hit`, facet counts, aggregates, and how the query was read
    (corrections, expansions, dropped words, notes).

    Iterating over it, or ``len()``, goes over the hits of the page.
    ``to_dict()`` is exactly ``oim-search search --json`` once parsed.
    """

    __slots__ = ("_hits",)

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        self._hits = [Hit(hit) for hit in data.get("hits", [])]

    @property
    def query(self) -> str:
        """The query as given."""
        return str(self._data["query"])

    @property
    def total(self) -> int:
        """Every matching page (not only this page of hits)."""
        return int(self._data["total"])

    @property
    def partial_total(self) -> int:
        """Pages that pass the filters but hold only part of the query: not
        counted in ``total``, they may follow the matches in ``hits``."""
        return int(self._data.get("partial_total", 0))

    @property
    def counted(self) -> Optional[str]:
        """Which pages ``total``, ``facets`` and ``aggregates`` count:
        ``all``, ``most`` (no page holds every concept; see
        ``missing_concepts``) or ``any``."""
        return self._data.get("counted")

    @property
    def missing_concepts(self) -> List[str]:
        """When ``counted`` is ``most``: the concepts some counted pages lack."""
        return list(self._data.get("missing_concepts", []))

    @property
    def hits(self) -> List[Hit]:
        """This page of hits, best first."""
        return list(self._hits)

    @property
    def facets(self) -> Dict[str, Dict[str, int]]:
        """facet → value → pages among the matches (disjunctive: a facet's
        own filter is left out of its counts)."""
        return copy.deepcopy(self._data.get("facets", {}))

    @property
    def aggregates(self) -> Optional[Dict[str, Any]]:
        """Budget totals and per-year figures of the matches, or None when
        asked without them."""
        return copy.deepcopy(self._data.get("aggregates"))

    @property
    def offset(self) -> int:
        """Hits skipped before this page."""
        return int(self._data["offset"])

    @property
    def limit(self) -> int:
        """Hits asked for."""
        return int(self._data["limit"])

    @property
    def sort(self) -> str:
        """``relevance``, ``budget`` or ``year``."""
        return str(self._data["sort"])

    @property
    def match_mode(self) -> str:
        """How the words combined: ``auto``, ``all`` or ``any`` (the JSON
        key ``match``)."""
        return str(self._data["match"])

    @property
    def fallback_any(self) -> bool:
        """True when no page had all the words and any word was accepted."""
        return bool(self._data.get("fallback_any", False))

    @property
    def corrections(self) -> List[Dict[str, Any]]:
        """Words corrected for typos: ``{"word", "corrected"}``."""
        return copy.deepcopy(self._data.get("corrections", []))

    @property
    def expansions(self) -> List[str]:
        """Words and phrases added to the query (synonyms, country names),
        each as English text such as ``basotho → Lesotho``; the typed,
        target and kind fields are in ``to_dict()["expansions"]``."""
        return [e["text"] for e in self._data.get("expansions", [])]

    @property
    def dropped(self) -> List[str]:
        """Words of the query that no page contains, left out."""
        return list(self._data.get("dropped", []))

    @property
    def notes(self) -> List[Any]:
        """How the query was read where it was not taken literally."""
        return copy.deepcopy(self._data.get("notes", []))

    @property
    def took_ms(self) -> float:
        """Time the engine took, in milliseconds."""
        return float(self._data.get("took_ms", 0.0))

    def __len__(self) -> int:
        return len(self._hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self._hits)

    def __repr__(self) -> str:
        return f"SearchResults(query={self.query!r}, total={self.total}, hits={len(self._hits)})"


class IndexReport(_Record):
    """What an index run did: pages indexed, unchanged, removed, skipped
    (with the reason) and the documents in the index afterwards."""

    __slots__ = ()

    @property
    def indexed(self) -> int:
        """Pages parsed and written (new or changed)."""
        return int(self._data.get("indexed", 0))

    @property
    def unchanged(self) -> int:
        """Pages unchanged since the last run."""
        return int(self._data.get("unchanged", 0))

    @property
    def removed(self) -> int:
        """Documents removed because their file is gone."""
        return int(self._data.get("removed", 0))

    @property
    def documents(self) -> int:
        """Documents in the index after the run."""
        return int(self._data.get("documents", 0))

    @property
    def skipped(self) -> List[Dict[str, str]]:
        """Files not indexed: ``{"path", "kind", "message"}``."""
        return copy.deepcopy(self._data.get("skipped", []))

    @property
    def warnings(self) -> List[Dict[str, str]]:
        """Files indexed despite a problem: ``{"path", "kind", "message"}``."""
        return copy.deepcopy(self._data.get("warnings", []))

    def __repr__(self) -> str:
        return (
            f"IndexReport(indexed={self.indexed}, unchanged={self.unchanged}, "
            f"removed={self.removed}, skipped={len(self.skipped)}, documents={self.documents})"
        )


@dataclasses.dataclass
class Document:
    """One page of the index, as :meth:`Index.get` returns it and
    :meth:`Writer.add` takes it. Only ``id`` is required."""

    id: str
    """Unique id (a corpus page's file name without ``.txt``)."""
    kind: str = "project"
    """``project`` or ``news``."""
    title: str = ""
    """The title."""
    body: str = ""
    """The text."""
    project_id: Optional[str] = None
    """The project ID."""
    prima_id: Optional[str] = None
    """The Prima ID."""
    start_year: Optional[int] = None
    """The year the project started."""
    end_year: Optional[int] = None
    """The year the project ended."""
    year: Optional[int] = None
    """The year filed under (a news article's date, a project's start)."""
    status: Optional[str] = None
    """The project status."""
    project_type: Optional[str] = None
    """The project type (the ``type`` facet)."""
    budget_usd: Optional[float] = None
    """The budget in US dollars."""
    coverage: Optional[str] = None
    """National, regional or global."""
    region: Optional[str] = None
    """The IDF region; deduced from the countries when missing."""
    region_inferred: bool = False
    """True when the region was deduced."""
    countries: List[str] = dataclasses.field(default_factory=list)
    """Beneficiary countries, in French."""
    dateline: Optional[str] = None
    """A news article's place and date line."""
    contact: Optional[str] = None
    """A news article's contact line."""
    extra: Dict[str, str] = dataclasses.field(default_factory=dict)
    """Other metadata fields of the page, by their label."""

    def to_dict(self) -> Dict[str, Any]:
        """The document as the engine's JSON gives it."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Document":
        """A document from a mapping of its fields (``type`` is accepted
        for ``project_type``).

        Raises:
            InvalidDocument: a key that is not a field, or no ``id``.
        """
        fields = {f.name for f in dataclasses.fields(cls)}
        values = dict(data)
        if "type" in values and "project_type" not in values:
            values["project_type"] = values.pop("type")
        unknown = sorted(set(values) - fields)
        if unknown:
            raise InvalidDocument(
                f"invalid document: unknown field `{unknown[0]}`: valid fields are {', '.join(sorted(fields))}",
                id=values.get("id"),
            )
        if not isinstance(values.get("id"), str):
            raise InvalidDocument(
                "invalid document: no `id`: give every document a unique text id",
                id=None,
            )
        return cls(**values)


def _known_fields(data: Mapping[str, Any]) -> Dict[str, Any]:
    names = {f.name for f in dataclasses.fields(Document)}
    return {k: v for k, v in data.items() if k in names}


def _values(name: str, value: FacetValues) -> List[str]:
    """A facet filter's values as the engine takes them (text)."""
    if value is None:
        return []
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, Iterable) and not isinstance(value, (Mapping, bytes)):
        out = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                raise InvalidQuery(
                    f"invalid {name} `{item!r}`: give a text value (or a year as a number), or a list of them",
                    what=name,
                    value=repr(item),
                )
            out.append(str(item))
        return out
    raise InvalidQuery(
        f"invalid {name} `{value!r}`: give a text value (or a year as a number), or a list of them",
        what=name,
        value=repr(value),
    )


def _whole(name: str, value: Any, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidQuery(f"invalid {name} `{value!r}`: {hint}", what=name, value=repr(value))
    return value


def _number(name: str, value: Any, hint: str) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidQuery(f"invalid {name} `{value!r}`: {hint}", what=name, value=repr(value))
    return value


def _choice(name: str, value: Any, choices: Sequence[str]) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in choices:
        raise InvalidQuery(
            f"invalid {name} `{value}`: give {', '.join(choices[:-1])} or {choices[-1]}",
            what=name,
            value=str(value),
        )
    return value.lower()


def _request(query: str, filters: Mapping[str, Any], **options: Any) -> str:
    """The JSON request object of a search (the keys of the HTTP API and of
    ``oim-search search --batch``)."""
    if not isinstance(query, str):
        raise InvalidQuery(
            f"invalid query `{query!r}`: give the query as text", what="query", value=repr(query)
        )
    unknown = [k for k in filters if k not in _FILTER_NAMES]
    if unknown:
        raise TypeError(
            f"unknown filter `{unknown[0]}`: the filters are {', '.join(_FILTER_NAMES)}"
        )
    request: Dict[str, Any] = {"query": query}
    for facet in FACETS:
        values = _values(facet, filters.get(facet))
        if values:
            request[facet] = values
    for name in ("budget_min", "budget_max"):
        amount = _number(name, filters.get(name), "give an amount in US dollars")
        if amount is not None:
            request[name] = amount
    for name in ("year_min", "year_max"):
        year = filters.get(name)
        if year is not None:
            request[name] = _whole(name, year, "give a year as a whole number")
    request.update(options)
    return json.dumps(request)


def _search_options(
    limit: int,
    offset: int,
    sort: Optional[str],
    order: Optional[str],
    typo: bool,
    prefix: bool,
    match: str,
    snippet_chars: int,
    facets: bool,
    aggregates: bool,
) -> Dict[str, Any]:
    return {
        "limit": _whole("limit", limit, "give a whole number from 0 to 1000"),
        "offset": _whole("offset", offset, "give a whole number (offset + limit at most 100000)"),
        "sort": _choice("sort", sort, ("relevance", "budget", "year")),
        "order": _choice("order", order, ("asc", "desc")),
        "typo": bool(typo),
        "prefix": bool(prefix),
        "match": _choice("match", match, ("auto", "all", "any")),
        "snippet_chars": _whole("snippet_chars", snippet_chars, "give a whole number of characters"),
        "facets": bool(facets),
        "aggregates": bool(aggregates),
    }


class Index:
    """An index folder, open for searching and writing.

    Get one with :meth:`Index.open`, :meth:`Index.create` or
    :meth:`Index.build`. One ``Index`` may be shared between threads:
    searches run in parallel, with the GIL released.
    """

    __slots__ = ("_native", "report")

    def __init__(self, native: _native.NativeIndex, report: Optional[IndexReport] = None) -> None:
        """Internal: use :meth:`open`, :meth:`create` or :meth:`build`."""
        self._native = native
        self.report: Optional[IndexReport] = report
        """The report of the last index run made through this object, if any."""

    @classmethod
    def open(
        cls,
        path: PathLike,
        *,
        synonyms: Optional[PathLike] = None,
        backend: Optional[str] = None,
    ) -> "Index":
        """Opens the index in the folder ``path``.

        Args:
            path: the index folder.
            synonyms: a synonym file (Solr format) added to the shipped
                French set for the searches of this object.
            backend: where searches run: ``None`` or ``"embedded"`` for the
                index itself, ``"opensearch://HOST:PORT/INDEX"`` for an
                OpenSearch index the same corpus was pushed to
                (``oim-search opensearch push``). :meth:`search`,
                :meth:`get` and :meth:`facets` then answer from the cluster,
                planned on the index at ``path``; exports and writes stay
                on that index.

        Raises:
            NoIndex: no index there (build one with :meth:`build`).
            DamagedIndex: the index is damaged or from an incompatible version.
            InvalidSynonyms: a line of the synonym file cannot be read.
            InvalidQuery: ``backend`` is not a backend address.
        """
        return cls(_native.NativeIndex.open(os.fspath(path), _path(synonyms), backend))

    @classmethod
    def create(cls, path: PathLike, *, synonyms: Optional[PathLike] = None) -> "Index":
        """Opens the index in ``path``, creating an empty one (and the
        folder) when there is none; fill it with :meth:`writer` or
        :meth:`update`.

        Raises:
            Error: the folder cannot be created.
        """
        return cls(_native.NativeIndex.create(os.fspath(path), _path(synonyms)))

    @classmethod
    def build(
        cls,
        corpus: PathLike,
        index: PathLike,
        *,
        progress: Optional[ProgressCallback] = None,
        full: bool = False,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        allow_removal: bool = False,
        synonyms: Optional[PathLike] = None,
    ) -> "Index":
        """Indexes the ``.txt`` pages of the folder ``corpus`` into the
        index folder ``index`` and opens it, as ``oim-search index`` does:
        a first build when there is no index yet, else an update of what
        changed (everything with ``full=True``). The run's report is in
        :attr:`report`.

        Args:
            corpus: the folder of pages.
            index: the index folder (created when missing).
            progress: called as ``progress(done, total)`` on the calling
                thread while pages are read; an exception it raises stops
                the run like Ctrl-C.
            full: rebuild everything instead of updating what changed.
            max_file_size: larger files are skipped (bytes).
            allow_removal: let the run remove more than half of the documents.
            synonyms: a synonym file added to the shipped set.

        Ctrl-C (``KeyboardInterrupt``) stops the run: nothing is committed,
        the index stays as it was (no index is created by a first build),
        and the interrupt propagates.

        Raises:
            NoCorpus: the corpus folder does not exist.
            IndexLocked: another writer holds the index.
            IndexRunRefused: no page could be indexed, or the run would
                remove most documents.
        """
        native, report = _native.NativeIndex.build(
            os.fspath(corpus),
            os.fspath(index),
            progress,
            full,
            _whole("max_file_size", max_file_size, "give a size in bytes"),
            allow_removal,
            _path(synonyms),
        )
        return cls(native, IndexReport(json.loads(report)))

    def update(
        self,
        corpus: PathLike,
        *,
        progress: Optional[ProgressCallback] = None,
        full: bool = False,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        allow_removal: bool = False,
    ) -> IndexReport:
        """Indexes the pages of ``corpus`` into this index: new and changed
        pages are read, pages whose file is gone are removed, all committed
        at once. Arguments and interruption as :meth:`build`.

        Raises:
            NoCorpus, IndexLocked, IndexRunRefused: as :meth:`build`.
        """
        report = IndexReport(
            json.loads(
                self._native.index_corpus(
                    os.fspath(corpus),
                    progress,
                    full,
                    _whole("max_file_size", max_file_size, "give a size in bytes"),
                    allow_removal,
                )
            )
        )
        self.report = report
        return report

    @property
    def path(self) -> str:
        """The index folder."""
        return str(self._native.path())

    @property
    def backend(self) -> str:
        """Where searches run, for people: ``"the embedded index"`` or
        ``"OpenSearch at http://HOST:PORT/INDEX"``."""
        return str(self._native.backend())

    @property
    def num_docs(self) -> int:
        """Documents searchable now."""
        return int(self._native.num_docs())

    def __len__(self) -> int:
        return self.num_docs

    def __repr__(self) -> str:
        return f"Index({self.path!r}, num_docs={self.num_docs})"

    def refresh(self) -> None:
        """Picks up commits made by other processes since this index opened."""
        self._native.refresh()

    def warm_up(self) -> None:
        """Prepares for many searches (loads the facet columns and word
        list now rather than on the first search); worth it in servers."""
        self._native.warm_up()

    def search(
        self,
        query: str = "",
        *,
        region: FacetValues = None,
        type: FacetValues = None,
        budget: FacetValues = None,
        budget_min: Optional[float] = None,
        budget_max: Optional[float] = None,
        country: FacetValues = None,
        status: FacetValues = None,
        coverage: FacetValues = None,
        year: FacetValues = None,
        year_min: Optional[int] = None,
        year_max: Optional[int] = None,
        kind: FacetValues = None,
        sort: Optional[str] = None,
        order: Optional[str] = None,
        limit: int = 10,
        offset: int = 0,
        typo: bool = True,
        prefix: bool = False,
        match: str = "auto",
        snippet_chars: int = 200,
        facets: bool = True,
        aggregates: bool = True,
    ) -> SearchResults:
        """Searches the index, as ``oim-search search`` does.

        Args:
            query: words, ``"phrases"``, ``-excluded`` words and
                ``key:value`` filters; empty for every page the filters keep,
                newest first.
            region, type, budget, country, status, coverage, year, kind:
                facet filters: one value or a list (any of them matches);
                values are matched without regard to case and accents.
            budget_min, budget_max: budget range in US dollars.
            year_min, year_max: year range.
            sort: ``relevance``, ``budget`` or ``year`` (default: relevance;
                year without query words).
            order: ``asc`` or ``desc``.
            limit: hits per page, 0 to 1000.
            offset: hits to skip (offset + limit at most 100 000).
            typo: correct typos in the query's words.
            prefix: complete the last word (search as you type).
            match: ``auto`` (pages matching more words first), ``all`` or ``any``.
            snippet_chars: snippet length in characters.
            facets: count facet values among the matches.
            aggregates: compute budget totals and per-year figures.

        Raises:
            UnknownFacetValue: a filter value no page has; its
                ``suggestion`` is the closest valid value.
            InvalidQuery: an argument out of range or malformed.
        """
        filters = {
            "region": region,
            "type": type,
            "budget": budget,
            "budget_min": budget_min,
            "budget_max": budget_max,
            "country": country,
            "status": status,
            "coverage": coverage,
            "year": year,
            "year_min": year_min,
            "year_max": year_max,
            "kind": kind,
        }
        options = _search_options(
            limit, offset, sort, order, typo, prefix, match, snippet_chars, facets, aggregates
        )
        answer = self._native.search(_request(query, filters, **options))
        return SearchResults(json.loads(answer))

    def get(self, id: str) -> Optional[Document]:
        """The stored document with this id, or None."""
        found = self._native.get(id)
        if found is None:
            return None
        return Document(**_known_fields(json.loads(found)))

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self._native.get(id) is not None

    def facets(self) -> Dict[str, Dict[str, int]]:
        """Every facet value of the index with its number of pages:
        facet → value → count."""
        counts: Dict[str, Dict[str, int]] = json.loads(self._native.facets())
        return counts

    def writer(self) -> "Writer":
        """A batch of changes (add, replace, delete) committed together;
        use it as a context manager::

            with index.writer() as w:
                w.add(Document(id="p1", title="Diaspora", body="..."))
                w.delete("old-page")
            # committed here; discarded if the block raised
        """
        return Writer(self)

    def export(self, query: str = "", **filters: Any) -> Iterator[Dict[str, Any]]:
        """Every page matching a search (paging ignored), one dict per
        page in the search's order, keys :data:`EXPORT_COLUMNS`: suitable
        for ``pandas.DataFrame(index.export(...))``. Rows are read from
        the index a batch at a time as you iterate.

        Values: text, years as ``int``, ``budget_usd`` as ``float``,
        ``region_inferred`` as ``bool``, ``countries`` joined with
        ``"; "`` (as in the CSV), missing values as None.

        Args:
            query: as :meth:`search`.
            **filters: the filter arguments of :meth:`search` (``region``,
                ``country``, ``year_min``...), and ``sort``, ``order``,
                ``typo``, ``prefix``, ``match``.

        Raises:
            UnknownFacetValue, InvalidQuery: as :meth:`search`, when the
                iteration starts.
        """
        request = _export_request(query, filters)
        batches = self._native.export_rows(request)
        columns = EXPORT_COLUMNS

        def rows() -> Iterator[Dict[str, Any]]:
            for batch in batches:
                for row in batch:
                    yield dict(zip(columns, row))

        return rows()

    def export_to(
        self, path: PathLike, query: str = "", *, format: Optional[str] = None, **filters: Any
    ) -> int:
        """Writes every page matching a search to a file, as ``oim-search
        search --format`` does; returns the number of rows.

        Args:
            path: the file to write.
            query: as :meth:`search`.
            format: ``csv``, ``excel-csv`` (the CSV French Excel opens as it
                is) or ``xlsx``; by default from the file's extension.
            **filters: as :meth:`export`.

        Raises:
            ExportError: the file cannot be written (or too many rows for XLSX).
        """
        target = os.fspath(path)
        if format is None:
            format = "xlsx" if target.lower().endswith(".xlsx") else "csv"
        return int(self._native.export_file(_export_request(query, filters), target, format))


_EXPORT_OPTIONS = ("sort", "order", "typo", "prefix", "match")


def _export_request(query: str, filters: Mapping[str, Any]) -> str:
    options = {k: filters[k] for k in _EXPORT_OPTIONS if k in filters}
    rest = {k: v for k, v in filters.items() if k not in _EXPORT_OPTIONS}
    checked = {
        "sort": _choice("sort", options.get("sort"), ("relevance", "budget", "year")),
        "order": _choice("order", options.get("order"), ("asc", "desc")),
        "typo": bool(options.get("typo", True)),
        "prefix": bool(options.get("prefix", False)),
        "match": _choice("match", options.get("match", "auto"), ("auto", "all", "any")),
        "aggregates": False,
    }
    return _request(query, rest, **checked)


def _path(path: Optional[PathLike]) -> Optional[str]:
    return None if path is None else os.fspath(path)


class Writer:
    """Changes to an index, committed together: use as a context manager
    (from :meth:`Index.writer`). The write lock is taken on entry, so a
    second writer fails at once with :class:`IndexLocked`. Leaving the
    block commits every change; leaving it with an exception discards them
    all. Changes are not searchable before the commit.
    """

    __slots__ = ("_index", "_changes", "_ids", "_entered")

    def __init__(self, index: Index) -> None:
        """Internal: use :meth:`Index.writer`."""
        self._index = index
        self._changes: List[Tuple[str, str]] = []
        # id -> whether the batch leaves a document with it (for replace)
        self._ids: Dict[str, bool] = {}
        self._entered = False

    def __enter__(self) -> "Writer":
        self._index._native.lock_for_writing()
        self._entered = True
        return self

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        self._entered = False
        if exc_type is None:
            self._apply()
        else:
            self.rollback()
            self._index._native.release()

    def add(self, document: Union[Document, Mapping[str, Any]]) -> None:
        """Adds a document, replacing the one with the same id if any.

        Raises:
            InvalidDocument: a field that does not exist, or no id.
        """
        doc = document if isinstance(document, Document) else Document.from_dict(document)
        if not isinstance(doc.id, str) or not doc.id.strip():
            raise InvalidDocument(
                "invalid document: empty `id`: give every document a unique text id", id=None
            )
        self._changes.append(("add", json.dumps(doc.to_dict())))
        self._ids[doc.id] = True

    def replace(self, document: Union[Document, Mapping[str, Any]]) -> None:
        """Replaces the document with the same id, which must exist (in
        the index, or added earlier in this batch).

        Raises:
            UnknownDocument: no document has this id (use :meth:`add`).
        """
        doc = document if isinstance(document, Document) else Document.from_dict(document)
        exists = self._ids.get(doc.id)
        if exists is None:
            exists = doc.id in self._index
        if not exists:
            raise UnknownDocument(
                f"no document with id `{doc.id}` to replace: add it with Writer.add",
                id=doc.id,
            )
        self.add(doc)

    def delete(self, id: str) -> None:
        """Deletes the document with this id (nothing happens if there is none)."""
        if not isinstance(id, str):
            raise InvalidDocument(f"invalid id `{id!r}`: give the document id as text", id=None)
        self._changes.append(("delete", id))
        self._ids[id] = False

    def commit(self) -> None:
        """Commits the changes so far (the block goes on with the lock held)."""
        self._apply()
        if self._entered:
            self._index._native.lock_for_writing()

    def rollback(self) -> None:
        """Discards the changes not yet committed."""
        self._changes.clear()
        self._ids.clear()

    @property
    def pending(self) -> int:
        """Changes not yet committed."""
        return len(self._changes)

    def _apply(self) -> None:
        changes, self._changes = self._changes, []
        self._ids.clear()
        self._index._native.apply(changes)
