"""Alternations of literal words with their common prefixes shared, for the regex engine."""
from __future__ import annotations


def shared_alternation(alternatives: list[list[str]]) -> str:
    """The alternation of token sequences (regex atoms, longest sequence first) with common prefixes shared:
    "J(?:anuar|u(?:ni|li))". The engine tries a plain alternation word by word at every position; the shared
    form rejects all words of a wrong first letter at once. It matches what the plain one matches, in the same
    order, provided no two different atoms can match the same character: then siblings exclude each other, and
    a word ending at a node is shorter than those that go on, so it comes last in both."""
    groups: dict[str, list[list[str]]] = {}
    ends = False
    for alt in alternatives:
        if alt:
            groups.setdefault(alt[0], []).append(alt[1:])
        else:
            ends = True
    branches = [token + shared_alternation(rest) for token, rest in groups.items()] + ([""] if ends else [])
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"
