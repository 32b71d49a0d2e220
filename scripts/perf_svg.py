"""A small hand-written SVG bar chart: a title, a legend, panels of bars, notes.

No plotting library: the output depends only on the figures given, so a test
can draw it again and compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

__all__ = ["Group", "Series", "Svg"]

WIDTH = 720
LABEL_W = 175
VALUE_W = 130
BAR_H = 16
BAR_GAP = 3
GROUP_GAP = 12
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

Series = tuple[str, str]
Group = tuple[str, Sequence[tuple[Series, float]]]


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}"


class Svg:
    """An SVG drawn top to bottom; ``y`` is where the next element goes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.y = 0

    def text(self, x: float, y: float, body: str, **attrs: str) -> None:
        extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
        self.parts.append(f'<text x="{x:.0f}" y="{y:.0f}"{extra}>{escape(body)}</text>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.0f}" width="{max(w, 1.0):.1f}" '
            f'height="{h:.0f}" fill="{fill}" rx="2"/>'
        )

    def title(self, body: str) -> None:
        self.y += 24
        self.text(12, self.y, body, font_size="16", font_weight="600")
        self.y += 6

    def legend(self, series: Sequence[Series]) -> None:
        self.y += 10
        x = 12.0
        for name, colour in series:
            width = 30 + 7.2 * len(name)
            if x > 12 and x + width > WIDTH:  # wrap onto a new line
                x = 12.0
                self.y += 18
            self.rect(x, self.y, 12, 12, colour)
            self.text(x + 18, self.y + 11, name, font_size="12")
            x += width
        self.y += 16

    def panel(
        self,
        heading: str,
        unit: str,
        groups: Sequence[Group],
        *,
        relative: bool = True,
    ) -> None:
        """One panel: a heading, then a bar per (series, value) of each group.

        With ``relative``, the first bar of a group is the baseline and the
        others show their ratio to it.
        """
        self.y += 22
        self.text(12, self.y, heading, font_size="13", font_weight="600")
        self.text(WIDTH - 12, self.y, unit, font_size="12", text_anchor="end")
        self.y += 8
        top = max(value for _, bars in groups for _, value in bars)
        span = WIDTH - LABEL_W - VALUE_W - 24
        for label, bars in groups:
            block = len(bars) * (BAR_H + BAR_GAP) - BAR_GAP
            self.text(
                LABEL_W,
                self.y + block / 2 + 4,
                label,
                font_size="12",
                text_anchor="end",
            )
            base = bars[0][1]
            for i, ((_, colour), value) in enumerate(bars):
                width = span * value / top
                self.rect(LABEL_W + 8, self.y, width, BAR_H, colour)
                if not relative:
                    shown = f"{value:.2f}x"
                elif i:
                    shown = f"{_num(value)}  ({value / base:.2f}x)"
                else:
                    shown = _num(value)
                self.text(
                    LABEL_W + 14 + width,
                    self.y + BAR_H - 4,
                    shown,
                    font_size="11",
                )
                self.y += BAR_H + BAR_GAP
            self.y += GROUP_GAP - BAR_GAP

    def note(self, body: str) -> None:
        self.y += 18
        self.text(12, self.y, body, font_size="11", fill="#616161")

    def render(self, label: str) -> str:
        height = self.y + 14
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{escape(label)}" font-family="{FONT}" fill="#212121">'
        )
        background = f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        return "\n".join([head, background, *self.parts, "</svg>"]) + "\n"
