"""Resolution: free-text place names ("住在昆明五华区", "海口琼山") to divisions and basic-court names.

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

from itertools import accumulate
from typing import NamedTuple

from bot import texts
from bot.places.index import MAX_NEAREST_KM, SEP, Alias, PlaceIndex, normalize_place
from bot.places.model import Level, PlaceQuery

__all__ = ["MAX_NEAREST_KM", "Gazetteer"]

# After a suffix-less name these characters mean a town, street or office
# ("中山路", "云龙镇", "公安局"), not the county itself.
_NOT_AFTER_STEM = frozenset("镇乡村街路巷弄道局所站")
# Levels that name one place at county level or below a region (a strong one stops typo correction).
_PLACE_LEVELS = frozenset(("county", "former", "area", "outside"))


class _Segment(NamedTuple):
    """A matched span of the text with its surviving interpretations."""

    start: int
    end: int
    aliases: tuple[Alias, ...]


class Gazetteer(PlaceIndex):
    """The place index with free-text resolution."""

    def resolve(self, text: str) -> PlaceQuery:
        """Interpret free text ("住在昆明五华区", "海口琼山", "朝阳区") as a division."""
        norm = normalize_place(text)
        segments = self._segments(norm)
        typo = self._typo_match(norm, segments)
        if typo is not None:
            code, start, end = typo
            segments = [s for s in segments if not (start <= s.start and s.end <= end)]
            segments.append(_Segment(start, end, (Alias(code, "county", weak=False, needs_context=False),)))
        scores = self._score(segments)
        if not scores:
            return PlaceQuery("not_found", (), "")
        top = max(scores.values())
        best = sorted(e for e, s in scores.items() if s == top)
        by_level: dict[Level, list[str]] = {}
        for entity in best:
            by_level.setdefault(self.levels[entity], []).append(entity)
        places = by_level.get("county", []) + by_level.get("former", [])
        if "outside" in by_level:
            region = self.regions[by_level["outside"][0]]
            return PlaceQuery("outside", self.current(places), region)
        if "area" in by_level:
            name, members = self.areas[by_level["area"][0]]
            return PlaceQuery("spans", members, name)
        if places:
            return self._division_result(by_level.get("county", []), by_level.get("former", []),
                                         by_level.get("city", []))
        cities = by_level.get("city", [])
        if cities:
            matches = tuple(d for c in cities for d in self.in_city(c))
            return PlaceQuery("too_broad", matches, "、".join(self.cities[c] for c in cities))
        provinces = by_level.get("province", [])
        matches = tuple(d for p in provinces if p in self.munis for d in self.by_prefix[p])
        return PlaceQuery("too_broad", matches, "、".join(self.provinces[p] for p in provinces))

    def _segments(self, norm: str) -> list[_Segment]:
        """Best non-overlapping alias spans (max characters covered, then fewest spans)."""
        n = len(norm)
        hits: list[list[_Segment]] = [[] for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, min(n, i + self.max_alias) + 1):
                found = self.aliases.get(norm[i:j])
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
    def _filter_hit(found: list[Alias], following: str) -> tuple[Alias, ...]:
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
        matches = self.current(counties + former)
        others = tuple((c, self.city_name(c)) for c in alt_cities)
        scope = "、".join(name for _, name in others)
        if len(matches) == 1 and not others:
            note = "".join(texts.PLACE_RENAMED.format(former=self.former[f][0], year=self.former[f][1],
                                                      now=matches[0].full_name) for f in former)
            return PlaceQuery("found", matches, "", note=note)
        if former and not counties and not others:
            name, year, _ = self.former[former[0]]
            return PlaceQuery("former", matches, name, note=texts.PLACE_ABOLISHED.format(former=name, year=year))
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
        # A character no place name has can only be the wrong one: a chunk with two of them is skipped,
        # a chunk with one is tried with that one wrong.
        strange = [ch not in self.typo_chars for ch in norm]
        strange_before = list(accumulate(strange, initial=0))
        found: dict[str, tuple[int, int, int]] = {}
        for size in self.typo_lengths:
            for i in range(len(norm) - size + 1):
                chunk = norm[i : i + size]
                strange_in = strange_before[i + size] - strange_before[i]
                if (strange_in > 1 or SEP in chunk or chunk in self.words.typo_stopwords
                        or not self._swallowable(segments, covered, i, size)):
                    continue
                for pos in [strange.index(True, i, i + size) - i] if strange_in else range(size):
                    if covered[i + pos] >= 0:
                        continue
                    for code in self.typo.get(chunk[:pos] + "?" + chunk[pos + 1 :], ()):
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
