"""County-level gazetteer: free-text place names to divisions and basic-court names.

Data: ``bot/data/divisions.tsv`` (GB/T 2260 codes, see ``bot/data/README.md``).

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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, NamedTuple

Status = Literal["found", "ambiguous", "too_broad", "not_found"]

MAX_NEAREST_KM = 80.0
# Longer input is almost never an address answer; capping keeps resolve() fast.
MAX_TEXT_CHARS = 200

_MAINLAND_LAT = (3.5, 54.0)
_MAINLAND_LON = (73.0, 135.5)
_EARTH_KM = 6371.0

_ETHNIC = (
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
)
_ETHNIC_BY_LEN = sorted(_ETHNIC, key=len, reverse=True)
_DIVISION_SUFFIXES = ("林区", "特区", "新区", "区", "县", "市", "旗")
_CITY_SUFFIXES = ("地区", "市", "盟")
# After a suffix-less name these characters mean a town, street or office
# ("中山路", "云龙镇", "公安局"), not the county itself.
_NOT_AFTER_STEM = frozenset("镇乡村街路巷弄道局所站")
# Everyday words that are also suffix-less division names; they only count
# when the text also names a compatible province or city.
_COMMON_STEMS = frozenset(
    (
        "公安",
        "合作",
        "通道",
        "大方",
        "东方",
        "南部",
        "中方",
        "平安",
        "和平",
        "光明",
        "解放",
        "前进",
        "东风",
        "向阳",
        "新华",
        "城关",
        "城中",
        "城东",
        "城西",
        "城北",
        "城南",
        "城厢",
        "市中",
        "市南",
        "市北",
        "河东",
        "河西",
        "江北",
        "江南",
        "新城",
        "老城",
        "铁东",
        "铁西",
        "桥东",
        "桥西",
        "工农",
        "红旗",
        "友谊",
        "新兴",
        "吉利",
        "资源",
        "洞口",
        "石门",
        "兴业",
        "乐业",
        "港口",
        "平原",
        "大化",
        "安居",
        "安定",
        "延长",
        "道里",
        "道外",
        "平房",
        "方正",
        "富裕",
        "梨树",
        "龙凤",
        "爱民",
        "七星",
        "中原",
        "宝塔",
        "海港",
        "山城",
        "长寿",
        "永安",
        "白云",
        "青山",
        "红山",
        "开发",
        "高新",
        "太平",
    )
)
# Full division names that are also generic words ("城区" = downtown).
_GENERIC_NAMES = frozenset(
    (
        "城区",
        "郊区",
        "矿区",
        "东区",
        "西区",
        "新城区",
        "老城区",
    )
)
# Words a one-character typo must never be "corrected" from.
_TYPO_STOPWORDS = frozenset(
    (
        "开发区",
        "高新区",
        "经开区",
        "工业区",
        "保税区",
        "风景区",
        "自贸区",
        "示范区",
        "试验区",
        "度假区",
        "旅游区",
        "住宅区",
        "居住区",
        "商业区",
        "生活区",
        "家属区",
        "市区",
        "城区",
        "郊区",
        "县城",
        "县里",
        "市里",
        "本市",
        "本县",
        "本区",
    )
)
_TYPO_SUFFIX = frozenset("区县市旗")
_SEP = "|"


@dataclass(frozen=True)
class Division:
    """One county-level division (or a prefecture-level city without any)."""

    code: str
    province: str
    city: str  # "" for 省直辖县级行政区划; the municipality itself for 直辖市
    name: str
    lat: float | None
    lon: float | None
    no_county_level: bool = False  # 东莞/中山/儋州/嘉峪关: the entry is the city itself
    province_direct: bool = False  # 省直辖县级行政区划 (济源, 琼海, 仙桃, 石河子 ...)
    court_uncertain: bool = False  # court_name cannot be derived from the division alone

    @property
    def is_municipality(self) -> bool:
        """True for divisions of 北京/天津/上海/重庆."""
        return self.city == self.province

    @property
    def full_name(self) -> str:
        """Province + city + name without duplication, e.g. "海南省海口市琼山区"."""
        if self.no_county_level or not self.city or self.is_municipality:
            return self.province + self.name
        return self.province + self.city + self.name

    @property
    def court_name(self) -> str:
        """Basic people's court name, or "" when it depends on more than the division."""
        if self.court_uncertain:
            return ""
        if self.is_municipality:
            return f"{self.province}{self.name}人民法院"
        if self.city and self.name.endswith("区") and not self.name.endswith(("林区", "特区")):
            return f"{self.province}{self.city}{self.name}人民法院"
        return f"{self.province}{self.name}人民法院"


@dataclass(frozen=True)
class PlaceQuery:
    """Outcome of resolving free text to a county-level division."""

    status: Status
    # found: 1; ambiguous: candidates; too_broad: divisions inside the named
    # city/municipality (empty for a province); not_found: empty.
    matches: tuple[Division, ...]
    # too_broad: what was understood ("海口市", "海南省"); ambiguous: a city the
    # text may also mean as a whole ("陕西省西安市") or ""; otherwise "".
    scope: str


class _Alias(NamedTuple):
    """One index entry: an entity id (2/4/6-digit code prefix) reachable by a name."""

    entity: str
    weak: bool  # suffix-less stem such as "琼山"
    needs_context: bool  # only valid next to a compatible province/city


class _Segment(NamedTuple):
    """A matched span of the text with its surviving interpretations."""

    start: int
    end: int
    aliases: tuple[_Alias, ...]


def _normalize(text: str) -> str:
    """NFKC, drop whitespace, turn other punctuation/symbols into a separator."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", text[:MAX_TEXT_CHARS]):
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            out.append(ch)
        elif cat[0] != "Z" and ch not in "\t\r\n":
            out.append(_SEP)
    return "".join(out)


def _strip_ethnic(base: str) -> str:
    """Remove trailing ethnic-group names: "双江拉祜族佤族布朗族傣族" -> "双江"."""
    changed = True
    while changed:
        changed = False
        for eth in _ETHNIC_BY_LEN:
            for tail in (eth + "族", eth) if len(eth) > 1 else (eth + "族",):
                if base.endswith(tail) and len(base) - len(tail) >= 2:
                    base = base[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    # "东乡族自治县" -> "东乡": the whole base was one ethnic name.
    if base.endswith("族") and len(base) >= 3:
        base = base[:-1]
    return base


def _province_aliases(name: str) -> set[str]:
    """Full and short names of a province-level division."""
    out = {name}
    for suffix in ("自治区", "省", "市"):
        if name.endswith(suffix):
            out.add(_strip_ethnic(name[: -len(suffix)]))
            break
    if name.startswith("内蒙古"):
        out.add("内蒙")
    return out


def _city_aliases(name: str) -> tuple[set[str], set[str]]:
    """(strong, weak) aliases of a prefecture-level city."""
    strong, weak = {name}, set()
    if name.endswith("自治州"):
        stem = _strip_ethnic(name[:-3])
        strong.add(stem + "州")
        weak.add(stem)
    else:
        for suffix in _CITY_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                weak.add(name[: -len(suffix)])
                break
    return strong, weak - strong


def _division_aliases(name: str) -> tuple[set[str], set[str]]:
    """(strong, weak) aliases of a county-level division."""
    strong, weak = {name}, set()
    for auto in ("自治县", "自治旗"):
        if name.endswith(auto):
            stem = _strip_ethnic(name[:-3])
            strong.add(stem + auto[-1])
            weak.add(stem)
            return strong, weak - strong
    for suffix in _DIVISION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            weak.add(stem)
            if suffix == "新区":
                strong.add(stem + "区")
            break
    return strong, weak - strong


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

    def __init__(self, divisions: Iterable[Division]) -> None:
        """Build all lookup indexes."""
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
        self._city_names: dict[str, set[str]] = {}
        self._typo: dict[str, set[str]] = {}
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

    def _add(self, text: str, entity: str, weak: bool, needs_context: bool = False) -> None:
        """Register one alias, keeping the strongest form per entity."""
        bucket = self._aliases.setdefault(text, [])
        new = _Alias(entity, weak, needs_context)
        for i, old in enumerate(bucket):
            if old.entity == entity:
                if (old.weak, old.needs_context) > (new.weak, new.needs_context):
                    bucket[i] = new
                return
        bucket.append(new)

    def _build_aliases(self) -> None:
        """Index province, city and division names with their short forms."""
        for code, name in self._provinces.items():
            for alias in _province_aliases(name):
                self._add(alias, code, weak=alias != name)
                if code in self._munis:
                    self._city_names.setdefault(alias, set()).add(code)
        for code, name in self._cities.items():
            strong, weak = _city_aliases(name)
            for alias in strong:
                self._add(alias, code, weak=False)
                self._city_names.setdefault(alias, set()).add(code)
            for alias in weak:
                self._add(alias, code, weak=True)
                self._city_names.setdefault(alias, set()).add(code)
        for d in self._divisions:
            strong, weak = _division_aliases(d.name)
            generic = d.name in _GENERIC_NAMES
            for alias in strong:
                self._add(alias, d.code, weak=False, needs_context=generic)
                if len(alias) >= 3:
                    for key in _typo_keys(alias):
                        self._typo.setdefault(key, set()).add(d.code)
            for alias in weak:
                self._add(alias, d.code, weak=True, needs_context=alias in _COMMON_STEMS)
            if d.no_county_level:
                self._city_names.setdefault(d.name, set()).add(d.code[:4])
                for alias in weak:
                    self._city_names.setdefault(alias, set()).add(d.code[:4])

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
            segments.append(_Segment(start, end, (_Alias(code, weak=False, needs_context=False),)))
        scores = self._score(segments)
        if not scores:
            return PlaceQuery("not_found", (), "")
        top = max(scores.values())
        best = sorted(e for e, s in scores.items() if s == top)
        divs = [e for e in best if len(e) == 6]
        if divs:
            return self._division_result(divs, best)
        cities = [e for e in best if len(e) == 4]
        if cities:
            matches = tuple(d for c in cities for d in self.in_city(c))
            return PlaceQuery("too_broad", matches, "、".join(self._cities[c] for c in cities))
        matches = tuple(d for p in best if p in self._munis for d in self._by_prefix[p])
        return PlaceQuery("too_broad", matches, "、".join(self._provinces[p] for p in best))

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

    def _filter_hit(self, found: list[_Alias], following: str) -> tuple[_Alias, ...]:
        """Drop readings that the surrounding text or a bigger unit rules out."""
        kept = [a for a in found if not (a.weak and following in _NOT_AFTER_STEM)]
        # A province's name always means the province ("海南", "吉林").
        if any(len(a.entity) == 2 for a in kept):
            return tuple(a for a in kept if len(a.entity) == 2)
        # "长沙" is the city, not 长沙县 inside it.
        cities = [a.entity for a in kept if len(a.entity) == 4]
        return tuple(
            a for a in kept if not (a.weak and len(a.entity) == 6 and any(a.entity.startswith(c) for c in cities))
        )

    def _score(self, segments: list[_Segment]) -> dict[str, int]:
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

    def _division_result(self, divs: list[str], best: list[str]) -> PlaceQuery:
        """found/ambiguous for the top-scoring divisions."""
        alt_cities = [c for c in best if len(c) == 4 and not any(d.startswith(c) for d in divs)]
        matches = tuple(self._by_code[d] for d in divs)
        if len(divs) == 1 and not alt_cities:
            return PlaceQuery("found", matches, "")
        scope = "、".join(self._provinces[c[:2]] + self._cities[c] for c in alt_cities)
        return PlaceQuery("ambiguous", matches, scope)

    def _typo_match(self, norm: str, segments: list[_Segment]) -> tuple[str, int, int] | None:
        """(code, start, end) of the unique division one wrong character away, if any."""
        # Only when no full division name matched. The wrong character must lie
        # outside every exact match: "鄂托克钱旗" -> 鄂托克前旗, but "琼山县" must
        # not become 琼中县.
        if any(not a.weak and len(a.entity) == 6 for s in segments for a in s.aliases):
            return None
        covered = [-1] * len(norm)  # index of the segment covering each char
        for idx, seg in enumerate(segments):
            for k in range(seg.start, seg.end):
                covered[k] = idx
        context = [s for s in segments if any(len(a.entity) < 6 for a in s.aliases)]
        found: dict[str, tuple[int, int, int]] = {}
        for size in self._typo_lengths:
            for i in range(len(norm) - size + 1):
                chunk = norm[i : i + size]
                if _SEP in chunk or chunk in _TYPO_STOPWORDS or not self._swallowable(segments, covered, i, size):
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
        """True if every segment touching norm[i:i+size] is a weak division stem inside it."""
        for idx in set(covered[i : i + size]) - {-1}:
            seg = segments[idx]
            if seg.start < i or seg.end > i + size:
                return False
            if any(not a.weak or len(a.entity) != 6 for a in seg.aliases):
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
            )
        )
    return out
