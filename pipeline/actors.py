"""Actor mentions in a piece of German text: gazetteer names, role nouns with names, titles, country
adjectives, compound prefixes, "seinem russischen Kollegen", "die beiden Minister" and pronouns.

Resolution that needs a date (who held an office) uses the day passed in; resolution that needs other
events ("die beiden Minister") is left to pipeline/events.py, which sees the whole article.
"""
from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass
from itertools import filterfalse

from pipeline.actors_gazetteer import Actor, Gazetteer, load_gazetteer, phonetic_key
from pipeline.clause_words import Word, clause_words, with_initials
from pipeline.word_memo import remembered
from pipeline.word_trie import trie_alternation

_text = operator.attrgetter("text")

INSTITUTION = "institution"   # role of a state named by one of its institutions ("das russische Außenministerium")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str                  # person, state, organisation, adjective, prefix, pair, pronoun, descriptor
    actor: str = ""            # canonical name ("" for an unresolved pair)
    country: str = ""
    location: bool = False     # a place in "in Indonesien", not a party to the event
    head: str = ""             # prefix mentions: the rest of the compound ("Gipfel" of "G20-Gipfel")
    role: str = ""


class ActorFinder:
    """Finds actor mentions; remembers the last person (for "er" and "seinem Kollegen") across calls."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.g = gazetteer or load_gazetteer()
        self.last_person: str = ""
        self.last_subject: str = ""  # the first person of the last clause that named one: "er" refers to it
        self.discovered: dict[str, Actor] = {}   # people found by the role-noun rule, per article
        self._discovered_re = _FoundNames()          # their names and surnames as a pattern
        self._discovered_forms: dict[str, str] = {}   # full name or surname -> the first person found by it
        self._inert: dict[str, bool] = {}   # word -> no word rule of find() can fire on it (most words)

    def actor(self, name: str) -> Actor | None:
        return self.g.actors.get(name) or self.discovered.get(name)

    def kind_of(self, name: str) -> str:
        """person, state or organisation for a known or found actor, "" otherwise."""
        a = self.g.actors.get(name) or self.discovered.get(name)   # (self.actor: asked very often)
        return a.type if a else ""

    def country_of(self, name: str) -> str:
        a = self.g.actors.get(name) or self.discovered.get(name)
        return a.country if a else ""

    # -- public -------------------------------------------------------------------------------------------

    def find(self, text: str, lo: int, hi: int, day: dt.date | None,
             words: list[Word] | None = None) -> list[Mention]:
        """Actor mentions in text[lo:hi]; words: clause_words(text, lo, hi) if the caller has them already."""
        g = self.g
        toks = with_initials(clause_words(text, lo, hi) if words is None else words, text, hi)
        alias_at = {m.start(): m for m in g.alias_re.finditer(text, lo, hi)}
        found = self._discovered_re
        runs = found.runs   # (grows as people are found in this clause)
        # (only matches at a word are looked up: with no word a found name may start at, the search finds none)
        if found and (not runs.isdisjoint(map(_text, toks))
                      or any(map(found.may_start, filterfalse(str.isalnum, map(_text, toks))))):
            for m in found.finditer(text, lo, hi):
                alias_at.setdefault(m.start(), m)
        inert_words = self._inert
        out: list[Mention] = []
        i, count = 0, len(toks)
        while i < count:
            t = toks[i]
            word = t.text
            m = alias_at.get(t.start)
            if m is None:
                if runs and (word in runs or not word.isalnum() and found.may_start(word) or t.end == hi):
                    m = found.match(text, t.start)  # a person found earlier in this same text
                if m is None:
                    inert = inert_words.get(word)
                    if inert is None:
                        inert = remembered(inert_words, word, self._is_inert)
                    if inert:
                        i += 1
                        continue
            if m is not None:
                name = self._name_of(m)
                j = self._index_after(toks, i, m.end())
                if self._is_role(toks, j) and self.actor(name) and self.actor(name).type == "state" \
                        and m.group().endswith("s"):
                    # "Russlands Präsident": the genitive names the role's country
                    i = self._role(text, toks, j, day, out, country=name, start=t.start)
                    continue
                out.append(self._named(name, t.start, m.end(), toks, i))
                i = j
                continue
            low = word.lower()
            if word in g.titles:
                spec = g.titles[word]
                i = self._role(text, toks, i, day, out, role=spec["role"], country=spec.get("country", ""),
                               org=spec.get("org", ""), consumed=True)
                continue
            if low in g.adjectives:
                state = g.adjectives[low]
                j = i + 1
                while j < len(toks) and toks[j].text.lower() in g.adjectives:  # "US-amerikanischen"
                    j += 1
                if self._is_role(toks, j):
                    i = self._role(text, toks, j, day, out, country=state, start=t.start)
                    continue
                if j < len(toks) and toks[j].text in g.institutions:
                    out.append(Mention(t.start, toks[j].end, "state", state, state, role=INSTITUTION))
                    i = j + 1
                    continue
                # "russische und ukrainische Unterhändler": the first adjective shares the second's institution
                if j + 2 < len(toks) and toks[j].text in g.adjective_joiners \
                        and toks[j + 1].text.lower() in g.adjectives and toks[j + 2].text in g.institutions:
                    out.append(Mention(t.start, t.end, "state", state, state))
                    i = j + 1
                    continue
                out.append(Mention(t.start, t.end, "adjective", state, state))
                i += 1
                continue
            if "-" in word and word.split("-")[0] in g.prefixes:
                prefix, *middle, head = word.split("-")
                name = g.prefixes[prefix]
                owner = self.actor(name)
                # "Nato-Ukraine-Rat", "EU-China-Gipfel": every named part of the compound takes part
                others = [n for n in (g.prefixes.get(w) or g.aliases.get(w) for w in middle) if n and n != name]
                if head in g.role_words or head in g.colleague_words or head in g.titles:
                    country = name if owner and owner.type == "state" else ""
                    org = name if owner and owner.type == "organisation" else ""
                    i = self._role(text, toks, i, day, out, country=country, org=org, head=head)
                    continue
                # "EU-Staats- und Regierungschefs": a truncated compound stands for its prefix's actor
                for n in [name, *others]:
                    if head in g.institutions or text[t.end:t.end + 1] == "-":
                        a = self.actor(n)
                        out.append(Mention(t.start, t.end, a.type if a else "state", n, self.country_of(n)))
                    else:
                        out.append(Mention(t.start, t.end, "prefix", n, self.country_of(n), head=head))
                i += 1
                continue
            if self._is_role(toks, i):
                i = self._role(text, toks, i, day, out)
                continue
            deputy = word.startswith(g.deputy_prefixes) and next(
                (p for p in g.deputy_prefixes if word.startswith(p) and word[len(p):] in g.role_words), "")
            if deputy:  # "Vize-Verteidigungsministerin Hanna Maljar": a name, never the minister herself
                i = self._role(text, toks, i, day, out, role="deputy", consumed=True)
                continue
            if low in g.pair_words and i + 1 < len(toks) and toks[i + 1].text in g.pair_heads:
                out.append(Mention(t.start, toks[i + 1].end, "pair", head=toks[i + 1].text))
                i += 2
                continue
            if word in g.pair_words and word[:1].isupper() and i + 1 < len(toks) and toks[i + 1].text[:1].islower():
                out.append(Mention(t.start, t.end, "pair"))  # "Beide vereinbarten ...": the two just named
                i += 1
                continue
            if self.last_person and i > 0 and toks[i - 1].text in g.definite_articles \
                    and word.rsplit("-", 1)[-1] in g.descriptor_words and not self._name_tokens(toks, i + 1, text):
                # "Die Grünen-Politikerin traf ...": the person named before
                out.append(Mention(toks[i - 1].start, t.end, "descriptor", self.last_person,
                                   self.country_of(self.last_person)))
                i += 1
                continue
            if word in g.person_pronouns and self.last_person:
                # subject first: "Kuleba sprach mit Schallenberg. Am Freitag reist er nach Rom" is Kuleba
                here = next((m.actor for m in out if m.kind == "person"), "")
                who = here or self.last_subject or self.last_person
                out.append(Mention(t.start, t.end, "pronoun", who, self.country_of(who)))
                i += 1
                continue
            if word[:1].isupper() and len(word) >= 5 and word not in g.not_names:
                name = g.phonetic.get(phonetic_key(word))
                if name:  # a transliteration variant of a known surname ("Schojgu")
                    out.append(self._named(name, t.start, t.end, toks, i))
            i += 1
        # the clause's subject: its first person, or a state speaking through an institution ("Ein Sprecher des
        # chinesischen Außenministeriums wies das zurück: ..., sagte er")
        first = next((m.actor for m in out if m.kind in ("person", "pronoun", "descriptor")
                      or m.role == INSTITUTION), "")
        if first:
            self.last_subject = first
        return out

    # -- helpers ------------------------------------------------------------------------------------------

    def _is_inert(self, word: str) -> bool:
        """Whether none of find()'s word rules (title, adjective, prefix, role, deputy, pair, descriptor, pronoun,
        spelling variant) can fire on the word, whatever stands around it (find() remembers it per word)."""
        g = self.g
        low = word.lower()
        return not (word in g.titles or low in g.adjectives or word in g.role_words or word in g.colleague_words
                     or "-" in word and word.split("-")[0] in g.prefixes
                     or word.startswith(g.deputy_prefixes)
                     or low in g.pair_words or word in g.pair_words
                     or word.rsplit("-", 1)[-1] in g.descriptor_words
                     or word in g.person_pronouns
                     or word[:1].isupper() and len(word) >= 5 and word not in g.not_names
                     and g.phonetic.get(phonetic_key(word)))

    @staticmethod
    def _index_after(toks: list[Word], i: int, end: int) -> int:
        while i < len(toks) and toks[i].start < end:
            i += 1
        return i

    def _is_role(self, toks: list[Word], i: int) -> bool:
        if i >= len(toks):
            return False
        w = toks[i].text
        return w in self.g.role_words or w in self.g.colleague_words or w in self.g.titles

    def _named(self, name: str, start: int, end: int, toks: list[Word], i: int) -> Mention:
        a = self.actor(name)
        kind = a.type if a else "person"
        if kind == "person":
            self.last_person = name
        location = kind != "person" and self._after_location_word(toks, i, kind)
        return Mention(start, end, kind, name, a.country if a else "", location=location)

    def _after_location_word(self, toks: list[Word], i: int, kind: str = "state") -> bool:
        preps = self.g.location_prepositions
        if kind == "organisation":
            preps = preps - self.g.audience_prepositions
        if i >= 1 and toks[i - 1].text.lower() in preps:
            return True
        return i >= 2 and toks[i - 1].text.lower() in self.g.dative_articles and toks[i - 2].text.lower() in preps

    def _role(self, text: str, toks: list[Word], i: int, day, out: list[Mention], *, role: str = "",
              country: str = "", org: str = "", head: str = "", start: int | None = None,
              consumed: bool = False) -> int:
        """A role noun at toks[i] (with country/org from an adjective or prefix); returns the next index."""
        g = self.g
        t = toks[i]
        word = head or t.text
        colleague = word in g.colleague_words
        if not role and not consumed:
            if word in g.titles:
                spec = g.titles[word]
                role, country, org = spec["role"], country or spec.get("country", ""), org or spec.get("org", "")
            else:
                role = g.role_words.get(word, "")
        start = t.start if start is None else start
        j = i + 1
        # A name right after the role noun: known alias, or capitalised words of an unknown person.
        m = self._alias_at(text, toks, j)
        if m is not None:
            name = self._name_of(m)
            a = self.actor(name)
            if a and a.type == "person":
                out.append(Mention(start, m.end(), "person", name, a.country, role=role))
                self.last_person = name
                return self._index_after(toks, j, m.end())
            if a and a.type == "state" and m.group().endswith("s") and not country:  # "Präsident Frankreichs"
                country, j = name, self._index_after(toks, j, m.end())
        name_toks = self._name_tokens(toks, j, text)
        if name_toks and "," in text[toks[j - 1].end:toks[j].start]:
            # "Der Sprecher, Dmitri Peskow, sagte" names him; "Ehefrau des finnischen Präsidenten, Aleš Musar,
            # Ehemann der ..." goes on to the next item of a list
            rest = text[name_toks[-1].end:name_toks[-1].end + 40].lstrip(" ,")
            if rest[:1].isupper():
                name_toks = []
        after = self._alias_at(text, toks, j + len(name_toks)) if name_toks else None
        if after is not None and len(name_toks) == 1:
            a = self.actor(self._name_of(after))
            if a and a.type == "person":  # "Olexij Resnikow": another spelling of a known first name
                out.append(Mention(start, after.end(), "person", a.name, a.country, role=role))
                self.last_person = a.name
                return self._index_after(toks, j, after.end())
        if name_toks:
            last = name_toks[-1]
            known = g.phonetic.get(phonetic_key(last.text))
            if known:
                name = known
            else:
                name = text[name_toks[0].start:last.end]
                person_country = country if country else ""
                self.discovered.setdefault(name, Actor(name, "person", person_country, org))
                self._remember(name)
            out.append(Mention(start, last.end, "person", name, self.country_of(name), role=role))
            self.last_person = name
            return j + len(name_toks)
        if colleague and self.last_person:
            roles = g.roles_of(self.last_person, day)
            role = roles[0] if roles else role
        holder = g.holder(role, day, country, org)
        end = toks[j - 1].end
        if holder:
            out.append(Mention(start, end, "person", holder, self.country_of(holder), role=role))
            self.last_person = holder
        elif country or org:
            name = country or org
            a = self.actor(name)
            out.append(Mention(start, end, a.type if a else "state", name, self.country_of(name), role=role))
        elif (self.last_person and not colleague and i > 0 and toks[i - 1].text in g.definite_articles
              and (not role or any(r == role or r.endswith("_" + role) for r in g.roles_of(self.last_person, day)))):
            # "Baerbock ... Die Ministerin sagte": a role noun with nothing else names the person before
            out.append(Mention(toks[i - 1].start, end, "descriptor", self.last_person,
                               self.country_of(self.last_person), role=role))
        return j

    def _alias_at(self, text: str, toks: list[Word], j: int):
        if j >= len(toks):
            return None
        m = self.g.alias_re.match(text, toks[j].start)
        if m is None and self._discovered_re:
            m = self._discovered_re.match(text, toks[j].start)
        return m

    def _name_tokens(self, toks: list[Word], j: int, text: str) -> list[Word]:
        names: list[Word] = []
        k = j
        g = self.g
        prev_end = None  # end of the last name word or particle ("Van der Bellen")
        while k < len(toks) and len(names) < 4:
            w = toks[k].text
            if w.lower() in g.name_particles and names and k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
                prev_end = toks[k].end
                k += 1
                continue
            if not w[:1].isupper() or w in g.not_names or w.isupper() and len(w) > 1 or g.abstract_noun_re.search(w):
                break
            if w in g.aliases or w in g.role_words:
                break
            gap = text[(prev_end or names[-1].end):toks[k].start] if names else ""
            if names and (len(gap) > 3 or gap.strip(" -")):   # "Aleš Musar, Ehemann der ...": a comma ends the name
                break
            names.append(toks[k])
            prev_end = toks[k].end
            k += 1
        return names

    def _name_of(self, m: re.Match) -> str:
        """Canonical name of an alias match (gazetteer or a person found earlier in the text)."""
        return self.g.aliases.get(m.group(1)) or self._discovered_name(m.group(1))

    def _discovered_name(self, form: str) -> str:
        return self._discovered_forms.get(form, form)

    def _remember(self, name: str) -> None:
        """Later mentions of a person found by rule may use the surname alone (the first person found by that
        name or surname)."""
        for form in (name, name.split()[-1]):
            if form not in self._discovered_forms:
                self._discovered_forms[form] = name
                self._discovered_re.add(form)


def _names_pattern(forms) -> re.Pattern:
    """Whole names, longest first (as a trie); a genitive -s may follow. (The lookahead of first letters lets the
    search pass over other places at once.)"""
    firsts = "".join(sorted({f[0] for f in forms}))
    return re.compile(r"(?=[" + re.escape(firsts) + r"])(?<![\w-])(" + trie_alternation(forms) + r")(?:s)?(?![\w-])")


_RUN = re.compile(r"\w*")


class _FoundNames:
    """The names of people found in one article, matched as one pattern of them all would match (the leftmost
    match; at one place the longest name). Made of a few patterns of doubling size, merged like a binary counter:
    each name is compiled a logarithmic number of times, not once for every later person (a long article finds
    thousands, and compiling costs about 7 microseconds a name)."""

    def __init__(self):
        self.levels: list[tuple[list[str], re.Pattern]] = []   # sizes decreasing
        # The first word of each name, also with a genitive -s: a name can match only at a word of the text
        # that starts with one of these (the word's letters up to a hyphen or period, unless cut off by the end)
        self.runs: set[str] = set()

    def may_start(self, word: str) -> bool:
        """Whether a name may match at a word of the text (one whole, not cut off by the end of the text searched)."""
        return word in self.runs or not word.isalnum() and _RUN.match(word).group() in self.runs

    def __bool__(self) -> bool:
        return bool(self.levels)

    def add(self, form: str) -> None:
        run = _RUN.match(form).group()
        if run:   # (a name starting with a hyphen matches at no word)
            self.runs.update((run, run + "s"))
        forms = [form]
        while self.levels and len(self.levels[-1][0]) <= len(forms):
            forms = self.levels.pop()[0] + forms
        self.levels.append((forms, _names_pattern(forms)))

    def match(self, text: str, pos: int):
        best = None
        for _, pattern in self.levels:
            m = pattern.match(text, pos)
            if m is not None and (best is None or len(m.group(1)) > len(best.group(1))):
                best = m
        return best

    def finditer(self, text: str, lo: int, hi: int):
        ahead: list = [None] * len(self.levels)   # each pattern's next match from pos (False: none left)
        pos = lo
        while True:
            for k, (_, pattern) in enumerate(self.levels):
                if ahead[k] is not False and (ahead[k] is None or ahead[k].start() < pos):
                    ahead[k] = pattern.search(text, pos, hi) or False
            found = [m for m in ahead if m]
            if not found:
                return
            m = min(found, key=lambda m: (m.start(), -len(m.group(1))))
            yield m
            pos = m.end()
