"""Which Vietnamese provinces and centrally-run cities a text names.

A question about a locality that the answering passage never mentions must be refused,
not answered with another locality's figure.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalize import fold

PROVINCES = (
    "An Giang, Bà Rịa - Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu, Bắc Ninh, Bến Tre, Bình Định, "
    "Bình Dương, Bình Phước, Bình Thuận, Cà Mau, Cần Thơ, Cao Bằng, Đà Nẵng, Đắk Lắk, Đắk Nông, "
    "Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương, "
    "Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum, Lai Châu, Lâm Đồng, "
    "Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ, Phú Yên, "
    "Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La, Tây Ninh, "
    "Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Huế, Tiền Giang, Hồ Chí Minh, Trà Vinh, "
    "Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái"
).split(", ")

_PATTERNS = {name: re.compile(r"\b" + re.escape(fold(name)) + r"\b") for name in PROVINCES}


def localities_in(text: str) -> set[str]:
    return set(_localities_in(text))


_UPPER = "A-ZĐÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"
_WORD = rf"[{_UPPER}](?:(?![{_UPPER}])[^\W_])*\b"
# Names joined by dashes, each word capitalised, name a route: "cao tốc Châu Đốc - Cần Thơ - Sóc
# Trăng" runs through Hậu Giang's report too, and is not a place the report speaks of. Headings in
# capitals ("KINH TẾ - XÃ HỘI TỈNH SÓC TRĂNG") and "Cần Thơ (cũ) - …" are no routes.
_ROUTE = re.compile(rf"{_WORD}(?: {_WORD})*(?: [-–] {_WORD}(?: {_WORD})*)+")


# Answering asks this of the same headings, heading paths and questions again and again, and
# each time is 64 searches: 10% of the serving process's time under load before it was kept.
@lru_cache(maxsize=4096)
def _localities_in(text: str) -> frozenset[str]:
    folded = fold(_ROUTE.sub(" ", text))
    # "Thành phố Hồ Chí Minh" names the city; "tư tưởng Hồ Chí Minh" does not.
    folded = re.sub(r"tu tuong ho chi minh|chu tich ho chi minh|bac ho", " ", folded)
    return frozenset(name for name, pattern in _PATTERNS.items() if pattern.search(folded))


# The 2025 merger: the new city kept the name of one of the units it joined. A statement
# about that name before the merger is about the former unit, written "Cần Thơ (cũ)".
MERGED_CITY = "Cần Thơ"
MERGED_PARTS = ("Cần Thơ", "Sóc Trăng", "Hậu Giang")
MERGER_YEAR = 2025
# Folded words that say before or after the merger ("trước hợp nhất", "cũ"): where, not what.
MERGER_WORDS = frozenset({"cu", "hop", "nhat", "sau", "truoc"})
FORMER = f"{MERGED_CITY} (cũ)"
_FORMER_MARK = re.compile(r"\(\s*cu\s*\)|\bcu\b|truoc (?:khi )?(?:hop nhat|sap nhap)")
_AFTER_MERGER = re.compile(r"sau (?:khi )?(?:hop nhat|sap nhap)")
_MERGED_MARK = re.compile(_AFTER_MERGER.pattern + r"|\bmoi\b")


def before_merger(period) -> bool:
    """A period (ingest.periods.Period) that ends before the merger, or a term that ends with it ("2020 - 2025")."""
    return bool(period) and (period.end < MERGER_YEAR or (period.kind == "range" and period.end <= MERGER_YEAR))


def written_before_merger(scope: str) -> bool:
    """A document whose scope is the city before the merger ("thành phố Cần Thơ (trước hợp nhất)")."""
    return FORMER in places(scope)


def places(text: str, before_merger: bool | None = None) -> set[str]:
    """The localities a text names, with the merged city told apart from its former self.

    "Cần Thơ (cũ)" and "trước hợp nhất" name the former city, "sau hợp nhất" the merged
    one; a text that names the city beside the other merged units, or that is known to be
    about a time before the merger, means the former city."""
    folded = fold(text)
    found = localities_in(text)
    if "Thừa Thiên Huế" in found:
        found.discard("Huế")
    if MERGED_CITY not in found:
        if _FORMER_MARK.search(folded) and re.search(r"thanh pho|\btp\b", folded):
            return found | {FORMER}  # "thành phố trước hợp nhất" without the name
        return found
    # Before the merger there was no merged city, whatever the document's scope says.
    former = bool(before_merger) or _FORMER_MARK.search(folded) is not None
    if not former and not _MERGED_MARK.search(folded):
        former = len(found & set(MERGED_PARTS)) > 1
    return (found - {MERGED_CITY}) | {FORMER if former else MERGED_CITY}


@lru_cache(maxsize=1024)
def marks_merger(text: str) -> bool:
    """Whether a text says which Cần Thơ it means: "(cũ)", "trước/sau hợp nhất", "mới"."""
    folded = fold(text)
    return bool(_FORMER_MARK.search(folded) or _MERGED_MARK.search(folded))


def says_after_merger(text: str) -> bool:
    """"(sau hợp nhất)": the merged city, even of a time before the merger (its documents sum
    the three former units' 2020-2025 results)."""
    return _AFTER_MERGER.search(fold(text)) is not None
