"""Styles of the app's HTML panels, scoped to each gr.HTML through css_template, and the page's
own CSS and scripts (chat links, scrolling, Vietnamese built-in strings).

Colours use the Gradio theme's variables where one fits, so dark mode stays readable;
fonts are the system's (no web font is fetched from outside), and every font named has
Vietnamese letters: no monospace font is used anywhere, tables and code-styled cells included.
"""
import json
import re

# System fonts with Vietnamese glyphs, first found wins. Used for the theme's text *and* its
# "monospace" font: the usual monospace fonts lack precomposed Vietnamese letters and show
# detached tone marks ("sô´").
FONTS = ("Noto Sans", "Segoe UI", "Roboto", "Arial", "Liberation Sans", "DejaVu Sans", "sans-serif")
FONT_STACK = ", ".join(f'"{f}"' if " " in f else f for f in FONTS)

_COMMON = """
.hvk-meta { color: var(--body-text-color-subdued); font-size: 0.85em; margin: 2px 0; }
.hvk-path, .hvk-breadcrumb { color: var(--body-text-color-subdued); font-size: 0.85em; }
.hvk-note { color: var(--body-text-color-subdued); padding: 12px; font-style: italic; }
.hvk-range-note { border: 1px solid #e0a100; background: rgba(255, 193, 7, 0.12); border-radius: 6px; padding: 4px 8px;
  margin: 6px 0; }
.hvk-error { border: 1px solid #d9534f; background: rgba(217, 83, 79, 0.08); padding: 10px 12px; border-radius: 8px; }
mark { background: #ffe066; color: #222; padding: 0 2px; border-radius: 3px; font-weight: 600; }
code { font-size: 0.8em; font-family: inherit; }
.hvk-open { font-size: 0.8em; padding: 1px 8px; margin-left: 4px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--button-secondary-border-color, #bbb); background: var(--button-secondary-background-fill, #f3f4f6);
  color: var(--button-secondary-text-color, inherit); white-space: nowrap; }
a.hvk-open { text-decoration: none; display: inline-block; }
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
.hvk-statuses { border: 1px solid var(--border-color-primary); background: rgba(33, 150, 243, 0.08); border-radius: 8px;
  padding: 8px 12px; margin-bottom: 10px; }
.hvk-statuses p { margin: 4px 0; }
.hvk-statuses ul { margin: 4px 0 0 18px; padding: 0; }
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
.hvk-section-head { font-weight: 700; font-size: 1.05em; margin: 14px 0 4px; }
.hvk-group { margin-bottom: 16px; }
.hvk-group-head { font-weight: 700; margin: 8px 0 4px; }
.hvk-where { font-weight: normal; color: var(--body-text-color-subdued); }
.hvk-group-disagree .hvk-group-head { color: #b35900; }
.hvk-disagree-count { color: #b35900; font-weight: 600; }
.hvk-table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
.hvk-table th { text-align: left; background: var(--background-fill-secondary); padding: 4px 6px;
  border-bottom: 1px solid var(--border-color-primary); }
.hvk-table td { vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--border-color-primary); }
.hvk-value { font-weight: 700; white-space: nowrap; }
.hvk-unit { font-weight: normal; }
.hvk-kind { display: inline-block; font-size: 0.78em; font-weight: normal; padding: 0 6px; margin-top: 2px;
  border-radius: 8px; border: 1px solid var(--border-color-primary); color: var(--body-text-color-subdued); }
.hvk-lead { font-size: 0.78em; font-weight: 600; color: #1a7f37; margin-top: 2px; white-space: normal; }
.hvk-quote-cell { max-width: 36em; }
.hvk-quote-cell .hvk-path { font-size: 0.8em; margin-top: 2px; }
tr.hvk-disagree { background: rgba(255, 193, 7, 0.18); }
tr.hvk-disagree .hvk-value { color: #b35900; }
.hvk-disagree-note { color: #b35900; font-size: 0.85em; margin-top: 2px; }
.hvk-notfound { border: 1px solid var(--border-color-primary); background: rgba(128, 128, 128, 0.12); border-radius: 8px; padding: 10px 12px; }
"""


# The charts are white cards whatever the theme: matplotlib draws dark text on white.
TIMELINE_CSS = _COMMON + """
.hvk-timeline { padding: 4px 6px; }
.hvk-timeline-panel { margin: 6px 0 12px; padding: 6px 8px; background: #fff; color: #222; border-radius: 8px;
  border: 1px solid var(--border-color-primary); }
.hvk-timeline-panel figcaption { font-weight: 600; margin-bottom: 2px; }
svg.hvk-chart { width: 100%; height: auto; display: block; }
svg.hvk-chart a { cursor: pointer; }
svg.hvk-chart .hvk-point:hover use, svg.hvk-chart .hvk-point:hover path { stroke-width: 3; }
""" + f"svg.hvk-chart text {{ font-family: {FONT_STACK} !important; }}\n"


def _scoped(css: str, scope: str) -> str:
    """Each rule's selectors prefixed with `scope`: the panel styles reused inside chat messages."""
    def prefix(m: re.Match) -> str:
        return ", ".join(f"{scope} {sel.strip()}" for sel in m.group(1).split(",")) + " {"
    return re.sub(r"([^{}]+?)\s*\{", prefix, css)


CHAT_CSS = """
.hvk-cite { font-size: 0.8em; font-weight: 600; text-decoration: none; color: var(--color-accent); padding: 0 1px;
  vertical-align: super; line-height: 1; cursor: pointer; }
.hvk-cite:hover { text-decoration: underline; }
.hvk-notice { border-radius: 6px; padding: 4px 10px; margin: 2px 0 6px; font-size: 0.92em; }
.hvk-scope { background: rgba(59, 130, 246, 0.10); border: 1px solid rgba(59, 130, 246, 0.45); }
.hvk-limit { background: rgba(255, 193, 7, 0.12); border: 1px solid #e0a100; }
.hvk-doubt { background: rgba(217, 83, 79, 0.08); border: 1px solid #d9534f; }
.hvk-notfound ul { margin: 4px 0 0 18px; color: var(--body-text-color-subdued); }
details.hvk-src { margin-top: 8px; border-top: 1px solid var(--border-color-primary); padding-top: 6px; }
details.hvk-src > summary { cursor: pointer; color: var(--body-text-color); opacity: 0.8; font-size: 0.9em; }
details.hvk-src[open] > summary { margin-bottom: 8px; }
.hvk-differs { color: #b35900; font-weight: 600; }
.hvk-card .hvk-quote { max-height: 12em; }
"""

# Page-level CSS, passed to launch(css=…).
APP_CSS = f"""
#hvk-sources {{ max-height: 78vh; overflow-y: auto; }}
.hvk-examples button {{ font-size: 0.85em; }}
/* One Vietnamese-capable font everywhere, tables and code-styled cells included. */
.gradio-container, .gradio-container table, .gradio-container td, .gradio-container th,
.gradio-container code, .gradio-container pre, .gradio-container kbd, .gradio-container samp,
.gradio-container input, .gradio-container textarea, .gradio-container button {{ font-family: {FONT_STACK} !important; }}
.hvk-library-notice {{ border: 1px solid #e0a100; background: rgba(255, 193, 7, 0.12); border-radius: 8px;
  padding: 6px 12px; }}
/* The panel repeats the sources a message already carries: on a phone the messages are enough. */
@media (max-width: 900px) {{ .hvk-side {{ display: none !important; }} }}
""" + _scoped(_COMMON + SOURCES_CSS + CHAT_CSS, "#hvk-chat")

# Clicks on "Mở trong văn bản" buttons, and on links to "#hvk/<file>/<start>/<end>" (the points of
# a timeline chart, an SVG <a> whose href may be written xlink:href), inside a gr.HTML become that
# component's click event with the document id and lines; the handler validates them like any other request.
OPEN_BUTTON_JS = r"""
// The handler selects the viewer tab too, but Gradio skips a selection equal to the last one it
// sent: after the reader went back to the chat by hand, a second [n] would leave them there.
const hvkShowViewer = () => {
  const tab = document.querySelector("button[role='tab'][data-tab-id='viewer']");
  if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
};
const hvkTarget = (link) => {
  const href = link.getAttribute('href') || link.getAttribute('xlink:href') || '';
  const target = href.match(/^#hvk\/([^/]+)\/(\d+)\/(\d+)$/);
  return target ? {file: decodeURIComponent(target[1]), start: target[2], end: target[3]} : null;
};
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.hvk-open');
  const link = button ? null : event.target.closest('a');
  const target = button ? {file: button.dataset.file, start: button.dataset.start, end: button.dataset.end}
    : link && hvkTarget(link);
  if (!target) return;
  event.preventDefault();
  trigger('click', target);
  hvkShowViewer();
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

# The sources panel also carries the page's chat behaviour (gr.Chatbot runs no script of its own):
# - a click on an [n] link or a "Mở trong văn bản" button inside a chat message becomes this
#   panel's click event, so the viewer opens at the cited lines;
# - the chat follows each new answer: the newest question is brought to the top of the chat and its
#   answer below it, unless the reader scrolled the chat themselves since asking. It stops
#   FOLLOW_SETTLE_MS after the answer is complete (its sources are in): later changes to the chat (a
#   tab switch re-renders it) must not pull the reader away from an older answer they scrolled to.
FOLLOW_SETTLE_MS = 1500  # how long the chat still follows a complete answer while its sources render
CHAT_JS = OPEN_BUTTON_JS + r"""
window.hvkOpen = (data) => trigger('click', data);
if (!window.hvkChatClicks) {
  window.hvkChatClicks = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('#hvk-chat a.hvk-cite, #hvk-chat a.hvk-open');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const target = hvkTarget(link);
    if (target) { window.hvkOpen(target); hvkShowViewer(); }
  }, true);
}
const followChat = () => {
  const root = document.getElementById('hvk-chat');
  if (!root) { setTimeout(followChat, 300); return; }
  if (root.dataset.hvkFollow) return;
  root.dataset.hvkFollow = '1';
  let asked = -1, away = false, until = Infinity;
  const box = () => root.querySelector('.bubble-wrap, .panel-wrap, [role="log"]');
  const stayPut = () => { away = true; };
  root.addEventListener('wheel', stayPut, {passive: true});
  root.addEventListener('touchmove', stayPut, {passive: true});
  root.addEventListener('keydown', (e) => { if (['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) stayPut(); });
  // A press on the chat's own box, not on a message, is a press on its scroll bar.
  root.addEventListener('mousedown', (e) => { if (e.target === box()) stayPut(); });
  const follow = () => {
    const scroller = box();
    const questions = root.querySelectorAll('[data-testid="user"]');
    if (!scroller || !questions.length) return;
    if (questions.length !== asked) { asked = questions.length; away = false; until = Infinity; }
    if (away || performance.now() > until) return;
    const question = questions[questions.length - 1];
    const row = question.closest('.message-row') || question;
    const answers = root.querySelectorAll('[data-testid="bot"]');
    const answer = answers.length ? answers[answers.length - 1] : null;
    const complete = answers.length === questions.length && answer.querySelector('details.hvk-src, .hvk-notfound');
    if (complete && until === Infinity) until = performance.now() + __SETTLE__;
    // A long question would push its answer out of sight: then the answer goes to the top.
    const target = (row.offsetHeight > scroller.clientHeight * 0.4 && answer) ? answer : row;
    const delta = target.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
    if (Math.abs(delta) > 2) scroller.scrollTop += delta;
  };
  new MutationObserver(() => requestAnimationFrame(follow))
    .observe(root, {childList: true, subtree: true, characterData: true});
};
followChat();
""".replace("__SETTLE__", str(FOLLOW_SETTLE_MS))


# Toast titles are the message type capitalised ("Warning", "Error"), neither the title given to
# gr.Warning nor a translation key in this Gradio, so the page renames them as they appear.
TOAST_TITLES = {"Warning": "Cảnh báo", "Error": "Lỗi", "Info": "Thông báo", "Success": "Thành công"}
LOGIN_LOCALE_MS = 10  # how often the login page sets its locale again until the form is drawn


def _core(core_module: str) -> str:
    """A JS expression: the Gradio frontend's core module, which exports changeLocale and load_translations."""
    return f"await import(new URL('./assets/{core_module}', document.baseURI).href)"


def boot_js(core_module: str | None) -> str:
    """launch(js=…): the page is Vietnamese. Gradio's own strings use the 'vi' translations given
    with launch(i18n=…) (Gradio has no Vietnamese of its own and picks a locale only among its
    own), and toast titles are renamed."""
    switch = (f"  try {{ const core = {_core(core_module)};"
              f" core.changeLocale('vi'); }} catch (e) {{ console.warn('hvk: locale', e); }}\n") if core_module else ""
    titles = ", ".join(f"'{k}': '{v}'" for k, v in TOAST_TITLES.items())
    toasts = (
        "  const titles = {" + titles + "};\n"
        "  const rename = () => document.querySelectorAll('.toast-title').forEach((el) => {\n"
        "    for (const node of el.childNodes) {\n"
        "      const word = node.nodeType === 3 ? node.data.trim() : '';\n"
        "      if (titles[word]) node.data = titles[word] + ' ';\n"
        "    }\n"
        "  });\n"
        "  new MutationObserver(rename).observe(document.body, {childList: true, subtree: true, characterData: true});\n")
    return "async () => {\n  document.documentElement.lang = 'vi';\n" + toasts + switch + "}"


def login_js(core_module: str, translations: dict) -> str:
    """The login page's own script: before login Gradio sends neither the app's translations nor its
    start-up script, so this one registers the 'vi' table and holds the locale at 'vi' until the form
    is drawn. Gradio's start-up sets the locale to English meanwhile, and the form takes its strings
    once, as it is drawn, so the locale is set again every few milliseconds until then."""
    table = json.dumps({"vi": translations}, ensure_ascii=False).replace("</", "<\\/")
    return (
        "(async () => {\n  document.documentElement.lang = 'vi';\n"
        f"  try {{\n    const core = {_core(core_module)};\n"
        f"    core.load_translations({{custom_translations: {table}, processed_langs: {{}}}});\n"
        f"    const hold = setInterval(() => core.changeLocale('vi'), {LOGIN_LOCALE_MS});\n"
        "    const drawn = new MutationObserver(() => release());\n"
        "    const release = () => {\n"
        "      if (!document.querySelector('input[type=password]')) return;\n"
        "      drawn.disconnect();\n"
        f"      setTimeout(() => clearInterval(hold), {LOGIN_LOCALE_MS * 10});\n"
        "    };\n"
        "    drawn.observe(document.body, {childList: true, subtree: true});\n"
        "    release();\n"
        "  } catch (e) { console.warn('hvk: locale', e); }\n})();\n")
