"""A stand-in per-article step for build tests (module-level, so worker processes can import it).

Each line "TYPE|YYYY-MM-DD|Actor A,Actor B|sentence" in the body is one event.
"""
import datetime as dt


def fake_extract(article):
    events = []
    pos = 0
    for line in article.body.split("\n"):
        start, pos = pos, pos + len(line) + 1
        parts = line.split("|")
        if len(parts) != 4:
            continue
        etype, day, actors, sentence = parts
        date = dt.date.fromisoformat(day)
        events.append(dict(event_id=f"{article.id}-{start}", date=date, end=date, precision="day",
                           timex=day, date_text=day, event_type=etype, status="happened",
                           actors=[a for a in actors.split(",") if a], countries=[], sentence=sentence,
                           article_id=article.id, title=article.title, source=article.source,
                           published=article.published, char_start=start, char_end=start + 10))
    return events


def failing_extract(article):
    if "BOOM" in article.body:
        raise RuntimeError("kaputt")
    return fake_extract(article)
