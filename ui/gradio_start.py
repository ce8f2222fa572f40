"""Gradio's start without two pieces of work this app never needs.

- At import, gradio defines each component class through a metaclass that reads the class's
  source, parses it and rewrites the .pyi stub beside it (gradio.component_meta's
  create_or_modify_pyi): half of gradio's import, about 1.1 s of a cold start on this machine,
  for stubs that only an editor reads and that the installed package ships already. The stubs
  are left as installed.
- Around every event, gradio asks matplotlib for its backend; with none named, matplotlib
  imports pyplot to choose one, 0.5 s that the first answer waited for. Agg is named: charts
  are only ever drawn to SVG (ui.timeline).
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys

MODULE = "gradio.component_meta"
REWRITE = "create_or_modify_pyi"


def _keep_stubs(*_args, **_kwargs) -> None:
    """Stands in for gradio's stub rewrite."""


class _KeepStubs(importlib.abc.MetaPathFinder):
    """Replaces the rewrite as soon as its module is loaded, before any component class is defined."""

    def find_spec(self, name, path, target=None):
        if name != MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            if hasattr(module, REWRITE):
                setattr(module, REWRITE, _keep_stubs)

        spec.loader.exec_module = exec_module
        return spec


def install() -> None:
    """Before gradio and matplotlib are imported; later, it changes nothing they have done already."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    if MODULE not in sys.modules and not any(isinstance(f, _KeepStubs) for f in sys.meta_path):
        sys.meta_path.insert(0, _KeepStubs())
