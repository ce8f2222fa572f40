"""Vietnamese text normalization, shared by ingestion and queries.

Displayed text is never changed; these functions build *keys* for matching:
NFC, one tone-mark placement (hòa, thủy, khỏe), a diacritic-folded form (đ→d),
and the variant spellings the corpus mixes (sĩ/sỹ, "10.000 dân"/"vạn dân", "trung bình"/"bình quân").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ingest.patterns import NUMBER, TEN_THOUSAND, is_year, mask_non_figures

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]")

# Old-style placement puts the tone on the second vowel of open oa/oe/uy syllables
# (hoà, khoẻ, thuỷ); the new style, used as our key, puts it on the first (hòa, khỏe, thủy).
_TONE = "[\u0300\u0301\u0309\u0303\u0323]"
# The lookahead also refuses a further combining mark: "hoặc" is o-a-dot-breve-c, not old style.
_OLD_STYLE = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])({_TONE})(?![\w\u0300-\u036f])")

# i/y after a single consonant are interchangeable spellings (sĩ/sỹ, kĩ/kỹ, lí/lý, mĩ/mỹ).
_Y_AS_I = re.compile(rf"(?<!\w)([hklmstHKLMST])[yY](?={_TONE}?(?!\w))")

ABBREVIATIONS = {
    "grdp": "tổng sản phẩm trên địa bàn",
    "kt-xh": "kinh tế xã hội",
    "ktxh": "kinh tế xã hội",
    "hđnd": "hội đồng nhân dân",
    "ubnd": "ủy ban nhân dân",
    "kh-cn": "khoa học công nghệ",
    "khcn": "khoa học công nghệ",
    "nslđ": "năng suất lao động",
    "tp": "thành phố",
    "thcs": "trung học cơ sở",
    "thpt": "trung học phổ thông",
    "nsnn": "ngân sách nhà nước",
    "fdi": "đầu tư trực tiếp nước ngoài",
    "hdi": "chỉ số phát triển con người",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "bhtn": "bảo hiểm thất nghiệp",
    "nq": "nghị quyết",
    "htx": "hợp tác xã",
    "ntm": "nông thôn mới",
    "kcn": "khu công nghiệp",
    "ccn": "cụm công nghiệp",
    "đbscl": "đồng bằng sông cửu long",
    "dn": "doanh nghiệp",
    "cntt": "công nghệ thông tin",
    "cđs": "chuyển đổi số",
    "ctr": "chương trình",
    "hđnd-ubnd": "hội đồng nhân dân ủy ban nhân dân",
    # Short forms of administrative writing, as typed in questions ("quy mô nền KT", "KH 2025", "PL I").
    "kt": "kinh tế",
    "xh": "xã hội",
    "kh": "kế hoạch",
    "pl": "phụ lục",
    "mtqg": "mục tiêu quốc gia",
    "mttq": "mặt trận tổ quốc",
    "qđ": "quyết định",
    "tw": "trung ương",
    "kq": "kết quả",
    "dtts": "dân tộc thiểu số",
    "ctmtqg": "chương trình mục tiêu quốc gia",
    "kvpt": "khu vực phòng thủ",
    "hcv": "huy chương vàng",
    "tdtt": "thể dục thể thao",
    "ptnt": "phát triển nông thôn",
    "vbqppl": "văn bản quy phạm pháp luật",
    "đmst": "đổi mới sáng tạo",
    "knđmst": "khởi nghiệp đổi mới sáng tạo",
    "kndmst": "khởi nghiệp đổi mới sáng tạo",  # as 003 writes it
    "cchc": "cải cách hành chính",
}

_PER_TEN_THOUSAND = re.compile(rf"\b{TEN_THOUSAND}\s+(?:(?:người|nguoi)\s+)?(?:dân|dan)\b")
# One indicator, two names: "Dân số trung bình" in one document is "Dân số bình quân" in another.
_AVERAGE = re.compile(r"\btrung b(?:ì|i)nh\b")
_TOKEN = re.compile(rf"{NUMBER.pattern}|\w+(?:-\w+)*")
_THOUSANDS = re.compile(r"(?<=\d)[. ](?=\d{3}(?!\d))")


def clean(text: str) -> str:
    """NFC, control characters removed: safe for display of user input."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def unify_tones(text: str) -> str:
    """Move old-style tone marks (hoà, thuỷ, khoẻ) to the new-style position (hòa, thủy, khỏe)."""
    nfd = unicodedata.normalize("NFD", text)

    # In NFD the tone mark follows the vowel it sits on.
    moved = _OLD_STYLE.sub(lambda m: m.group(1)[0] + m.group(2) + m.group(1)[1], nfd)
    return unicodedata.normalize("NFC", moved)


def fold(text: str) -> str:
    """Lower-case, no diacritics, đ→d: what a user without a Vietnamese keyboard types."""
    return _folded(text) if len(text) <= _FOLD_KEPT_CHARS else _fold(text)


def unmarked(text: str) -> bool:
    """Typed without marks: the text is its own fold, but for case ("ty le ho ngheo", "Can Tho")."""
    return fold(text) == text.lower()


def _fold(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


# Every answer folds the same headings, figure contexts and words again: a quarter of its time
# before they were kept. Long texts (passages, folded once each at indexing) are not kept.
_FOLD_KEPT_CHARS = 600
_folded = lru_cache(maxsize=8192)(_fold)


_ABBREVIATION_SYLLABLES = {fold(a): {fold(w) for w in e.split()} for a, e in ABBREVIATIONS.items()}


def canonical_number(token: str) -> str:
    """'57.000', '57 000' and '57000' become one key; the decimal comma stays."""
    return _THOUSANDS.sub("", token)


def key(text: str) -> str:
    """The normalized, lower-case form used for lexical matching (diacritics kept)."""
    text = unify_tones(clean(text)).lower()
    nfd = unicodedata.normalize("NFD", text)
    nfd = _Y_AS_I.sub(lambda m: m.group(1) + "i", nfd)
    text = unicodedata.normalize("NFC", nfd)
    # Typed without marks, the words stay without: a question is read as marked or not as a whole.
    marked = lambda word, plain: lambda m: plain if fold(m.group(0)) == m.group(0) else word
    return _AVERAGE.sub(marked("bình quân", "binh quan"), _PER_TEN_THOUSAND.sub(marked("vạn dân", "van dan"), text))


def with_abbreviations(folded: set[str]) -> set[str]:
    """Folded syllables plus the abbreviations whose whole expansion they spell out
    ("hợp tác xã" also reads as "htx"), so a question's short form finds the long one."""
    return folded | {a for a, syllables in _ABBREVIATION_SYLLABLES.items() if syllables <= folded}


def spelled_out(folded: set[str]) -> set[str]:
    """Folded syllables plus the spelled-out syllables of the abbreviations among them ("thpt" also
    reads as "trung học phổ thông"): the converse of with_abbreviations."""
    return folded.union(*(_ABBREVIATION_SYLLABLES.get(t, ()) for t in folded))


def expand_abbreviations(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        out.append(tok)
        expansion = ABBREVIATIONS.get(tok)
        if expansion:
            out.extend(expansion.split())
    return out


def tokens(text: str, expand: bool = True) -> list[str]:
    """Syllables and numbers of the key form, numbers intact ('18,02', '57.000'→'57000');
    abbreviations are followed by their expansion unless ``expand`` is False."""
    out = []
    for m in _TOKEN.finditer(key(text)):
        tok = m.group(0)
        out.append(canonical_number(tok) if tok[0].isdigit() else tok)
    return expand_abbreviations(out) if expand else out


def syllable_pairs(text: str) -> set[str]:
    """Folded syllables written side by side ("dan so" in "dân số trung bình"): Vietnamese words
    are pairs of syllables, and "dân số" is not "người dân … số"."""
    folded = [fold(t) for t in tokens(text, expand=False)]
    return {f"{a} {b}" for a, b in zip(folded, folded[1:]) if a[0].isalpha() and b[0].isalpha()}


def numbers_in(text: str) -> list[str]:
    """Canonical numbers of a text, for the figure check."""
    return [canonical_number(m.group(0)) for m in NUMBER.finditer(clean(text))]


def figure_numbers(text: str) -> list[str]:
    """Canonical numbers of a text that state figures: not years, list marks, dates or names."""
    return [n for n in numbers_in(mask_non_figures(text)) if not is_year(n)]
