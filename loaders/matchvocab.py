"""The matcher's own vocabulary in ``data/matching/``: context words, boilerplate and false friends,
application cues, scoring constants (``matcher.toml``), park-name cues (``park_cues.csv``), the
names of the chain's companies and vehicle brands (``names.csv``), other industries' products with
their sources (``other_industries.csv``) and regional wording with its sources (``regional_variants.csv``).

>>> v = load_match_vocab()
>>> "motor company" in v.neutral, v.park_kind("金凤软件园"), v.park_kind("西彭工业园区")
(True, 'software', 'factory')
"""

from __future__ import annotations

import csv
import re
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from chainkg.errors import SchemaError
from chainkg.loaders.vocab import DATA_DIR

MATCHING_DIR = DATA_DIR / "matching"
PARK_KINDS = ("software", "factory", "mixed")
SCORING_KEYS = ("strong", "weak", "fuzzy", "position_scale", "position_floor", "keep_ratio", "min_evidence",
                "adjacent", "judgement", "fit_bonus", "modifier")


@dataclass(frozen=True)
class MatchVocab:
    """Everything :mod:`chainkg.queries.match` needs besides the graph."""

    context: tuple[str, ...]  # [context] terms: vehicle context
    neutral: tuple[str, ...]
    scoring: dict[str, float]
    park_cues: tuple[tuple[str, str], ...]  # (pattern, kind) in file order
    application: tuple[str, ...] = ()
    application_window: int = 20
    application_factor: float = 0.35
    fit_software: tuple[str, ...] = ()
    fit_factory: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()  # [customers] patterns: clauses naming customers (group 1)
    negation: tuple[str, ...] = ()  # [negation] terms: cues of what the firm does not (or no longer) make
    negation_window: int = 40  # [negation] window: how far a negation reaches (to its clause's end at most)
    foreign: tuple[str, ...] = ()  # [foreign] terms: products of other industries
    foreign_factor: float = 0.5
    # [foreign] equipment: the chain's production equipment (foreign terms too); own_equipment: words before such a
    # term that make it the firm's own plant (拥有…自动化生产线), not its product
    equipment: tuple[str, ...] = ()
    own_equipment: tuple[str, ...] = ()
    semantic_weight: float = 0.0  # [semantic] weight: evidence given to a category found by meaning (0 = off)
    semantic_min_z: float = 0.0  # [semantic] min_z: how far the nearest category must stand out
    semantic_customer_min_z: float = float("inf")  # [semantic] customer_min_z: the same where only customers' products are named
    direction_min: float = 0.6  # [directions] min_score
    direction_secondary: float = 0.75  # [directions] secondary_ratio
    direction_semantic_min_z: float = 5.0  # [directions] semantic_min_z
    # names.csv: (name, category, alt category or "", line) of the companies and vehicle brands whose
    # main category is known from a public list; read only when a text names no category term
    names: tuple[tuple[str, str, str, int], ...] = ()
    names_weight: float = 0.0  # [names] weight
    names_file: str = ""  # the file the names came from (for errors naming it)
    context_loose: tuple[str, ...] = ()  # [context] loose: chain context that is not the vehicle's
    # [variants] file: (mainland phrase, regional variant, whole) — the variant also stands alone when whole
    variants: tuple[tuple[str, str, bool], ...] = ()
    # [coordination]: modifiers that may share a head with another (动力及储能电池), the joiners between them, and
    # how many Chinese characters the other modifier may have
    coordination: tuple[tuple[str, ...], tuple[str, ...], int] = ((), (), 0)

    def park_kind(self, name: str) -> str:
        """software | factory | mixed: the first cue pattern found in the park's name (else mixed)."""
        return next((kind for pattern, kind in self.park_cues if pattern in name), "mixed")


def _terms(path: Path, data: dict, table: str, key: str) -> tuple[str, ...]:
    value = data.get(table, {}).get(key)
    if not isinstance(value, list) or not value or not all(isinstance(t, str) and t.strip() for t in value):
        raise SchemaError(f"{path}: [{table}] {key}: expected a non-empty list of non-empty strings")
    return tuple(t.strip() for t in value)


def _patterns(path: Path, data: dict, table: str, what: str) -> tuple[str, ...]:
    """The regular expressions of ``[table] patterns``, each with a group around ``what``."""
    patterns = _terms(path, data, table, "patterns")
    for pattern in patterns:
        try:
            if re.compile(pattern).groups < 1:
                raise SchemaError(f"{path}: [{table}] {pattern!r}: expected a group around {what}")
        except re.error as err:
            raise SchemaError(f"{path}: [{table}] {pattern!r}: not a regular expression: {err}") from None
    return patterns


def read_match_vocab(folder: Path | str) -> MatchVocab:
    """Read and check ``matcher.toml`` and ``park_cues.csv`` of ``folder``."""
    folder = Path(folder)
    path = folder / "matcher.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as err:
        raise SchemaError(f"{path}: not valid TOML: {err}") from None
    scoring = data.get("scoring", {})
    for key in SCORING_KEYS:
        if not isinstance(scoring.get(key), (int, float)) or isinstance(scoring.get(key), bool) or scoring[key] < 0:
            raise SchemaError(f"{path}: [scoring] {key}: expected a number ≥ 0")
    cues = data.get("cues", {})
    neutral = _terms(path, data, "neutral", "boilerplate") + _terms(path, data, "neutral", "false_friends")
    app_terms = _terms(path, data, "cues", "application")
    for key in ("application_window", "application_factor"):
        if not isinstance(cues.get(key), (int, float)) or cues[key] <= 0:
            raise SchemaError(f"{path}: [cues] {key}: expected a number > 0")
    clash = sorted(set(t.lower() for t in neutral) & set(t.lower() for t in app_terms))
    if clash:
        raise SchemaError(f"{path}: {clash[0]!r} is both a neutral term and a cue")
    park_path = folder / "park_cues.csv"
    try:
        rows = list(csv.DictReader(park_path.read_text(encoding="utf-8-sig").splitlines()))
    except FileNotFoundError:
        raise SchemaError(f"{park_path}: file not found") from None
    park_cues = []
    for line, row in enumerate(rows, 2):
        pattern, kind = (row.get("pattern") or "").strip(), (row.get("kind") or "").strip()
        if not pattern or kind not in PARK_KINDS:
            raise SchemaError(f"{park_path}: line {line}: expected pattern,kind with kind one of {', '.join(PARK_KINDS)}")
        park_cues.append((pattern, kind))
    directions = data.get("directions", {})
    for key in ("min_score", "secondary_ratio", "semantic_min_z"):
        if not isinstance(directions.get(key), (int, float)) or isinstance(directions.get(key), bool) or directions[key] <= 0:
            raise SchemaError(f"{path}: [directions] {key}: expected a number > 0")
    foreign = data.get("foreign", {})
    if not isinstance(foreign.get("factor"), (int, float)) or isinstance(foreign.get("factor"), bool) \
            or not 0 <= foreign["factor"] <= 1:
        raise SchemaError(f"{path}: [foreign] factor: expected a number from 0 to 1")
    customers = _patterns(path, data, "customers", "the customer part")
    negation = _terms(path, data, "negation", "terms")
    if "questions" in data.get("negation", {}):
        negation += _terms(path, data, "negation", "questions")
    window = data.get("negation", {}).get("window")
    if not isinstance(window, int) or isinstance(window, bool) or window < 1:
        raise SchemaError(f"{path}: [negation] window: expected a whole number ≥ 1")
    clash = sorted(set(t.lower() for t in neutral) & set(t.lower() for t in negation))
    if clash:
        raise SchemaError(f"{path}: {clash[0]!r} is both a neutral term and a negation cue")
    names, names_weight, names_file = _names(path, folder, data.get("names"))
    equipment = _terms(path, data, "foreign", "equipment") if "equipment" in foreign else ()
    own_equipment = _terms(path, data, "foreign", "own_equipment") if "own_equipment" in foreign else ()
    twice = sorted(set(equipment) & set(_terms(path, data, "foreign", "terms")))
    if twice:
        raise SchemaError(f"{path}: [foreign] {twice[0]!r} is in both terms and equipment (equipment is a foreign term too)")
    semantic = data.get("semantic", {})
    for key in ("weight", "min_z", "customer_min_z"):
        if key == "customer_min_z" and key not in semantic:
            continue  # optional: a vocabulary without it keeps the customers' products as the answer
        if not isinstance(semantic.get(key), (int, float)) or isinstance(semantic.get(key), bool):
            raise SchemaError(f"{path}: [semantic] {key}: expected a number")
    coordination: tuple[tuple[str, ...], tuple[str, ...], int] = ((), (), 0)
    if "coordination" in data:
        span = data["coordination"].get("span")
        if not isinstance(span, int) or isinstance(span, bool) or span < 1:
            raise SchemaError(f"{path}: [coordination] span: expected a whole number ≥ 1")
        coordination = (_terms(path, data, "coordination", "modifiers"), _terms(path, data, "coordination", "joiners"), span)
    return MatchVocab(
        coordination=coordination,
        semantic_weight=float(semantic["weight"]), semantic_min_z=float(semantic["min_z"]),
        semantic_customer_min_z=float(semantic.get("customer_min_z", float("inf"))),
        customers=customers, negation=negation, negation_window=window,
        names=names, names_weight=names_weight, names_file=names_file,
        foreign=_terms(path, data, "foreign", "terms") + equipment + _industries(path, folder, foreign.get("file")),
        variants=_variants(path, folder, data["variants"].get("file")) if "variants" in data else (),
        foreign_factor=float(foreign["factor"]),
        equipment=equipment, own_equipment=own_equipment,
        direction_min=float(directions["min_score"]), direction_secondary=float(directions["secondary_ratio"]),
        direction_semantic_min_z=float(directions["semantic_min_z"]),
        context=_terms(path, data, "context", "terms"), neutral=neutral,
        context_loose=_terms(path, data, "context", "loose") if "loose" in data.get("context", {}) else (),
        application=app_terms,
        application_window=int(cues["application_window"]), application_factor=float(cues["application_factor"]),
        scoring={k: float(scoring[k]) for k in SCORING_KEYS}, park_cues=tuple(park_cues),
        fit_software=tuple(t.lower() for t in _terms(path, data, "fit", "software")),
        fit_factory=tuple(t.lower() for t in _terms(path, data, "fit", "factory")),
    )


def _side_file(path: Path, folder: Path, table: str, file: object) -> tuple[Path, csv.DictReader]:
    """The CSV file that ``matcher.toml``'s [``table``] names beside it, opened for reading by rows."""
    if not isinstance(file, str) or not file.strip():
        raise SchemaError(f"{path}: [{table}] file: expected a file name beside matcher.toml")
    side = folder / file
    try:
        text = side.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SchemaError(f"{path}: [{table}] file: {side}: file not found") from None
    return side, csv.DictReader(text.splitlines())


def _industries(path: Path, folder: Path, file: object) -> tuple[str, ...]:
    """The terms of the [foreign] table's ``file`` (columns term, lang, industry, gbt4754, source_url,
    note), each with the public source that shows it used of another industry. No file: none."""
    if file is None:
        return ()
    table, reader = _side_file(path, folder, "foreign", file)
    if "term" not in (reader.fieldnames or ()) or "source_url" not in (reader.fieldnames or ()):
        raise SchemaError(f"{table}: line 1: expected columns term, lang, industry, gbt4754, source_url, note")
    terms = []
    for line, row in enumerate(reader, 2):
        term = (row.get("term") or "").strip()
        if not term:
            raise SchemaError(f"{table}: line {line}: term: expected a product or market of another industry")
        if not (row.get("source_url") or "").strip():
            raise SchemaError(f"{table}: line {line}: source_url: every term needs a public source")
        terms.append(term)
    return tuple(terms)


def _variants(path: Path, folder: Path, file: object) -> tuple[tuple[str, str, bool], ...]:
    """The pairs of the [variants] table's ``file`` (columns mainland, variant, whole, region, source_url,
    note): a phrase and its regional wording, each with the public source that gives it."""
    table, reader = _side_file(path, folder, "variants", file)
    if not {"mainland", "variant", "whole", "source_url"} <= set(reader.fieldnames or ()):
        raise SchemaError(f"{table}: line 1: expected columns mainland, variant, whole, region, source_url, note")
    pairs = []
    for line, row in enumerate(reader, 2):
        a, b, whole = ((row.get(k) or "").strip() for k in ("mainland", "variant", "whole"))
        if not a or not b or a == b:
            raise SchemaError(f"{table}: line {line}: expected a phrase in mainland and a different one in variant")
        if whole not in ("yes", "no"):
            raise SchemaError(f"{table}: line {line}: whole: expected yes or no, got {whole!r}")
        if not (row.get("source_url") or "").strip():
            raise SchemaError(f"{table}: line {line}: source_url: every pair needs a public source")
        pairs.append((a, b, whole == "yes"))
    return tuple(pairs)


NAME_COLUMNS = ("name", "kind", "category", "alt", "company", "ambiguous", "list", "source_url", "source_date", "note")


def _names(path: Path, folder: Path, table: dict | None) -> tuple[tuple[tuple[str, str, str, int], ...], float, str]:
    """The [names] table of ``matcher.toml`` and the file it names: the usable rows (an ``ambiguous``
    name — an ordinary word such as 理想 — is kept in the file for the record, not read), the weight
    and the file's path. No [names] table: no names."""
    if table is None:
        return (), 0.0, ""
    weight = table.get("weight")
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
        raise SchemaError(f"{path}: [names] weight: expected a number ≥ 0")
    names_path, reader = _side_file(path, folder, "names", table.get("file"))
    missing = [c for c in ("name", "category", "ambiguous", "source_url") if c not in (reader.fieldnames or ())]
    if missing:
        raise SchemaError(f"{names_path}: line 1: expected columns {', '.join(NAME_COLUMNS)} (missing {missing[0]})")
    rows = []
    for line, row in enumerate(reader, 2):
        name, cat = (row.get("name") or "").strip(), (row.get("category") or "").strip()
        ambiguous = (row.get("ambiguous") or "").strip().lower()
        if not name or not cat:
            raise SchemaError(f"{names_path}: line {line}: expected a name and its category id")
        if ambiguous not in ("", "no", "yes"):
            raise SchemaError(f"{names_path}: line {line}: ambiguous: expected yes, no or empty, got {ambiguous!r}")
        if not (row.get("source_url") or "").strip():
            raise SchemaError(f"{names_path}: line {line}: source_url: every name needs the public source of its category")
        if ambiguous != "yes":
            rows.append((name, cat, (row.get("alt") or "").strip(), line))
    return tuple(rows), float(weight), str(names_path)


@functools.cache
def _shipped() -> MatchVocab:
    return read_match_vocab(MATCHING_DIR)


def load_match_vocab(folder: Path | str | None = None) -> MatchVocab:
    """The matcher vocabulary of ``folder`` (default: the shipped ``data/matching``, read once)."""
    return _shipped() if folder is None else read_match_vocab(folder)
