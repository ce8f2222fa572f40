"""The corpus manifest's sub-documents: each has a line range and, where it differs from its file's,
a date of its own."""
from __future__ import annotations

import pytest

from ingest.manifest import ManifestError, entries_of
from tests.corpus_files import DOC000, DOC001


def test_a_sub_document_is_dated_by_its_own_line_range(ingest_manifest):
    entry = ingest_manifest[DOC001]
    # The xã's cover letter of 29/4/2026 forwards the programme 12/CTr-UBND of 20/4/2026 and its appendices.
    assert entry.date == "2026-04-29"
    assert [entry.date_at(line) for line in (11, 96, 460, 600)] == ["2026-04-29"] + ["2026-04-20"] * 3


def test_without_its_own_date_a_sub_document_has_its_files(ingest_manifest):
    entry = ingest_manifest[DOC000]
    assert {entry.date_at(s.first_line) for s in entry.subdocs} == {entry.date} == {"2025-09"}


@pytest.mark.parametrize("date", ["29/4/2026", "2026-13", "tháng 4"])
def test_a_sub_document_date_is_iso(date):
    raw = {"files": {"a.txt": {"date": "2026-04", "subdocs": [{"title": "A", "lines": [1, 9], "date": date}]}}}
    with pytest.raises(ManifestError, match="YYYY-MM"):
        entries_of(raw)
