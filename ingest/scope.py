"""Which Vietnamese provinces and centrally-run cities a text names.

A question about a locality that the answering passage never mentions must be refused,
not answered with another locality's figure.
"""
from __future__ import annotations

import re

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
    folded = fold(text)
    # "Thành phố Hồ Chí Minh" names the city; "tư tưởng Hồ Chí Minh" does not.
    folded = re.sub(r"tu tuong ho chi minh|chu tich ho chi minh|bac ho", " ", folded)
    return {name for name, pattern in _PATTERNS.items() if pattern.search(folded)}
