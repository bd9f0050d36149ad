"""Turn raw article bytes into clean text: encoding guess, binary refusal, HTML to text.

Order matters: a BOM is honoured first (UTF-8, or UTF-16 as Windows editors save "Unicode"), then
strict UTF-8 (most files), then cp1252 (Windows German: umlauts, curly quotes, euro sign), then
Latin-1 which never fails.
"""
from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from pipeline.messages import message

MAX_BYTES = 50 * 1024 * 1024  # configurable refusal limit; 20 MB articles pass


class DecodeError(ValueError):
    """Bytes that are not article text (binary, too large)."""


def decode_bytes(raw: bytes, name: str, max_bytes: int = MAX_BYTES, *, records: bool = False,
                 warnings: list[str] | None = None) -> str:
    """records: a JSONL/CSV file, where one bad row must not cost the good ones, so a stray NUL
    byte does not refuse the file (the row holding it is refused later); only mostly-binary data does.
    warnings: if given, gets a message when the text was decoded with repairs."""
    if len(raw) > max_bytes:
        raise DecodeError(_too_large(name, len(raw), max_bytes))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DecodeError(message("utf16_invalid", "{name}: marked as UTF-16 but not valid UTF-16", name=name)) from None
    if _looks_binary(raw, nul_is_binary=not records):
        raise DecodeError(message("binary", "{name}: binary data, not text", name=name))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mended = _utf8_with_stray_bytes(raw)
    if mended is None:
        return _legacy(raw)
    text, stray, first = mended
    if warnings is not None:
        warnings.append(message("stray_bytes", "{name}: {stray} byte(s) not valid UTF-8 (first on line {line}); "
                                "read as Windows-1252, the rest as UTF-8", name=name, stray=stray, line=first))
    return text


def _legacy(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return raw.decode("latin-1")


def _utf8_with_stray_bytes(raw: bytes) -> tuple[str, int, int] | None:
    """(text, bytes read as Windows-1252, line of the first) for UTF-8 text with some Windows-1252 bytes
    in it (a line pasted from an old editor); None when nothing in the file reads as UTF-8, so it is
    Windows-1252 throughout. Decoding the whole file as cp1252 would turn every correct 'ß' into 'ÃŸ',
    so there is no vote between the two: every valid UTF-8 sequence stays UTF-8 and only the stray bytes
    are read as cp1252, however many of either there are.

    One exception: a cp1252 letter followed by a closing quote or dash can by chance form a valid
    two-byte sequence ('Spaß“' is the bytes DF 93, UTF-8 for the NKo letter U+07D3). Such a sequence is
    read as cp1252 when its character is a C1 control or a lone letter of U+0500..U+07FF (Armenian,
    Hebrew, Arabic, Syriac, NKo) with no neighbour of that range: text in those scripts comes in words."""
    text = raw.decode("utf-8", "surrogateescape")  # an invalid byte b becomes U+DC00 + b
    text = _RISKY.sub(_chance_pair, text)
    stray = _ESCAPED.findall(text)
    valid = len(text) - len(text.encode("ascii", "ignore")) - len(stray)  # non-ASCII characters kept
    if not valid:
        return None
    first = text.count("\n", 0, _ESCAPED.search(text).start()) + 1
    return _ESCAPED.sub(lambda m: _legacy(bytes([ord(m.group()) - 0xDC00])), text), len(stray), first


def _chance_pair(m: re.Match) -> str:
    """The match's character as two escaped (stray) bytes when it is a chance pair, else unchanged."""
    ch, text, i = m.group(), m.string, m.start()
    if ord(ch) > 0x9F and any(0 <= j < len(text) and 0x500 <= ord(text[j]) <= 0x7FF for j in (i - 1, i + 1)):
        return ch  # a word in one of those scripts
    return "".join(chr(0xDC00 + b) for b in ch.encode("utf-8"))


_RISKY = re.compile("[\x80-\x9f\u0500-\u07ff]")


_ESCAPED = re.compile("[\udc80-\udcff]")


def read_bytes_limited(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refused by its size before reading: a 2 GB (even sparse) file would otherwise
    sit in memory whole before decode_bytes refuses it. OSError for a file that cannot be read."""
    path = Path(path)
    size = os.stat(path).st_size
    if size > max_bytes:
        raise DecodeError(_too_large(path.name, size, max_bytes))
    with open(path, "rb") as fh:
        raw = fh.read(max_bytes + 1)  # bounded: the file may grow after stat, or be a pipe with size 0
    if len(raw) > max_bytes:
        raise DecodeError(message("too_large_read", "{name}: larger than the limit of {limit:g} MB", name=path.name,
                                   limit=round(max_bytes / 2**20, 1)))
    return raw


def _too_large(name: str, size: int, max_bytes: int) -> str:
    return message("too_large", "{name}: {size:.1f} MB is larger than the limit of {limit:g} MB", name=name,
                   size=size / 2**20, limit=round(max_bytes / 2**20, 1))


def _looks_binary(raw: bytes, nul_is_binary: bool = True) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean it is not text."""
    head = raw[:8192]
    if not head:
        return False
    if nul_is_binary and b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.05


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


_TAG = re.compile(r"<(?:p|div|br|h[1-6]|li|html|body|span|a|strong|em|b|i|article|section)\b[^>]{0,500}>",
                  re.IGNORECASE)
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "article", "section", "title"}


def looks_like_html(text: str) -> bool:
    return len(_TAG.findall(text[:20000])) >= 2


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Tags removed, block elements become line breaks, entities decoded."""
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts)
    out = re.sub(r"[ \t]+", " ", html.unescape(out) if "&" in out else out)
    return re.sub(r"\n\s*\n+", "\n\n", out).strip() + "\n"


_DE = frozenset("der die das und nicht mit ist ein eine auf für dem den von sich auch".split())
_OTHER = frozenset("the and of to is with le la les et des est une dans pour".split())


def looks_german(text: str) -> bool:
    """Function-word count: cheap and good enough to warn about English or French input."""
    words = text[:1500].lower().split()  # ~200 words decide it; every build reads every article
    de = sum(map(_DE.__contains__, words))
    other = sum(map(_OTHER.__contains__, words))
    return de + other < 5 or de >= other
