"""A coverage timeline as bar geometry for a small inline SVG (no charting library).

Articles are counted per hour when the story spans under two days, else per day, so a story
of one afternoon does not collapse into one bar and a story of a month stays readable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

HOURLY_SPAN = timedelta(days=2)
# More buckets than this are merged (each bar several days wide) to keep bars visible.
MAX_BARS = 60
CHART_WIDTH = 640
CHART_HEIGHT = 120
LABEL_ROOM = 18  # pixels under the bars for the first and last labels


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


@dataclass(slots=True)
class Timeline:
    bars: list[Bar] = field(default_factory=list)
    unit: str = "day"
    undated: int = 0
    first_label: str = ""
    last_label: str = ""
    peak: int = 0
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT + LABEL_ROOM
    baseline: int = CHART_HEIGHT


def parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def timeline(published: Iterable[str | None]) -> Timeline:
    times: list[datetime] = []
    undated = 0
    for value in published:
        when = parse_when(value)
        if when is None:
            undated += 1
        else:
            times.append(when.astimezone(UTC))
    if not times:
        return Timeline(undated=undated)
    hourly = max(times) - min(times) < HOURLY_SPAN
    step = timedelta(hours=1) if hourly else timedelta(days=1)
    first = _floor(min(times), hourly)
    n_buckets = int((_floor(max(times), hourly) - first) / step) + 1
    merge = max(1, -(-n_buckets // MAX_BARS))  # ceil: buckets per bar
    counts = Counter(int((_floor(t, hourly) - first) / step) // merge for t in times)
    n_bars = -(-n_buckets // merge)
    peak = max(counts.values())
    slot = CHART_WIDTH / n_bars
    fmt = "%d %b %H:00" if hourly else "%d %b %Y"
    bars = []
    for i in range(n_bars):
        count = counts.get(i, 0)
        height = (CHART_HEIGHT - 4) * count / peak
        start = first + step * merge * i
        label = start.strftime(fmt)
        if merge > 1:
            label += " – " + (start + step * (merge - 1)).strftime(fmt)
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.1, 2),
                y=round(CHART_HEIGHT - height, 2),
                width=round(max(slot * 0.8, 1.0), 2),
                height=round(height, 2),
                count=count,
                label=label,
            )
        )
    return Timeline(
        bars=bars,
        unit="hour" if hourly else "day",
        undated=undated,
        first_label=bars[0].label,
        last_label=bars[-1].label,
        peak=peak,
    )


def _floor(t: datetime, hourly: bool) -> datetime:
    if hourly:
        return t.replace(minute=0, second=0, microsecond=0)
    return t.replace(hour=0, minute=0, second=0, microsecond=0)
