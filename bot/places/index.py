"""The place index: every name a division, city, province or special place can be written with."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import NamedTuple, Self

from bot.normalize import simplified
from bot.places.model import Division, Level
from bot.places.names import PlaceWords

MAX_NEAREST_KM = 80.0
# Longer input is almost never an address answer; capping keeps resolve() fast.
MAX_TEXT_CHARS = 200

_MAINLAND_LAT = (3.5, 54.0)
_MAINLAND_LON = (73.0, 135.5)
_EARTH_KM = 6371.0
_TYPO_SUFFIX = frozenset("区县市旗")
SEP = "|"


class Alias(NamedTuple):
    """One index entry: an entity reachable by a name.

    Entity keys nest by prefix: a county "460107" lies in the city "4601" and the province "46";
    an area "1306~雄安新区" lies in "13" and "1306"; a former division keeps its old code; an
    outside region is "@81" and contains nothing of the mainland.
    """

    entity: str
    level: Level
    weak: bool  # suffix-less stem such as "琼山"
    needs_context: bool  # only valid next to a compatible province/city


def normalize_place(text: str) -> str:
    """Half-width simplified characters, no whitespace, other punctuation/symbols become a separator."""
    out: list[str] = []
    for ch in simplified(text[:MAX_TEXT_CHARS]):
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            out.append(ch)
        elif cat[0] != "Z" and ch not in "\t\r\n":
            out.append(SEP)
    return "".join(out)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _typo_keys(name: str) -> list[str]:
    """Wildcard keys for one wrong character, never in the final suffix character."""
    last = len(name) - 1 if name[-1] in _TYPO_SUFFIX else len(name)
    return [name[:i] + "?" + name[i + 1 :] for i in range(last)]


class PlaceIndex:
    """In-memory index of county-level divisions: names, codes, cities, seats, special places."""

    def __init__(self, divisions: Iterable[Division], words: PlaceWords | None = None) -> None:
        """Build all lookup indexes."""
        self.words = words or PlaceWords.load()
        self._divisions: tuple[Division, ...] = tuple(sorted(divisions, key=lambda d: d.code))
        self.codes: dict[str, Division] = {d.code: d for d in self._divisions}
        self.provinces: dict[str, str] = {}
        self.cities: dict[str, str] = {}
        for d in self._divisions:
            self.provinces.setdefault(d.code[:2], d.province)
            if d.city and not d.is_municipality and not d.no_county_level:
                self.cities.setdefault(d.code[:4], d.city)
        self.munis = frozenset(d.code[:2] for d in self._divisions if d.is_municipality)
        self.aliases: dict[str, list[Alias]] = {}
        self.levels: dict[str, Level] = {}
        self._city_names: dict[str, set[str]] = {}
        self.typo: dict[str, set[str]] = {}
        self.regions: dict[str, str] = {}  # outside entity -> region name
        self.areas: dict[str, tuple[str, tuple[Division, ...]]] = {}  # area entity -> (full name, members)
        self.former: dict[str, tuple[str, str, tuple[Division, ...]]] = {}  # code -> (full name, year, successors)
        self._build_aliases()
        self.max_alias = max(len(k) for k in self.aliases)
        self.typo_lengths = sorted({len(k) for k in self.typo})
        self.typo_chars = frozenset(ch for key in self.typo for ch in key if ch != "?")   # in some place name
        self.by_prefix: dict[str, list[Division]] = {}
        for d in self._divisions:
            for prefix in {d.code[:2], d.code[:4], d.code}:
                self.by_prefix.setdefault(prefix, []).append(d)
        self._grid: dict[tuple[int, int], list[tuple[float, float, Division]]] = {}
        for d in self._divisions:
            if d.lat is not None and d.lon is not None:
                self._grid.setdefault((math.floor(d.lat), math.floor(d.lon)), []).append((d.lat, d.lon, d))

    def _add(self, text: str, entity: str, level: Level, weak: bool, needs_context: bool = False) -> None:
        """Register one alias, keeping the strongest form per entity."""
        self.levels[entity] = level
        new = Alias(entity, level, weak, needs_context)
        # Both forms: opencc converts by phrase, so "乾縣" becomes "乾县" but "乾县" becomes "干县".
        for key in {text, simplified(text)}:
            bucket = self.aliases.setdefault(key, [])
            for i, old in enumerate(bucket):
                if old.entity == entity:
                    if (old.weak, old.needs_context) > (new.weak, new.needs_context):
                        bucket[i] = new
                    break
            else:
                bucket.append(new)

    def _add_city_name(self, name: str, prefix: str) -> None:
        for key in {name, simplified(name)}:
            self._city_names.setdefault(key, set()).add(prefix)

    def _build_aliases(self) -> None:
        """Index province, city and division names with their short forms, then the special places."""
        words = self.words
        for code, name in self.provinces.items():
            for alias in words.province_aliases(name):
                self._add(alias, code, "province", weak=alias != name)
                if code in self.munis:
                    self._add_city_name(alias, code)
        for code, name in self.cities.items():
            strong, weak = words.city_aliases(name)
            for alias in strong | weak:
                self._add(alias, code, "city", weak=alias in weak)
                self._add_city_name(alias, code)
        for d in self._divisions:
            strong, weak = words.division_aliases(d.name)
            generic = d.name in words.generic_names
            for alias in strong:
                self._add(alias, d.code, "county", weak=False, needs_context=generic)
                if len(alias) >= 3:
                    for key in {*_typo_keys(alias), *_typo_keys(simplified(alias))}:
                        self.typo.setdefault(key, set()).add(d.code)
            for alias in weak:
                self._add(alias, d.code, "county", weak=True, needs_context=alias in words.common_stems)
            if d.no_county_level:
                for alias in {d.name} | weak:
                    self._add_city_name(alias, d.code[:4])
        self._build_special()

    def _build_special(self) -> None:
        """Taiwan/Hong Kong/Macau names, new areas over several counties, and former division names."""
        for region in self.words.outside:
            entity = "@" + region.code
            self.regions[entity] = region.region
            for name in region.names:
                self._add(name, entity, "outside", weak=False)
        for area in self.words.areas:
            members = tuple(d for d in (self.codes.get(c) for c in area.members) if d is not None)
            if not members:
                continue
            entity = f"{members[0].code[:4]}~{area.name}"
            self.areas[entity] = (area.province + area.name, members)
            strong, weak = self.words.division_aliases(area.name)
            for alias in strong | weak:
                self._add(alias, entity, "area", weak=alias in weak)
        for old in self.words.former:
            successors = tuple(d for d in (self.codes.get(c) for c in old.successors) if d is not None)
            if old.code in self.codes or not successors:
                continue
            self.former[old.code] = (old.full_name, old.year, successors)
            strong, weak = self.words.division_aliases(old.name)
            for alias in strong:
                self._add(alias, old.code, "former", weak=False)
            for alias in weak:
                self._add(alias, old.code, "former", weak=True, needs_context=alias in self.words.common_stems)

    @classmethod
    def load(cls, path: Path | None = None) -> Self:
        """Load divisions.tsv (default: the copy shipped in bot/data)."""
        if path is None:
            text = resources.files("bot").joinpath("data", "divisions.tsv").read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return cls(parse_tsv(text))

    @property
    def divisions(self) -> tuple[Division, ...]:
        """All divisions, sorted by code."""
        return self._divisions

    def by_code(self, code: str) -> Division | None:
        """Division with this 6-digit code, if any."""
        return self.codes.get(code.strip())

    def city_name(self, code: str) -> str:
        """Full name of a prefecture-level city by its 4-digit code ("4601" -> "海南省海口市"), or ""."""
        city = self.cities.get(code)
        return "" if city is None else self.provinces[code[:2]] + city

    def in_city(self, city_or_code: str) -> tuple[Division, ...]:
        """Divisions inside a city or municipality given by name ("海口", "北京市") or code."""
        key = normalize_place(city_or_code).replace(SEP, "")
        if key.isdigit():
            prefix = key
            while len(prefix) > 2 and prefix.endswith("00"):
                prefix = prefix[:-2]
            prefixes = [prefix] if len(prefix) >= 4 or prefix in self.munis else []
        else:
            prefixes = sorted(self._city_names.get(key, ()))
        return tuple(d for p in prefixes for d in self.by_prefix.get(p, ()))

    def nearest(self, lat: float, lon: float, max_km: float = MAX_NEAREST_KM) -> Division | None:
        """Division whose seat is nearest to (lat, lon); None outside China or beyond max_km."""
        if not (_MAINLAND_LAT[0] <= lat <= _MAINLAND_LAT[1] and _MAINLAND_LON[0] <= lon <= _MAINLAND_LON[1]):
            return None
        dlat = math.ceil(max_km / 111.0)
        dlon = math.ceil(max_km / (111.0 * max(0.2, math.cos(math.radians(min(abs(lat) + dlat, 89.0))))))
        best: tuple[float, Division] | None = None
        cy, cx = math.floor(lat), math.floor(lon)
        for y in range(cy - dlat, cy + dlat + 1):
            for x in range(cx - dlon, cx + dlon + 1):
                for seat_lat, seat_lon, d in self._grid.get((y, x), ()):
                    km = _haversine_km(lat, lon, seat_lat, seat_lon)
                    if km <= max_km and (best is None or km < best[0]):
                        best = (km, d)
        return None if best is None else best[1]

    def current(self, entities: list[str]) -> tuple[Division, ...]:
        """Current divisions for county and former entities, former ones replaced by their successors."""
        out: list[Division] = []
        for entity in entities:
            found = self.former[entity][2] if entity in self.former else (self.codes[entity],)
            out.extend(d for d in found if d not in out)
        return tuple(out)


def parse_tsv(text: str) -> list[Division]:
    """Parse divisions.tsv rows (comment lines start with '#')."""
    out: list[Division] = []
    header: list[str] | None = None
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        row = dict(zip(header, cols, strict=False))
        flags = set(filter(None, row.get("flags", "").split(",")))
        out.append(
            Division(
                code=row["code"],
                province=row["province"],
                city=row["city"],
                name=row["name"],
                lat=float(row["lat"]) if row.get("lat") else None,
                lon=float(row["lon"]) if row.get("lon") else None,
                no_county_level="nocounty" in flags,
                province_direct="pdc" in flags,
                court_uncertain=bool(flags & {"nocounty", "bingtuan", "sansha"}),
                recent="recent" in flags,
            )
        )
    return out
