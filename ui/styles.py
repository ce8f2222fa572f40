"""Styles of the app's HTML panels, scoped to each gr.HTML through css_template.

Colours use the Gradio theme's variables where one fits, so dark mode stays readable;
fonts are the system's (no web font is fetched from outside).
"""

_COMMON = """
.hvk-meta { color: var(--body-text-color-subdued); font-size: 0.85em; margin: 2px 0; }
.hvk-path, .hvk-breadcrumb { color: var(--body-text-color-subdued); font-size: 0.85em; }
.hvk-note { color: var(--body-text-color-subdued); padding: 12px; font-style: italic; }
.hvk-error { border: 1px solid #d9534f; background: rgba(217, 83, 79, 0.08); padding: 10px 12px; border-radius: 8px; }
mark { background: #ffe066; color: #222; padding: 0 2px; border-radius: 3px; font-weight: 600; }
code { font-size: 0.8em; }
.hvk-open { font-size: 0.8em; padding: 1px 8px; margin-left: 4px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--button-secondary-border-color, #bbb); background: var(--button-secondary-background-fill, #f3f4f6);
  color: var(--button-secondary-text-color, inherit); white-space: nowrap; }
.hvk-open:hover { background: var(--button-secondary-background-fill-hover, #e5e7eb); }
.hvk-status { font-size: 0.8em; padding: 0 6px; border-radius: 8px; border: 1px solid currentColor; margin-left: 4px; }
.hvk-status-chinh-thuc { color: #1a7f37; }
.hvk-status-du-thao { color: #b35900; }
.hvk-status-tai-lieu-tham-khao { color: #6b7280; }
.hvk-sources-head { font-weight: 600; margin: 4px 0 8px; }
"""

SOURCES_CSS = _COMMON + """
.hvk-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin-bottom: 10px;
  background: var(--block-background-fill); }
.hvk-card-head { margin-bottom: 2px; }
.hvk-num { color: var(--color-accent); font-weight: 700; }
.hvk-quote { border-left: 3px solid var(--color-accent); padding: 4px 8px; margin-top: 6px; white-space: pre-wrap;
  max-height: 16em; overflow: auto; font-size: 0.95em; }
.hvk-short { max-height: 6em; }
.hvk-row-label { font-weight: 600; margin-bottom: 4px; }
.hvk-record { border-collapse: collapse; font-size: 0.9em; width: 100%; }
.hvk-record th { text-align: left; font-weight: normal; color: var(--body-text-color-subdued); padding: 1px 8px 1px 0; }
.hvk-record td { padding: 1px 0; }
.hvk-warning { border: 1px solid #e0a100; background: rgba(255, 193, 7, 0.12); border-radius: 8px; padding: 8px 12px;
  margin-bottom: 10px; }
.hvk-warning p { margin: 4px 0; }
.hvk-warning ul { margin: 4px 0 0 18px; padding: 0; }
.hvk-notfound { border: 1px solid var(--border-color-primary); background: rgba(128, 128, 128, 0.12); border-radius: 8px;
  padding: 10px 12px; color: var(--body-text-color); }
.hvk-reasons { margin: 4px 0 8px 18px; color: var(--body-text-color-subdued); }
.hvk-suggest-head { margin-top: 6px; font-weight: 600; }
.hvk-suggest { margin: 4px 0 0 20px; padding: 0; }
.hvk-suggest li { margin-bottom: 8px; }
"""

VIEWER_CSS = _COMMON + """
.hvk-doc-title { font-weight: 700; font-size: 1.05em; }
.hvk-breadcrumb { margin: 6px 0; padding: 4px 8px; background: var(--background-fill-secondary); border-radius: 6px; }
.hvk-sep { opacity: 0.6; }
/* Proportional font: monospace fonts here lack precomposed Vietnamese letters and misplace tone marks. */
.hvk-lines { font-size: 0.9em; border: 1px solid var(--border-color-primary);
  border-radius: 6px; max-height: 640px; overflow: auto; margin-top: 6px; }
.hvk-line { display: flex; gap: 10px; padding: 1px 8px; line-height: 1.45; }
.hvk-line:nth-child(odd) { background: var(--background-fill-secondary); }
.hvk-ln { color: var(--body-text-color-subdued); min-width: 3.5em; text-align: right; user-select: none; flex: none;
  font-variant-numeric: tabular-nums; }
.hvk-tx { white-space: pre-wrap; word-break: break-word; }
.hvk-hit { background: rgba(255, 224, 102, 0.35) !important; border-left: 3px solid #e0a100; }
mark.hvk-cited { font-weight: normal; background: #fff3b0; }
.hvk-tab { color: var(--body-text-color-subdued); }
"""

PROVENANCE_CSS = _COMMON + """
.hvk-group { margin-bottom: 16px; }
.hvk-group-head { font-weight: 700; margin: 8px 0 4px; }
.hvk-group-disagree .hvk-group-head { color: #b35900; }
.hvk-disagree-count { color: #b35900; font-weight: 600; }
.hvk-table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
.hvk-table th { text-align: left; background: var(--background-fill-secondary); padding: 4px 6px;
  border-bottom: 1px solid var(--border-color-primary); }
.hvk-table td { vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--border-color-primary); }
.hvk-value { font-weight: 700; white-space: nowrap; }
.hvk-quote-cell { max-width: 36em; }
tr.hvk-disagree { background: rgba(255, 193, 7, 0.18); }
tr.hvk-disagree .hvk-value { color: #b35900; }
.hvk-disagree-note { color: #b35900; font-size: 0.85em; margin-top: 2px; }
.hvk-notfound { border: 1px solid var(--border-color-primary); background: rgba(128, 128, 128, 0.12); border-radius: 8px; padding: 10px 12px; }
"""

# Page-level tweaks, passed to launch(css=…).
APP_CSS = """
#hvk-sources { max-height: 78vh; overflow-y: auto; }
.hvk-examples button { font-size: 0.85em; }
"""

# Clicks on "Mở trong văn bản" buttons inside a gr.HTML become that component's click event
# with the document id and lines; the handler validates them like any other request.
OPEN_BUTTON_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.hvk-open');
  if (!button) return;
  event.preventDefault();
  trigger('click', {file: button.dataset.file, start: button.dataset.start, end: button.dataset.end});
});
"""

# After each new view, scroll the line list (not the page) so the cited lines sit near its top.
REVEAL_CITED_JS = """
const reveal = () => {
  const box = element.querySelector('.hvk-lines');
  const hit = element.querySelector('.hvk-hit');
  if (box && hit) box.scrollTop += hit.getBoundingClientRect().top - box.getBoundingClientRect().top - 80;
};
watch('value', reveal);
reveal();
"""
