"""Word lists enter the rule regexes as tries (pipeline/word_trie.py, spaces as \\s+); they must
match exactly what the plain alternation, longest word first, matches, also when the rest of a rule forces the
engine back into the alternation."""
from __future__ import annotations

import random
import re

import pytest

from pipeline.timex.patterns import _alternation


def _plain(words: list[str]) -> str:
    forms = set(words) | {w[:1].swapcase() + w[1:] for w in words}
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+")
                            for f in sorted(forms, key=lambda f: (-len(f), f))) + ")"


def test_shared_prefixes_are_shared():
    assert _alternation(["Januar", "Juni", "Juli"], both_cases=False) == "(?:J(?:anuar|u(?:li|ni)))"


@pytest.mark.parametrize("seed", range(20))
def test_same_matches_as_the_plain_alternation(seed):
    rng = random.Random(seed)
    letters = "abJj "
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))).strip() or "a"
                    for _ in range(rng.randint(1, 12))})
    text = "".join(rng.choice(letters + "x\n") for _ in range(300))
    # the rule context after the words makes the engine backtrack into shorter words
    for context in ("{}", "(?<!\\w){}(?!\\w)", "{}b", "(?P<w>{})\\s*(?:a|bb)?j"):
        shared = re.compile(context.format(_alternation(words, both_cases=True)))
        plain = re.compile(context.format(_plain(words)))
        assert [(m.span(), m.groups()) for m in shared.finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)], (words, context)
