"""python -m tests.guarded MODULE [ARGS…]: run a module as `python -m MODULE ARGS…` under the
network guard, then print the refused lookups and connections as one JSON line on stderr.

Used by tests/test_offline.py to show that an entry point makes no network lookup on its
own: the guard is installed before the module runs, and nothing here sets the offline
variables, so only the module's own imports can have done it.
"""
from __future__ import annotations

import json
import runpy
import sys

from tests.netguard import NetworkGuard

MARKER = "network guard refused: "


def main() -> int:
    guard = NetworkGuard()
    guard.install()
    module, sys.argv = sys.argv[1], sys.argv[1:]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        guard.uninstall()
        sys.stderr.write(MARKER + json.dumps(guard.blocked) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
