"""Recover Vietnamese text typed in legacy 8-bit fonts (TCVN3/ABC and VNI).

Word and PDF files made with ".VnTime" or "VNI-Times" fonts store font-specific
bytes, so their text layer reads as cp1252 garbage ("Céng hßa", "Coäng hoøa").
Indexed as is, such a document never matches a question and quotes nonsense.
This module recognises the two encodings and maps them back to NFC Unicode;
the reverse direction exists to build realistic test fixtures.

Limits: TCVN3 capitals with a tone mark (set in .VnTimeH) come back as capitals
only inside words or lines written in capitals; a lone one ("Ủy ban") stays
lowercase. Only the single-font VN3 subset of TCVN3 and VNI-Windows are known.
Text that mixes a legacy font with real Unicode Vietnamese is left undetected.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.legacy_tables import TCVN3, VNI


@dataclass(frozen=True)
class LegacyEncoding:
    """One legacy table with everything derived from it, built once at import."""

    encode_map: dict[int, str]
    decode_map: dict[str, str]
    decode_pattern: re.Pattern[str]
    # Lowercase letters whose capital has no code of its own (TCVN3 .VnTimeH).
    caseless: frozenset[str]


def _build(table: dict[str, str], *, capitals_share_codes: bool) -> LegacyEncoding:
    caseless = frozenset(
        u for u in table if capitals_share_codes and u.islower() and u.upper() not in table
    )
    encode_map = {ord(u): legacy for u, legacy in table.items()}
    # A capital set in .VnTimeH is stored under the lowercase code, so encode it that way.
    encode_map.update({ord(u.upper()): table[u] for u in caseless})
    decode_map = {legacy: u for u, legacy in table.items()}
    # Longest first: VNI "oä" (ộ) must win over its base letter "o".
    keys = sorted(decode_map, key=len, reverse=True)
    return LegacyEncoding(
        encode_map=encode_map,
        decode_map=decode_map,
        decode_pattern=re.compile("|".join(map(re.escape, keys))),
        caseless=caseless,
    )


LEGACY_ENCODINGS: dict[str, LegacyEncoding] = {
    "TCVN3": _build(TCVN3, capitals_share_codes=True),
    "VNI": _build(VNI, capitals_share_codes=False),
}

# --- detection evidence, derived from the tables so it cannot drift from them

_VIET_LETTERS = frozenset(VNI)  # every precomposed Vietnamese letter, both cases
# Letters a correctly decoded Vietnamese text has and a cp1252 decoding never can.
_NATIVE_LETTERS = frozenset(ch for ch in _VIET_LETTERS if ord(ch) > 0xFF)
_VNI_CODES = frozenset(VNI.values())
_VNI_CHARS = frozenset("".join(VNI.values()))
_TCVN3_CHARS = frozenset(TCVN3.values())

# VNI: a base vowel followed by a mark byte, as no real text spells it ("aø",
# "caùc"). Left out: pairs that Unicode text does contain, the old-style tone
# of "hoà", "khoá" and the French "où".
_REAL_PAIRS = frozenset({"oà", "oá", "oã", "où", "OÀ", "OÁ", "OÃ", "OÙ"})
_VNI_EVIDENCE = re.compile(
    "|".join(sorted(re.escape(c) for c in _VNI_CODES - _REAL_PAIRS if len(c) == 2))
)
# TCVN3 codes no VNI text or normal Vietnamese contains (¸ µ ® ­ ...). They are
# also symbols (© « ½ §), so they count only when attached to a word ("®·", "Hµ").
_TCVN3_ONLY = f"[{re.escape(''.join(sorted(_TCVN3_CHARS - _VIET_LETTERS - _VNI_CHARS)))}]"
_WORD_CHAR = rf"(?:[^\W\d_]|{_TCVN3_ONLY})"
_TCVN3_ONLY_RE = re.compile(rf"(?<={_WORD_CHAR}){_TCVN3_ONLY}|{_TCVN3_ONLY}(?={_WORD_CHAR})")
# TCVN3 codes that are also VNI codes (Ö, Ü, ä, ñ ...) count for TCVN3 only where
# VNI could not have put them: a mark byte after a letter it does not pair with,
# or a capital straight after a lowercase letter ("ViÖt", "nghÜa").
_VNI_MARKS = frozenset(code[1] for code in _VNI_CODES if len(code) == 2)
_TCVN3_SHARED = re.escape("".join(sorted((_TCVN3_CHARS & _VNI_CHARS) - _VIET_LETTERS)))
_TCVN3_SHARED_RE = re.compile(rf"(?<=([^\W\d_]))[{_TCVN3_SHARED}]")

_MIN_HITS = 3
# Garbled Vietnamese gives 0.1-0.2 evidence per letter; European names and
# symbols stay well under this.
_MIN_HIT_RATE = 0.05
_NATIVE_RATIO = 10  # real Unicode letters must be under a tenth of the evidence
_RIVAL_RATIO = 3  # the winner needs three times the other encoding's evidence
_SHORT_TEXT_LETTERS = 20

# cp1252 leaves five bytes undefined; Windows tools keep them as the latin-1 C1
# controls, so do the same instead of failing on the whole file.
_FROM_LATIN1 = {
    b: ch for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", errors="ignore"))
}

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_VOWELS = "aeiouy" + "".join(sorted(ch for ch in _VIET_LETTERS if ch.islower() and ch != "đ"))
_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_CODA = "(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(rf"{_ONSET}[{_VOWELS}]{{1,3}}{_CODA}", re.IGNORECASE)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_MIN_SYLLABLE_SHARE = 0.8


def _encoding(name: str) -> LegacyEncoding:
    try:
        return LEGACY_ENCODINGS[name.upper()]
    except KeyError:
        supported = ", ".join(LEGACY_ENCODINGS)
        raise ValueError(f"unknown legacy encoding {name!r}; supported: {supported}") from None


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode Vietnamese -> the string a legacy-font document shows when read as cp1252."""
    return unicodedata.normalize("NFC", text).translate(_encoding(encoding).encode_map)


def to_unicode(text: str, encoding: str) -> str:
    """Garbled legacy text (read as cp1252/latin-1) -> NFC Unicode.

    Only for text detect_legacy flagged: real Vietnamese uses many of the same
    characters (ó, ê, à) and would be mangled.
    """
    enc = _encoding(encoding)
    decoded = enc.decode_pattern.sub(lambda m: enc.decode_map[m.group()], text)
    if enc.caseless:
        decoded = _restore_capitals(decoded, enc.caseless)
    return unicodedata.normalize("NFC", decoded)


def _restore_capitals(text: str, caseless: frozenset[str]) -> str:
    """Guess which shared-code letters were capitals drawn with .VnTimeH.

    Headings ("CéNG HßA X· HéI") are the common case: a shared-code letter is
    raised when the rest of its word, or failing that its line, is in capitals.
    A lone capital ("Ủy ban" -> "ủy ban") is indistinguishable and stays lowercase.
    """
    return "".join(_restore_line(line, caseless) for line in text.splitlines(keepends=True))


def _restore_line(line: str, caseless: frozenset[str]) -> str:
    if not any(ch in caseless for ch in line):
        return line
    line_is_caps = bool(_caps_vote(line, caseless))

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        vote = _caps_vote(word, caseless)
        if not (line_is_caps if vote is None else vote):
            return word
        return "".join(ch.upper() if ch in caseless else ch for ch in word)

    return _LETTER_RUN.sub(fix, line)


def _caps_vote(span: str, caseless: frozenset[str]) -> bool | None:
    """True if the unambiguous letters are capitals, False if any is not, None if too few."""
    cased = [ch for ch in span if (ch.isupper() or ch.islower()) and ch not in caseless]
    if any(ch.islower() for ch in cased):
        return False
    return True if len(cased) >= 2 else None


def _evidence(text: str) -> dict[str, int]:
    tcvn3_shared = sum(
        _impossible_in_vni(m.group(1), m.group()) for m in _TCVN3_SHARED_RE.finditer(text)
    )
    return {
        "TCVN3": len(_TCVN3_ONLY_RE.findall(text)) + tcvn3_shared,
        "VNI": len(_VNI_EVIDENCE.findall(text)),
    }


def _impossible_in_vni(prev: str, ch: str) -> bool:
    if prev + ch in _VNI_CODES:
        return False
    return ch in _VNI_MARKS or (ch.isupper() and prev.islower())


def detect_legacy(text: str) -> str | None:
    """"TCVN3" or "VNI" when text is most likely that encoding read as cp1252, else None."""
    counts = _evidence(text)
    best = max(counts, key=counts.__getitem__)
    hits = counts[best]
    rivals = sum(counts.values()) - hits
    native = sum(ch in _NATIVE_LETTERS for ch in text)
    if hits < _MIN_HITS or native * _NATIVE_RATIO > hits or rivals * _RIVAL_RATIO > hits:
        return None
    letters = sum(ch.isalpha() for ch in text)
    if letters < _SHORT_TEXT_LETTERS and (rivals or native):
        return None
    if hits < letters * _MIN_HIT_RATE:
        return None
    return best if _reads_as_vietnamese(to_unicode(text, best)) else None


def _reads_as_vietnamese(decoded: str) -> bool:
    """Most decoded words with a diacritic must be Vietnamese syllables.

    This rejects look-alikes the character counts cannot: German "Straße" would
    decode to "Straòe", UTF-8 read as cp1252 ("Cá»™ng") to "Cỏằ™ng".
    """
    words = [w for w in _LETTER_RUN.findall(decoded) if not w.isascii()]
    valid = sum(_is_syllable(w) for w in words)
    return bool(words) and valid >= len(words) * _MIN_SYLLABLE_SHARE


def _is_syllable(word: str) -> bool:
    """One tone mark at most, and one case pattern: "nghiệm", "Đảng", "VIỆT"."""
    if not (word.islower() or word.istitle() or word.isupper()):
        return False
    toned = sum(unicodedata.normalize("NFD", ch)[-1] in _TONE_MARKS for ch in word)
    return toned <= 1 and bool(_SYLLABLE.fullmatch(word))


def _decode_cp1252(raw: bytes) -> str:
    """cp1252, keeping its five undefined bytes as latin-1 controls rather than failing."""
    return raw.decode("latin-1").translate(_FROM_LATIN1)


def decode_legacy_bytes(raw: bytes) -> tuple[str, str] | None:
    """(Unicode text, encoding name) for non-UTF-8 file bytes in a legacy font, else None."""
    if _is_utf8(raw):
        return None
    text = _decode_cp1252(raw)
    name = detect_legacy(text)
    return None if name is None else (to_unicode(text, name), name)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
