"""The one base class of the errors a user can act on.

Each front end (the CLI, the app, the evaluation) catches HvkError and reports its
message, which says what went wrong and what to do, in Vietnamese; `code` names the kind
of error for programs, e.g. in the `{"ok": false, "error": {"code", "message"}}` that
`app.py ask --json` prints.
"""
from __future__ import annotations


class HvkError(Exception):
    code = "error"

    def to_dict(self) -> dict:
        return {"code": self.code, "message": str(self) or type(self).__name__}
