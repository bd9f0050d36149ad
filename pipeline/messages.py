"""Messages the pipeline reports (problems, warnings, refusals) with a language-neutral code.

A Message is the English text the command line prints (it is a str, so reports, logs and tests read it as
before) and also carries a code and its values, so the page says it in its own language from
data/ui_labels.yaml (board.ui_text.Labels.message); a message without a page text there stays English.
"""
from __future__ import annotations


class Message(str):
    """English text plus code and values: message("empty_file", "{name}: empty file", name="a.txt")."""
    code: str
    values: dict

    def __new__(cls, code: str, text: str, values: dict):
        obj = super().__new__(cls, text)
        obj.code, obj.values = code, dict(values)
        return obj

    def __reduce__(self):  # pickled (worker processes, session state) with its code
        return Message, (self.code, str(self), self.values)


def message(code: str, template: str, **values) -> Message:
    return Message(code, template.format(**values), values)


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with: a Message keeps its code, anything else its text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)
