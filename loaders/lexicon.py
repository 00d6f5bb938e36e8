"""The lexicon: free text read onto the chain taxonomy's categories, with the words that show it.

A :class:`Lexicon` is built once from the categories' terms (``data/taxonomy/categories.toml``) and
the matcher's vocabulary (``data/matching/matcher.toml``). It knows nothing of districts or parks:
the profile matcher (:mod:`chainkg.queries.matching`) adds those on top, and the graph builder uses
it alone to map a direction name that no table knows (``车路网联``, ``内外饰``) to categories.

How a text is read
------------------
1. :func:`chainkg.loaders.textnorm.normalize` (full-width → half-width, traditional → simplified, lower case).
2. One pass of an Aho-Corasick automaton (pyahocorasick) over every term, taking the **leftmost-longest**
   term at each position — so 氢燃料电池 hides 电池, 电机控制器 hides 电机, and a neutral phrase
   (货物进出口, "motor vehicle", 隔膜泵) hides the category word inside it — and so does a common word that
   ends in a short term's first character (上海|工厂 is no 海工); a vehicle word's compound does not hide the longer
   term after it (汽车保险|杠 is read as 汽车保险杠, a bumper). Latin terms must be whole words (a plural in -s or
   -es still is: clutches) and match with a hyphen or a space alike; every term also matches in Taiwan's
   wording ([variants]: 晶片, 光達). Two
   modifiers that share a head name the first one's term too ([coordination]: 动力及储能电池 → 动力电池; a list
   too: 动力、储能和消费类电池).
3. Each hit weighs: strong alias 1.0 / weak keyword 0.35, × specificity (longer terms weigh more),
   × position (the start of a profile — the name and main product — weighs more than the tail of a
   business scope), × 0.35 right after an application cue (用于, 配套, "for …": the customer, not the product); from a
   negation cue to the end of its clause (不是做…, 不再…, "no longer …") a term counts for nothing. Weak
   keywords (电池, 雷达, inverter, testing …) count only in a text with vehicle context, and once a
   strong alias names some category they only support categories with strong evidence of their own
   (a strong alias in a customer's clause, 配套商用车, does not count for this).
   A text naming another industry's product ([foreign]: 手机, 叉车, 渡轮, 锂电设备 …) and no vehicle word, or
   naming it in its first sentence where no vehicle word stands, is about that industry: each strong
   term counts once, × [foreign] factor, and weak keywords nothing — except a term that shares a clause with
   a vehicle word after the first sentence (手機玻璃起家…；車用產品以控制面板為主): a multi-market firm's
   own car business counts in full. (动力电池 and 驱动电机 are vehicle
   words, except right after another industry's product: 电动自行车铅酸动力电池.) A term right before a use
   that is another industry's product ("ESS packs for ferries", 电池包用于船舶) weighs as beside it, unless a
   vehicle is among the uses. The chain's production
   equipment ([foreign] equipment: 锂电设备, 焊装生产线 …) in the first sentence makes the text another
   industry's even beside a vehicle word — its makers name the carmakers they sell to — unless a word of
   [foreign] own_equipment just before it (拥有, "has installed") makes it the firm's own plant.
4. Only when no strong alias is found outside a customer's clause, typos are tried in the text the exact
   pass left unexplained (the customers' products stay the answer when nothing better is found):
   a Chinese alias of ≥ 4 characters with one character substituted, or English words / two- and
   three-word phrases at rapidfuzz ratio ≥ 80–88 to an English alias (a single word is no slip when it is
   a plural or another form of the alias — "engineers", "positioning" — or a word of the semantic table's
   vocabulary: "capacity" is not a misspelt "capacitor"). Still nothing: the names of
   companies and vehicle brands (``data/matching/names.csv``: 赛力斯, 问界, Li Auto …) give their main
   category, unless they stand where customers are named; then the semantic tier (meaning), unless
   weak keywords that are evidence enough name another category, or the text names another industry's
   product ([foreign]) beside its vehicle words. The semantic tier reads the text with
   the typos found spelt right, may confirm a typo too faint to count alone, and replaces customers'
   products only where its category stands out by [semantic] customer_min_z.
5. Categories below ``keep_ratio`` of the best are dropped; scores are scaled so the best is 1.
   Software / factory words of the text (软件, 算法 / 生产, 工厂 …) and the ``fit`` of the categories
   give the firm's leaning, used to order parks.

>>> lex = shipped_lexicon()
>>> scan = lex.scan("主营磷酸铁锂电芯及电池包PACK")
>>> sorted(lex.keys[c] for c in scan.scores)
['battery_cell', 'battery_pack_bms']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from chainkg.errors import SchemaError
from chainkg.loaders.matchvocab import MatchVocab, load_match_vocab
from chainkg.loaders.textnorm import normalize, normalize_many

ALIAS, KEYWORD, CONTEXT, NEUTRAL, APPLICATION, FOREIGN, NAME, NEGATION = range(8)
_PARTICLES = frozenset("及和与或的等之")
_LIST_STOPS = frozenset("的等之")
_QUANTITY = re.compile(r" ?\d[\d.,]* ?(?:million|thousand|billion|units?|pcs)\b")
# the kinds of term that are no category's: words of the vocabulary that steer the reading
_STEERING = (NEUTRAL, APPLICATION, FOREIGN, NEGATION)

# How much a term says of the vehicle chain (a payload's last field): nothing; chain context only
# ([context] loose: 自动驾驶 and 零部件 are said of boats, robots and motorcycles too); vehicle context
# ([context] terms, company names, and category terms that name the vehicle: 汽车玻璃, 车载显示屏)
LOOSE, VEHICLE = 1, 2

# Appended to every normalised text before the automaton walk. pyahocorasick's iter_long drops a
# term at the very end of a text while a longer term is still possible (a text ending in "信息技术咨询"
# loses 技术咨询 to the unfinished 信息技术咨询服务); a character that occurs in no term ends every
# pending match, exactly as punctuation does mid-text. It lies past the text, so no hit ends on it
# and every offset is unchanged.
END = "\x00"

# The second character of the filler entries of a tuned automaton (:meth:`Lexicon.tuned`): a
# noncharacter, so no text is expected to hold it; a text that does is walked by the plain automaton.
FILLER = "\uffff"

# The end of a sentence (a name after it is not the text's subject); "." only before a space, so
# decimals and "no." stay inside
_SENTENCE_END = re.compile(r"[。!?;]|\.(?=\s)")

# What separates two items of a list (手机、平板与车用显示器; "phones and cars"), not a modifier from its head
_LIST_SEP = re.compile(r"[,;:!?。、()\[\]及和与或等/+&]|\band\b|\bor\b")

# The end of a clause (a negation reaches no further); "、" lists within one
_CLAUSE_END = re.compile(r"[,;:!?。]|\.(?=\s|$)")

# An English word of the typo pass (letters and hyphens)
_EN_WORD = re.compile(r"[a-z][a-z\-]+")
# the other modifier of an English pair ("automotive and industrial| connectors", "ev and hybrid vehicle| batteries")
_TWO_WORDS = re.compile(r"([a-z0-9][a-z0-9\-]* )([a-z0-9][a-z0-9\-]* )?")

# Evidence of the semantic tier starts with this (the reason line shows the clause that carried the meaning).
SEMANTIC = "语义≈"


# how far before a production-equipment term a word of [foreign] own_equipment may end and make it the firm's own
# plant (拥有多条全自动化生产线: 拥有 ends four characters before; "has installed automated lines")
_OWN_EQUIPMENT_REACH = 8
# how far after a use cue ("for", 用于) another industry's product may stand and still be the use of the term before it
_USE_REACH = 40


def _first_sentence_end(norm: str) -> int:
    """Where the first sentence of a normalised text ends (its length if it is one sentence)."""
    m = _SENTENCE_END.search(norm)
    return m.start() if m else len(norm)


# English words whose plural adds "es" (clutch → clutches, bus → buses, gearbox → gearboxes)
_SIBILANTS = ("s", "x", "z", "ch", "sh")


def _plural_ends(norm: str, end: int) -> bool:
    """Whether the English word of ``norm`` that runs up to ``end`` (exclusive) ends there, alone or in the plural
    (radar|s, clutch|es, harness|es).

    >>> _plural_ends("radars and", 5), _plural_ends("clutches", 6), _plural_ends("cablees", 5), _plural_ends("lidarx", 5)
    (True, True, False, False)
    """
    for tail in ("", "s", "es"):
        if norm.startswith(tail, end) and (end + len(tail) >= len(norm) or not _ascii_alnum(norm[end + len(tail)])) \
                and (tail != "es" or norm.endswith(_SIBILANTS, 0, end)):
            return True
    return False


def _word_ends(norm: str, at: int, word: str) -> bool:
    """Whether the English ``word`` stands at ``at`` and ends a word there, alone or as a plural (harness|es,
    batter|ies)."""
    if norm.startswith(word, at):
        return _plural_ends(norm, at + len(word))
    end = at + len(word) + 2
    return word.endswith("y") and norm.startswith(word[:-1] + "ies", at) and (end >= len(norm) or not _ascii_alnum(norm[end]))


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _specificity(term: str) -> float:
    """Longer terms are more specific: 2 CJK chars 0.8, 4+ chars 1.0; Latin by letters."""
    n = sum(2 if _is_cjk(c) else 1 for c in term if not c.isspace())
    return min(1.0, 0.6 + 0.05 * n)


@dataclass(frozen=True)
class CategoryTerms:
    """One category as the lexicon reads it: its key, kind of site, group and terms."""

    key: str
    fit: str = "factory"  # factory | software | service
    group: str = ""
    aliases: tuple[str, ...] = ()  # strong terms (Chinese and English)
    keywords: tuple[str, ...] = ()  # weak terms


@dataclass
class Scan:
    """What the text evidences: category index → score (best = 1) and the words that matched."""

    scores: dict[int, float]
    evidence: dict[int, list[str]]
    context: bool
    fuzzy: bool = False
    raw_best: float = 0.0
    fit: tuple[float, float] = (0.0, 0.0)  # (software, factory) leaning of the firm, 0–1 each
    semantic: bool = False  # the category came from the semantic tier (meaning), not from words
    named: bool = False  # the category came from a company's or brand's name (names.csv)
    foreign: tuple[str, ...] = ()  # the products of other industries the text names ([foreign]), first three

    @property
    def tier(self) -> str:
        """Which tier decided: lexicon | typo | name | semantic | none."""
        if not self.scores:
            return "none"
        return "semantic" if self.semantic else "name" if self.named else "typo" if self.fuzzy else "lexicon"


@dataclass(slots=True)
class _Open:
    """A text the lexicon's terms left without a strong alias: what the typo pass and the semantic
    tier go on, and the weak keywords that finish it (:meth:`Lexicon._read_many`)."""

    norm: str
    scores: dict[int, float]
    evidence: dict[int, list[str]]
    weak: list[tuple[int, float, str]]
    context: bool
    vehicle: bool
    fuzzy: bool
    strength: float
    named: list[tuple[tuple, str, float]] = field(default_factory=list)  # names in the first sentence
    by_name: bool = False  # the scores came from the names
    own: set[int] | None = None  # categories named by a strong term outside a customer's clause (None: all)
    # where every strong term is a customer's or a use's (为整车厂提供…, "for battery packs"): their scores and
    # evidence, the answer unless the typo pass or the meaning finds the firm's own product
    customers: tuple[dict[int, float], dict[int, list[str]]] | None = None
    foreign: tuple[str, ...] = ()  # the products of other industries the text names ([foreign]), first three


@dataclass
class Lexicon:
    """The automaton over every category term and the vocabulary, and the scan of a text; build with
    :func:`build_lexicon` (or :func:`shipped_lexicon` for the shipped taxonomy)."""

    vocab: MatchVocab
    automaton: Any
    keys: list[str]  # per category index: its key
    fits: list[int]  # per category: 0 service, 1 software, 2 factory
    groups: list[str]  # per category: its taxonomy group
    fit_software: Any = None
    fit_factory: Any = None
    fuzzy_head: dict[str, list[tuple[str, tuple]]] = field(default_factory=dict)
    fuzzy_tail: dict[str, list[tuple[str, tuple]]] = field(default_factory=dict)
    fuzzy_en: dict[str, tuple] = field(default_factory=dict)
    customers: Any = None  # one regular expression: clauses naming customers ([customers] patterns)
    equipment: frozenset[str] = frozenset()  # [foreign] equipment: the foreign terms that are the chain's production equipment
    own_equipment: Any = None  # one regular expression of [foreign] own_equipment
    # [coordination]: one regular expression of a modifier (group 1) and a joiner; per modifier, the lengths of the
    # rests of the terms that begin with it (longest first), those rests with their terms' payloads, and the same in
    # order (longest first)
    coordination: Any = None
    heads: dict[str, tuple[tuple[int, ...], dict[str, tuple], list[tuple[str, tuple]]]] = field(default_factory=dict)
    # An automaton with the same terms whose root looks up the characters of a batch's text in order of
    # their frequency there (see :meth:`tuned`); None: scan with ``automaton``.
    walker: Any = field(default=None, repr=False, compare=False)
    # Per-process memo (filled on use, never pickled); the matcher keeps its plans here too.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["memo"] = {}
        state["walker"] = None
        return state

    def tuned(self, sample: list[str]) -> Lexicon:
        """A copy of this index whose batch scans (:meth:`scan_many`) walk an automaton tuned to
        texts like ``sample``: the same hits, with ~40% fewer instructions for the walk of a business
        scope (``match_many`` tunes one for every batch of 5,000 texts or more).

        pyahocorasick finds a node's child by a linear search in insertion order, and a character
        that starts no term (``;``, 有, 限, digits — half the characters of a business scope) is looked up
        among all ~300 children of the root before the walk moves on. The tuned automaton inserts the
        root's children in order of the characters' frequency in the sample, and gives each frequent
        character that starts no term a root child of its own through a filler entry (the character
        followed by :data:`FILLER`), so it is found early. The character's node holds no match, has no
        other child and fails to the root, so from it (or from a node whose failure link now ends on it)
        the next character is looked up exactly as from the root: every walk of a text without
        :data:`FILLER` yields the same hits (tests/queries/test_match_tuned.py compares them).

        >>> ix = shipped_lexicon()
        >>> t = ix.tuned(["重庆某某有限公司；主营电池包；技术开发；货物进出口"])
        >>> [s.scores for s in t.scan_many(["电池包；技术开发"])] == [ix.scan("电池包；技术开发").scores]
        True
        """
        import ahocorasick
        import numpy as np

        # how often each character occurs in the sample (one numpy pass: ~2 ms for 1,000 profiles)
        codes = np.frombuffer("".join(normalize_many(sample)).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bins = np.bincount(codes) if len(codes) else np.zeros(0, dtype=np.int64)
        frequent = np.flatnonzero(bins >= 2)
        count = dict(zip(map(chr, frequent.tolist()), bins[frequent].tolist()))
        items = dict(self.automaton.items())
        groups: dict[str, list[str]] = {}
        for key in _insertion_order(items):  # the build's order within each first character
            groups.setdefault(key[0], []).append(key)
        A = ahocorasick.Automaton()
        for ch in sorted((c for c in count if c != FILLER), key=lambda c: (-count[c], c)):
            group = groups.pop(ch, None)
            if group is None:
                A.add_word(ch + FILLER, _FILLER_PAYLOAD)
            else:
                for key in group:
                    A.add_word(key, items[key])
        for group in groups.values():  # first characters the sample lacks, in the build's order
            for key in group:
                A.add_word(key, items[key])
        A.make_automaton()
        return replace(self, walker=A)  # shares everything else, the memo included

    # ------------------------------------------------------------------ scanning
    def scan(self, text: str) -> Scan:
        """Categories evidenced by ``text`` (see the module docstring)."""
        norm = normalize(text)
        return self._read_many([norm], [list(self.automaton.iter_long(norm + END))])[0]

    def scan_many(self, texts: list[str]) -> list[Scan]:
        """:meth:`scan` of each text, stage by stage (normalise all at once, run the automaton over
        all, then weigh, then the slower tiers for the texts that reach them, together): the same
        answers, less time than text by text, as each stage's code and data (the automaton's nodes
        above all) stay in the CPU caches and the semantic tier scores its texts in a few array
        operations (:meth:`chainkg.loaders.semantic.StaticModel.read_many`)."""
        norms = normalize_many(texts)
        return self._read_many(norms, self.walk_many(norms))

    def walk_many(self, norms: list[str]) -> list[list[tuple[int, tuple]]]:
        """The automaton's hits (end, payload) in each normalised text, by the tuned automaton where
        there is one (a text holding :data:`FILLER` is walked by the plain one)."""
        walk = self.automaton.iter_long
        if self.walker is None:
            return [list(walk(n + END)) for n in norms]
        plain, walk = walk, self.walker.iter_long
        return [list(walk(n + END) if FILLER not in n else plain(n + END)) for n in norms]

    def _read_many(self, norms: list[str], hitss: list[Any]) -> list[Scan]:
        """The scans of normalised texts from the automaton's hits (end, payload) in each, tier by
        tier: every text weighed by its terms (:meth:`_weigh`); the texts without a strong alias tried
        for typos; those still without a category but with vehicle context read by meaning, all in
        one call (:meth:`_semantic_many`); the rest finished with their weak keywords. :meth:`scan`
        is this with one text, so a text gets the same scan alone or in a batch."""
        if self.coordination is not None:
            hitss = [self._shared_heads(n, h) for n, h in zip(norms, hitss)]
        out: list[Scan | _Open] = [self._weigh(n, h) for n, h in zip(norms, hitss)]
        # no strong alias: maybe a typo in one (weak keywords alone are vague)
        opens = [k for k, o in enumerate(out) if isinstance(o, _Open)]
        typos = self._fuzzy_many([norms[k] for k in opens], [hitss[k] for k in opens],
                                 [out[k].scores for k in opens], [out[k].evidence for k in opens])
        for k, typo in zip(opens, typos):
            o = out[k]
            o.fuzzy, o.context = typo, o.context or typo
            if not o.scores and o.named:  # still nothing: the company or brand named ("赛力斯…销量", "Li Auto delivered")
                for cats, display, pos in o.named:
                    for c, cw in cats:
                        o.scores[c] = o.scores.get(c, 0.0) + pos * cw
                        ev = o.evidence.setdefault(c, [])
                        if display not in ev:
                            ev.append(display)
                o.by_name = True
        # vehicle context but no category term: ask the semantic tier, before the weak keywords (on the
        # corpus's dev half meaning beat a vague keyword: top-1 0.918 vs 0.900, top-3 0.945 vs 0.918)
        floor = self.vocab.scoring["min_evidence"]
        # (and where the typo pass found a term too faint to be evidence on its own, far into a long text: the
        # meaning may confirm it)
        # … but not a text that also names another industry's product: a firm that names phones, forklifts or
        # robots beside the car and no product of the chain is not placed in the chain by meaning alone (on the dev
        # half of 34 rounds: out-of-chain firms given a direct park 31 → 24 of 410, top-3 0.929 → 0.928)
        asks = [k for k, o in enumerate(out) if isinstance(o, _Open) and o.vehicle and not o.foreign and (
            not o.scores or (o.fuzzy and max(o.scores.values()) < floor and o.strength < floor))]
        for k, found in zip(asks, self._semantic_many([self._corrected(norms[k], out[k]) for k in asks])):
            if found is not None and out[k].scores and found[0] not in out[k].scores:
                continue  # (a faint typo: the meaning may confirm it, not replace it)
            cust = out[k].customers
            if found is not None and cust is not None and (found[3] < self.vocab.semantic_customer_min_z
                                                           or found[0] in cust[0]):
                # the customers' products named are a better guess than a faint meaning, and the words
                # themselves are the better reason where the meaning only repeats them
                continue
            if found is not None and out[k].weak:
                # the meaning disagrees with weak keywords that are evidence enough on their own (电动汽车 … 纯电动
                # of a carmaker read as a drive motor): the words win, as _close weighs them; beside named
                # customers such words win even where the meaning agrees (做逆变器和电机，配套商用车: both)
                words: dict[int, float] = {}
                for c, w, _ in out[k].weak:
                    words[c] = words.get(c, 0.0) + w
                if (found[0] not in words or cust is not None) and max(words.values()) >= floor:
                    continue
            if found is not None:
                c, score, carrier, _ = found
                # (a faint typo the meaning confirms is shown first: it names the product)
                shown = list(out[k].evidence.get(c, ())) if out[k].scores else []
                scan = self._finish(norms[k], {c: score}, {c: shown + [SEMANTIC + carrier]}, True, False)
                scan.semantic = True
                scan.foreign = out[k].foreign
                out[k] = scan
        return [self._close(o) if isinstance(o, _Open) else o for o in out]

    @staticmethod
    def _corrected(norm: str, o: _Open) -> str:
        """``norm`` with the typos the typo pass found spelt as the terms they stand for, for the
        semantic tier, which knows no misspelt word ("home EV charing start-up" reads as charging)."""
        for shown in o.evidence.values() if o.fuzzy else ():
            for label in shown:
                typo, _, term = label.partition("≈")
                if term:
                    norm = norm.replace(typo, term, 1)
        return norm

    def _shared_heads(self, norm: str, hits: list[tuple[int, tuple]]) -> list[tuple[int, tuple]]:
        """``hits`` and, at each modifier whose head the next modifier's head is ([coordination]: 动力|及储能|电池,
        "automotive| and industrial |wire harnesses"), the term the modifier and that head make, as a hit
        spanning the modifier.

        >>> ix = shipped_lexicon()
        >>> [p[4] for _, p in ix._shared_heads("动力及储能电池", ix.walk_many(["动力及储能电池"])[0])]
        ['动力电池', '储能电池']
        """
        extra = []
        for m in self.coordination.finditer(norm):
            start, end = m.span(1)
            modifier = m.group(1)
            if modifier.isascii() and start > 0 and (_ascii_alnum(norm[start - 1]) or norm[start - 1] == "-"):
                continue  # (an English modifier is a whole word: no "in-vehicle" read as "vehicle")
            payload = self._head(norm, modifier, m.end())
            # the modifier must begin a word: in 混合动力及燃料电池汽车, 动力 is hybrid's
            if payload is not None and not any(e >= start > e - p[5] + 1 for e, p in hits):
                extra.append((end - 1, payload[:5] + (end - start,) + payload[6:]))
        if not extra:
            return hits
        return sorted(hits + extra, key=lambda h: h[0])  # (stable: a hit that ends with the modifier comes first)

    def _head(self, norm: str, modifier: str, at: int) -> tuple | None:
        """The payload of the term ``modifier`` makes with the head of the modifier that begins at ``at``
        (None: no term): 1 to ``span`` Chinese characters (the other modifiers of a list with their joiners among
        them), or one or two English words, then the term's rest."""
        sizes, table, ordered = self.heads[modifier]
        if modifier.isascii():
            m = _TWO_WORDS.match(norm, at)
            for p in ([m.end(1), m.end(2)] if m and m.group(2) else [m.end(1)] if m else []):
                for rest, payload in ordered:  # (few: a plural or "batteries" for "battery" is checked word by word)
                    if _word_ends(norm, p, rest):
                        return payload
            return None
        # (over the other modifiers of a list too: in 动力、储能和消费类电池 the head of 动力 is 电池; a 的 ends the walk)
        for k in range(at, min(at + self.vocab.coordination[2], len(norm))):
            if (not _is_cjk(norm[k]) and norm[k] != "、") or norm[k] in _LIST_STOPS:
                break
            for size in sizes:  # the longest rest first
                payload = table.get(norm[k + 1:k + 1 + size])
                if payload is not None:
                    return payload
        return None

    def _weigh(self, norm: str, hits: Any) -> Scan | _Open:
        """The weighing of :meth:`scan` by the terms the automaton found: the scan, or, when no strong
        alias is found, what the slower tiers need to go on (:meth:`_read_many`)."""
        sc = self.vocab.scoring
        scale, floor = sc["position_scale"], sc["position_floor"]
        scores: dict[int, float] = {}
        weak: list[tuple[int, float, str]] = []
        terms: list[list] = []  # category terms in text order: [start, end, strong?, cats, weight, display, position factor]
        named: list[tuple[tuple, str, float]] = []  # company / brand names, not where customers are named: (cats, display, weight)
        evidence: dict[int, list[str]] = {}
        own: set[int] = set()
        context = False
        vehicle = False  # a vehicle context word seen
        foreign: list[str] = []  # the products of other industries named (also the reason for no fit)
        # the same in the first sentence, which says what the firm makes: a ferry battery maker whose
        # ferries "carry 50 cars", or trams "like the local electric cars", are still not of the chain
        vehicle_first = foreign_first = equipment_first = False
        first_end: int | None = None
        vehicle_at: list[int] = []  # where the vehicle words stand
        # where the application cues and the other industries' products stand (start, end), in text order
        apps: list[tuple[int, int]] = [(-10**9, -10**9)]
        foreigns: list[tuple[int, int]] = [(-10**9, -10**9)]
        app_window, app_factor = self.vocab.application_window, self.vocab.application_factor
        n = len(norm)
        # clauses naming customers ("为整车厂提供", "customers include"): the terms in them are not the product
        spans = [m.span(m.lastindex or 0) for m in self.customers.finditer(norm)] if self.customers is not None else []
        # what the firm says it does not (or no longer) make (不是做电池的, 不再做卡车, "no longer builds"):
        # from a negation cue to the end of its clause the terms are neither evidence nor context
        negated_until = -1
        neg_window = self.vocab.negation_window
        for end, payload in hits:
            if payload[0] == NEUTRAL:  # consumed by the automaton, counts for nothing (most hits)
                continue
            kind, left, right, cats, display, length, spec, ctx = payload
            start = end - length + 1
            if left and start > 0:
                ch = norm[start - 1]
                if ch < "\x80" and ch.isalnum():
                    continue
            if right and end + 1 < n:
                ch = norm[end + 1]
                # a Latin term must end a word; an English plural ("radars", "inverters"; "clutches", "buses") still does
                if ch < "\x80" and ch.isalnum() and not _plural_ends(norm, end + 1):
                    continue
            if start < negated_until:
                continue
            if kind == NEGATION:
                m = _CLAUSE_END.search(norm, end + 1, end + 1 + neg_window)
                negated_until = m.start() if m else end + 1 + neg_window
                continue
            if kind == APPLICATION:
                # "sized for 1.4 million ABS units": a count after "for" is a capacity, not a use ("for 800V
                # traction inverters" and 用于3万台驱动电机 still are uses)
                if not _QUANTITY.match(norm, end + 1):
                    apps.append((start, end))
                continue
            if kind == FOREIGN:
                equipment = display in self.equipment
                if equipment and self.own_equipment is not None and any(
                        m.end() >= start - _OWN_EQUIPMENT_REACH
                        for m in self.own_equipment.finditer(norm, max(0, start - 3 * _OWN_EQUIPMENT_REACH), start)):
                    continue  # the firm's own plant (拥有多条自动化生产线), not its product
                foreigns.append((start, end))
                if display not in foreign:
                    foreign.append(display)
                if first_end is None:
                    first_end = _first_sentence_end(norm)
                if start < first_end:
                    foreign_first = True
                    # a maker of the chain's production lines names the carmakers it sells them to, often in the
                    # same first sentence (专做汽车智慧生产线; "sells carmakers paint shops"): that vehicle word is a
                    # customer's
                    equipment_first = equipment_first or equipment
                continue
            if ctx and kind != NAME:  # (a name is context only where it is the firm's own, below)
                context = True
                last_foreign = foreigns[-1][1]
                if ctx == VEHICLE and 0 <= start - last_foreign - 1 <= 4 and not _LIST_SEP.search(norm, last_foreign + 1, start):
                    # another industry's product right before names what this is for: 电动自行车铅酸动力电池
                    # is an e-bike's battery, not the car's
                    pass
                elif ctx == VEHICLE:  # (自动驾驶 or 零部件 alone may be a boat's or a motorcycle's)
                    vehicle = True
                    vehicle_at.append(start)
                    if first_end is None:
                        first_end = _first_sentence_end(norm)
                    if start < first_end:
                        vehicle_first = True
            if kind == CONTEXT:
                continue
            pos = 1.0 / (1.0 + start / scale)
            pos = pos if pos > floor else floor
            w = spec * pos
            customer = start - apps[-1][1] <= app_window or (spans and any(a <= start < b for a, b in spans))
            if customer:
                if kind == NAME:  # a customer's name (为比亚迪配套) says nothing of the firm's own product
                    continue
                w *= app_factor
            elif kind == ALIAS:
                own.update(c for c, _ in cats)
            if kind == NAME:
                context = vehicle = True
                # a text says who it is about in its first sentence; a name further on is an investor's,
                # a partner's or a rival's
                if _SENTENCE_END.search(norm, 0, start) is None:
                    named.append((cats, display, pos))
                continue
            if kind == ALIAS:
                context = True
            terms.append([start, end, kind == ALIAS, cats, w, display, pos, customer])
        # a term right before a use that is another industry's product ("ESS packs for five new ferries", 电池用于船舶)
        # is that product's part, as 电动自行车铅酸动力电池 is: it weighs as a term beside another industry's product
        # does — unless the vehicle is among the uses too (电池用于汽车和船舶). On the dev half of thirty-six rounds:
        # one out-of-chain firm lost its park, no other scan changed
        if len(apps) > 1 and len(foreigns) > 1:
            factor = self.vocab.foreign_factor
            for t in terms:
                for a, b in apps[1:]:
                    if not 0 <= a - t[1] - 1 <= 2:
                        continue
                    clause = _CLAUSE_END.search(norm, b + 1)
                    stop = min(clause.start() if clause else n, b + 1 + _USE_REACH)
                    if any(b < f < stop for f, _ in foreigns) and not any(b < v < stop for v in vehicle_at):
                        t[4] *= factor
                        break
        # Chinese compounds (and English noun adjuncts) put the head last: in 锂离子电池电解液 or
        # "EV battery cathode" the first term says what the product is for, the last what it is
        if len(terms) > 1:
            modifier, groups = sc["modifier"], self.groups
            for a, b in zip(terms, terms[1:]):
                gap = b[0] - a[1] - 1
                # (a weak word after a term is no head: 充电桩销售 sells charging piles)
                if b[2] and 0 <= gap <= 1 and (gap == 0 or norm[a[1] + 1] in " 的用-") and not (
                        {groups[c] for c, _ in a[3]} & {groups[c] for c, _ in b[3]}):
                    a[4] *= modifier
        # how strong the strongest term is wherever it stands: late in a long text a listed term is
        # still evidence (position only orders the categories of one text)
        strength = max((t[4] / t[6] * cw for t in terms if t[2] for _, cw in t[3]), default=0.0)
        for _, _, strong, cats, w, display, *_ in terms:
            if strong:
                for c, cw in cats:
                    scores[c] = scores.get(c, 0.0) + w * cw
                    ev = evidence.setdefault(c, [])
                    if display not in ev:
                        ev.append(display)
            else:
                for c, cw in cats:
                    weak.append((c, w * cw, display))
        if foreign and (not vehicle or (foreign_first and (equipment_first or not vehicle_first))):
            # about another industry's product: strong terms weigh less, weak nothing,
            # and a term said again and again (氢燃料电池 three times of a forklift) is still said of that product
            factor = self.vocab.foreign_factor
            once: dict[tuple[int, str], float] = {}
            fe = first_end if first_end is not None else n
            for a, b, strong, cats, w, display, _, cust in terms:
                if strong:
                    f = factor
                    # a multi-market firm's later sentence on its car business (…；車用手勢辨識產品…出貨):
                    # a term sharing its clause with a vehicle word is the firm's own car product, in full
                    if vehicle and not equipment_first and not cust and a >= fe:
                        cs = max((m.end() for m in _CLAUSE_END.finditer(norm, 0, a)), default=0)
                        ce = _CLAUSE_END.search(norm, b + 1)
                        if any(cs <= v < (ce.start() if ce else n) for v in vehicle_at):
                            f = 1.0
                    for c, cw in cats:
                        once[c, display] = max(once.get((c, display), 0.0), w * cw * f)
            scores = {}
            for (c, _), w in once.items():
                scores[c] = scores.get(c, 0.0) + w
            scan = self._finish(norm, scores, evidence, bool(scores), False)
            scan.foreign = tuple(foreign[:3])
            return scan
        others = tuple(foreign[:3])
        if not scores:  # the typo pass, names and maybe the semantic tier come next (_read_many)
            return _Open(norm, scores, evidence, weak, context, vehicle, False, strength, named, foreign=others)
        if not own:  # only customers' products named: the firm's own may still be found (_read_many)
            return _Open(norm, {}, {}, weak, context, vehicle, False, strength, own=own, customers=(scores, evidence),
                         foreign=others)
        return self._close(_Open(norm, scores, evidence, weak, context, vehicle, False, strength, own=own, foreign=others))

    def _close(self, o: _Open) -> Scan:
        """A scan from the strong (or typo, or name) evidence of ``o`` and its weak keywords."""
        scores, evidence, context = o.scores, o.evidence, o.context
        if o.customers is not None:  # the customers' products, beside any typo found
            for c, w in o.customers[0].items():
                scores[c] = scores.get(c, 0.0) + w
            for c, ev in o.customers[1].items():
                evidence.setdefault(c, []).extend(d for d in ev if d not in evidence.get(c, ()))
        if context:
            # the most specific evidence wins: once a strong alias names a category, weak keywords
            # only support categories that have strong evidence of their own
            strong = set(scores) if o.own is None else o.own
            for c, w, display in o.weak:
                if strong and c not in strong:
                    continue
                scores[c] = scores.get(c, 0.0) + w
                ev = evidence.setdefault(c, [])
                if display not in ev:
                    ev.append(display)
        scan = self._finish(o.norm, scores, evidence, context, o.fuzzy, o.strength)
        scan.named = o.by_name and bool(scan.scores)
        scan.foreign = o.foreign
        return scan

    def _finish(self, norm: str, scores: dict[int, float], evidence: dict[int, list[str]], context: bool,
                fuzzy: bool, strength: float = 0.0) -> Scan:
        sc = self.vocab.scoring
        best = max(scores.values(), default=0.0)
        if best < sc["min_evidence"] and strength < sc["min_evidence"]:
            return Scan({}, {}, context, fuzzy, best)
        fits = self.fits
        if len(scores) == 1:  # the common one-category text: the same values without the sums
            (c, s), = scores.items()
            keep = {c: s / best}
            fit = fits[c]
            soft, fact = (1.0 if fit == 1 else 0.0), (1.0 if fit == 2 else 0.0)
        else:
            cut = sc["keep_ratio"] * best
            keep = {c: s / best for c, s in scores.items() if s >= cut}
            total = sum(keep.values())
            soft = sum([s for c, s in keep.items() if fits[c] == 1]) / total
            fact = sum([s for c, s in keep.items() if fits[c] == 2]) / total
        sw, fa = _count_to_two(self.fit_software, norm), _count_to_two(self.fit_factory, norm)
        if sw or fa:
            soft, fact = (soft + min(1.0, sw / 2)) / 2, (fact + min(1.0, fa / 2)) / 2
        return Scan(keep, {c: evidence[c] for c in keep}, context, fuzzy, best, (soft, fact))

    def _semantic_many(self, norms: list[str]) -> list[tuple[int, float, str, float] | None]:
        """The semantic tier (:mod:`chainkg.loaders.semantic`) for texts with vehicle context and no
        category term, all in one call: for each, (category, score, the clause that carried the
        meaning, its z-score) when the nearest category stands out by at least [semantic] min_z, else None.

        >>> lex = shipped_lexicon()
        >>> [lex.keys[f[0]] if f else None for f in lex._semantic_many(["汽车行业的仿真分析与多物理场求解器", "!!!"])]
        ['automotive_industrial_software', None]
        """
        weight, min_z = self.vocab.semantic_weight, self.vocab.semantic_min_z
        if weight <= 0 or not norms:
            return [None] * len(norms)
        from chainkg.loaders.semantic import shipped_model

        index = self.memo.get("semantic_index")
        if index is None:
            index = self.memo["semantic_index"] = {k: i for i, k in enumerate(self.keys)}
        out: list[tuple[int, float, str, float] | None] = []
        for found in shipped_model().read_many(norms, min_z):
            # None also for a category the table was built without (rebuild it: tools/semantic)
            c = None if found is None else index.get(found[0])
            out.append(None if c is None else (c, weight, found[3], found[2]))
        return out

    def _fuzzy(self, norm: str, scores: dict[int, float], evidence: dict[int, list[str]]) -> bool:
        """Typos: one substituted character in a Chinese alias (≥ 4 chars), or an English word
        (≥ 5 letters) at rapidfuzz ratio ≥ 85 to an English alias or keyword (:meth:`_fuzzy_many`
        of one text)."""
        return self._fuzzy_many([norm], [None], [scores], [evidence])[0]

    def _fuzzy_many(self, norms: list[str], hitss: list[Any], scoress: list[dict[int, float]],
                    evidences: list[dict[int, list[str]]]) -> list[bool]:
        """The typo pass of each text (its automaton hits, or None to walk it again), adding to its
        scores and evidence; whether it found a typo. The Chinese near misses of the whole batch come
        from one array search (:meth:`_near_misses`); only the few found are looked at one by one."""
        sc = self.vocab.scoring
        # a slip of the first character is not read as one (能源管理系统 is no 热管理系统: the rest of a
        # term is often a word of its own); a homophone there is (热管里 for 热管理)
        near = [[m for m in misses if norm[m[0]] == m[1][0]] for norm, misses in zip(norms, self._near_misses(norms))]
        for misses, more in zip(near, self._homophones(norms)):
            misses += more
        out = []
        for norm, hits, scores, evidence, misses in zip(norms, hitss, scoress, evidences, near):
            found = False
            if not misses and not (self.fuzzy_en and _EN_WORD.search(norm)):
                out.append(False)  # nothing to look at: the hits need not be read either
                continue
            n = len(norm)
            # text the exact pass already explained (a neutral phrase such as "pv inverter", or any
            # term) is not re-read as a typo of something else
            covered = bytearray(n)
            # … and a near miss starts or ends at a word's edge: a weak word may lie inside a mistyped alias, but
            # one cut in two (充电|枪总成 is no 电驱总成) was spelt right
            inner = bytearray(n + 1)
            for end, payload in self.automaton.iter_long(norm + END) if hits is None else hits:
                # weak words may be part of a mistyped alias; a context term (新能源汽车) is a word spelt right,
                # not a typo of a category term (新能源客车)
                if payload[0] != KEYWORD or payload[7]:
                    covered[end - payload[5] + 1:end + 1] = b"\x01" * payload[5]
                elif payload[5] > 1:
                    inner[end - payload[5] + 2:end + 1] = b"\x01" * (payload[5] - 1)

            def free(start: int, stop: int) -> bool:
                return covered.find(1, start, stop) < 0  # one C scan, no loop over characters

            def add(start: int, payload: tuple, shown: str) -> None:
                nonlocal found
                _, _, _, cats, display, _, spec, _ = payload
                pos = 1.0 / (1.0 + start / sc["position_scale"])
                w = spec * max(pos, sc["position_floor"]) * sc["fuzzy"]  # cats carry the alias/keyword weight
                for c, cw in cats:
                    scores[c] = scores.get(c, 0.0) + w * cw
                    label = f"{shown}≈{display}"
                    ev = evidence.setdefault(c, [])
                    if label not in ev:
                        ev.append(label)
                found = True

            seen: set[tuple[int, str]] = set()
            for start, term, payload in misses:
                stop = start + len(term)
                if (start, term) not in seen and free(start, stop) and not inner[start] and not inner[stop]:
                    seen.add((start, term))
                    add(start, payload, norm[start:stop])
            if self.fuzzy_en:
                tokens = [(m.start(), m.group()) for m in _EN_WORD.finditer(norm) if free(m.start(), m.end())]
                if not tokens:
                    out.append(found)
                    continue
                en = self.fuzzy_en
                # every phrase and word this text could ask about, looked up at once (_fuzzy_en_best); the
                # walk below then takes them in the order of the one-by-one search: phrases of three words,
                # of two, then single words, a word taken by a phrase not asked again
                words = [t for _, t in tokens]
                phrases = {3: [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:])],
                           2: [f"{a} {b}" for a, b in zip(words, words[1:])]}
                best = self._fuzzy_en_best([p for ps in phrases.values() for p in ps if len(p) >= 8 and p not in en],
                                           [w for w in words if len(w) >= 5 and w not in en])
                if not any(best.values()):  # no near miss at all (most texts): nothing to walk
                    out.append(found)
                    continue
                taken: set[int] = set()
                # two- and three-word phrases first ("traction invertors" ≈ "traction inverter") …
                for n_words in (3, 2):
                    for i, phrase in enumerate(phrases[n_words]):
                        if any(j in taken for j in range(i, i + n_words)):
                            continue
                        if len(phrase) < 8 or phrase in en:
                            continue
                        hit = best[phrase]
                        if hit is not None:
                            add(tokens[i][0], en[hit], phrase)
                            taken.update(range(i, i + n_words))
                # … then single words of five letters or more
                for i, (start, word) in enumerate(tokens):
                    if i in taken or len(word) < 5 or word in en:
                        continue
                    hit = best[word]
                    # (a plural or another form is no slip — "repairs" was read as the keyword "repair" already,
                    # "engineers" is no "engine" — and nor is a real word: "capacity" is no "capacitor")
                    if hit is not None and _same_parts(word, hit) and not _another_form(word, hit) and not _is_english(word):
                        add(start, en[hit], word)
            out.append(found)
        return out

    def _homophones(self, norms: list[str]) -> list[list[tuple[int, str, tuple]]]:
        """For each normalised text, every window that reads like a Chinese alias in pinyin without
        being it — the pinyin input method's slips (热管里 for 热管理, 电空 for 电控): (start, alias,
        payload). A window of the alias's length differs from it in at most a third of its characters
        (one in two or three); a short alias counts only in a short text (:data:`HOMOPHONE_TEXT`).
        One walk of a second automaton over the text written as syllables
        (``data/matching/pinyin.npz``), no loop over positions.

        >>> lex = shipped_lexicon()
        >>> [[(s, t) for s, t, _ in m] for m in lex._homophones(["新能源汽车热管里系统", "做电空的", "热管理"])]
        [[(5, '热管理系统')], [(1, '电控')], []]
        """
        if not norms:  # (a batch where every text had an alias loads nothing)
            return []
        tables = self.memo.get("homophones")
        if tables is None:
            tables = self.memo["homophones"] = _homophone_tables(self.automaton)
        encode, automaton = tables
        out: list[list[tuple[int, str, tuple]]] = []
        for norm in norms:
            found = []
            if len(automaton):
                for end, (term, payload) in automaton.iter_long(norm.translate(encode)):
                    size = len(term)
                    start = end - size + 1
                    window = norm[start:end + 1]
                    if window == term or len(norm) > HOMOPHONE_TEXT.get(size, len(norm)):
                        continue
                    # a window holding a particle (及, 和, 的 …) spans two words: 自行车及零配件 is no 车机
                    if any(ch in _PARTICLES for ch in window):
                        continue
                    if sum(a != b for a, b in zip(window, term)) <= max(1, size // 3):
                        found.append((start, term, payload))
            out.append(found)
        return out

    def _near_misses(self, norms: list[str]) -> list[list[tuple[int, str, tuple]]]:
        """For each normalised text, every window that is a Chinese alias of ≥ 4 characters with one
        CJK character substituted: (start, alias, payload), in the order the typo pass adds them (by
        the position of the alias's first or last two characters, head aliases before tail aliases,
        each in the build's order), before the check that the window is not already explained.

        One substitution leaves the first two or the last two characters of an alias of ≥ 4 intact,
        so the candidates sit where such a bigram does. The bigrams of all the texts, joined, are
        looked up at once (``np.searchsorted``), each hit opens its aliases as candidate windows, and
        all the windows are compared with their aliases in one array operation: no Python loop over
        positions or candidates.

        >>> lex = shipped_lexicon()
        >>> [[(s, t) for s, t, _ in m] for m in lex._near_misses(["车载激光雷大和毫米波雷达", "激光雷达", "面包"])]
        [[(2, '激光雷达')], [], []]
        """
        out: list[list[tuple[int, str, tuple]]] = [[] for _ in norms]
        if not norms:
            return out
        import numpy as np

        tables = self.memo.get("near_misses")
        if tables is None:
            tables = self.memo["near_misses"] = _near_miss_tables(self.fuzzy_head, self.fuzzy_tail)
        terms, payloads, codes, lengths, sides, opens, closes = tables
        if not terms:
            return out
        # the texts joined by END (in no alias: a window across two texts never matches)
        text = np.frombuffer(END.join(norms).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        width = codes.shape[1]
        padded = np.concatenate((text, np.zeros(width, dtype=np.uint32)))
        # the positions whose two characters may form a listed bigram (two table look-ups per position),
        # and there the bigram's code, searched among the listed ones
        maybe = np.flatnonzero(opens[text[:-1]] & closes[text[1:]])
        pairs = (text[maybe].astype(np.int64) << 21) | text[maybe + 1]
        found = []  # per side: (position of the bigram, side, rank in its list, start, alias)
        for side, (keys, offsets, members) in enumerate(sides):
            slot = np.minimum(np.searchsorted(keys, pairs), len(keys) - 1)
            hit = np.flatnonzero(keys[slot] == pairs)
            at, slot = maybe[hit], slot[hit]
            counts = offsets[slot + 1] - offsets[slot]
            pos = np.repeat(at, counts)
            rank = np.arange(len(pos)) - np.repeat(np.cumsum(counts) - counts, counts)
            alias = members[np.repeat(offsets[slot], counts) + rank]
            start = pos if side == 0 else pos + 2 - lengths[alias]
            found.append((pos, np.full(len(pos), side), rank, start, alias))
        pos, side, rank, start, alias = (np.concatenate(x) for x in zip(*found))
        inside = start >= 0
        pos, side, rank, start, alias = pos[inside], side[inside], rank[inside], start[inside], alias[inside]
        window = padded[start[:, None] + np.arange(width)]
        differ = (window != codes[alias]) & (np.arange(width) < lengths[alias][:, None])
        one = differ.sum(axis=1) == 1
        typed = window[one, differ[one].argmax(axis=1)]  # the substituted character must be CJK (an IME slip)
        keep = np.flatnonzero(one)[(typed >= 0x4E00) & (typed <= 0x9FFF)]
        keep = keep[np.lexsort((rank[keep], side[keep], pos[keep]))]
        firsts = np.cumsum([0] + [len(n) + 1 for n in norms[:-1]])
        owner = np.searchsorted(firsts, pos[keep], side="right") - 1
        for k, s, t in zip(owner.tolist(), (start[keep] - firsts[owner]).tolist(), alias[keep].tolist()):
            out[k].append((s, terms[t], payloads[t]))
        return out

    def _fuzzy_en_best(self, phrases: list[str], words: list[str]) -> dict[str, str | None]:
        """The English alias each phrase (ratio ≥ 88 among the aliases of several words) and each word
        (ratio ≥ 80, ≥ 85 below eight letters, among the single-word aliases and keywords) is a near
        miss of, or None: exactly what ``process.extractOne(…, scorer=fuzz.ratio, score_cutoff=…)``
        answers (the first of the best), for all of them in one ``process.cdist`` call per kind.
        Answers are remembered per index and process (bounded), as the same words recur from text to
        text.

        >>> ix = shipped_lexicon()
        >>> ix._fuzzy_en_best(["traction invertor"], ["lidarr", "bakery"])
        {'traction invertor': 'traction inverter', 'lidarr': 'lidar', 'bakery': None}
        """
        known = self.memo.get("fuzzy_en_best")
        if known is None or len(known) > 200_000:
            known = self.memo["fuzzy_en_best"] = {}
        lists = self.memo.get("fuzzy_en")
        if lists is None:
            lists = self.memo["fuzzy_en"] = ([w for w in self.fuzzy_en if " " not in w],
                                             [w for w in self.fuzzy_en if " " in w])
        singles, multis = lists
        for queries, choices, cutoff in ((phrases, multis, lambda q: 88), (words, singles,
                                                                           lambda q: 80 if len(q) >= 8 else 85)):
            todo = list(dict.fromkeys(q for q in queries if q not in known))
            if not todo:
                continue
            if not choices:
                known.update(dict.fromkeys(todo))
                continue
            import numpy as np
            from rapidfuzz import fuzz, process

            # scores below the lowest cutoff come back as 0; float64 keeps the scorer's own values,
            # so argmax (the first of the best) picks what extractOne picks
            scores = process.cdist(todo, choices, scorer=fuzz.ratio, score_cutoff=80, dtype=np.float64, workers=1)
            cols = scores.argmax(axis=1)
            for q, j, row in zip(todo, cols.tolist(), scores):
                known[q] = choices[j] if row[j] >= cutoff(q) else None
        return {q: known[q] for q in (*phrases, *words)}


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The English words the semantic table knows: a real word is no slip of an alias ("capacity", "baking");
    the misspellings users make (invertor, chasis, lidarr) are not among them. Read only when the typo pass
    finds an English near miss."""
    from chainkg.loaders.semantic import known_words

    return known_words()


def _is_english(word: str) -> bool:
    """Whether ``word`` or its singular is a word the semantic table knows ("deadlines", "capacities").

    >>> _is_english("deadlines"), _is_english("capacities"), _is_english("invertors")
    (True, True, False)
    """
    from chainkg.loaders.semantic import singulars

    known = _english_words()
    return word in known or any(s in known for s in singulars(word))


def _another_form(word: str, hit: str) -> bool:
    """Whether ``word`` is another form of ``hit`` rather than a slip of it: one begins with the other and the rest
    is a plural or a suffix of two letters or more ("repairs", "positioning" for "position", "engineers" for
    "engine", "lightweight" for "lightweighting"); "lidarr" for "lidar" is still a slip.

    >>> _another_form("engineers", "engine"), _another_form("repairs", "repair"), _another_form("lidarr", "lidar")
    (True, True, False)
    """
    short, long = sorted((word, hit), key=len)
    return long.startswith(short) and (len(long) - len(short) >= 2 or long[len(short):] == "s")


def _same_parts(word: str, hit: str) -> bool:
    """Whether a near miss keeps the parts of a hyphenated word: a slip changes letters, it does not swap
    the word before the hyphen ("e-moter" ≈ "e-motor", but a "seat-motor" is no "e-motor").

    >>> _same_parts("e-moter", "e-motor"), _same_parts("seat-motor", "e-motor"), _same_parts("invertor", "inverter")
    (True, False, True)
    """
    if "-" not in word and "-" not in hit:
        return True
    from rapidfuzz import fuzz

    a, b = word.split("-"), hit.split("-")
    return len(a) == len(b) and all(x == y or fuzz.ratio(x, y) >= 75 for x, y in zip(a, b))


def _count_to_two(pattern: Any, text: str) -> int:
    """``min(2, len(pattern.findall(text)))`` without scanning past the second match (only 0, 1 and
    "two or more" tell apart in the fit leaning)."""
    m = pattern.search(text)
    if m is None:
        return 0
    return 1 if pattern.search(text, m.end()) is None else 2


def _one_substitution(a: str, b: str) -> bool:
    """Same length, exactly one differing character, and that character is CJK (an IME slip).

    >>> _one_substitution("激光雷大", "激光雷达"), _one_substitution("激光雷达", "激光雷达"), _one_substitution("a光雷达", "激光雷达")
    (True, False, False)
    """
    n = min(len(a), len(b))  # compared as zip() pairs them
    for i in range(n):
        x, y = a[i], b[i]
        if x != y:  # the first difference: it must be the only one
            return a[i + 1:n] == b[i + 1:n] and _is_cjk(x) and _is_cjk(y)
    return False


# An alias of two (three) characters is read through a homophone only in a text of at most 16 (40)
# characters, a one-line query: in running text short homophones are mostly other words (点击 reads
# like 电机, 制动起家 holds 制动器)
HOMOPHONE_TEXT = {2: 16, 3: 40}


def _homophone_tables(automaton: Any) -> tuple[dict[int, str], Any]:
    """The table that writes a text as syllables (each CJK character → one private-use character per
    toneless pinyin syllable, anything else → a separator no key holds) and the automaton of the
    aliases written so (all-CJK strong aliases of 2–8 characters; the first of a homophone set)."""
    import ahocorasick
    import numpy as np

    from chainkg.loaders.matchvocab import MATCHING_DIR

    with np.load(MATCHING_DIR / "pinyin.npz") as data:
        first, reading = int(data["first"][0]), data["reading"]
    codes = np.flatnonzero(reading)
    encode = {c: "\x01" for c in range(0x80)}  # ASCII: a separator (no alias is read across it)
    encode.update(zip((codes + first).tolist(), (chr(0xE000 + int(r)) for r in reading[codes].tolist())))
    A = ahocorasick.Automaton()
    for key, payload in automaton.items():
        if payload[0] == ALIAS and 2 <= len(key) <= 8 and all(ord(ch) in encode and _is_cjk(ch) for ch in key):
            spelt = key.translate(encode)
            if spelt not in A:
                A.add_word(spelt, (key, payload))
    A.make_automaton()
    return encode, A


def _near_miss_tables(head: dict[str, list[tuple[str, tuple]]], tail: dict[str, list[tuple[str, tuple]]]) -> tuple:
    """The arrays of :meth:`Lexicon._near_misses`: the long Chinese aliases, their payloads, their
    characters (code points, zero-padded) and lengths, for the head and the tail bigrams the sorted
    bigram codes with, per code, its aliases in the lists' order (offsets into members), and which
    characters open and which close some bigram (by code point)."""
    import numpy as np

    terms: list[str] = []
    payloads: list[tuple] = []
    number: dict[str, int] = {}
    for lists in (head, tail):
        for entries in lists.values():
            for term, payload in entries:
                if term not in number:
                    number[term] = len(terms)
                    terms.append(term)
                    payloads.append(payload)
    width = max(map(len, terms), default=1)
    codes = np.zeros((len(terms), width), dtype=np.uint32)
    for i, term in enumerate(terms):
        codes[i, :len(term)] = [ord(ch) for ch in term]
    lengths = np.array([len(t) for t in terms], dtype=np.int64)
    sides = []
    for lists in (head, tail):
        keys = sorted(lists, key=lambda b: (ord(b[0]) << 21) | ord(b[1]))
        sizes = [len(lists[b]) for b in keys]
        sides.append((np.array([(ord(b[0]) << 21) | ord(b[1]) for b in keys], dtype=np.int64),
                      np.cumsum([0] + sizes), np.array([number[t] for b in keys for t, _ in lists[b]], dtype=np.int64)))
    opens = np.zeros(0x110000, dtype=bool)
    closes = np.zeros(0x110000, dtype=bool)
    for b in (*head, *tail):
        opens[ord(b[0])] = closes[ord(b[1])] = True
    return terms, payloads, codes, lengths, sides, opens, closes


def _insertion_order(keys: Any) -> list[str]:
    """Terms in the order they go into an automaton: those whose characters are common among the
    terms first (pyahocorasick searches a node's children in insertion order)."""
    freq: dict[str, int] = {}
    for key in keys:
        for ch in key:
            freq[ch] = freq.get(ch, 0) + 1
    return sorted(keys, key=lambda k: ([-freq[ch] for ch in k], k))


# vehicle words that begin compound terms (汽车保险, 车用空调, 车载电源)
_VEHICLE_PREFIXES = ("汽车", "车用", "车载")

# A filler entry matches only a text holding FILLER; its kind is neutral, so it would count for nothing.
_FILLER_PAYLOAD = (NEUTRAL, False, False, (), "", 2, 0.0, False)


def build_lexicon(categories: list[CategoryTerms], vocab: MatchVocab | None = None) -> Lexicon:
    """The lexicon of ``categories`` (category index = position in the list) and ``vocab``.

    >>> lex = build_lexicon([CategoryTerms("lidar", aliases=("激光雷达", "lidar"))])
    >>> lex.scan("车载激光雷达").scores
    {0: 1.0}
    """
    import re

    import ahocorasick

    vocab = vocab or load_match_vocab()
    # ---- terms
    terms: dict[str, list] = {}  # key → [kind, cats(list), display, ctx]
    owner: dict[str, str] = {}

    def put(term: str, kind: int, cat: int | None, where: str, level: int = VEHICLE) -> None:
        key = normalize(term)
        if not key:
            return
        cur = terms.get(key)
        if cur is None:
            terms[key] = [kind, [] if cat is None else [cat], term, level if kind == CONTEXT else 0]
            owner[key] = where
            return
        if kind == CONTEXT:
            if cur[0] in _STEERING:
                raise SchemaError(f"data/matching/matcher.toml: context term {term!r} is also {owner[key]}")
            cur[3] = max(cur[3], level)
            return
        if kind in _STEERING or cur[0] in _STEERING:
            if cur[0] == CONTEXT and kind not in _STEERING:
                pass
            else:
                raise SchemaError(f"data/matching/matcher.toml: term {term!r} is both {where} and {owner[key]}")
        if cur[0] == CONTEXT:
            cur[0] = kind
            cur[1] = [] if cat is None else [cat]
            cur[2] = term
            owner[key] = where
            return
        if kind == KEYWORD and cur[0] == ALIAS:
            return  # a strong alias of some category wins over a weak keyword
        if kind == ALIAS and cur[0] == KEYWORD:
            cur[0], cur[1], cur[2] = ALIAS, [cat], term
            owner[key] = where
            return
        if cat is not None and cat not in cur[1]:
            cur[1].append(cat)

    for i, c in enumerate(categories):
        for t in c.aliases:
            put(t, ALIAS, i, f"an alias of {c.key}")
        for t in c.keywords:
            put(t, KEYWORD, i, f"a keyword of {c.key}")
    for t in vocab.context:
        put(t, CONTEXT, None, "a context term")
    for t in vocab.context_loose:
        put(t, CONTEXT, None, "a context term", LOOSE)
    for t in vocab.neutral:
        put(t, NEUTRAL, None, "a neutral term")
    for t in vocab.application:
        put(t, APPLICATION, None, "an application cue")
    for t in vocab.foreign:
        put(t, FOREIGN, None, "a product of another industry ([foreign])")
    for t in vocab.negation:
        put(t, NEGATION, None, "a negation cue ([negation])")
    def spelt_also(forms_of: Any, why: str) -> None:
        """Each term also matches as ``forms_of(key)`` spells it, as the same kind of term; a term spelt like
        that already wins."""
        extra: dict[str, list] = {}
        for key, cur in terms.items():
            for form in forms_of(key):
                if form not in terms and form not in extra:
                    extra[form] = [cur[0], list(cur[1]), form, cur[3]]
                    owner[form] = f"{owner[key]} ({why})"
        terms.update(extra)

    # regional wording ([variants]): a term holding a mainland phrase (车规级芯片, 智能座舱) also matches as Taiwan
    # writes it (车规级晶片, 智慧座舱)
    pairs = [(normalize(a), normalize(b), whole) for a, b, whole in vocab.variants]

    def regional(key: str) -> set[str]:
        found = [(a, b) for a, b, whole in pairs if a in key and (whole or key != a)]
        forms = {key.replace(a, b) for a, b in found}
        if len(found) > 1:  # every phrase in its variant at once, as a Taiwanese text has them
            full = key
            for a, b in found:
                full = full.replace(a, b)
            forms.add(full)
        return forms

    if pairs:
        spelt_also(regional, "its regional variant")

    # English compounds are written with a space or a hyphen ("liquid hydrogen", "liquid-hydrogen fueling"; "e-axle",
    # "e axle"): each Latin term of two or more words also matches in the other spelling
    def hyphen_or_space(key: str) -> list[str]:
        if not key.isascii() or not any(ch.isalpha() for ch in key):
            return []
        return [key.replace(a, b) for a, b in ((" ", "-"), ("-", " "))
                if a in key and not key.startswith(a) and not key.endswith(a)]

    spelt_also(hyphen_or_space, "spelt with a hyphen or a space")
    # a term made of a vehicle word and a word (汽车|保险, 汽车|空调, 汽车|电子) must not hide a longer term that
    # begins with that word (汽车保险杠 is a bumper, 汽车空调出风口 a vent, 汽车电子水泵 a pump): read as the
    # longest match, the vehicle word and the longer term together are that term
    ordered = sorted(terms)
    extra: dict[str, list] = {}
    for key, cur in terms.items():
        head = next((p for p in _VEHICLE_PREFIXES if key.startswith(p) and len(key) > len(p)), None)
        if head is None or cur[0] not in (ALIAS, KEYWORD):
            continue
        rest = key[len(head):]
        for longer in ordered[bisect.bisect_right(ordered, rest):]:
            if not longer.startswith(rest):
                break
            whole = head + longer
            if terms[longer][0] == ALIAS and whole not in terms and whole not in extra:
                extra[whole] = [ALIAS, list(terms[longer][1]), whole, terms[longer][3]]
                owner[whole] = f"{owner[longer]} (after a vehicle word)"
    terms.update(extra)
    # a category term that names the vehicle (汽车玻璃, 车载显示屏, "automotive seating") is vehicle
    # context itself: the text is about the vehicle chain even where it also names a phone
    names_vehicle = re.compile("|".join(
        (re.escape(k) if not k.isascii() else rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])")
        for k in sorted({normalize(t) for t in vocab.context} - {""}, key=len, reverse=True)) or "(?!)")
    for key, cur in terms.items():
        if cur[0] in (ALIAS, KEYWORD) and cur[3] != VEHICLE and names_vehicle.search(key):
            cur[3] = VEHICLE
    # names last: any term of the taxonomy or the vocabulary spelt the same wins; a name whose category
    # this lexicon lacks (a lexicon of a few categories, as in tests) is left out
    index = {c.key: i for i, c in enumerate(categories)}
    names: dict[str, list] = {}
    for name, cat, alt, _line in vocab.names:
        key = normalize(name)
        if key and key not in terms and cat in index:
            names.setdefault(key, [name, index[cat], index.get(alt)])

    sc = vocab.scoring
    A = ahocorasick.Automaton()
    fuzzy_head: dict[str, list] = {}
    fuzzy_tail: dict[str, list] = {}
    fuzzy_en: dict[str, tuple] = {}
    payloads: dict[str, tuple] = {}
    for key, (kind, cats, display, ctx) in terms.items():
        base = sc["strong"] if kind == ALIAS else sc["weak"] if kind == KEYWORD else 0.0
        share = 1.0 / len(cats) if cats else 0.0
        payload = (kind, _ascii_alnum(key[0]), _ascii_alnum(key[-1]), tuple((c, base * share) for c in cats),
                   display, len(key), _specificity(key), ctx)
        payloads[key] = payload
        if kind == ALIAS and len(key) >= 4 and all(_is_cjk(ch) for ch in key):
            fuzzy_head.setdefault(key[:2], []).append((key, payload))
            fuzzy_tail.setdefault(key[-2:], []).append((key, payload))
        if kind in (ALIAS, KEYWORD) and len(key) >= 5 and key.isascii() and key.replace("-", "").replace(" ", "").isalpha() \
                and (" " not in key or kind == ALIAS):
            fuzzy_en[key] = payload
    for key, (display, cat, alt) in names.items():
        # a name is vehicle-chain context; its alternative category (alt) counts half
        weights = ((cat, vocab.names_weight),) + (((alt, vocab.names_weight / 2),) if alt is not None and alt != cat else ())
        payloads[key] = (NAME, _ascii_alnum(key[0]), _ascii_alnum(key[-1]), weights, display, len(key), 1.0, VEHICLE)
    # pyahocorasick finds a node's child by a linear search in insertion order, and every character
    # of a text starts at the root (~300 children): terms whose characters are common among the terms
    # go in first, so common characters are found early (~10% of scan time; matches are the same)
    for key in payloads:
        if END in key or FILLER in key:  # normalize() never yields these from a term; guards the walk
            raise SchemaError(f"data/matching: the term {key!r} contains a character the matcher reserves")
    for key in _insertion_order(payloads):
        A.add_word(key, payloads[key])
    A.make_automaton()


    def alternation(words: tuple[str, ...]) -> Any:
        return re.compile("|".join(re.escape(normalize(w)) for w in sorted(words, key=len, reverse=True)) or "(?!)")

    # [coordination]: per modifier, the terms that begin with it (动力 → 动力电池, 动力电芯 …; "automotive" → "automotive
    # wire harness" …), and one pattern of a modifier and a joiner
    mods, joiners, _ = vocab.coordination
    heads: dict[str, tuple[tuple[int, ...], dict[str, tuple], list[tuple[str, tuple]]]] = {}
    for mod in {normalize(m) for m in mods} - {""}:
        stem = mod + " " if mod.isascii() else mod
        found = [(k[len(stem):], payloads[k]) for k in A.keys(stem)
                 if len(k) >= len(stem) + 2 and payloads[k][0] in (ALIAS, KEYWORD, CONTEXT)
                 and (mod.isascii() or _is_cjk(k[len(stem)]))]
        if found:
            found.sort(key=lambda f: (-len(f[0]), f[0]))
            heads[mod] = (tuple(sorted({len(r) for r, _ in found}, reverse=True)), dict(found), found)
    coordination = None
    if heads:
        def joiner(j: str) -> str:
            return rf" (?:{re.escape(j)}) " if j.isascii() and j.isalpha() else rf" ?{re.escape(j)} ?"
        # (plain literals: the regular expression engine then skips ahead to their first characters; an English
        # modifier's left edge is checked in _shared_heads)
        coordination = re.compile(
            "(" + "|".join(re.escape(m) for m in sorted(heads, key=len, reverse=True)) + ")(?:"
            + "|".join(joiner(j) for j in sorted({normalize(j) for j in joiners} - {""}, key=len, reverse=True)) + ")")
    # one alternation of the customer patterns; the group that matched is the customer part
    customers = re.compile("|".join(f"(?:{p})" for p in vocab.customers)) if vocab.customers else None
    return Lexicon(vocab, A, [c.key for c in categories], [{"software": 1, "factory": 2}.get(c.fit, 0) for c in categories],
                   [c.group for c in categories], alternation(vocab.fit_software), alternation(vocab.fit_factory),
                   fuzzy_head, fuzzy_tail, fuzzy_en, customers, coordination=coordination, heads=heads,
                   equipment=frozenset(vocab.equipment),
                   own_equipment=alternation(vocab.own_equipment) if vocab.own_equipment else None)


def taxonomy_terms(taxonomy: Any = None) -> list[CategoryTerms]:
    """The categories of a :class:`~chainkg.loaders.taxonomy.Taxonomy` (default: the shipped one),
    sorted by key as the graph's Category nodes are.

    >>> [t.key for t in taxonomy_terms()][:2]
    ['adas_domain_controller', 'anode_materials']
    """
    from chainkg.loaders.taxonomy import load_taxonomy

    tax = taxonomy or load_taxonomy()
    return [CategoryTerms(c.id, c.fit, c.group, (*c.aliases, *c.aliases_en), tuple(c.keywords))
            for c in sorted(tax.categories.values(), key=lambda c: c.id)]


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon of the shipped taxonomy and vocabulary (built once per process)."""
    return build_lexicon(taxonomy_terms())
