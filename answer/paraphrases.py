"""The documents' words for what a delegate says in everyday words.

"Bao nhiêu người đang đi làm" asks for "lao động có việc làm"; "hàng bán ra nước ngoài" is
"xuất khẩu". Neither the lexical index nor the small e5 model bridges such phrases, so the
question is reworded before it is analysed and searched. Only phrases the documents never
use are listed (a test checks both sides against the corpus), so a question in the
documents' own words is never changed. Matched without diacritics, so "di lam" reads too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalize import fold

# everyday phrase → the documents' phrase
PARAPHRASES = {
    # people and work
    "người đang đi làm": "lao động có việc làm",
    "người đi làm": "lao động có việc làm",
    "người có việc làm": "lao động có việc làm",
    "lao động có tay nghề": "lao động qua đào tạo",
    "lao động được đào tạo": "lao động qua đào tạo",
    "dân số sống ở khu vực đô thị": "tỷ lệ đô thị hóa",
    "dân số sống ở đô thị": "tỷ lệ đô thị hóa",
    "dân sống ở đô thị": "tỷ lệ đô thị hóa",
    "sống ở khu vực đô thị": "tỷ lệ đô thị hóa",
    "sống ở thành thị": "tỷ lệ đô thị hóa",
    "mỗi người dân làm ra": "GRDP bình quân đầu người",
    "mỗi người làm ra": "GRDP bình quân đầu người",
    "thu nhập mỗi người": "thu nhập bình quân đầu người",
    "thu nhập đầu người": "thu nhập bình quân đầu người",
    "gia đình nghèo": "hộ nghèo",
    "chị em": "nữ",
    "trẻ con": "trẻ em",
    "dân thành thị": "dân số đô thị",
    "xài": "sử dụng",
    "không có việc làm": "thất nghiệp",
    "còi cọc": "suy dinh dưỡng",
    "bảo hiểm sức khỏe": "bảo hiểm y tế",
    "người làm nghiên cứu": "nhân lực nghiên cứu",
    # trade, investment, budget
    "bán ra nước ngoài": "xuất khẩu",
    "bán sang nước ngoài": "xuất khẩu",
    "mua từ nước ngoài": "nhập khẩu",
    "nhà đầu tư nước ngoài": "đầu tư trực tiếp nước ngoài",
    "tiền thuế thu được": "thu ngân sách",
    "nhà giá rẻ": "nhà ở xã hội",
    "người đi máy bay": "hành khách",
    "khách đi máy bay": "hành khách",
    "kho vận": "logistics",
    "nhà cho người thu nhập thấp": "nhà ở xã hội",
    "nợ khó đòi": "nợ xấu",
    "công ty mới mở": "doanh nghiệp thành lập mới",
    "công ty mở mới": "doanh nghiệp thành lập mới",
    "công ty mới thành lập": "doanh nghiệp thành lập mới",
    "doanh nghiệp mới mở": "doanh nghiệp thành lập mới",
    "tiêu vốn": "giải ngân vốn",
    "tiền nhà nước": "ngân sách nhà nước",
    "điểm PCI": "chỉ số PCI",
    "trái cây": "cây ăn trái",
    # health, education, environment
    "thầy thuốc": "bác sĩ",
    "giường bệnh viện": "giường bệnh",
    "trường chuẩn quốc gia": "trường đạt chuẩn quốc gia",
    "nước máy": "nước sạch",
    "thầy cô giáo": "giáo viên",
    "thầy cô": "giáo viên",
    "vượt chuẩn": "trên chuẩn",
    # government online
    "dịch vụ công qua mạng": "dịch vụ công trực tuyến",
    "dịch vụ công online": "dịch vụ công trực tuyến",
    "nộp hồ sơ trực tuyến": "dịch vụ công trực tuyến",
    "làm thủ tục trên mạng": "dịch vụ công trực tuyến",
    "thanh toán điện tử": "thanh toán không dùng tiền mặt",
    "tổ chức đảng cơ sở": "tổ chức cơ sở đảng",
    # short forms a delegate types that the documents never write ("NK 2020-2025")
    "nk": "nhiệm kỳ",
}


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, dict[str, str]]:
    folded = {fold(k): v for k, v in PARAPHRASES.items()}
    # Longest first: "dân số sống ở đô thị" before "sống ở đô thị".
    alternatives = sorted(folded, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)"), folded


def in_document_words(text: str) -> str:
    """The question with its everyday phrases replaced by the documents' own."""
    pattern, folded = _pattern()
    # Folded one character at a time, so a match's offsets are the original text's.
    plain = "".join(f if len(f := fold(c)) == 1 else c for c in text)
    out, at = [], 0
    for m in pattern.finditer(plain):
        # Typed without diacritics, the rest of the question is read so: keep to that.
        typed_plain = text[m.start():m.end()] == m.group(0)
        out += [text[at:m.start()], fold(folded[m.group(0)]) if typed_plain else folded[m.group(0)]]
        at = m.end()
    return "".join(out) + text[at:]
