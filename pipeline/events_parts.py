"""A very large article read in parts, one per core the build lends it (pipeline/lent_cores.py).

Reading is a pass in text order, so a part cannot know what came before it. Each part therefore starts to read a
lead-in of whole paragraphs earlier than the text it owns: its dates, antecedents ("er", "die beiden Minister")
and talks are known there, and its mentions inside the lead-in are dropped (the part before owns them). What
reaches further back than the lead-in (a person introduced by title megabytes earlier and later named by surname
only) is not carried across a part's start. The mentions of all parts are merged in the parent as one article's.
"""
from __future__ import annotations

import multiprocessing
from itertools import chain
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from pipeline.actors import ActorFinder
from pipeline.articles import Article
from pipeline.events_local_merge import MentionGroups
from pipeline.events_mentions import MentionExtractor, article_seconds
from pipeline.events_model import Event, Evidence

PARTS_FROM = 2_000_000   # characters; below this, starting a process costs more than it saves
LEAD_IN = 4_000          # characters read before a part's own text, for its context
WARM_UP = 20_000         # characters read to load the rules before readers are forked
FIRST_SHARE = 0.94       # the first part, read here, is shorter: this process also groups the mentions (~6%)
_BREAKS = ("\n\n", "\n", ". ", " ")   # where a part may start, best first
_SEARCH = 100_000        # how far past the even cut a break is looked for


def cut_points(body: str, parts: int, first: float = 1.0) -> list[int]:
    """Starts of parts of about equal length (the first `first` times as long as the others), each at a paragraph
    break if one is near (else a line break, a sentence end, a space)."""
    starts = [0]
    for k in range(1, parts):
        want = max(int(len(body) * (first + k - 1) / (first + parts - 1)), starts[-1] + 1)
        at = next((i + len(b) for b in _BREAKS if (i := body.find(b, want, want + _SEARCH)) >= 0), want)
        if starts[-1] < at < len(body):
            starts.append(at)
    return starts


def lead_in_start(body: str, start: int) -> int:
    """Where the reading of a part starting at start begins: LEAD_IN characters back, at a paragraph break."""
    if start == 0:
        return 0
    back = max(0, start - LEAD_IN)
    at = next((i + len(b) for b in _BREAKS[:2] if (i := body.rfind(b, back, start - 1)) >= 0), back)
    return min(at, start)


def _read_part(article: Article, lo: int, own: int, hi: int,
               deadline: float) -> tuple[list[Event], dict[str, Evidence], dict]:
    """Mentions of body[own:hi] read from lo (the lead-in), their evidence and the people found there."""
    extractor = MentionExtractor(article)
    mentions = [m for m in extractor.run((lo, hi), deadline) if m.char_start >= own]
    evidence = {m.event_id: extractor.evidence[m.event_id] for m in mentions}
    return mentions, evidence, extractor.finder.discovered


def _start_method(article: Article, deadline: float):
    """Fork where it is safe: a forked reader starts at once, with the rules this process has loaded. The rules
    load as text is read, so this process first reads the article's opening (WARM_UP characters; what it finds
    is read again in the first part). A process with other threads (the page builds in one) spawns its readers
    instead: a forked child can hang on a lock another thread held at the fork."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    body = article.body
    end = body.find("\n", WARM_UP)
    _read_part(article, 0, 0, end if end > 0 else min(len(body), WARM_UP), deadline)
    return multiprocessing.get_context("fork")


def mentions_in_parts(article: Article,
                      cores: int) -> tuple[list[Event], dict[str, Evidence], ActorFinder, MentionGroups]:
    """The article's mentions in text order, their evidence, a finder that knows every part's people, and the
    mentions grouped into events (each part's as soon as it is read: the first while the others are still read)."""
    body = article.body
    starts = cut_points(body, cores, FIRST_SHARE)
    ends = starts[1:] + [len(body)]
    deadline = time.monotonic() + article_seconds()   # CLOCK_MONOTONIC is one clock for every process here
    spans = [(lead_in_start(body, s), s, e) for s, e in zip(starts, ends)]
    # This process reads the first part itself; new processes read the others.
    with ProcessPoolExecutor(max_workers=max(1, len(spans) - 1), mp_context=_start_method(article, deadline)) as pool:
        futures = [pool.submit(_read_part, article, *span, deadline) for span in spans[1:]]
        finder, groups = ActorFinder(), MentionGroups()
        mentions, evidence = [], {}
        parts = chain([_read_part(article, *spans[0], deadline)], (f.result() for f in futures))
        try:
            for part_mentions, part_evidence, discovered in parts:   # in text order
                groups.add(part_mentions)
                mentions.extend(part_mentions)
                evidence.update(part_evidence)
                for name, actor in discovered.items():
                    finder.discovered.setdefault(name, actor)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return mentions, evidence, finder, groups
