"""The shared clause words and the trie patterns the finders use for speed: they must read text exactly as the
slower forms they replace (one regex per finder, a longest-first alternation)."""
import datetime as dt
import re

from pipeline.actors import ActorFinder
from pipeline.clause_words import clause_words, with_initials
from pipeline.word_trie import trie_alternation


def texts(words):
    return [w.text for w in words]


def test_clause_words_never_keep_a_period_and_the_actor_view_keeps_a_lone_capitals():
    text = "Charles Q. Brown traf U.S.-Vertreter und den Nato‐Ukraine‐Rat. Danach Q."
    words = clause_words(text, 0, len(text))
    assert texts(words) == ["Charles", "Q", "Brown", "traf", "U", "S", "Vertreter", "und", "den", "Nato‐Ukraine‐Rat",
                            "Danach", "Q"]
    seen = with_initials(words, text, len(text))
    assert texts(seen) == ["Charles", "Q.", "Brown", "traf", "U.", "S.", "Vertreter", "und", "den",
                           "Nato‐Ukraine‐Rat", "Danach", "Q."]
    assert (seen[1].start, seen[1].end) == (8, 10)
    # a period beyond the end of the range searched is not the word's
    assert texts(with_initials(clause_words(text, 0, 9), text, 9)) == ["Charles", "Q"]
    plain = "Scholz traf Macron."
    assert with_initials(clause_words(plain, 0, len(plain)), plain, len(plain)) == clause_words(plain, 0, len(plain))


def test_trie_matches_what_the_longest_first_alternation_matches():
    forms = ["Kim", "Kim Jong", "Kim Jong-un", "Jong", "Biden", "Bide", "J. D. Vance", "J.", "a+b", ""]
    alternation = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    wrap = r"(?<![\w-])({})(?:s|’s|')?(?![\w-])"
    slow, fast = re.compile(wrap.format(alternation)), re.compile(wrap.format(trie_alternation(forms)))
    text = ("Kim Jongs-Rede, Kim Jong-un, Kim Jongs Brief, Kim's Plan, Bidens Weg, Bide-Test, J. D. Vances Rede, "
            "J. Doe, a+bs und Kim")
    assert [m.span(1) for m in fast.finditer(text)] == [m.span(1) for m in slow.finditer(text)]
    for pos in range(len(text)):
        s, f = slow.match(text, pos), fast.match(text, pos)
        assert (s and s.span(), s and s.group(1)) == (f and f.span(), f and f.group(1))


def test_a_person_found_by_rule_is_found_again_by_surname_and_genitive_but_not_inside_a_compound():
    finder = ActorFinder()
    day = dt.date(2023, 3, 1)
    text = "Vize-Verteidigungsministerin Hanna Maljar sagte am Montag, Maljars Bericht sei fertig."
    assert [m.actor for m in finder.find(text, 0, len(text), day)] == ["Hanna Maljar", "Hanna Maljar"]
    later = "Am Dienstag widersprach ihr Pro-Maljar-Kreis nicht, auch kein Pro‐Maljar, wohl aber Maljar selbst."
    assert [m.actor for m in finder.find(later, 0, len(later), day)] == ["Hanna Maljar"]
