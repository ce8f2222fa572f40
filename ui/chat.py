"""The chat message of one answer: readable sentences, [n] links, and its own sources. Pure functions.

The answer step returns text lifted from the documents: list numbering ("(13)", "4.1.",
"a)"), table paths ("Năm 2024 › Ước thực hiện"), items cut in the middle of a phrase. The
message shows that text as sentences, each followed by the [n] of the citations it came
from; the citations themselves keep the exact quote. Everything a reader should weigh is
said above the answer: how a follow-up was read, a document filter, a cut question, doubts.

A message is Markdown with a few HTML blocks (Gradio's chatbot sanitizes it). Each block is
written on one line: a blank line would end an HTML block in Markdown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from answer.documents import Passage
from answer.types import Answer, Citation, Conflict, lines_label
from ui import format as fmt

CUT_PREFIX = "Câu hỏi dài quá"  # the answer step's note when it cut the question
STREAM_STEPS = 4  # each partial message costs the server about 4 ms of CPU
CURSOR = " ▌"

# "(13) ", "4.1. ", "a) ", "- ", "II. ", "III- ", "(*) " at the start of a line.
_NUMBERING = re.compile(
    r"^(?:\(\s*(?:\d{1,3}|[a-zđ]|[ivx]{1,4}|\*)\s*\)\s*|(?:\d{1,3}\.)+\s+|\d{1,3}\)\s+|[a-zđ]\)\s+"
    r"|[IVX]{1,4}\s*[.\-–]\s+|[-+•–]\s+)+")
# A table row's serial number in bold, then "(*)": "**16** (*) Xây dựng…".
_ROW_SERIAL = re.compile(r"^\*\*\d{1,3}\*\*\s*(?:\(\*\)\s*)?")
_DEPTH = re.compile(r"^\(?((?:\d{1,3}\.)*\d{1,3})[.)]")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# Column headers that start a table path; lower-cased when they follow a comma.
_HEADER_WORDS = ("Năm", "Ước", "Kế hoạch", "Thực hiện", "Chỉ tiêu", "Giai đoạn", "Mục tiêu", "Tháng", "Quý",
                 "So sánh", "Tăng", "Giảm", "Dự kiến", "Kết quả", "Đơn vị", "Đạt")
_DOUBT = re.compile(r"chỉ khớp|không khớp|chưa khớp|không tìm thấy|không đề cập|không có (?:số liệu|đoạn|trong)"
                    r"|chưa (?:rõ|chắc|đủ)|không chắc|không rõ|có thể", re.IGNORECASE)


def vn_number(n: int) -> str:
    """2000 → '2.000'."""
    return f"{n:,}".replace(",", ".")


def cut_note(limit: int) -> str:
    return f"Câu hỏi dài quá {vn_number(limit)} ký tự; chỉ dùng phần đầu"


# --- answer text as sentences ---------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    text: str  # Markdown: **figures**, escaped document text
    markers: tuple[int, ...]  # citation numbers, 1-based
    depth: int  # numbering depth in the source: "4." 1, "4.1." 2, none 0
    heading: bool = False


def _plain(text: str) -> str:
    return " ".join(fmt.readable(text).replace("**", "").replace("\t", " ").split()).lower()


def _join_continuations(lines: list[str]) -> list[str]:
    """A line that starts in lower case continues the sentence of the line before (a wrapped source line)."""
    out: list[str] = []
    for line in (s.strip() for s in lines):
        if not line:
            continue
        if out and line[0].islower() and not out[-1].rstrip("*").endswith((".", ":", ";", "!", "?", "…")):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def strip_numbering(line: str) -> str:
    """'(13) Đến năm 2030: …' → 'Đến năm 2030: …'; '**2.1. Mục tiêu:**' → '**Mục tiêu:**'."""
    line = _ROW_SERIAL.sub("", line.strip())
    bold = line.startswith("**")
    body = line[2:] if bold else line
    stripped = _NUMBERING.sub("", body)
    if stripped and stripped != body and stripped[0].islower():
        stripped = stripped[0].upper() + stripped[1:]
    return ("**" + stripped if bold else stripped) if stripped.strip("* ") else line


def untangle_path(line: str) -> str:
    """'Tỷ lệ hộ nghèo — Năm 2024 › Ước thực hiện cả năm: **0,09**%' → '… — năm 2024, ước thực hiện cả năm: …'."""
    if " › " not in line:
        return line
    line = line.replace(" › ", ", ")
    for word in _HEADER_WORDS:
        lower = word[0].lower() + word[1:]
        line = line.replace(f", {word} ", f", {lower} ").replace(f"— {word} ", f"— {lower} ")
    return line


def _depth(line: str) -> int:
    m = _DEPTH.match(_ROW_SERIAL.sub("", line.strip()).lstrip("*"))
    return m.group(1).count(".") + 1 if m else 0


def _source_of(line: str, quotes: list[str]) -> tuple[list[int], bool]:
    """The citations (0-based) whose quote holds this line, and whether the quote goes on after it."""
    key = _plain(line).rstrip(" ….").strip()
    if len(key) < 4:
        return [], False
    found, cut = [], False
    for i, quote in enumerate(quotes):
        at = quote.find(key)
        if at >= 0:
            found.append(i)
            cut = cut or bool(re.search(r"\w", quote[at + len(key):]))
    return found, cut


def answer_lines(answer: Answer) -> list[Line]:
    """The answer as readable lines, each with the citations it came from; a cut is marked with '…'."""
    quotes = [_plain(c.quote) for c in answer.citations]
    cited_in_text = bool(_MARKER.search(answer.answer))
    raw = _join_continuations(answer.answer.split("\n"))
    lines: list[Line] = []
    used: set[int] = set()
    for text in raw:
        sources, cut = ([], False) if cited_in_text else _source_of(text, quotes)
        used.update(sources)
        shown = untangle_path(strip_numbering(text))
        if text.rstrip().endswith(("…", "...")):
            cut = True
            shown = shown.rstrip(" .…")
        if cut and not shown.rstrip("* ").endswith((".", "!", "?")):  # a whole sentence is not a cut
            shown = shown.rstrip(" ;,:") + " …"
        lines.append(Line(fmt.esc(shown), tuple(sorted(i + 1 for i in sources)), _depth(text)))
    if lines and not cited_in_text:
        rest = tuple(i + 1 for i in range(len(answer.citations)) if i not in used)
        if rest:
            last = lines[-1]
            lines[-1] = Line(last.text, last.markers + rest, last.depth)
    if len(lines) > 1 and (lines[0].depth and lines[1].depth > lines[0].depth or lines[0].text.endswith(":")):
        first = lines[0]
        lines[0] = Line(first.text if first.text.endswith(":") else first.text + ":", first.markers, first.depth, True)
    return lines


def cite_link(number: int, c: Citation) -> str:
    """[n] as a link the page's click handler turns into 'open the viewer at these lines'."""
    return (f'<a class="hvk-cite" href="{fmt.esc(fmt.open_target(c.file, c.line_start, c.line_end))}" '
            f'title="{fmt.esc(c.title)}, {fmt.esc(c.place)}">[{number}]</a>')


def _link_markers(text: str, citations: list[Citation]) -> str:
    def link(m: re.Match) -> str:
        n = int(m.group(1))
        return cite_link(n, citations[n - 1]) if 1 <= n <= len(citations) else m.group(0)
    return _MARKER.sub(link, text)


def body_markdown(lines: list[Line], citations: list[Citation] | None = None) -> str:
    """The lines as Markdown: a lead sentence, then items as a bulleted list; [n] links when citations are given."""
    def render(line: Line) -> str:
        text = line.text
        if line.markers:
            text += " " + " ".join(f"[{n}]" for n in line.markers)
        return _link_markers(text, citations) if citations is not None else text

    if not lines:
        return ""
    if len(lines) == 1:
        return render(lines[0])
    head, items = (lines[0], lines[1:]) if lines[0].heading else (None, lines)
    bullets = "\n".join(f"- {render(line)}" for line in items)
    return f"{render(head)}\n\n{bullets}" if head else bullets


# --- what the reader should weigh ---------------------------------------------------------------------

def doubts(answer: Answer) -> list[str]:
    """Why an answer may be wrong: notes saying something was not matched, or no citation at all."""
    out = [n.rstrip(". ") for n in answer.notes if _DOUBT.search(n) and not n.startswith(CUT_PREFIX)]
    if answer.found and not answer.citations:
        out.append("câu trả lời không có trích dẫn nào để đối chiếu")
    return out


def other_notes(answer: Answer) -> list[str]:
    return [n for n in answer.notes if not _DOUBT.search(n) and not n.startswith(CUT_PREFIX)]


def _notice(kind: str, text_html: str) -> str:
    return f'<div class="hvk-notice hvk-{kind}">{text_html}</div>'


def notices(answer: Answer | None, understood: str | None = None, scope: list[str] | None = None,
            cut: str | None = None) -> list[str]:
    """The lines above an answer: how the question was read, the filter, the cut, doubts."""
    out = []
    if understood:
        out.append(f"_Đã hiểu câu hỏi là: “{fmt.esc(understood)}”_")
    if scope:
        names = "; ".join(fmt.esc(s) for s in scope)
        out.append(_notice("scope", f"🔎 Đang lọc: chỉ tìm trong {len(scope)} văn bản đã chọn — {names}"))
    if cut or (answer and any(n.startswith(CUT_PREFIX) for n in answer.notes)):
        out.append(_notice("limit", f"✂ {fmt.esc(cut or 'Câu hỏi dài quá giới hạn; chỉ dùng phần đầu')}."))
    if answer and answer.found:
        why = doubts(answer)
        if why:
            reasons = "; ".join(fmt.esc(fmt.dates_vi(w[0].lower() + w[1:])) for w in why)
            out.append(_notice("doubt", f"⚠ Có thể chưa chính xác: {reasons}."))
    return out


def _conflict_line(k: Conflict) -> str:
    figures = ", ".join(f"**{fmt.esc(f)}**" for f in _BOLD.findall(k.value)) or f"“{fmt.esc(k.value)}”"
    return f"{'ℹ' if k.other_status else '⚠'} {fmt.esc(fmt.dates_vi(k.note))}: {figures}"


# --- the message's own sources ---------------------------------------------------------------------------

def _one_line(html: str) -> str:
    return html.replace("\r", "").replace("\n", "<br>")


def sources_block(answer: Answer, records: dict | None = None, suggestions: list[Passage] | None = None) -> str:
    """<details> under the answer: its citations (and 'ghi khác' notes), or the closest passages."""
    records = records or {}
    if not answer.found:
        near = suggestions or []
        if not near:
            return ""
        items = "".join(
            f"<li><b>{fmt.esc(p.title)}</b><div class='hvk-path'>{fmt.esc(p.section)}</div>"
            f"<div class='hvk-quote hvk-short'>{fmt.esc(fmt.shorten(fmt.readable(p.text), 280))}</div>"
            f"<div class='hvk-meta'>{lines_label(p.line_start, p.line_end)} "
            f"{fmt.open_button(p.file, p.line_start, p.line_end, link=True)}</div></li>" for p in near)
        return _one_line(f'<details class="hvk-src"><summary>Các đoạn gần nhất ({len(near)}), có thể hữu ích'
                         f'</summary><ol class="hvk-suggest">{items}</ol></details>')
    if not answer.citations:
        return ""
    figures = fmt.answer_figures(answer.answer)
    cards = "".join(fmt.citation_card(i, c, figures, records.get((c.file, c.line_start, c.line_end)), in_chat=True)
                    for i, c in enumerate(answer.citations, start=1))
    first = answer.citations[0]
    summary = f"Nguồn: [1] {fmt.esc(first.title)}"
    if first.date:
        summary += f", {fmt.esc(fmt.format_date(first.date))}"
    if len(answer.citations) > 1:
        summary += f" và {len(answer.citations) - 1} nguồn khác"
    if differ := sum(not k.other_status for k in answer.conflicts):
        summary += f" · <span class='hvk-differs'>⚠ {differ} chỗ ghi khác</span>"
    if statuses := sum(k.other_status for k in answer.conflicts):
        summary += f" · {statuses} số liệu trạng thái khác"
    return _one_line(f'<details class="hvk-src"><summary>{summary}</summary>'
                     f'{fmt.conflicts_box(answer.conflicts, in_chat=True)}{cards}</details>')


def message(answer: Answer, *, understood: str | None = None, scope: list[str] | None = None,
            cut: str | None = None, records: dict | None = None, suggestions: list[Passage] | None = None) -> str:
    """The whole chat message of an answer."""
    parts = notices(answer, understood, scope, cut)
    if answer.found:
        parts.append(body_markdown(answer_lines(answer), answer.citations))
        parts += [_conflict_line(k) for k in answer.conflicts]
    else:
        reasons = "".join(f"<li>{fmt.esc(fmt.dates_vi(n))}</li>" for n in answer.notes if not n.startswith(CUT_PREFIX))
        parts.append(_notice("notfound", f"<b>{fmt.esc(answer.answer)}</b>"
                                         + (f"<ul>{reasons}</ul>" if reasons else "")))
    parts += [f"_{fmt.esc(fmt.dates_vi(n))}_" for n in other_notes(answer) if answer.found]
    block = sources_block(answer, records, suggestions)
    if block:
        parts.append(block)
    return "\n\n".join(p for p in parts if p)


def streaming(answer: Answer, *, understood: str | None = None, scope: list[str] | None = None,
              cut: str | None = None, steps: int = STREAM_STEPS) -> list[str]:
    """Partial messages while the answer text comes in: notices, then the text word by word, no sources yet."""
    head = notices(answer, understood, scope, cut)
    if answer.found:  # the text only: the [n] links come last, with the sources
        body = body_markdown([Line(line.text, (), line.depth, line.heading) for line in answer_lines(answer)])
    else:
        body = fmt.esc(answer.answer)
    words = body.split(" ")
    out = []
    for k in range(1, steps + 1):
        partial = " ".join(words[: max(1, round(len(words) * k / steps))])
        if partial.count("**") % 2:
            partial += "**"
        text = "\n\n".join(head + [partial + CURSOR])
        if not out or out[-1] != text:
            out.append(text)
    return out
