"""Events of one article, in stages that each do one job (README, "How dates and events are found"):

1. dates        (events_dates)         time expressions resolved against the publication date, and the
                                       dates anchors ("Im Anschluss", "Bei seiner Ankunft") point to;
2. mentions     (events_mentions)      triggers with their participants, each dated by its own date
                                       expression, its reporting clause, an anchor or the discourse;
3. participants (events_participants)  participants, not bystanders; types from facts (events_types);
4. topic        (events_topic)         an article about neither war nor diplomacy gives none (one that is
                                       not German is turned away before stage 1);
   A very large article is read in parts on the cores the build lends it (events_parts).
5. merge        (events_local_merge)   mentions of the same event in the article become one row;
6. confidence   (events_confidence)    a score in [0, 1] and its reason for every row.
"""
from __future__ import annotations

from pipeline.articles import Article
from pipeline.decode import looks_german
from pipeline.events_confidence import score_events
from pipeline.events_local_merge import merge_mentions
from pipeline.events_mentions import MentionExtractor, known_actors
from pipeline.events_parts import PARTS_FROM, mentions_in_parts
from pipeline.events_model import Event
from pipeline.events_topic import on_topic
from pipeline.lent_cores import lent_cores

__all__ = ["Event", "extract_events"]


def extract_events(article: Article) -> list[Event]:
    if not looks_german(article.body):  # no German rule applies; spare the article every stage
        return []
    cores = lent_cores()
    if cores > 1 and len(article.body) >= PARTS_FROM:
        mentions, evidence, finder, groups = mentions_in_parts(article, cores)
    else:
        extractor = MentionExtractor(article)
        mentions, evidence, finder, groups = extractor.run(), extractor.evidence, extractor.finder, None
    if not mentions or not on_topic(article, known_actors(mentions, finder)):
        return []
    rows, evidence = groups.rows(evidence, finder) if groups else merge_mentions(mentions, evidence, finder)
    return score_events(rows, evidence)
