"""The figure check: every figure an answer states must stand in a quote it cites.

A figure is a number that states a value. Years (1950–2099) label periods; list marks,
denominators, document numbers and dates (ingest.patterns.mask_non_figures) are no figures.
"""
from __future__ import annotations

import re

from ingest.normalize import figure_numbers, numbers_in
from ingest.patterns import NUMBER_SPAN


def _key(number: str) -> str:
    # Tables write "35.000,00" where prose says "35.000": the same figure.
    return number.rstrip("0").rstrip(",") if "," in number else number


def figures_in(text: str) -> list[str]:
    """Canonical figures of a text: numbers that are neither years, list marks, dates nor names."""
    return [_key(n) for n in figure_numbers(text)]


def unverified_figures(answer: str, grounds: list[str]) -> list[str]:
    """Figures of the answer that none of the grounding texts contains."""
    known = {_key(n) for text in grounds for n in numbers_in(text)}
    return [n for n in figures_in(answer.replace("**", "")) if n not in known]


def highlight(text: str, figures: set[str]) -> str:
    """Bold the figures that answer, leaving years and item marks plain."""
    if not figures:
        return text

    def bold(m: re.Match) -> str:
        value = m.group(0)
        keys = figures_in(value)
        return f"**{value}**" if keys and keys[0] in figures else value

    return NUMBER_SPAN.sub(bold, text)


def common_noun(unit: str) -> str:
    """'Triệu USD' → 'triệu USD', 'Xã' → 'xã' after a figure; acronyms ('USD', 'ĐVT') keep their case."""
    return unit[0].lower() + unit[1:] if len(unit) > 1 and unit[1].islower() else unit
