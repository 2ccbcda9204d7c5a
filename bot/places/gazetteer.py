"""County-level gazetteer: free-text place names to divisions and basic-court names.

Data: ``bot/data/divisions.tsv`` (GB/T 2260 codes, see ``bot/data/README.md``) and the word lists
beside it (``bot.places.names``).

Court naming convention (the form used on judgment headers):
  * district (区) of a prefecture-level city: province + city + district, e.g.
    ``海南省海口市琼山区人民法院``;
  * county, banner, county-level city, 林区/特区: province + name, e.g.
    ``浙江省义乌市人民法院``, ``海南省琼海市人民法院``;
  * municipality (直辖市): municipality + name, e.g. ``北京市朝阳区人民法院``;
  * cities without county-level divisions (东莞, 中山, 儋州, 嘉峪关), XPCC (兵团)
    cities and Sansha's island groups: ``""`` (``court_uncertain``), because the
    basic court depends on the town/street or follows the XPCC court system.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from bot.normalize import simplified
from bot.places.model import Division, Level, PlaceQuery
from bot.places.names import PlaceWords

MAX_NEAREST_KM = 80.0
# Longer input is almost never an address answer; capping keeps resolve() fast.
MAX_TEXT_CHARS = 200

_MAINLAND_LAT = (3.5, 54.0)
_MAINLAND_LON = (73.0, 135.5)
_EARTH_KM = 6371.0
# After a suffix-less name these characters mean a town, street or office
# ("中山路", "云龙镇", "公安局"), not the county itself.
_NOT_AFTER_STEM = frozenset("镇乡村街路巷弄道局所站")
_TYPO_SUFFIX = frozenset("区县市旗")
_SEP = "|"
# Levels that name one place at county level or below a region (a strong one stops typo correction).
_PLACE_LEVELS = frozenset(("county", "former", "area", "outside"))


class _Alias(NamedTuple):
    """One index entry: an entity reachable by a name.

    Entity keys nest by prefix: a county "460107" lies in the city "4601" and the province "46";
    an area "1306~雄安新区" lies in "13" and "1306"; a former division keeps its old code; an
    outside region is "@81" and contains nothing of the mainland.
    """

    entity: str
    level: Level
    weak: bool  # suffix-less stem such as "琼山"
    needs_context: bool  # only valid next to a compatible province/city


class _Segment(NamedTuple):
    """A matched span of the text with its surviving interpretations."""

    start: int
    end: int
    aliases: tuple[_Alias, ...]


def _normalize(text: str) -> str:
    """NFKC and simplified characters, drop whitespace, turn other punctuation/symbols into a separator."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", simplified(text[:MAX_TEXT_CHARS])):
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            out.append(ch)
        elif cat[0] != "Z" and ch not in "\t\r\n":
            out.append(_SEP)
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


class Gazetteer:
    """In-memory index of county-level divisions with free-text resolution."""

    def __init__(self, divisions: Iterable[Division], words: PlaceWords | None = None) -> None:
        """Build all lookup indexes."""
        self._words = words or PlaceWords.load()
        self._divisions: tuple[Division, ...] = tuple(sorted(divisions, key=lambda d: d.code))
        self._by_code: dict[str, Division] = {d.code: d for d in self._divisions}
        self._provinces: dict[str, str] = {}
        self._cities: dict[str, str] = {}
        for d in self._divisions:
            self._provinces.setdefault(d.code[:2], d.province)
            if d.city and not d.is_municipality and not d.no_county_level:
                self._cities.setdefault(d.code[:4], d.city)
        self._munis = frozenset(d.code[:2] for d in self._divisions if d.is_municipality)
        self._aliases: dict[str, list[_Alias]] = {}
        self._levels: dict[str, Level] = {}
        self._city_names: dict[str, set[str]] = {}
        self._typo: dict[str, set[str]] = {}
        self._regions: dict[str, str] = {}  # outside entity -> region name
        self._areas: dict[str, tuple[str, tuple[Division, ...]]] = {}  # area entity -> (full name, members)
        self._former: dict[str, tuple[str, str, tuple[Division, ...]]] = {}  # code -> (full name, year, successors)
        self._build_aliases()
        self._max_alias = max(len(k) for k in self._aliases)
        self._typo_lengths = sorted({len(k) for k in self._typo})
        self._by_prefix: dict[str, list[Division]] = {}
        for d in self._divisions:
            for prefix in {d.code[:2], d.code[:4], d.code}:
                self._by_prefix.setdefault(prefix, []).append(d)
        self._grid: dict[tuple[int, int], list[tuple[float, float, Division]]] = {}
        for d in self._divisions:
            if d.lat is not None and d.lon is not None:
                self._grid.setdefault((math.floor(d.lat), math.floor(d.lon)), []).append((d.lat, d.lon, d))

    def _add(self, text: str, entity: str, level: Level, weak: bool, needs_context: bool = False) -> None:
        """Register one alias, keeping the strongest form per entity."""
        self._levels[entity] = level
        new = _Alias(entity, level, weak, needs_context)
        # Both forms: opencc converts by phrase, so "乾縣" becomes "乾县" but "乾县" becomes "干县".
        for key in {text, simplified(text)}:
            bucket = self._aliases.setdefault(key, [])
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
        words = self._words
        for code, name in self._provinces.items():
            for alias in words.province_aliases(name):
                self._add(alias, code, "province", weak=alias != name)
                if code in self._munis:
                    self._add_city_name(alias, code)
        for code, name in self._cities.items():
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
                        self._typo.setdefault(key, set()).add(d.code)
            for alias in weak:
                self._add(alias, d.code, "county", weak=True, needs_context=alias in words.common_stems)
            if d.no_county_level:
                for alias in {d.name} | weak:
                    self._add_city_name(alias, d.code[:4])
        self._build_special()

    def _build_special(self) -> None:
        """Taiwan/Hong Kong/Macau names, new areas over several counties, and former division names."""
        for region in self._words.outside:
            entity = "@" + region.code
            self._regions[entity] = region.region
            for name in region.names:
                self._add(name, entity, "outside", weak=False)
        for area in self._words.areas:
            members = tuple(d for d in (self._by_code.get(c) for c in area.members) if d is not None)
            if not members:
                continue
            entity = f"{members[0].code[:4]}~{area.name}"
            self._areas[entity] = (area.province + area.name, members)
            strong, weak = self._words.division_aliases(area.name)
            for alias in strong | weak:
                self._add(alias, entity, "area", weak=alias in weak)
        for old in self._words.former:
            successors = tuple(d for d in (self._by_code.get(c) for c in old.successors) if d is not None)
            if old.code in self._by_code or not successors:
                continue
            self._former[old.code] = (old.full_name, old.year, successors)
            strong, weak = self._words.division_aliases(old.name)
            for alias in strong:
                self._add(alias, old.code, "former", weak=False)
            for alias in weak:
                self._add(alias, old.code, "former", weak=True, needs_context=alias in self._words.common_stems)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Load divisions.tsv (default: the copy shipped in bot/data)."""
        if path is None:
            text = resources.files("bot").joinpath("data", "divisions.tsv").read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return cls(_parse_tsv(text))

    @property
    def divisions(self) -> tuple[Division, ...]:
        """All divisions, sorted by code."""
        return self._divisions

    def by_code(self, code: str) -> Division | None:
        """Division with this 6-digit code, if any."""
        return self._by_code.get(code.strip())

    def city_name(self, code: str) -> str:
        """Full name of a prefecture-level city by its 4-digit code ("4601" -> "海南省海口市"), or ""."""
        city = self._cities.get(code)
        return "" if city is None else self._provinces[code[:2]] + city

    def in_city(self, city_or_code: str) -> tuple[Division, ...]:
        """Divisions inside a city or municipality given by name ("海口", "北京市") or code."""
        key = _normalize(city_or_code).replace(_SEP, "")
        if key.isdigit():
            prefix = key
            while len(prefix) > 2 and prefix.endswith("00"):
                prefix = prefix[:-2]
            prefixes = [prefix] if len(prefix) >= 4 or prefix in self._munis else []
        else:
            prefixes = sorted(self._city_names.get(key, ()))
        return tuple(d for p in prefixes for d in self._by_prefix.get(p, ()))

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

    def resolve(self, text: str) -> PlaceQuery:
        """Interpret free text ("住在昆明五华区", "海口琼山", "朝阳区") as a division."""
        norm = _normalize(text)
        segments = self._segments(norm)
        typo = self._typo_match(norm, segments)
        if typo is not None:
            code, start, end = typo
            segments = [s for s in segments if not (start <= s.start and s.end <= end)]
            segments.append(_Segment(start, end, (_Alias(code, "county", weak=False, needs_context=False),)))
        scores = self._score(segments)
        if not scores:
            return PlaceQuery("not_found", (), "")
        top = max(scores.values())
        best = sorted(e for e, s in scores.items() if s == top)
        by_level: dict[Level, list[str]] = {}
        for entity in best:
            by_level.setdefault(self._levels[entity], []).append(entity)
        places = by_level.get("county", []) + by_level.get("former", [])
        if "outside" in by_level:
            region = self._regions[by_level["outside"][0]]
            return PlaceQuery("outside", self._current(places), region)
        if "area" in by_level:
            name, members = self._areas[by_level["area"][0]]
            return PlaceQuery("spans", members, name)
        if places:
            return self._division_result(by_level.get("county", []), by_level.get("former", []),
                                         by_level.get("city", []))
        cities = by_level.get("city", [])
        if cities:
            matches = tuple(d for c in cities for d in self.in_city(c))
            return PlaceQuery("too_broad", matches, "、".join(self._cities[c] for c in cities))
        provinces = by_level.get("province", [])
        matches = tuple(d for p in provinces if p in self._munis for d in self._by_prefix[p])
        return PlaceQuery("too_broad", matches, "、".join(self._provinces[p] for p in provinces))

    def _current(self, entities: list[str]) -> tuple[Division, ...]:
        """Current divisions for county and former entities, former ones replaced by their successors."""
        out: list[Division] = []
        for entity in entities:
            found = self._former[entity][2] if entity in self._former else (self._by_code[entity],)
            out.extend(d for d in found if d not in out)
        return tuple(out)

    def _segments(self, norm: str) -> list[_Segment]:
        """Best non-overlapping alias spans (max characters covered, then fewest spans)."""
        n = len(norm)
        hits: list[list[_Segment]] = [[] for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, min(n, i + self._max_alias) + 1):
                found = self._aliases.get(norm[i:j])
                if found:
                    kept = self._filter_hit(found, norm[j] if j < n else "")
                    if kept:
                        hits[i].append(_Segment(i, j, kept))
        # best[i] = (covered chars, -segments, chosen segments) for norm[i:]
        best: list[tuple[int, int, tuple[_Segment, ...]]] = [(0, 0, ())] * (n + 1)
        for i in range(n - 1, -1, -1):
            cand = best[i + 1]
            for seg in hits[i]:
                cov, neg, chain = best[seg.end]
                option = (cov + seg.end - seg.start, neg - 1, (seg, *chain))
                # ">=": on a tie the leftmost, then longest, span wins ("五台山" -> 五台).
                if option[:2] >= cand[:2]:
                    cand = option
            best[i] = cand
        return list(best[0][2])

    @staticmethod
    def _filter_hit(found: list[_Alias], following: str) -> tuple[_Alias, ...]:
        """Drop readings that the surrounding text or a bigger unit rules out."""
        kept = [a for a in found if not (a.weak and following in _NOT_AFTER_STEM)]
        # A province's name always means the province ("海南", "吉林").
        if any(a.level == "province" for a in kept):
            return tuple(a for a in kept if a.level == "province")
        # "长沙" is the city, not 长沙县 inside it.
        cities = [a.entity for a in kept if a.level == "city"]
        return tuple(
            a for a in kept if not (a.weak and a.level == "county" and any(a.entity.startswith(c) for c in cities))
        )

    @staticmethod
    def _score(segments: list[_Segment]) -> dict[str, int]:
        """For each candidate entity, how many segments it is consistent with."""
        scores: dict[str, int] = {}
        for seg in segments:
            for alias in seg.aliases:
                entity = alias.entity
                if entity in scores:
                    continue
                support = sum(any(entity.startswith(a.entity) for a in s.aliases) for s in segments)
                if alias.needs_context and support < 2:
                    continue
                scores[entity] = support
        return scores

    def _division_result(self, counties: list[str], former: list[str], cities: list[str]) -> PlaceQuery:
        """found/ambiguous/former for the top-scoring divisions."""
        alt_cities = [c for c in cities if not any(d.startswith(c) for d in counties + former)]
        matches = self._current(counties + former)
        others = tuple((c, self.city_name(c)) for c in alt_cities)
        scope = "、".join(name for _, name in others)
        if len(matches) == 1 and not others:
            note = "".join(f"{self._former[f][0]}{self._former[f][1]}年调整过，现在是{matches[0].full_name}。"
                           for f in former)
            return PlaceQuery("found", matches, "", note=note)
        if former and not counties and not others:
            name, year, _ = self._former[former[0]]
            return PlaceQuery("former", matches, name, note=f"{name}{year}年已经撤销，现在分属几个区县。")
        return PlaceQuery("ambiguous", matches, scope, others)

    def _typo_match(self, norm: str, segments: list[_Segment]) -> tuple[str, int, int] | None:
        """(code, start, end) of the unique division one wrong character away, if any."""
        # Only when no full place name matched. The wrong character must lie
        # outside every exact match: "鄂托克钱旗" -> 鄂托克前旗, but "琼山县" must
        # not become 琼中县.
        if any(not a.weak and a.level in _PLACE_LEVELS for s in segments for a in s.aliases):
            return None
        covered = [-1] * len(norm)  # index of the segment covering each char
        for idx, seg in enumerate(segments):
            for k in range(seg.start, seg.end):
                covered[k] = idx
        context = [s for s in segments if any(a.level in ("province", "city") for a in s.aliases)]
        found: dict[str, tuple[int, int, int]] = {}
        for size in self._typo_lengths:
            for i in range(len(norm) - size + 1):
                chunk = norm[i : i + size]
                if (_SEP in chunk or chunk in self._words.typo_stopwords
                        or not self._swallowable(segments, covered, i, size)):
                    continue
                for pos in range(size):
                    if covered[i + pos] >= 0:
                        continue
                    for code in self._typo.get(chunk[:pos] + "?" + chunk[pos + 1 :], ()):
                        support = 1 + sum(any(code.startswith(a.entity) for a in s.aliases) for s in context)
                        if support > found.get(code, (0, 0, 0))[0]:
                            found[code] = (support, i, i + size)
        if not found:
            return None
        best = max(v[0] for v in found.values())
        winners = [c for c, v in found.items() if v[0] == best]
        if len(winners) != 1 or (context and best < 2):
            return None
        _support, start, end = found[winners[0]]
        return winners[0], start, end

    @staticmethod
    def _swallowable(segments: list[_Segment], covered: list[int], i: int, size: int) -> bool:
        """True if every segment touching norm[i:i+size] is a weak county stem inside it."""
        for idx in set(covered[i : i + size]) - {-1}:
            seg = segments[idx]
            if seg.start < i or seg.end > i + size:
                return False
            if any(not a.weak or a.level != "county" for a in seg.aliases):
                return False
        return True


def _parse_tsv(text: str) -> list[Division]:
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
