"""Where in a text each recognition rule can match at all: windows around the rule's head words.

Every match of a rule contains one of its heads (data/lang/<lang>/timex/heads.yaml: a lexicon
word list, a literal word or `digit`). One regex pass over the lower-cased text finds where all
heads are; the rule then runs only over merged windows around them. The windows are
wide enough that scanning a window gives exactly the matches the scan of the whole text gives
there:

* The reach of a rule (the most characters one match attempt can look at from its start,
  lookaheads included) is read off the compiled regex. Lookbehinds look at the text before a
  window's start, which `pattern.finditer(text, pos, endpos)` leaves in place.
* The rules repeat single characters without bound (`\\s+`, `\\d+`); such a repetition counts
  as RUN - 1 characters, and every run of RUN or more characters of those classes (long white
  space, long numbers) found in or next to a window widens the window by its length.
* A window is [head start - reach - runs, head end + reach + runs]; overlapping windows merge.
  A match containing a head lies inside that head's window, and an attempt that yields one
  never looks past the window's end, so the truncation at `endpos` changes nothing.

A rule whose regex has something the reach cannot bound (an unbounded repetition of more than
one character, a backreference, a conditional, case-insensitive flags) is scanned over the
whole text, like a rule without heads.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

try:  # Python >= 3.11
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

from .resources import DATA_ROOT, Lexicon
from .windows_vector import VectorWindows
from pipeline.word_trie import trie_alternation
from pipeline.yamlfile import load_yaml

# From this length on a text's windows are computed with arrays (windows_vector.py); below it numpy's cost per
# call outweighs the loop it saves (measured crossover: about 70 000 characters).
VECTOR_TEXT = 75_000
RUN = 4          # repetitions of one character class count as RUN - 1 characters; longer runs widen windows
_SLACK = 2       # extra characters on either side of every window
DIGIT = "digit"


class Unbounded(Exception):
    """The regex has a construct whose reach cannot be bounded by the run rule."""


_CATEGORY = {
    _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}


def _class_fragment(item) -> str:
    """Regex character-class body for a single-character item repeated without bound."""
    op, av = item
    if op is _c.LITERAL:
        return re.escape(chr(av))
    if op is _c.IN:
        parts = []
        for sop, sav in av:
            if sop is _c.LITERAL:
                parts.append(re.escape(chr(sav)))
            elif sop is _c.RANGE:
                parts.append(re.escape(chr(sav[0])) + "-" + re.escape(chr(sav[1])))
            elif sop is _c.CATEGORY and sav in _CATEGORY:
                parts.append(_CATEGORY[sav])
            else:
                raise Unbounded(f"class item {sop}")
        return "".join(parts)
    raise Unbounded(f"repeated item {op}")


def _reach(seq, classes: set[str]) -> tuple[int, int]:
    """(most characters consumed, most characters looked at) from the start of seq."""
    consumed = looked = 0
    for op, av in seq:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.CATEGORY):
            c, l = 1, 1
        elif op is _c.AT:
            c, l = 0, 1  # \b and friends look at the next character
        elif op is _c.BRANCH:
            ws = [_reach(b, classes) for b in av[1]]
            c, l = max(w[0] for w in ws), max(w[1] for w in ws)
        elif op is _c.SUBPATTERN:
            _group, add_flags, _del, sub = av
            if add_flags & _c.SRE_FLAG_IGNORECASE:
                raise Unbounded("case-insensitive group")
            c, l = _reach(sub, classes)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            c, l = _reach(av, classes)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
            lo, hi, sub = av
            if hi == _c.MAXREPEAT:
                if len(sub) != 1:
                    raise Unbounded("repetition of a group")
                classes.add(_class_fragment(sub[0]))
                hi = RUN - 1
            ic, il = _reach(sub, classes)
            if hi == 0:
                c = l = 0
            else:
                c, l = hi * ic, (hi - 1) * ic + il
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = av
            if direction < 0:
                _reach(sub, classes)  # looks behind: only for its repetitions' classes
                c = l = 0
            else:
                c, l = 0, _reach(sub, classes)[1]
        else:
            raise Unbounded(f"operator {op}")
        looked = max(looked, consumed + l)
        consumed += c
    return consumed, max(looked, consumed)


@dataclass(frozen=True)
class Gate:
    heads: tuple[str, ...]     # lower-cased literal heads (substrings)
    digit: bool                # a decimal digit is a head
    reach: int


@dataclass(frozen=True)
class Gates:
    by_rule: dict[str, Gate]   # rule name -> gate; rules not in it are scanned whole
    run_regex: re.Pattern | None
    literal_heads: tuple[str, ...]   # every head word of every gate
    need_digits: bool
    head_finder: re.Pattern | None = None   # at every position where heads start: the longest of them
    heads_within: dict | None = None         # head -> the heads it starts with (itself included)


def _head_words(spec: str, lx: Lexicon) -> tuple[set[str], bool]:
    if spec == DIGIT:
        return set(), True
    forms = lx.words[spec] if spec in lx.words else [spec]
    words = set()
    for form in forms:
        parts = form.split()
        if not parts:
            raise ValueError(f"empty head form in {spec}")
        # Any word of a form of several words has to occur; the longest is the rarest guess.
        words.add(max(parts, key=len).lower())
    return words, False


def _minimal(words: set[str]) -> tuple[str, ...]:
    """Drop heads that contain another head: wherever they occur, the shorter one does too."""
    out = [w for w in words if not any(o != w and o in w for o in words)]
    return tuple(sorted(out))


@lru_cache(maxsize=None)
def head_table(lang: str) -> dict:
    path = DATA_ROOT / lang / "timex" / "heads.yaml"
    return (load_yaml(path) or {}) if path.exists() else {}  # no file: every rule scans the whole text


def build_gates(rules, lx: Lexicon) -> Gates:
    table = head_table(lx.lang)
    heads = table.get("heads") or {}
    ungated = set(table.get("ungated") or [])
    by_rule: dict[str, Gate] = {}
    classes: set[str] = set()
    for rule in rules:
        if rule.name in ungated or rule.name not in heads:
            continue
        if rule.regex.flags & re.IGNORECASE:
            continue
        rule_classes: set[str] = set()
        try:
            _consumed, looked = _reach(_p.parse(rule.regex.pattern, rule.regex.flags), rule_classes)
        except Unbounded:
            continue
        words: set[str] = set()
        digit = False
        for spec in heads[rule.name]:
            w, d = _head_words(str(spec), lx)
            words |= w
            digit = digit or d
        classes |= rule_classes
        by_rule[rule.name] = Gate(_minimal(words), digit, looked)
    # "[c][c]{RUN-1,}" rather than "[c]{RUN,}": a regex opening with a character class lets the engine skip
    # to the characters of that class instead of trying every position
    cls = "[" + "".join(sorted(classes)) + "]"
    run_regex = re.compile(cls + cls + "{%d,}" % (RUN - 1)) if classes else None
    all_heads = tuple(sorted({h for g in by_rule.values() for h in g.heads}))
    finder, within = _head_finder(all_heads)
    return Gates(by_rule, run_regex, all_heads, any(g.digit for g in by_rule.values()), finder, within)


def _head_finder(heads: tuple[str, ...]) -> tuple[re.Pattern | None, dict]:
    """One pass over the text for all heads instead of one per head: a lookahead, so that heads overlapping
    each other are all found; where several start at one position, the shorter are prefixes of the longest,
    which the alternation (longest first) reports."""
    if not heads:
        return None, {}
    finder = re.compile("(?=(" + trie_alternation(heads) + "))")
    return finder, {h: tuple(o for o in heads if h.startswith(o)) for h in heads}


_DIGITS = re.compile(r"\d\d*")   # \d+, opening with a class (see run_regex)


class HeadIndex:
    """Head positions and long runs of one text; windows of each rule on demand."""

    def __init__(self, text: str, gates: Gates):
        self.text = text
        self.gates = gates
        lower = text.lower()
        if len(lower) != len(text):
            # A character whose lower case is longer ("İ") would shift the positions; no head
            # has one, so it is lowered to a character no head has.
            odd = {ord(c): "\x00" for c in set(text) if len(c.lower()) != 1}
            lower = text.translate(odd).lower()
        self.spans: dict[str, list[tuple[int, int]]] = {h: [] for h in gates.literal_heads}
        if gates.head_finder is not None:
            spans, within = self.spans, gates.heads_within
            for m in gates.head_finder.finditer(lower):
                i = m.start()
                for head in within[m.group(1)]:
                    spans[head].append((i, i + len(head)))
        if gates.need_digits:
            self.spans[DIGIT] = [m.span() for m in _DIGITS.finditer(text)]
        runs = [m.span() for m in gates.run_regex.finditer(text)] if gates.run_regex else []
        self._vector = VectorWindows(self.spans, runs, len(text)) if len(text) >= VECTOR_TEXT else None
        self.run_starts = [s for s, _ in runs]
        self.run_ends = [e for _, e in runs]
        self.run_cum = [0]
        for s, e in runs:
            self.run_cum.append(self.run_cum[-1] + e - s)

    def _runs_in(self, a: int, b: int) -> int:
        """Total length of the long runs touching [a, b]."""
        i = bisect_left(self.run_ends, a)       # first run ending at or after a
        j = bisect_right(self.run_starts, b)    # runs starting at or before b
        return self.run_cum[j] - self.run_cum[i] if j > i else 0

    def windows(self, gate: Gate) -> list[tuple[int, int]]:
        if self._vector is not None:
            return self._vector.windows(tuple(gate.heads) + ((DIGIT,) if gate.digit else ()), gate.reach + _SLACK)
        return self.windows_scalar(gate)

    def windows_scalar(self, gate: Gate) -> list[tuple[int, int]]:
        keys = list(gate.heads) + ([DIGIT] if gate.digit else [])
        spans = []
        for k in keys:
            spans.extend(self.spans[k])
        if not spans:
            return []
        spans.sort()
        margin = gate.reach + _SLACK
        n = len(self.text)
        merged = []
        cur_a, cur_b = spans[0][0] - margin, spans[0][1] + margin
        for s, e in spans:
            a = s - margin
            if a <= cur_b:
                b = e + margin
                if b > cur_b:
                    cur_b = b
            else:
                merged.append((cur_a, cur_b))
                cur_a, cur_b = a, e + margin
        merged.append((cur_a, cur_b))
        if self.run_starts:
            widened = []
            for a0, b0 in merged:
                extra = self._runs_in(a0, b0)
                while True:
                    more = self._runs_in(a0 - extra, b0 + extra)
                    if more <= extra:
                        break
                    extra = more
                widened.append((a0 - extra, b0 + extra))
            merged = []
            for a, b in widened:
                if merged and a <= merged[-1][1]:
                    if b > merged[-1][1]:
                        merged[-1] = (merged[-1][0], b)
                else:
                    merged.append((a, b))
        return [(max(0, a), min(n, b)) for a, b in merged]
