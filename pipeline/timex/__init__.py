"""German (data-driven) time-expression recognizer.

    from pipeline.timex import recognize, Timex
    recognize(text, dct=datetime.date(2022, 10, 21)) -> list[Timex]

Language knowledge lives in data/lang/<lang>/timex/*.yaml (month and weekday names with their
regional variants, number words, units, part-of-period words, seasons, holidays, relative words,
tense cues, the recognition patterns); the engine modules below contain no German:

- resources.py   load the YAML files into lookup tables
- patterns.py    compile the rules once (placeholders -> word alternations), find and de-overlap matches
- build.py       one function per rule kind: match -> TIMEX3 type, value, mod
- reference.py   the reference time: where the text is (DCT or the story's dates), which way a date
                 lies (clause tense in news, cue words in histories), the year of a yearless date
- tense.py       tense of the clause holding a date (past / future / present), for news
- anchoring.py   year arithmetic, weekday resolution; nearest tense cue for texts without DCT
- normalize.py   dateparser, cached, on recognised spans only
- intervals.py   TIMEX3 value + mod -> [first_day, last_day], precision
- recognizer.py  orchestration (moves the reference time on), ranges

Conventions (TIMEX3 as in the German gold corpora): spans leave out prepositions ("am", "vor",
"seit"); "vor zwei Wochen" is the DURATION P2W with offset_value pointing at the week it names;
"in den vergangenen Jahren" is DURATION PXY; PRESENT_REF/PAST_REF/FUTURE_REF have no interval.
Ranges ("vom 10. bis 12. März", "zwischen Mai und Juli") give one Timex per member, as the gold
marks them, linked by `group` and carrying the whole range in range_first_day/range_last_day;
"seit 2008" gets a range up to the publication date. Without a publication date, relative
expressions anchor to the time the story is at (inferred=True) or stay unresolved.
"""
from .model import Timex
from .recognizer import recognize

__all__ = ["Timex", "recognize"]
