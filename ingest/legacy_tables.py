"""Legacy Vietnamese 8-bit font tables, as the text appears after cp1252 decoding.

Each table maps a Unicode letter to the string a legacy-font document yields when
its bytes are read as cp1252 (identical to latin-1 here: every byte used is >= 0xA0).
Both directions are derived from these in ingest.legacy.

TCVN3 (ABC, TCVN 5712:1993 VN3, ".VnTime" fonts): one byte per letter. Lowercase
positions agree with glibc's TCVN5712-1 table. VN3 has no codes for uppercase
letters with a tone mark: documents set those in the companion ".VnTimeH" font,
which draws the *lowercase* codes as capitals, so the text layer cannot tell
"Ộ" from "ộ". Only the seven uppercase letters with a code of their own (Ă Â Ê Ô
Ơ Ư Đ) are listed; ingest.legacy deals with the rest. The two-font VN1 variant,
which puts those capitals in 0x80-0x9F and control codes, is not covered.

VNI (VNI-Windows, "VNI-Times" fonts): a base letter followed by one mark byte
that carries the tone (and the circumflex or breve with it); ơ, ư, đ and the
toned i/ỵ forms are single bytes. Checked against the xvnkb and
vietnamese-conversion tables.
"""
from __future__ import annotations

TCVN3: dict[str, str] = {
    "á": "¸", "à": "µ", "ả": "¶", "ã": "·", "ạ": "¹", "â": "©",
    "ấ": "Ê", "ầ": "Ç", "ẩ": "È", "ẫ": "É", "ậ": "Ë", "ă": "¨",
    "ắ": "¾", "ằ": "»", "ẳ": "¼", "ẵ": "½", "ặ": "Æ", "é": "Ð",
    "è": "Ì", "ẻ": "Î", "ẽ": "Ï", "ẹ": "Ñ", "ê": "ª", "ế": "Õ",
    "ề": "Ò", "ể": "Ó", "ễ": "Ô", "ệ": "Ö", "ó": "ã", "ò": "ß",
    "ỏ": "á", "õ": "â", "ọ": "ä", "ô": "«", "ố": "è", "ồ": "å",
    "ổ": "æ", "ỗ": "ç", "ộ": "é", "ơ": "¬", "ớ": "í", "ờ": "ê",
    "ở": "ë", "ỡ": "ì", "ợ": "î", "ú": "ó", "ù": "ï", "ủ": "ñ",
    "ũ": "ò", "ụ": "ô", "ư": "\u00ad", "ứ": "ø", "ừ": "õ", "ử": "ö",
    "ữ": "÷", "ự": "ù", "í": "Ý", "ì": "×", "ỉ": "Ø", "ĩ": "Ü",
    "ị": "Þ", "ý": "ý", "ỳ": "ú", "ỷ": "û", "ỹ": "ü", "ỵ": "þ",
    "đ": "®", "Â": "¢", "Ă": "¡", "Ê": "£", "Ô": "¤", "Ơ": "¥",
    "Ư": "¦", "Đ": "§",
}

VNI: dict[str, str] = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï", "â": "aâ",
    "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä", "ă": "aê",
    "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë", "é": "eù",
    "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï", "ê": "eâ", "ế": "eá",
    "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä", "ó": "où", "ò": "oø",
    "ỏ": "oû", "õ": "oõ", "ọ": "oï", "ô": "oâ", "ố": "oá", "ồ": "oà",
    "ổ": "oå", "ỗ": "oã", "ộ": "oä", "ơ": "ô", "ớ": "ôù", "ờ": "ôø",
    "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï", "ú": "uù", "ù": "uø", "ủ": "uû",
    "ũ": "uõ", "ụ": "uï", "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû",
    "ữ": "öõ", "ự": "öï", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó",
    "ị": "ò", "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ", "Á": "AÙ", "À": "AØ", "Ả": "AÛ", "Ã": "AÕ", "Ạ": "AÏ",
    "Â": "AÂ", "Ấ": "AÁ", "Ầ": "AÀ", "Ẩ": "AÅ", "Ẫ": "AÃ", "Ậ": "AÄ",
    "Ă": "AÊ", "Ắ": "AÉ", "Ằ": "AÈ", "Ẳ": "AÚ", "Ẵ": "AÜ", "Ặ": "AË",
    "É": "EÙ", "È": "EØ", "Ẻ": "EÛ", "Ẽ": "EÕ", "Ẹ": "EÏ", "Ê": "EÂ",
    "Ế": "EÁ", "Ề": "EÀ", "Ể": "EÅ", "Ễ": "EÃ", "Ệ": "EÄ", "Ó": "OÙ",
    "Ò": "OØ", "Ỏ": "OÛ", "Õ": "OÕ", "Ọ": "OÏ", "Ô": "OÂ", "Ố": "OÁ",
    "Ồ": "OÀ", "Ổ": "OÅ", "Ỗ": "OÃ", "Ộ": "OÄ", "Ơ": "Ô", "Ớ": "ÔÙ",
    "Ờ": "ÔØ", "Ở": "ÔÛ", "Ỡ": "ÔÕ", "Ợ": "ÔÏ", "Ú": "UÙ", "Ù": "UØ",
    "Ủ": "UÛ", "Ũ": "UÕ", "Ụ": "UÏ", "Ư": "Ö", "Ứ": "ÖÙ", "Ừ": "ÖØ",
    "Ử": "ÖÛ", "Ữ": "ÖÕ", "Ự": "ÖÏ", "Í": "Í", "Ì": "Ì", "Ỉ": "Æ",
    "Ĩ": "Ó", "Ị": "Ò", "Ý": "YÙ", "Ỳ": "YØ", "Ỷ": "YÛ", "Ỹ": "YÕ",
    "Ỵ": "Î", "Đ": "Ñ",
}
