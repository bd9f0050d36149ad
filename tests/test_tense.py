"""Clause tense decides where a date without year or a bare weekday lies (sentences written for the
project). Most cases are chosen so that the nearest candidate is the wrong reading: only the tense
gets them right."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.timex import recognize
from pipeline.timex.tense import FUTURE, PAST, PRESENT, clause_tense, is_weak_preterite, load_tense_words

FRI = "2022-10-21"  # a Friday
TUE = "2022-10-18"
JAN = "2023-01-17"

CASES = [
    # Präteritum, weak verbs (found by shape and lemma)
    ("Die Kanzlerin telefonierte am 3. März mit dem Präsidenten.", JAN, "3. März", "2022-03-03"),
    ("Der Außenminister reiste im Mai nach Warschau.", JAN, "Mai", "2022-05"),
    ("Die Delegation besuchte am Montag das Krankenhaus.", FRI, "Montag", "2022-10-17"),
    ("Die Gewerkschaft kündigte am Sonntag einen Streik an.", FRI, "Sonntag", "2022-10-16"),
    # Präteritum, strong verbs (word list)
    ("Der Premier traf am Sonntag den König.", FRI, "Sonntag", "2022-10-16"),
    ("Die Armee überfiel am 1. März das Nachbarland.", JAN, "1. März", "2022-03-01"),
    ("Die Ministerin sprach im Juni vor dem Parlament.", "2023-01-10", "Juni", "2022-06"),
    # Perfekt, also with a participle spelled like its infinitive
    ("Die Regierung hat am 2. April den Notstand ausgerufen.", JAN, "2. April", "2022-04-02"),
    ("Der Präsident ist am Samstag nach Rom gereist.", FRI, "Samstag", "2022-10-15"),
    ("Die Truppen haben am 20. Februar die Stadt verlassen.", "2022-12-30", "20. Februar", "2022-02-20"),
    ("Der Konzern hat im Juli seine Bilanz veröffentlicht.", JAN, "Juli", "2022-07"),
    # Plusquamperfekt
    ("Der Botschafter hatte am Sonntag seine Teilnahme zugesagt.", FRI, "Sonntag", "2022-10-16"),
    ("Die Kommission war im Mai zu einem Ergebnis gekommen.", "2023-01-10", "Mai", "2022-05"),
    # Modal verbs in the Präteritum
    ("Der Minister musste Anfang April einen Besuch verschieben.", JAN, "Anfang April", "2022-04"),
    ("Die Delegation wollte am Montag in die Hauptstadt fliegen.", FRI, "Montag", "2022-10-17"),
    ("Der Kanzler konnte am Dienstag nicht nach Paris fliegen.", FRI, "Dienstag", "2022-10-18"),
    # Passive
    ("Das Kraftwerk wurde am Samstag von Raketen getroffen.", FRI, "Samstag", "2022-10-15"),
    ("Mitte März ist das Abkommen unterzeichnet worden.", JAN, "Mitte März", "2022-03"),
    # Reported speech: Konjunktiv I of the past
    ("Der Sprecher sagte, der Präsident habe am Sonntag mit Kiew telefoniert.", FRI, "Sonntag", "2022-10-16"),
    ("Laut Ministerium sei die Delegation am Samstag nach Genf gereist.", FRI, "Samstag", "2022-10-15"),
    # Modal + perfect infinitive: a report of the past, not a plan
    ("Die Soldaten sollen am Montag mehrere Dörfer beschossen haben.", FRI, "Montag", "2022-10-17"),
    ("Bei dem Angriff sollen am Sonntag zwei Brücken zerstört worden sein.", FRI, "Sonntag", "2022-10-16"),
    # Future with werden
    ("Der Kanzler wird am Donnerstag nach Peking reisen.", FRI, "Donnerstag", "2022-10-27"),
    ("Die Außenministerin werde im September nach Indien fliegen, hieß es.", JAN, "September", "2023-09"),
    ("Anschließend werde die Kommissarin am Freitag die Werft besichtigen.", TUE, "Freitag", "2022-10-21"),
    # Plans: sollen, wollen, planen, geplant, angesetzt, erwartet
    ("Die Gespräche sollen am 20. Juni fortgesetzt werden.", "2022-12-10", "20. Juni", "2023-06-20"),
    ("Die Regierung will im August ein neues Gesetz vorlegen.", JAN, "August", "2023-08"),
    ("Die Partei plant am Mittwoch eine Kundgebung vor dem Landtag.", FRI, "Mittwoch", "2022-10-26"),
    ("Ein Gipfeltreffen ist für Ende Juli geplant.", "2023-01-10", "Ende Juli", "2023-07"),
    ("Das Urteil ist für den 2. August angesetzt.", JAN, "2. August", "2023-08-02"),
    ("Eine Antwort aus Moskau erwartet die Regierung im Juli.", "2023-01-10", "Juli", "2023-07"),
    ("Der Minister kündigte an, am Donnerstag nach Kiew zu reisen.", FRI, "Donnerstag", "2022-10-27"),
    # A plan further ahead than plans are announced: the date just past
    ("Die Wahl soll am 10. Dezember stattfinden.", JAN, "10. Dezember", "2022-12-10"),
    # Present tense: the nearest day, the publication day itself first
    ("Scholz telefoniert am Freitag mit Macron", FRI, "Freitag", "2022-10-21"),
    ("Am Samstag ist die Ministerin bei der Messe zu Gast.", FRI, "Samstag", "2022-10-22"),
    # The publication day's weekday is that day, in the past as in the future
    ("Der Präsident empfing am Freitag seinen Amtskollegen.", FRI, "Freitag", "2022-10-21"),
    ("Die Minister werden am Freitag in Brüssel beraten.", FRI, "Freitag", "2022-10-21"),
    # Seasons
    ("Im Herbst hatte die Regierung die Steuern erhöht.", "2023-03-10", "Herbst", "2022-FA"),
    ("Im Sommer wird die neue Brücke eröffnet.", FRI, "Sommer", "2023-SU"),
    # Each clause its own tense
    ("Scholz sagte am Montag, Macron werde am Donnerstag nach Kiew reisen.", "2022-10-19", "Montag", "2022-10-17"),
    ("Scholz sagte am Montag, Macron werde am Donnerstag nach Kiew reisen.", "2022-10-19", "Donnerstag",
     "2022-10-20"),
    ("Er hat Kiew besucht und am Samstag Lwiw.", FRI, "Samstag", "2022-10-15"),
]


@pytest.mark.parametrize("text,dct,expr,value", CASES)
def test_resolved_by_clause_tense(text, dct, expr, value):
    txs = [t for t in recognize(text, dt.date.fromisoformat(dct)) if t.text == expr]
    assert txs, f"{expr!r} not recognised in {text!r}"
    assert txs[0].value == value


@pytest.mark.parametrize("text,expr,expected", [
    ("Russland hat am 24. Februar das Land überfallen.", "24. Februar", PAST),
    ("Am Freitag werde sie nach Rom reisen.", "Freitag", FUTURE),
    ("Die Panzer sollen am Dienstag eingesetzt worden sein.", "Dienstag", PAST),
    ("Die Panzer sollen am Dienstag eingesetzt werden.", "Dienstag", FUTURE),
    ("Am Montag ist er in Paris.", "Montag", PRESENT),
    ("Am Montag.", "Montag", PRESENT),
])
def test_clause_tense(text, expr, expected):
    i = text.index(expr)
    assert clause_tense(text, i, i + len(expr)) == expected


@pytest.mark.parametrize("word,expected", [
    ("telefonierte", True), ("berichteten", True), ("reiste", True), ("verhandelte", True),
    ("letzte", False), ("heute", False), ("gute", False), ("gestarteten", False), ("berichtet", False),
    ("warten", False),
])
def test_weak_preterite_by_shape_and_lemma(word, expected):
    assert is_weak_preterite(word, load_tense_words("de")) is expected


def test_without_publication_date_a_chronology_still_reads_forward():
    txs = recognize("Am 24. Dezember 2022 begann die Offensive. Am 3. Januar wurde verhandelt.", None)
    assert [t.value for t in txs] == ["2022-12-24", "2023-01-03"]


def test_a_month_after_a_passage_of_last_year_is_read_from_the_publication_date_when_it_follows_closely():
    from pipeline.timex import recognize
    text = "Die Staaten hatten im Juli 2023 Hilfe zugesagt. Großbritannien unterzeichnete im Jänner ein Abkommen."
    values = [t.value for t in recognize(text, dt.date(2024, 2, 16))]
    assert values == ["2023-07", "2024-01"]
    story = "Im März 1992 verlor sie den Pass. Man brachte sie im April nach Kaliningrad."
    assert [t.value for t in recognize(story, dt.date(2013, 3, 27))] == ["1992-03", "1992-04"]


def test_a_back_step_word_keeps_a_month_in_the_passages_year():
    from pipeline.timex import recognize
    text = ("Der Einschnitt folgte am 24. Februar 2022: Kurz davor, als Truppen an der Grenze standen, lieferte "
            "Deutschland noch nichts, bevor die Ministerin Ende Januar Helme zusagte.")
    assert [t.value for t in recognize(text, dt.date(2023, 2, 24))][-1] == "2022-01"


def test_the_morning_after_a_night_named_by_its_day_is_that_day():
    from pipeline.timex import recognize
    found = recognize("Selenskyj sprach in der Nacht zum Samstag. Die Armee meldete am frühen Morgen Gefechte.",
                      dt.date(2022, 2, 26))
    night, morning = found
    assert night.runs_into == dt.date(2022, 2, 26) and night.value.startswith("2022-02-25")
    assert morning.first_day == dt.date(2022, 2, 26)
