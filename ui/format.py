"""HTML of the sources panel, the document viewer and the figure table. Pure functions.

Every piece of document text goes through html.escape before any <mark> is inserted,
and braces and dollar signs are escaped too because gr.HTML renders its value through a
template (``${value}``, Handlebars).
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote
from dataclasses import dataclass

from answer.documents import Passage
from answer.figures import figures_in
from answer.provenance import KIND_LABELS, Disagreement, FigureTable, kind_of
from answer.types import Answer, Citation, Conflict, lines_label, place_label
from ingest.manifest import FileEntry
from ingest.normalize import fold
from ingest.patterns import NUMBER_SPAN
from ingest.statements import FigureStatement
from ingest.tables import TableRecord
from ingest.structure import strip_markup

SEARCHING_HTML = '<div class="hvk-note">Đang tìm trong các văn kiện…</div>'
EMPTY_SOURCES_HTML = ('<div class="hvk-note">Nguồn trích dẫn của câu trả lời sẽ hiện ở đây. Mỗi câu trả lời cũng mang '
                      'nguồn của nó ngay bên dưới.</div>')
CHOOSE_SOURCES_HTML = '<div class="hvk-note">Bấm vào một câu trả lời để xem nguồn của nó ở đây.</div>'
VIEWER_CONTEXT = 15  # lines shown before a cited span
VIEWER_LINES = 40  # lines shown in all, unless the span itself is longer
VIEWER_MAX_LINES = 400
QUOTE_MAX_CHARS = 1500

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def esc(text: str) -> str:
    """html.escape, plus the characters gr.HTML's template engine would read."""
    return html.escape(text or "").replace("{", "&#123;").replace("}", "&#125;").replace("$", "&#36;")


def format_date(iso: str) -> str:
    """The one way dates are written: '2024-11-15' → '15/11/2024', '2026-04-29' → '29/04/2026',
    '2025-09' (only the month known) → 'tháng 9/2025'."""
    parts = (iso or "").split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2]):02d}/{int(parts[1]):02d}/{parts[0]}"
        if len(parts) == 2:
            return f"tháng {int(parts[1])}/{parts[0]}"
    except ValueError:
        pass
    return iso or ""


_ISO_DATE = re.compile(r"(?<![\d/])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?![\d-])")


def dates_vi(text: str) -> str:
    """ISO dates inside a sentence ('(…, 2025-07)') written the one way the app writes dates."""
    return _ISO_DATE.sub(lambda m: format_date(m.group(0)), text or "")


# --- highlighting -----------------------------------------------------------------------

def answer_figures(answer_text: str) -> set[str]:
    """Canonical figures the answer states: those it bolds (**19**)."""
    return {f for bold in _BOLD.findall(answer_text or "") for f in figures_in(bold)}


def highlight_figures(text: str, figures: set[str]) -> str:
    """Escaped text with <mark> around each number whose canonical form is one of `figures`."""
    if not figures:
        return esc(text)
    out, last = [], 0
    for m in NUMBER_SPAN.finditer(text):
        keys = figures_in(m.group(0))
        if keys and keys[0] in figures:
            out += [esc(text[last:m.start()]), f"<mark>{esc(m.group(0))}</mark>"]
            last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def bold_to_mark(text: str) -> str:
    """An answer sentence with **figures** → escaped HTML with <mark>figures</mark>."""
    parts = _BOLD.split(text or "")
    return "".join(f"<mark>{esc(p)}</mark>" if i % 2 else esc(p) for i, p in enumerate(parts))


def readable(text: str) -> str:
    """Document text without markdown/HTML markup, line by line, blank lines dropped."""
    return "\n".join(s for s in (strip_markup(line) for line in (text or "").split("\n")) if s)


# --- sources panel ----------------------------------------------------------------------

def open_target(file: str, start: int, end: int) -> str:
    """Where a link opens the viewer, as a fragment: '#hvk/<file>/<start>/<end>'. Chat messages are
    sanitized (no data-* attributes survive), so links inside them carry their target in href."""
    return f"#hvk/{quote(file, safe='')}/{int(start)}/{int(end)}"


def open_button(file: str, start: int, end: int, label: str = "Mở trong văn bản", link: bool = False) -> str:
    """A button (in a panel) or a link (in a chat message) that opens the viewer at these lines."""
    title = f"{esc(file)}, {lines_label(start, end)}"
    if link:
        return f'<a class="hvk-open" href="{esc(open_target(file, start, end))}" title="{title}">{esc(label)} ›</a>'
    return (f'<button type="button" class="hvk-open" data-file="{esc(file)}" data-start="{start}" '
            f'data-end="{end}" title="{title}">{esc(label)} ›</button>')


def _record_table(row: TableRecord, figures: set[str]) -> str:
    if not row.cells:
        return f"<div class='hvk-quote'>{highlight_figures(row.render(), figures)}</div>"
    rows = "".join(f"<tr><th>{esc(c.column)}</th><td>{highlight_figures(c.value, figures)}</td></tr>" for c in row.cells)
    return (f"<div class='hvk-quote'><div class='hvk-row-label'>{esc(row.label)}</div>"
            f"<table class='hvk-record'>{rows}</table></div>")


def citation_card(number: int, c: Citation, figures: set[str], record: TableRecord | None = None,
                  in_chat: bool = False) -> str:
    """One cited passage: title, date, status, section path, lines, the quote with figures marked."""
    quote = readable(c.quote)
    if len(quote) > QUOTE_MAX_CHARS:
        quote = quote[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    body = _record_table(record, figures) if record else \
        f"<div class='hvk-quote'>{highlight_figures(quote, figures)}</div>"
    anchor_id = "" if in_chat else f" id='hvk-cite-{number}'"
    status = f"<span class='hvk-status hvk-status-{esc(_slug(c.status))}'>{esc(c.status)}</span>" if c.status else ""
    return (
        f"<div class='hvk-card'{anchor_id}>"
        f"<div class='hvk-card-head'><span class='hvk-num'>[{number}]</span> <b>{esc(c.title)}</b></div>"
        f"<div class='hvk-meta'>{esc(format_date(c.date))} {status}</div>"
        f"<div class='hvk-path'>{esc(c.section)}</div>"
        f"<div class='hvk-meta'>{esc(c.place)} · <code>{esc(c.file)}</code> "
        f"{open_button(c.file, c.line_start, c.line_end, link=in_chat)}</div>"
        f"{body}</div>"
    )


def conflicts_box(conflicts: list[Conflict], in_chat: bool = False) -> str:
    """Disagreements under a warning; another status's values of the figure (a target beside a
    result) apart, as information: they contradict nothing."""
    items = lambda ks: "".join(
        f"<li><div>{esc(dates_vi(k.note))}:</div><div class='hvk-quote'>“{bold_to_mark(k.value)}”</div>"
        f"<div class='hvk-meta'>{esc(k.citation.title)} · {esc(k.citation.place)}"
        f" · <code>{esc(k.citation.file)}</code> {open_button(k.citation.file, k.citation.line_start, k.citation.line_end, link=in_chat)}"
        f"</div></li>"
        for k in ks
    )
    differ = [k for k in conflicts if not k.other_status]
    statuses = [k for k in conflicts if k.other_status]
    box = (f"<div class='hvk-warning' role='alert'><b>⚠ Các văn kiện ghi khác nhau</b>"
           f"<p>Câu trả lời lấy số liệu của văn kiện mới hơn/chính thức hơn. Đối chiếu trước khi dùng:</p>"
           f"<ul>{items(differ)}</ul></div>") if differ else ""
    if statuses:
        box += (f"<div class='hvk-statuses'><b>Cùng chỉ tiêu, trạng thái khác</b>"
                f"<p>Kế hoạch, chỉ tiêu hay kết quả của cùng số liệu ở văn kiện khác (không phải mâu thuẫn):</p>"
                f"<ul>{items(statuses)}</ul></div>")
    return box


def not_found_box(answer: Answer, suggestions: list[Passage]) -> str:
    notes = "".join(f"<li>{esc(dates_vi(n))}</li>" for n in answer.notes)
    near = "".join(
        f"<li><b>{esc(p.title)}</b><div class='hvk-path'>{esc(p.section)}</div>"
        f"<div class='hvk-quote hvk-short'>{esc(shorten(readable(p.text), 280))}</div>"
        f"<div class='hvk-meta'>{lines_label(p.line_start, p.line_end)} · <code>{esc(p.file)}</code> "
        f"{open_button(p.file, p.line_start, p.line_end)}</div></li>"
        for p in suggestions
    )
    return (
        "<div class='hvk-notfound'><b>Không tìm thấy câu trả lời trong các văn kiện hiện có.</b>"
        + (f"<ul class='hvk-reasons'>{notes}</ul>" if notes else "")
        + (f"<div class='hvk-suggest-head'>Các đoạn gần nhất, có thể hữu ích:</div><ol class='hvk-suggest'>{near}</ol>"
           if near else "")
        + "</div>"
    )


def sources_html(answer: Answer, records: dict[tuple[str, int, int], TableRecord] | None = None,
                 suggestions: list[Passage] | None = None) -> str:
    """The sources panel for one answer: citation cards and conflicts, or the not-found box."""
    if not answer.found:
        return not_found_box(answer, suggestions or [])
    figures = answer_figures(answer.answer)
    records = records or {}
    cards = "".join(
        citation_card(i, c, figures, records.get((c.file, c.line_start, c.line_end)))
        for i, c in enumerate(answer.citations, start=1)
    )
    head = f"<div class='hvk-sources-head'>{len(answer.citations)} nguồn trích dẫn</div>" if answer.citations else ""
    return conflicts_box(answer.conflicts) + head + cards


# --- document viewer --------------------------------------------------------------------

def viewer_window(n_lines: int, start: int, end: int, context: int = VIEWER_CONTEXT,
                  size: int = VIEWER_LINES) -> tuple[int, int]:
    """First and last line to show for a span: `context` lines before it, `size` lines in all."""
    start = max(1, min(start, n_lines))
    end = max(start, min(end, n_lines))
    first = max(1, start - context)
    last = min(n_lines, max(end + 5, first + size - 1), start + VIEWER_MAX_LINES - 1)
    if last - first + 1 < size:  # near the end of the document: show more before
        first = max(1, last - size + 1)
    return first, last


def _line_html(number: int, text: str, cited: bool) -> str:
    # Tabs separate table cells in the corpus: show them as a visible column rule.
    body = "<span class='hvk-tab'> │ </span>".join(esc(cell) for cell in strip_markup(text).split("\t"))
    if cited:
        body = f"<mark class='hvk-cited'>{body}</mark>"
    return (f"<div class='hvk-line{' hvk-hit' if cited else ''}' id='hvk-line-{number}'>"
            f"<span class='hvk-ln'>{number}</span><span class='hvk-tx'>{body or '&nbsp;'}</span></div>")


def fit_range(n_lines: int, line_from: object, line_to: object) -> tuple[int, int, str]:
    """The lines to show for an asked range, and what was changed when the range was impossible
    (before line 1, past the end, or ending before it starts). Raises ValueError on non-numbers."""
    first = int(float(line_from)) if line_from not in (None, "") else 1
    last = int(float(line_to)) if line_to not in (None, "") else first
    n = max(1, n_lines)
    start = min(max(1, first), n)
    end = min(max(start, last), n)
    if (start, end) == (first, last):
        return start, end, ""
    asked = lines_label(first, last) if last >= first else f"dòng {first} đến {last}"
    why = []
    if first < 1:
        why.append("số dòng bắt đầu từ 1")
    if last < first:
        why.append("dòng cuối đứng trước dòng đầu")
    if first > n_lines or last > n_lines:
        why.append(f"văn bản chỉ có {n_lines} dòng")
    return start, end, f"Không hiện được {asked} ({'; '.join(why)}): đang hiện {lines_label(start, end)}."


def viewer_html(file: str, entry: FileEntry, lines: list[str], start: int, end: int, section: str,
                note: str = "") -> str:
    """~40 numbered lines around a span, the span highlighted, the section path as a breadcrumb."""
    first, last = viewer_window(len(lines), start, end)
    start, end = max(first, start), min(last, max(start, end))
    crumbs = " <span class='hvk-sep'>›</span> ".join(esc(p) for p in section.split(" › ") if p)
    body = "".join(_line_html(n, lines[n - 1], start <= n <= end) for n in range(first, last + 1))
    return (
        f"<div class='hvk-viewer'>"
        f"<div class='hvk-doc-title'>{esc(entry.title)}</div>"
        f"<div class='hvk-meta'>{esc(entry.issuer)} · {esc(format_date(entry.date_at(start)))} · "
        f"<span class='hvk-status hvk-status-{esc(_slug(entry.status))}'>{esc(entry.status)}</span> · "
        f"<code>{esc(file)}</code> · {len(lines)} dòng</div>"
        + (f"<div class='hvk-range-note' role='status'>{esc(note)}</div>" if note else "")
        + f"<div class='hvk-breadcrumb'>{crumbs or '&nbsp;'}</div>"
        f"<div class='hvk-meta'>Đang xem dòng {first}–{last}; được trích: {lines_label(start, end)}</div>"
        f"<div class='hvk-lines'>{body}</div></div>"
    )


def formal_citation(entry: FileEntry, subdoc: str, section: str, start: int, end: int, file: str,
                    locator: str = "") -> str:
    """'Theo Dự thảo Báo cáo chính trị Đại hội I (…, tháng 9/2025), mục …, dòng 285 [000_….txt].'"""
    parts = [p for p in section.split(" › ") if p]
    if parts and parts[0] == subdoc:
        parts = parts[1:]  # the section path starts with the sub-document title
    where = f", mục {' › '.join(parts)}" if parts else ""
    source = subdoc if subdoc and subdoc != entry.title else entry.title
    context = entry.title if source != entry.title else ""
    detail = "; ".join(p for p in (context, format_date(entry.date_at(start)), entry.status) if p)
    return f"Theo {source}{f' ({detail})' if detail else ''}{where}, {place_label(locator, start, end)} [{file}]."


def message_html(text: str, kind: str = "note") -> str:
    return f"<div class='hvk-{kind}'>{esc(text)}</div>"


# --- figure provenance --------------------------------------------------------------------

PROVENANCE_HEADERS = ("Giá trị", "Kỳ / năm", "Địa phương", "Văn bản", "Dòng", "Trích dẫn")


def _kind_badge(r: FigureStatement) -> str:
    """What kind of figure a row gives (kết quả, ước thực hiện, mục tiêu, …): a label, never a tint."""
    kind = kind_of(r)
    return f"<span class='hvk-kind hvk-kind-{_slug(kind)}'>{esc(KIND_LABELS[kind])}</span>"


def _provenance_row(r: FigureStatement, lead: bool = False) -> str:
    mark = " class='hvk-disagree'" if r.disagrees else ""
    note = f"<div class='hvk-disagree-note'>⚠ {esc(r.note)}</div>" if r.note else ""
    first = "<div class='hvk-lead'>văn bản mới nhất / chính thức hơn</div>" if lead else ""
    status = f"<span class='hvk-status hvk-status-{esc(_slug(r.status))}'>{esc(r.status)}</span>" if r.status else ""
    return (
        f"<tr{mark}><td class='hvk-value'>{esc(r.value)} <span class='hvk-unit'>{esc(r.unit)}</span>"
        f"<div>{_kind_badge(r)}</div>{first}</td><td>{esc(r.period)}</td><td>{esc(r.locality)}</td>"
        f"<td>{esc(r.document)}<div class='hvk-meta'>{esc(format_date(r.date))} {status}</div>"
        f"<code>{esc(r.file)}</code></td>"
        f"<td>{r.line}<br>{open_button(r.file, r.line, r.line, 'Mở')}</td>"
        f"<td class='hvk-quote-cell'>{highlight_figures(shorten(r.quote, 400), {r.value_key})}"
        f"<div class='hvk-path'>{esc(r.section)}</div>{note}</td></tr>"
    )


def _rows_table(rows: tuple[FigureStatement, ...], lead: bool = False) -> str:
    header = "".join(f"<th>{h}</th>" for h in PROVENANCE_HEADERS)
    body = "".join(_provenance_row(r, lead and i == 0) for i, r in enumerate(rows))
    return f"<table class='hvk-table'><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _disagreement_html(d: Disagreement) -> str:
    values = " · ".join(f"<b>{esc(v)}</b>" for v in d.values)
    where = " · ".join(esc(p) for p in (d.period, d.locality, KIND_LABELS[d.kind]) if p)
    return (f"<div class='hvk-group hvk-group-disagree'><div class='hvk-group-head'>{esc(d.indicator)} "
            f"<span class='hvk-where'>{where}</span> <span class='hvk-disagree-count'>⚠ {values}</span></div>"
            f"{_rows_table(d.rows, lead=True)}</div>")


def provenance_html(query: str, table: FigureTable, truncated: bool = False) -> str:
    """Where documents disagree first, each with its newest or most authoritative value on top; then
    one table per indicator. Only the rows of a disagreement are tinted; kinds are labelled."""
    if not query.strip():
        return message_html("Nhập một số liệu (18,02 · 57.000) hoặc một chỉ tiêu (bác sĩ/vạn dân).")
    rows = table.rows
    if not rows:
        return message_html(f"Không có văn kiện nào nêu “{query}”.", "notfound")
    files = len({r.file for r in rows})
    count = len(table.disagreements)
    summary = (f"<div class='hvk-sources-head'>{len(rows)} chỗ nêu “{esc(query)}” trong {files} văn bản, "
               f"{len(table.groups)} nhóm chỉ tiêu"
               + (f" · <span class='hvk-disagree-count'>⚠ {count} chỗ các văn bản ghi khác nhau</span>" if count else
                  " · không có chỗ nào các văn bản ghi khác nhau")
               + (" · chỉ hiển thị phần đầu" if truncated else "") + "</div>")
    disagreements = (
        f"<div class='hvk-section-head'>⚠ Các văn bản ghi khác nhau (cùng chỉ tiêu, kỳ, địa phương, loại số liệu)"
        f"</div>{''.join(_disagreement_html(d) for d in table.disagreements)}"
        f"<div class='hvk-section-head'>Mọi chỗ nêu, theo chỉ tiêu</div>") if count else ""
    groups = "".join(
        f"<div class='hvk-group'><div class='hvk-group-head'>{esc(g.indicator or g.key)} "
        f"<span class='hvk-meta'>({len(g.rows)} chỗ)</span></div>{_rows_table(g.rows)}</div>"
        for g in table.groups
    )
    return summary + disagreements + groups


# --- document list --------------------------------------------------------------------------

MANIFEST_HEADERS = ["Mã văn bản", "Tiêu đề", "Cơ quan ban hành", "Ngày", "Trạng thái", "Văn bản con"]


def app_header(title: str, documents: int) -> str:
    return (f"## {title}\nHỏi đáp có trích dẫn trên {documents} văn kiện. "
            "Mỗi câu trả lời dẫn nguyên văn đoạn văn bản, bấm nguồn để mở đúng chỗ.")


def upload_report(added: list[str], refused: list[str]) -> str:
    """Markdown: what entered the corpus and what was refused, with the reason."""
    parts = []
    if added:
        parts.append("**Đã thêm, đang lập chỉ mục:**\n" + "\n".join(f"- {esc(a)}" for a in added))
    if refused:
        parts.append("**Không nhận:**\n" + "\n".join(f"- {esc(r)}" for r in refused))
    return "\n\n".join(parts)


def manifest_rows(entries: dict[str, FileEntry]) -> list[list[str]]:
    return [
        [f, e.title, e.issuer, format_date(e.date), e.status,
         "; ".join(f"{s.title} (dòng {s.first_line}–{s.last_line}" + (f", {format_date(s.date)})" if s.date else ")")
                   for s in e.subdocs)]
        for f, e in sorted(entries.items())
    ]


def _slug(text: str) -> str:
    return re.sub(r"\W+", "-", fold(text or "")).strip("-")


def shorten(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class ViewRequest:
    """A document and span to open, from a click in the sources panel or the figure table."""
    file: str
    start: int
    end: int

    @classmethod
    def parse(cls, file: object, start: object, end: object) -> "ViewRequest":
        first = max(1, int(float(start or 1)))
        last = max(first, int(float(end or first)))
        return cls(str(file or ""), first, last)
