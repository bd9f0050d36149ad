"""Two short German articles for the review tests (issue 15): the page's tests and the browser test build them
with the real pipeline. The extractor finds six events in them and misses MISSED (no date of its own), which the
analyst adds."""
from __future__ import annotations

import shutil
from pathlib import Path

KIEW = """---
title: Baerbock trifft Kuleba in Kiew
published: 2023-04-14
source: https://example.org/baerbock-kiew
---
Außenministerin Annalena Baerbock hat am Donnerstag in Kiew den ukrainischen Außenminister Dmytro Kuleba \
getroffen. Am Mittwochabend war Baerbock mit dem Nachtzug aus Polen angereist.

Am 3. April hatte Bundeskanzler Olaf Scholz mit dem französischen Präsidenten Emmanuel Macron telefoniert. Die \
Verteidigungsminister der Nato wollen am 15. Juni in Brüssel zusammenkommen.
"""
HILFE = """---
title: Berlin sagt weitere Hilfe zu
published: 2023-04-20
source: https://example.org/hilfe
---
Die Bundesregierung hat am Dienstag ein neues Hilfspaket für die Ukraine beschlossen. Verteidigungsminister \
Boris Pistorius kündigte an, am 2. Mai nach Kiew zu reisen.

Das Paket umfasst Munition, Ersatzteile und zwei Feldlazarette. Präsident Wolodymyr Selenskyj dankte der \
Bundesregierung in einer Videobotschaft.
"""
ARTICLES = {"2023-04-14_baerbock-kiew.txt": KIEW, "2023-04-20_hilfe.txt": HILFE}
KIEW_ID, HILFE_ID = "2023-04-14_baerbock-kiew", "2023-04-20_hilfe"
MISSED = "Präsident Wolodymyr Selenskyj dankte der Bundesregierung in einer Videobotschaft."
# sentences of the extracted events (a part that names each)
CALL = "Am 3. April hatte Bundeskanzler Olaf Scholz"          # call 2023-04-03, sure
TRAIN = "Am Mittwochabend war Baerbock mit dem Nachtzug"       # other 2023-04-12, the least sure (0.4)
MEETING = "Annalena Baerbock hat am Donnerstag in Kiew"          # meeting 2023-04-13
AID = "ein neues Hilfspaket für die Ukraine beschlossen"       # aid 2023-04-18
TRIP = "Boris Pistorius kündigte an, am 2. Mai nach Kiew"      # other 2023-05-02, planned
NATO = "Die Verteidigungsminister der Nato wollen am 15. Juni"  # summit 2023-06-15


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def built_data(folder: Path, repo: Path) -> Path:
    """A data folder with the two articles, the gazetteer and the table built by the real pipeline (with its
    per-article cache, so the page's rebuilds after a correction are quick)."""
    from pipeline.build import build

    write_articles(folder / "articles")
    shutil.copy(repo / "data" / "actors.yaml", folder / "actors.yaml")
    build([folder / "articles"], folder / "events.parquet", workers=1)
    return folder
