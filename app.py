"""Hỏi Văn Kiện: command line and app entry point.

    python app.py                      build the index if needed, serve the app on 127.0.0.1:7860
    python app.py index [--ray local|ADDRESS]   (re)build the index: only new or changed files are embedded
    python app.py ask "câu hỏi" [--json] [--file 000_….txt]     ("-" reads the question from stdin)
    python app.py chunks --file 000_b50851294415a046.txt --line 285
    python app.py manifest --suggest corpus/NEW.txt
    python app.py settings [--markdown]
"""
from __future__ import annotations

import offline  # noqa: F401  (telemetry and hub access off before anything imports gradio)

import argparse
import json
import logging
import sys
from pathlib import Path

from config import load_config, settings_markdown, settings_table
from errors import HvkError

log = logging.getLogger("hoivankien")


def cmd_index(args, config) -> int:
    from index.build import build_index
    from ingest.manifest import write_drafts

    # Before the build, so the index holds the manifest as written, drafts included.
    drafted = write_drafts(config.corpus_dir, config.max_file_bytes)
    report = build_index(config, progress=True, ray_address=args.ray)
    if report.unchanged:
        print(f"Chỉ mục đã cập nhật: {report.files} tệp, {report.chunks} đoạn, không cần mã hóa lại ({report.seconds:.2f} s).")
    else:
        print(f"Đã lập chỉ mục: {report.files} tệp, {report.chunks} đoạn, mã hóa {report.embedded} đoạn "
              f"({report.throughput:.1f} đoạn/s), dùng lại {report.reused}, tổng {report.seconds:.1f} s.")
    for problem in report.problems:
        print(f"  bỏ qua: {problem}")
    for file in drafted:
        print(f"  mục nháp mới trong {config.corpus_dir / 'manifest.json'}: {file} (kiểm tra tiêu đề, ngày, trạng thái)")
    return 0


def cmd_ask(args, config) -> int:
    from answer.render import render_text
    from answer.service import open_service, prepare_question

    question = sys.stdin.read().strip() if args.question == "-" else args.question
    prepare_question(question, config.max_question_chars)  # an empty question fails before the model loads
    service = open_service(config, progress=True)
    answer = service.answer(question, set(args.file) if args.file else None)
    if args.json:
        print(json.dumps({"ok": True, **answer.to_dict()}, ensure_ascii=False, indent=2))
    else:
        print(render_text(answer))
    return 0


def cmd_chunks(args, config) -> int:
    from index.build import chunk_corpus

    _, chunks, problems = chunk_corpus(config)
    found = [c for c in chunks if c.file == args.file and (args.line is None or c.line_start <= args.line <= c.line_end)]
    if not found:
        known = sorted({c.file for c in chunks})
        print(f"Không có đoạn nào cho {args.file}" + (f" dòng {args.line}" if args.line else "") +
              f". Các tệp: {', '.join(known)}", file=sys.stderr)
        return 1
    for c in found:
        print(f"[{c.id}] {c.file} dòng {c.line_start}–{c.line_end} ({c.kind})")
        print(f"  mục: {c.section_path}")
        print("  " + c.content.replace("\n", "\n  "))
        print()
    return 0


def cmd_manifest(args, config) -> int:
    from ingest.document import read_document
    from ingest.manifest import suggest_entry

    doc = read_document(Path(args.suggest), config.max_file_bytes)
    print(json.dumps({doc.file: suggest_entry(doc.file, doc.lines)}, ensure_ascii=False, indent=2))
    return 0


def cmd_settings(args, config) -> int:
    if args.markdown:
        sys.stdout.write(settings_markdown())
        return 0
    for name, value, help_text in settings_table(config):
        print(f"{name:28s} {value:40s} {help_text}")
    return 0


def cmd_serve(args, config) -> int:
    from ui.server import serve

    return serve(config)


class UsageError(HvkError):
    code = "usage"


class JsonErrorParser(argparse.ArgumentParser):
    """With --json, a mistyped command line is reported like every other failure: as JSON."""

    def error(self, message):
        raise UsageError(f"{self.prog}: {message}")


def parser(cls: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> argparse.ArgumentParser:
    p = cls(prog="app.py", description="Hỏi Văn Kiện: hỏi đáp có trích dẫn trên văn kiện.")
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("serve", help="chạy ứng dụng web (mặc định)")
    index = sub.add_parser("index", help="lập/cập nhật chỉ mục")
    index.add_argument("--ray", metavar="local|ADDRESS", default=None,
                       help="mã hóa đoạn văn bằng Ray: 'local' chạy Ray trên máy này, hoặc địa chỉ một cụm Ray "
                            "(cần requirements-scale.txt)")
    ask = sub.add_parser("ask", help="hỏi một câu")
    ask.add_argument("question", help="câu hỏi; \"-\" đọc câu hỏi từ stdin")
    ask.add_argument("--json", action="store_true",
                     help="in đối tượng Answer dạng JSON; lỗi cũng in một đối tượng JSON {\"ok\": false, \"error\": …}")
    ask.add_argument("--file", action="append", help="chỉ tìm trong tệp này (lặp lại được)")
    chunks = sub.add_parser("chunks", help="xem các đoạn mà bước tách văn bản tạo ra")
    chunks.add_argument("--file", required=True)
    chunks.add_argument("--line", type=int)
    manifest = sub.add_parser("manifest", help="gợi ý mục manifest cho một tệp mới")
    manifest.add_argument("--suggest", required=True, metavar="FILE")
    settings = sub.add_parser("settings", help="liệt kê các thiết lập HVK_* (giá trị bí mật được ẩn)")
    settings.add_argument("--markdown", action="store_true", help="in docs/settings.md (mặc định, không phải giá trị hiện tại)")
    return p


COMMANDS = {"serve": cmd_serve, "index": cmd_index, "ask": cmd_ask, "chunks": cmd_chunks,
            "manifest": cmd_manifest, "settings": cmd_settings}


def _report(error: dict, as_json: bool, status: int) -> int:
    if as_json:
        print(json.dumps({"ok": False, "error": error}, ensure_ascii=False))
    else:
        print(f"Lỗi: {error['message']}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    as_json = "--json" in argv
    try:
        args = parser(JsonErrorParser if as_json else argparse.ArgumentParser).parse_args(argv)
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return COMMANDS[args.command or "serve"](args, load_config())
    except HvkError as e:
        return _report(e.to_dict(), as_json, 2)
    except KeyboardInterrupt:
        return _report({"code": "interrupted", "message": "Đã dừng."}, as_json, 130)
    except Exception as e:
        if not as_json:
            raise
        # A caller of --json parses stdout; even a crash must arrive as the one error shape.
        log.exception("ask failed")
        return _report({"code": "internal", "message": f"{type(e).__name__}: {e}"}, as_json, 1)


if __name__ == "__main__":
    sys.exit(main())
