"""The pictures of who endorsed, drawn by the site as SVG (no tiles, no scripts, no third-party requests): a map of
Catalonia with the endorsing municipalities, and a bar chart of endorsements per year. Pure functions of data, so
templates only place the numbers."""

from dataclasses import dataclass

# Bounding box of Catalonia and a simplified outline (lon, lat), enough to place the towns recognisably.
LON_MIN, LON_MAX = 0.1, 3.4
LAT_MIN, LAT_MAX = 40.45, 42.9
MAP_WIDTH = 400
# Equirectangular projection corrected by cos(41.5°) so that distances look right at this latitude.
MAP_HEIGHT = round(MAP_WIDTH * (LAT_MAX - LAT_MIN) / ((LON_MAX - LON_MIN) * 0.749))
OUTLINE = [
    (0.52, 40.52), (0.87, 40.68), (0.95, 41.03), (1.65, 41.2), (2.15, 41.3), (2.8, 41.65), (3.2, 41.9),
    (3.18, 42.25), (3.32, 42.32), (3.17, 42.43), (2.65, 42.35), (2.0, 42.43), (1.73, 42.5), (1.45, 42.6),
    (0.72, 42.86), (0.66, 42.68), (0.59, 42.4), (0.35, 41.95), (0.33, 41.6), (0.42, 41.4), (0.23, 40.95),
    (0.16, 40.72),
]  # fmt: skip


def project(lon, lat):
    x = (float(lon) - LON_MIN) / (LON_MAX - LON_MIN) * MAP_WIDTH
    y = (LAT_MAX - float(lat)) / (LAT_MAX - LAT_MIN) * MAP_HEIGHT
    return round(x, 1), round(y, 1)


OUTLINE_POINTS = " ".join(f"{x},{y}" for x, y in (project(lon, lat) for lon, lat in OUTLINE))


@dataclass(frozen=True)
class MapPoint:
    name: str
    x: float
    y: float


@dataclass(frozen=True)
class EndorsementMap:
    """What the map draws, as plain data: `{% written_once %}` writes it once for each set of points (a statement's
    forty-odd dots had been a sixth of its page's render)."""

    width: int
    height: int
    outline: str
    points: tuple


def map_data(municipalities):
    """Points for the municipalities that have coordinates; the others are still in the table."""
    points = tuple(
        MapPoint(m.name, *project(m.longitude, m.latitude))
        for m in municipalities
        if m.latitude is not None and m.longitude is not None
    )
    return EndorsementMap(MAP_WIDTH, MAP_HEIGHT, OUTLINE_POINTS, points)


@dataclass
class Bar:
    year: int
    count: int
    x: float
    y: float
    height: float


CHART_HEIGHT = 120
BAR_WIDTH = 36
BAR_GAP = 14


def chart_data(counts_by_year):
    """Bars for {year: count}, oldest first."""
    years = sorted(counts_by_year)
    top = max(counts_by_year.values(), default=0) or 1
    bars = []
    for position, year in enumerate(years):
        height = round(counts_by_year[year] / top * (CHART_HEIGHT - 20), 1)
        x = BAR_GAP + position * (BAR_WIDTH + BAR_GAP)
        bars.append(Bar(year, counts_by_year[year], x, CHART_HEIGHT - height, height))
    width = BAR_GAP + len(years) * (BAR_WIDTH + BAR_GAP)
    return {"width": max(width, 100), "height": CHART_HEIGHT, "bars": bars, "bar_width": BAR_WIDTH}


def badge_width(text):
    # A rough average glyph width for 13px sans-serif: the badge must not clip long municipality names.
    return 20 + round(len(text) * 7.2)
