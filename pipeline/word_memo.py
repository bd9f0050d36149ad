"""Per-word memos of the finders (pipeline/actors.py, pipeline/events_triggers.py): words repeat, and what is
worked out per word is costly; cleared past a bound, so that a huge text of ever new words stays bounded."""
from __future__ import annotations

REMEMBERED_WORDS = 100_000


def remembered(memo: dict, word: str, make):
    """make(word), remembered in memo."""
    try:
        return memo[word]
    except KeyError:
        pass
    if len(memo) > REMEMBERED_WORDS:
        memo.clear()
    found = memo[word] = make(word)
    return found
