"""The bundled corpus files by name, and the lines an answer cites, for the answer tests."""
from __future__ import annotations

DOC000 = "000_b50851294415a046.txt"  # Dự thảo văn kiện Đại hội I (9/2025)
DOC001 = "001_20480831de115808.txt"  # Chương trình hành động 12/CTr-UBND (4/2026)
DOC002 = "002_59c52569d25bb8c2.txt"  # Dự thảo Nghị quyết HĐND (12/2024)
DOC003 = "003_ca8570c1181f02a1.txt"  # Phụ lục I-V, Báo cáo 320/BC-UBND (11/2024)
DOC004 = "004_10fced73fa7337e4.txt"  # Tài liệu tham khảo: báo cáo của 3 địa phương (7/2025)


def cited(answer) -> set[tuple[str, int]]:
    """Every (file, line) an answer's citations cover."""
    return {(c.file, n) for c in answer.citations for n in range(c.line_start, c.line_end + 1)}
