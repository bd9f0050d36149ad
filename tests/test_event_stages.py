"""The stages of event extraction, each on German sentences written for this project: time sources, the
within-article merge, participants, the topic gate and confidence."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.articles import Article
from pipeline.events import extract_events
from pipeline.events_confidence import SURE, confidence
from pipeline.events_local_merge import merge_mentions
from pipeline.events_model import Event, Evidence, evolve
from pipeline.events_topic import on_topic
from board.filters import EventIndex, Filters
from pipeline.table import events_to_frame

SAT = dt.date(2024, 3, 9)   # a Saturday


def events(text: str, published: dt.date | None = SAT, title: str = "") -> list:
    return extract_events(Article(id="t", title=title, body=text, published=published))


def rows(text: str, published: dt.date | None = SAT) -> set[tuple]:
    return {(e.date.isoformat(), e.event_type, frozenset(e.actors)) for e in events(text, published)}


# -- time sources ------------------------------------------------------------------------------------------

def test_own_date_expression_is_the_first_source():
    found = events("Scholz hat am Freitag mit Macron telefoniert.")
    assert [(e.date, e.event_type, set(e.actors)) for e in found] == [
        (dt.date(2024, 3, 8), "call", {"Olaf Scholz", "Emmanuel Macron"})]
    assert found[0].confidence_reason.startswith("own date")


def test_a_talk_told_with_seit_took_place_on_that_day():
    """"erstmals seit dem 12. Januar wieder telefoniert": the talk before was on 12 January, not every day since."""
    found = events("Scholz und Macron haben am Freitag erstmals seit dem 12. Januar wieder miteinander telefoniert.")
    earlier = [e for e in found if e.date == dt.date(2024, 1, 12)]
    assert [(e.event_type, e.end, e.precision) for e in earlier] == [("call", dt.date(2024, 1, 12), "day")]


def test_reporting_clause_dates_the_event_it_reports():
    for text in ("Wie das Kanzleramt am Freitag mitteilte, haben Scholz und Macron miteinander telefoniert.",
                 "Scholz und Macron haben miteinander telefoniert, teilte das Kanzleramt am Freitag mit."):
        found = events(text)
        assert [(e.date, e.event_type, set(e.actors)) for e in found] == [
            (dt.date(2024, 3, 8), "call", {"Olaf Scholz", "Emmanuel Macron"})]
        assert found[0].confidence_reason.startswith("reporting clause date")


def test_a_reported_announcement_stays_the_speakers_statement():
    found = events("Wie Regierungssprecher Hebestreit am Freitag ankündigte, soll das Treffen mit Macron in Paris "
                   "stattfinden.")
    assert [(e.date, e.event_type) for e in found] == [(dt.date(2024, 3, 8), "statement")]


def test_relative_anchor_takes_the_date_of_the_event_it_points_to():
    text = ("Bundeskanzler Scholz ist am Freitag mit dem Zug in Kiew eingetroffen. "
            "Bei seiner Ankunft kündigte er weitere Waffenlieferungen an. Im Anschluss traf er Selenskyj.")
    found = {e.event_type: e for e in events(text)}
    assert found["other"].date == dt.date(2024, 3, 8) and set(found["other"].actors) == {"Olaf Scholz", "Ukraine"}
    assert found["aid"].date == dt.date(2024, 3, 8) and found["aid"].date_text == "Bei seiner Ankunft"
    assert found["meeting"].date == dt.date(2024, 3, 8)
    assert set(found["meeting"].actors) == {"Olaf Scholz", "Wolodymyr Selenskyj"}
    assert found["meeting"].confidence_reason.startswith("anchor date")


def test_anchor_with_an_offset_and_without_an_event_to_point_to():
    # "am Vorabend" is the day before the event told just before
    assert ("2024-03-07", "call", frozenset({"Emmanuel Macron", "Joe Biden"})) in rows(
        "Am Freitag trafen sich Scholz und Macron in Paris. Am Vorabend hatte Macron mit Biden telefoniert.")
    # nothing dated before it: the anchor gives no date, and nothing is invented
    assert rows("Im Anschluss sprach Scholz mit Selenskyj.") == set()


def test_live_blog_stamp_dates_an_entry_without_a_date_of_its_own():
    text = "14.35 Uhr: Russische Truppen haben die Stadt Charkiw mit Raketen beschossen.\n"
    assert rows(text) == {("2024-03-09", "attack", frozenset({"Russland", "Ukraine"}))}


def test_discourse_lends_the_sentence_before_its_date_with_less_confidence():
    text = "Am Donnerstag besuchte Scholz Kiew. Dort traf er auch Macron."
    found = events(text)
    lent = [e for e in found if e.confidence_reason.startswith("discourse")]
    assert lent and all(e.date == dt.date(2024, 3, 7) for e in lent)
    assert all(e.confidence < SURE for e in lent)


# -- within-article merge ------------------------------------------------------------------------------------

def _event(n: int, etype: str, actors: tuple, day: dt.date, end: dt.date | None = None) -> Event:
    return Event(f"e{n}", day, end or day, "day" if end is None else "month", day.isoformat(), "am Tag", etype,
                 "happened", actors, (), "Satz.", "a", "", "", None, n, n + 5)


def test_merge_joins_a_call_told_with_one_party_and_with_both():
    d = dt.date(2024, 3, 8)
    found = [_event(0, "call", ("Olaf Scholz", "Emmanuel Macron"), d), _event(1, "talk", ("Olaf Scholz",), d),
             _event(2, "call", ("Emmanuel Macron", "Olaf Scholz"), d)]
    ev = {e.event_id: Evidence("own", "verb", len(e.actors)) for e in found}
    merged, merged_ev = merge_mentions(found, ev)
    assert len(merged) == 1 and merged[0].event_type == "call"
    assert set(merged[0].actors) == {"Olaf Scholz", "Emmanuel Macron"}
    assert merged_ev[merged[0].event_id].mentions == 3


def test_merge_keeps_two_calls_of_one_person_and_prefers_the_precise_date():
    d = dt.date(2024, 3, 8)
    found = [_event(0, "call", ("Olaf Scholz", "Emmanuel Macron"), d),
             _event(1, "call", ("Olaf Scholz", "Joe Biden"), d),
             _event(2, "call", ("Olaf Scholz", "Emmanuel Macron"), dt.date(2024, 3, 1), dt.date(2024, 3, 31))]
    ev = {e.event_id: Evidence("own", "verb", 2) for e in found}
    merged, _ = merge_mentions(found, ev)
    assert sorted((e.date, e.end, e.actors[1]) for e in merged) == [
        (d, d, "Emmanuel Macron"), (d, d, "Joe Biden")]


def test_merge_in_a_whole_article():
    text = ("Scholz hat am Freitag mit Macron telefoniert. In dem Telefonat am Freitag ging es um die Ukraine. "
            "Macron telefonierte am Freitag mit Scholz.")
    calls = [e for e in events(text) if e.event_type == "call"]
    assert len(calls) == 1 and set(calls[0].actors) == {"Olaf Scholz", "Emmanuel Macron"}
    # the row keeps every evidence sentence, its own first
    lines = calls[0].evidence.split("\n")
    assert lines[0] == calls[0].sentence and len(lines) == 3 and all(line in text for line in lines)


def test_evidence_card_lists_the_other_sentences_and_merge_across_articles_keeps_them():
    from board.figures import evidence_html
    from pipeline.merge import merge_events
    from board.ui_text import Labels
    a = Article(id="a", title="A", body="Scholz hat am Freitag mit Macron telefoniert. Macron telefonierte am "
                "Freitag mit Scholz.", published=SAT)
    b = Article(id="b", title="B", body="Kanzler Scholz sprach am Freitag am Telefon mit Präsident Macron.",
                published=SAT)
    merged, _ = merge_events(events_to_frame(extract_events(a) + extract_events(b)))
    call = merged[merged["event_type"] == "call"].iloc[0]
    assert len(call["evidence"].split("\n")) == 3
    card = evidence_html(call, Labels("de"), {})
    assert "Weitere Belege (2)" in card and "sprach am Freitag am Telefon" in card


# -- participants, not bystanders -------------------------------------------------------------------------

def test_a_named_persons_state_is_not_added():
    assert rows("Der russische Außenminister Lawrow hat am Freitag mit US-Außenminister Blinken über die Ukraine "
                "telefoniert.") == {("2024-03-08", "call", frozenset({"Sergej Lawrow", "Antony Blinken"}))}


def test_war_start_and_attack_are_between_the_two_sides():
    assert ("2022-02-24", "war_start", frozenset({"Russland", "Ukraine"})) in rows(
        "Seit dem Beginn des Krieges am 24. Februar 2022 sind Millionen Menschen geflohen.")
    assert rows("Russland griff am Freitag die Stadt Odessa mit Drohnen an.") == {
        ("2024-03-08", "attack", frozenset({"Russland", "Ukraine"}))}


def test_an_event_without_participants_gives_no_row():
    assert rows("Am Freitag fand ein Treffen statt.") == set()


# -- topic gate ------------------------------------------------------------------------------------------------

def test_off_topic_articles_give_no_events():
    match = ("Der FC Musterstadt hat am Samstag mit 3:1 gegen den SV Beispielhausen gewonnen. Der Angriff der "
             "Gäste blieb harmlos, sagte der Trainer nach dem Spiel. Am Mittwoch trifft die Mannschaft im Pokal "
             "auf den Tabellenführer, der Präsident des Vereins erwartet ein volles Stadion. ") * 3
    economy = ("Die Inflation ist im Oktober auf 4,1 Prozent gestiegen, teilte das Statistische Amt am Freitag mit. "
               "Im Vormonat hatte sie bei 3,8 Prozent gelegen. Ökonomen erwarten im Frühjahr einen Rückgang. ") * 3
    assert events(match) == [] and events(economy) == []


def test_war_and_diplomacy_and_short_notes_pass_the_gate():
    assert on_topic(Article(id="a", title="", body="Am Montag traf Scholz Macron."), {"Olaf Scholz"})
    long_text = ("Russische Truppen haben am Freitag die Stadt erneut mit Raketen beschossen, meldete die "
                 "Armee. ") * 8
    assert on_topic(Article(id="b", title="", body=long_text), set())


def test_english_text_gives_no_events():
    text = ("Secretary of State Antony Blinken said on Friday that he had a phone call with his Russian "
            "counterpart Sergei Lavrov about the war in Ukraine and the detained Americans. ") * 3
    assert events(text, dt.date(2022, 7, 29)) == []


# -- confidence ---------------------------------------------------------------------------------------------

def test_confidence_orders_the_evidence():
    sure = confidence(Evidence("own", "verb", 2))
    assert sure == 1.0
    assert confidence(Evidence("own", "noun", 2)) < sure
    assert confidence(Evidence("discourse", "verb", 2)) < SURE <= confidence(Evidence("anchor", "verb", 2))
    assert confidence(Evidence("own", "verb", 0)) < confidence(Evidence("own", "verb", 1)) < sure
    assert confidence(Evidence("own", "noun", 1, mentions=3)) > confidence(Evidence("own", "noun", 1))


def test_sure_only_filter_keeps_sure_events_and_table_carries_the_columns():
    text = "Am Donnerstag besuchte Scholz Kiew. Dort traf er auch Macron. Am Freitag telefonierte Scholz mit Biden."
    df = events_to_frame(events(text))
    assert {"confidence", "confidence_reason"} <= set(df.columns)
    assert df["confidence"].between(0, 1).all() and (df["confidence_reason"] != "").all()
    index = EventIndex(df)
    sure = index.select(Filters(sure_only=True))
    assert 0 < len(sure) < len(df) and (sure["confidence"] >= SURE).all()
    # a table written before the columns existed loads as unscored, and "sure only" hides it
    old = events_to_frame([dict(r) for r in df.drop(columns=["confidence", "confidence_reason"]).to_dict("records")])
    assert old["confidence"].isna().all() and len(EventIndex(old).select(Filters(sure_only=True))) == 0
    assert isinstance(old, pd.DataFrame)


# -- several events on one date expression, and the clause's own date --------------------------------------

WED = dt.date(2024, 3, 13)


def test_two_closing_verbs_of_different_kinds_are_two_events():
    assert rows("Verteidigungsminister Pistorius hat am Dienstag Kiew besucht und der Ukraine weitere Hilfe "
                "zugesichert.", WED) == {("2024-03-12", "meeting", frozenset({"Boris Pistorius", "Ukraine"})),
                                         ("2024-03-12", "aid", frozenset({"Boris Pistorius", "Ukraine"}))}


def test_a_talk_the_clause_is_set_at_is_an_event_with_its_own_partners():
    found = rows("Die Hilfe komme rasch, sagte Blinken am Dienstag bei einem Treffen mit Präsident Selenskyj "
                 "in Kiew.", WED)
    assert found == {("2024-03-12", "statement", frozenset({"Antony Blinken"})),
                     ("2024-03-12", "meeting", frozenset({"Antony Blinken", "Wolodymyr Selenskyj"}))}


def test_a_date_right_after_a_setting_noun_dates_it_and_two_days_in_a_row_are_one_range():
    found = events("Beim EU-Gipfel am 21. und 22. März wollen die Staats- und Regierungschefs über neue Hilfen "
                   "beraten.", WED)
    assert [(e.date, e.end, e.event_type, e.actors) for e in found] == [
        (dt.date(2024, 3, 21), dt.date(2024, 3, 22), "summit", ("EU",))]


def test_background_after_trotz_is_not_the_event():
    assert rows("Trotz der Gespräche griff Russland am Dienstag erneut die Hauptstadt an.", WED) == {
        ("2024-03-12", "attack", frozenset({"Russland", "Ukraine"}))}


def test_a_night_is_dated_by_the_day_it_runs_into():
    assert rows("In der Nacht zum Mittwoch griffen russische Drohnen die Stadt Odessa an.", WED) == {
        ("2024-03-13", "attack", frozenset({"Russland", "Ukraine"}))}


def test_weapons_launched_or_seen_are_an_attack():
    assert rows("Nach Angaben der Luftwaffe wurden am Dienstag 30 russische Drohnen gesichtet.", WED) == {
        ("2024-03-12", "attack", frozenset({"Russland", "Ukraine"}))}


def test_talks_of_the_two_warring_states_are_a_negotiation_two_ministers_meeting_is_a_meeting():
    assert rows("Die Einigung war am 16. Mai bei Gesprächen zwischen Russland und der Ukraine in Istanbul "
                "erzielt worden.", dt.date(2025, 5, 20)) == {
        ("2025-05-16", "agreement", frozenset({"Russland", "Ukraine"})),
        ("2025-05-16", "negotiation", frozenset({"Russland", "Ukraine"}))}
    assert rows("Die Außenminister Lawrow und Kuleba sind am Donnerstag in Antalya zusammengekommen.",
                dt.date(2022, 3, 11)) == {("2022-03-10", "meeting", frozenset({"Sergej Lawrow", "Dmytro Kuleba"}))}


def test_a_forward_span_in_a_past_clause_is_no_date_ahead():
    assert rows("Die Beziehungen beider Länder waren in 30 Jahren nie so eng, sagte Scholz am Dienstag.", WED) == {
        ("2024-03-12", "statement", frozenset({"Olaf Scholz"}))}


def test_a_sentence_borrows_the_date_its_neighbour_is_at_not_its_background_anchor():
    text = ("Die Ukraine hat am Dienstag den größten Gefangenenaustausch seit Beginn des Krieges im Februar 2022 "
            "gemeldet. Selenskyj dankte der Türkei für die Vermittlung.")
    lent = [e for e in events(text, WED) if e.confidence_reason.startswith("discourse")]
    assert lent and all(e.date == dt.date(2024, 3, 12) for e in lent)


def test_an_attack_on_the_day_the_war_began_is_the_war_start():
    assert rows("China hat den russischen Angriff auf die Ukraine am 24. Februar 2022 nie verurteilt.",
                dt.date(2023, 3, 1)) == {("2022-02-24", "war_start", frozenset({"Russland", "Ukraine"}))}


def test_aid_without_a_named_receiver_goes_to_the_default_receiver():
    assert rows("Der Kanzler kündigte am Freitag weitere Waffenlieferungen im Wert von 500 Millionen Euro an.") == {
        ("2024-03-08", "aid", frozenset({"Olaf Scholz", "Ukraine"}))}


def test_an_anchor_before_the_event_it_points_to_takes_the_first_such_event_after_it():
    text = ("Der Kanzler ist in Kiew. Bei seiner Ankunft kündigte er weitere Waffenlieferungen an.\n\n"
            "Mit dem Nachtzug kam Scholz am Freitagmorgen in der Hauptstadt an.")
    found = {e.event_type: e for e in events(text)}
    assert found["aid"].date == dt.date(2024, 3, 8) and found["aid"].date_text == "Bei seiner Ankunft"


def test_strikes_of_one_day_told_with_their_own_times_stay_apart_through_both_merges():
    from pipeline.merge import merge_events
    text = ("Russland und die Ukraine meldeten am Sonntag erneut gegenseitige Drohnenangriffe. Wie die Luftwaffe "
            "mitteilte, wurden in der Nacht 40 russische Drohnen gesichtet.")
    found = events(text, dt.date(2024, 3, 10))
    assert sorted(e.date_text for e in found if e.event_type == "attack") == ["Nacht", "am Sonntag"]
    merged, _ = merge_events(events_to_frame(found))
    assert (merged["event_type"] == "attack").sum() == 2


def test_damals_takes_the_date_and_precision_of_the_event_told_before():
    text = ("Im März 2022 sprach Selenskyj per Video zum Parlament in Bern. Aussenminister Cassis hatte ihn "
            "damals als Freund bezeichnet.")
    damals = next(e for e in events(text, dt.date(2023, 6, 15)) if e.date_text == "damals")
    assert (damals.date, damals.end, damals.precision) == (dt.date(2022, 3, 1), dt.date(2022, 3, 31), "month")
    assert "Ignazio Cassis" in damals.actors


def test_speech_verbs_and_institutions_name_their_speaker_not_whom_they_talk_about():
    assert rows("Am Montag räumte der ukrainische Generalstab Erfolge der russischen Truppen im Osten ein.",
                dt.date(2024, 5, 14)) == {("2024-05-13", "statement", frozenset({"Ukraine"}))}
    assert rows("Die Ukraine hat Russland am Dienstag vorgeworfen, einen Staudamm gesprengt zu haben.", WED) == {
        ("2024-03-12", "criticism", frozenset({"Ukraine", "Russland"}))}


def test_a_verb_before_a_closing_auxiliary_still_closes_its_clause():
    assert ("2024-06-18", "other", frozenset({"Wladimir Putin", "Nordkorea"})) in rows(
        "Putin, der am Dienstag zu einem Staatsbesuch in Nordkorea angekommen war, dankte Kim für die Hilfe.",
        dt.date(2024, 6, 19))


def test_a_visit_to_a_state_and_the_meeting_with_its_leader_are_one_event():
    text = "Modi hat am Montag mit Präsident Putin gesprochen und ihn in Moskau getroffen. Modi besuchte am Montag Moskau."
    meetings = [e for e in events(text, dt.date(2024, 7, 10)) if e.event_type == "meeting"]
    assert len(meetings) == 1 and set(meetings[0].actors) == {"Narendra Modi", "Wladimir Putin"}


def test_an_anchor_points_to_the_event_of_the_people_its_sentence_names():
    text = ("Guterres will am Donnerstag Selenskyj in Lwiw treffen. Am Samstag besucht er die Türkei. "
            "Bei dem Treffen mit Selenskyj will Guterres über Getreideexporte sprechen.")
    with_him = [e for e in events(text, dt.date(2022, 8, 16)) if "Wolodymyr Selenskyj" in e.actors]
    assert [(e.date, e.event_type) for e in with_him] == [(dt.date(2022, 8, 18), "meeting")]
    assert "Bei dem Treffen" in with_him[0].evidence   # the anchored mention merged into it


def test_what_happens_where_the_main_clause_is_happens_on_its_date():
    found = rows("Am Samstag ist Selenskyj in München zu Gast, wo er eine Rede halten wird.", dt.date(2024, 2, 16))
    assert ("2024-02-17", "statement", frozenset({"Wolodymyr Selenskyj"})) in found


def test_a_date_inside_a_quote_dates_what_the_quote_tells():
    found = rows('"Der heute unterzeichnete Vertrag sieht gegenseitigen Beistand vor", sagte Putin am Mittwoch nach '
                 'dem Treffen mit Kim Jong Un.', dt.date(2024, 6, 19))
    assert ("2024-06-19", "agreement", frozenset({"Wladimir Putin", "Kim Jong Un"})) in found


def test_a_pronoun_after_a_spokesman_of_an_institution_is_his_state():
    text = ('Blinken hatte China gewarnt. Ein Sprecher des chinesischen Außenministeriums wies das zurück: "Die USA '
            'können keine Forderungen stellen", sagte er am Montag.')
    assert rows(text, dt.date(2023, 2, 21)) == {("2023-02-20", "statement", frozenset({"China"}))}


def test_a_date_closed_by_a_participle_before_a_noun_is_that_nouns():
    assert rows("Die Gelder der russischen Zentralbank wurden in Folge von im vergangenen Jahr wegen des Krieges "
                "verhängten Sanktionen eingefroren.", dt.date(2023, 10, 11)) == {
        ("2022-01-01", "sanction", frozenset({"Russland"}))}


def test_a_statement_after_a_meeting_with_no_speaker_named_is_the_meetings_parties():
    text = ("Die Delegationen der USA und der Ukraine trafen sich am Dienstag in Dschidda. Nach dem mehr als "
            "achtstündigen Treffen hieß es am Dienstagabend in einer gemeinsamen Erklärung, die Ukraine sei zu einer "
            "Waffenruhe bereit.")
    assert ("2025-03-11", "statement", frozenset({"USA", "Ukraine"})) in rows(text, dt.date(2025, 3, 12))


def test_a_statements_object_is_not_a_party_its_addressee_is():
    assert rows("Aussenminister Cassis hatte Selenskyj am Montag als Freund bezeichnet.", WED) == {
        ("2024-03-11", "statement", frozenset({"Ignazio Cassis"}))}
    assert rows("Selenskyj sprach am Montag per Video zum UN-Sicherheitsrat.", WED) == {
        ("2024-03-11", "statement", frozenset({"Wolodymyr Selenskyj", "UN"}))}


def test_types_as_a_reader_types_them():
    assert rows("Am Sonntag übergab Russland je 200 Gefangene der Gegenseite.",
                dt.date(2025, 5, 26)) == {("2025-05-25", "other", frozenset({"Russland"}))}
    assert rows("Am Montag und Dienstag hatte die Slowakei die Sanktionen noch blockiert.", WED) == {
        ("2024-03-11", "other", frozenset({"Slowakei"}))}
    assert ("2024-03-09", "meeting", frozenset({"Wolodymyr Selenskyj", "Emmanuel Macron"})) in rows(
        "Selenskyj und Macron berieten am Samstag in Paris über neue Hilfen.", WED)
    assert rows("Im März 2022 wandte sich Selenskyj per Video an das Parlament in Bern.", dt.date(2023, 6, 15)) == {
        ("2022-03-01", "statement", frozenset({"Wolodymyr Selenskyj"}))}
    assert rows("Die Kälte erinnert an die Tage nach dem 24. Februar 2022, als Russland die Ukraine überfiel.",
                dt.date(2022, 12, 20)) >= {("2022-02-24", "war_start", frozenset({"Russland", "Ukraine"}))}


def test_a_trip_goes_to_its_destination_not_its_origin_and_a_visit_to_its_host():
    assert rows("Blinken war am Dienstag von Polen aus mit dem Nachtzug nach Kiew gereist.", WED) == {
        ("2024-03-12", "other", frozenset({"Antony Blinken", "Ukraine"}))}
    assert rows("Selenskyj war am Dienstag zu einem Besuch in Deutschland eingetroffen, danach ging es nach Paris.",
                WED) == {("2024-03-12", "other", frozenset({"Wolodymyr Selenskyj", "Deutschland"}))}


def test_a_summit_does_not_borrow_the_people_of_a_talk_told_before():
    text = ("Scholz hat am Montag mit Selenskyj telefoniert. Die Ukraine hofft, beim EU-Gipfel am 23. und 24. Juni "
            "einen Kandidatenstatus zu erhalten.")
    summit = [e for e in events(text, dt.date(2022, 6, 8)) if e.event_type == "summit"]
    assert summit and "Olaf Scholz" not in summit[0].actors and "EU" in summit[0].actors


def test_im_anschluss_after_a_lead_that_dates_nothing_is_the_days_news():
    text = ("Guterres hat in Moskau Präsident Putin getroffen. Im Anschluss teilten die Vereinten Nationen mit, "
            "man wolle helfen. Bei Verhandlungen im März hatten beide Seiten Fortschritte erzielt.")
    found = [e for e in events(text, dt.date(2022, 4, 26)) if e.date_text == "Im Anschluss"]
    assert found and found[0].date == dt.date(2022, 4, 26)


def test_a_talk_first_told_after_nach_einem_is_an_event_on_the_clauses_day():
    found = rows("Ein Fonds solle eingerichtet werden, sagte Belgiens Regierungschef De Croo am Mittwoch in Brüssel "
                 "nach einem Treffen mit Präsident Selenskyj.", dt.date(2023, 10, 11))
    assert ("2023-10-11", "meeting", frozenset({"Alexander De Croo", "Wolodymyr Selenskyj"})) in found
    assert ("2023-10-11", "statement", frozenset({"Alexander De Croo"})) in found


def test_a_temporal_clause_dates_the_event_before_it():
    assert rows("Der Bürgermeister schrieb, zwei Raketen seien im Zentrum eingeschlagen, als sich Gläubige zum "
                "Palmsonntag versammelt hätten.", dt.date(2025, 4, 13)) == {
        ("2025-04-13", "attack", frozenset({"Russland", "Ukraine"}))}


def test_a_date_with_commas_inside_dates_the_clause_that_tells_the_event():
    assert rows("Am Freitag, dem 13. Mai 2022, telefonierte Austin mit Schoigu.", dt.date(2022, 5, 14)) == {
        ("2022-05-13", "call", frozenset({"Lloyd Austin", "Sergej Schoigu"}))}


def test_a_month_beside_two_calls_of_that_month_stays_apart_in_both_merges():
    from pipeline.merge import merge_events
    text = ("Austin hat am 3. Mai mit Schoigu telefoniert. Am 20. Mai telefonierten Austin und Schoigu erneut. "
            "Im Mai hatten Austin und Schoigu miteinander telefoniert.")
    calls = [e for e in events(text, dt.date(2022, 6, 1)) if e.event_type == "call"]
    assert sorted((e.date.isoformat(), e.precision) for e in calls) == [
        ("2022-05-01", "month"), ("2022-05-03", "day"), ("2022-05-20", "day")]
    other = Article(id="b", title="", body="Im Mai telefonierten Austin und Schoigu.", published=dt.date(2022, 6, 2))
    merged, _ = merge_events(events_to_frame(calls + extract_events(other)))
    # each "Im Mai" could be either call: neither bridges them, nor joins one of them
    assert sorted(merged["date"].dt.strftime("%Y-%m-%d")) == ["2022-05-01", "2022-05-01", "2022-05-03", "2022-05-20"]


def _told_again_and_again(times: int) -> list[Event]:
    """A long article published on one day: a call told again and again, and many people each speaking once,
    told twice."""
    d, out = dt.date(2024, 6, 20), []
    for k in range(times):
        out += [_event(3 * k, "call", ("Olaf Scholz", "Emmanuel Macron"), d),
                _event(3 * k + 1, "statement", (f"Sprecher {k}",), d),
                _event(3 * k + 2, "statement", (f"Sprecher {k}",), d)]
    return out


def test_merge_of_a_long_article_on_one_day_is_linear():
    import time

    def seconds(times: int) -> tuple[float, list[Event]]:
        found = _told_again_and_again(times)
        ev = {e.event_id: Evidence("own", "verb", len(e.actors)) for e in found}
        t = time.process_time()
        merged, merged_ev = merge_mentions(found, ev)
        return time.process_time() - t, merged, merged_ev

    t_small, small, _ = seconds(400)
    t_big, big, big_ev = seconds(2000)
    # one row for the call, one for each speaker (of two mentions each)
    assert len(small) == 1 + 400 and len(big) == 1 + 2000
    assert big[0].event_type == "call" and big_ev[big[0].event_id].mentions == 2000
    assert all(big_ev[e.event_id].mentions == 2 for e in big[1:])
    assert t_big < 10 * t_small + 0.2   # 5x the mentions: far from quadratic (25x)


def test_an_anchor_finds_the_event_a_reading_of_every_event_before_it_finds():
    """DatedEvents (the index the anchors use in a long article) picks what reading every event would: of the
    fitting types, the one sharing the most people with the anchor's sentence, the latest on a tie."""
    import random

    from pipeline.events_dates import DatedEvents

    rng = random.Random(7)
    people = ["Olaf Scholz", "Emmanuel Macron", "Joe Biden", "Wladimir Putin", "Russland"]
    types = ["call", "meeting", "talk", "summit", "other"]
    found = [_event(n, rng.choice(types), tuple(rng.sample(people, rng.randint(0, 3))), dt.date(2024, 6, 20))
             for n in range(300)]
    index = DatedEvents()
    for n, e in enumerate(found):
        index.extend([e])
        for kinds in ("any", ["meeting", "talk"], ["summit"]):
            named = set(rng.sample(people, rng.randint(0, 3)))
            fitting = [x for x in reversed(found[:n + 1]) if kinds == "any" or x.event_type in kinds]
            want = max(fitting, key=lambda x: len(named & set(x.actors))) if fitting else None
            assert index.target(kinds, named) is want


def test_evolve_copies_an_event_with_changes_and_refuses_unknown_fields():
    ev = Evidence("own", "verb", 2)
    assert evolve(ev, mentions=3) == Evidence("own", "verb", 2, 3) and ev.mentions == 1
    with pytest.raises(TypeError):
        evolve(ev, mention=3)
