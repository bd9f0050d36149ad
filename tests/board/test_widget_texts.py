"""The script that says Streamlit's own widget texts in the page's language (board/widget_texts.py): its
configuration per language, and that nothing in it can close the script."""
import json
import re

from board.ui_text import Labels
from board.widget_texts import MARK, widget_texts_config, widget_texts_html


def _translate(conf, text):
    """What widget_texts.js does with one text (exact first, then the patterns), in Python."""
    if text in conf["exact"]:
        return conf["exact"][text]
    for pattern, out in conf["patterns"]:
        if re.search(pattern, text):
            return re.sub(pattern, re.sub(r"\$(\d)", r"\\\1", out), text)
    return text


def test_german_page_replaces_streamlits_english_widget_texts():
    conf = widget_texts_config(Labels("de"))
    assert (conf["lang"], conf["locale"]) == ("de", "de-DE")
    said = {t: _translate(conf, t) for t in ["Upload", "200MB per file", "50.0MB per file", "Select all",
                                              "Select 3 matches", "Add: Schojgu", "Press Enter to apply",
                                              "Press Ctrl+Enter to submit form", "Choose date, November 2022",
                                              "Main menu", "Help for Akteur", "day, von", "Choose an option"]}
    assert said == {"Upload": "Dateien wählen", "200MB per file": "200 MB je Datei",
                    "50.0MB per file": "50,0 MB je Datei", "Select all": "Alle auswählen",
                    "Select 3 matches": "3 Treffer auswählen", "Add: Schojgu": "Hinzufügen: Schojgu",
                    "Press Enter to apply": "Eingabetaste zum Übernehmen",
                    "Press Ctrl+Enter to submit form": "Ctrl+Eingabetaste zum Absenden",
                    "Choose date, November 2022": "Datum wählen, November 2022", "Main menu": "Hauptmenü",
                    "Help for Akteur": "Hilfe zu Akteur", "day, von": "Tag, von", "Choose an option": "Auswählen"}
    assert _translate(conf, "Ukraine-Krieg: Upload") == "Ukraine-Krieg: Upload"  # whole texts only


def test_english_page_keeps_streamlits_texts_and_an_english_calendar():
    conf = widget_texts_config(Labels("en"))
    assert (conf["lang"], conf["locale"], conf["exact"], conf["patterns"]) == ("en", "en-GB", {}, [])


def test_the_script_carries_its_configuration_and_nothing_closes_it():
    html = widget_texts_html(Labels("de"))
    assert html.startswith(MARK + "<script>") and html.endswith("</script>")
    body = html[len(MARK) + len("<script>"):-len("</script>")]
    assert "</" not in body and "/*CONF*/null" not in body
    conf = json.loads(re.search(r"const conf = (\{.*?\});\n", body).group(1))
    assert conf == widget_texts_config(Labels("de"))
