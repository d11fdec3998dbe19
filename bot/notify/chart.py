"""Charts as PNG pictures: the digest's (clicks, conversions and revenue per day or hour) and
a report's trend (one metric over its period)."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

WIDTH, HEIGHT, DPI = 800, 600, 100
SERIES = (("clicks", "Clicks", "#3b82f6"), ("conversions", "Conversions", "#10b981"),
          ("revenue", "Revenue", "#f59e0b"))
TREND_UP, TREND_DOWN = "#10b981", "#ef4444"


@dataclass
class Chart:
    """A rendered chart and the data behind it (so what it shows can be checked)."""

    png: bytes
    labels: list[str]
    series: dict[str, list[float]] = field(default_factory=dict)
    title: str = ""

    @property
    def size(self) -> tuple[int, int]:
        return png_size(self.png)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk; raises ValueError if it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def render_chart(labels: list[str], series: dict[str, list[float]], title: str) -> Chart:
    """Three stacked panels sharing the time axis; 800×600 px."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    axes = figure.subplots(len(SERIES), 1, sharex=True)
    positions = list(range(len(labels)))
    for ax, (key, name, color) in zip(axes, SERIES, strict=True):
        values = series.get(key, [0.0] * len(labels))
        if key == "revenue":
            ax.plot(positions, values, color=color, marker="o", linewidth=2)
            ax.fill_between(positions, values, color=color, alpha=0.15)
        else:
            ax.bar(positions, values, color=color)
        ax.set_ylabel(name)
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
    step = max(1, len(labels) // 10)
    axes[-1].set_xticks(positions[::step])
    axes[-1].set_xticklabels(labels[::step], rotation=0, fontsize=8)
    figure.suptitle(title, fontsize=11)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return Chart(png=buffer.getvalue(), labels=labels, series=series, title=title)


def render_trend(labels: list[str], values: list[float], title: str, name: str) -> Chart:
    """One metric of a report over its period (a report's 📈): bars, red below zero, with
    the same size and axes as the digest's chart."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    ax = figure.subplots(1, 1)
    positions = list(range(len(labels)))
    colors = [TREND_DOWN if v < 0 else TREND_UP for v in values]
    ax.bar(positions, values, color=colors)
    ax.axhline(0, color="#9ca3af", linewidth=0.8)
    ax.set_ylabel(name)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    step = max(1, len(labels) // 12)
    ax.set_xticks(positions[::step])
    ax.set_xticklabels(labels[::step], rotation=0, fontsize=8)
    figure.suptitle(title, fontsize=11)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return Chart(png=buffer.getvalue(), labels=labels, series={name: values}, title=title)
