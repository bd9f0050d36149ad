"""Messages the pipeline reports (problems, warnings, refusals) with a language-neutral code.

A Message is the English text the command line prints (it is a str, so reports, logs and tests read it as
before) and also carries a code and its values, so the page says it in its own language from
data/ui_labels.yaml (board.ui_text.Labels.message); a message without a page text there stays English.
"""
from __future__ import annotations

import errno


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


def os_reason(exc: OSError) -> Message | str:
    """Why a file operation failed, coded by its errno name ("os_EACCES"), so the page can say it in its own
    language; the English text is the system's."""
    name = errno.errorcode.get(exc.errno or 0)
    why = exc.strerror or str(exc)
    return message(f"os_{name}", "{why}", why=why) if name else why


def reason_of(exc: BaseException) -> Message | str:
    """What to say in parentheses after "could not ...": a coded message as it is, an OS error by its errno,
    anything else as its type and text (a bug's report)."""
    said = message_of(exc)
    if isinstance(said, Message):
        return said
    if isinstance(exc, OSError) and exc.errno:
        return os_reason(exc)
    return f"{type(exc).__name__}: {exc}"


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with: a Message keeps its code, anything else its text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)
