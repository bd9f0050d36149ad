"""A regex alternation of literal words written as a trie: "Kim(?: Jong(?:-un|-Un| Un))?" for Kim, Kim Jong-un ...

Python's re tries the branches of "Kim Jong-un|Kim|..." one after another at every position of the text, so a
list of hundreds of names costs hundreds of tests per character; the trie costs a few. It matches what the
longest-first alternation matches: the forms that start at a position all lie on one path of the trie, and a
greedy optional group tries the longer form before the shorter one (backtracking to it if the rest of the
pattern fails), as the alternation tries the longer one first.
"""
from __future__ import annotations

import re


def trie_alternation(forms) -> str:
    """Regex source (no group of its own) matching exactly what "|".join(longest first) of forms matches."""
    root: dict = {}
    for form in forms:
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}   # a form ends here
    return _branch(root)


def _branch(node: dict) -> str:
    kids = [re.escape(ch) + _branch(sub) for ch, sub in sorted(node.items()) if ch]
    if not kids:
        return ""
    body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
    if "" in node:   # a form ends here: the longer ones are tried first, then this one
        return "(?:" + body + ")?"
    return body
