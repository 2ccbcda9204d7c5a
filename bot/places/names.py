"""Word lists and special places from ``bot/data``, and how division names shorten ("琼山区" -> "琼山")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

_DIVISION_SUFFIXES = ("林区", "特区", "新区", "区", "县", "市", "旗")
_CITY_SUFFIXES = ("地区", "市", "盟")


def _data_text(name: str) -> str:
    return resources.files("bot").joinpath("data", name).read_text(encoding="utf-8")


def _lines(name: str) -> tuple[str, ...]:
    """Non-comment, non-empty lines of a word list."""
    return tuple(s for s in (line.strip() for line in _data_text(name).splitlines()) if s and not s.startswith("#"))


def _table(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file whose first non-comment line is the header."""
    rows = [line.split("\t") for line in _lines(name)]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@dataclass(frozen=True)
class Outside:
    """A region without mainland basic courts (Taiwan, Hong Kong, Macau) and the names that mean it."""

    code: str
    region: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    """A new area that spans several county-level divisions (雄安新区)."""

    name: str
    province: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Former:
    """An abolished or renamed division and the current divisions that took its place."""

    code: str
    province: str
    city: str
    name: str
    successors: tuple[str, ...]
    year: str

    @property
    def full_name(self) -> str:
        city = "" if self.city == self.province else self.city
        return self.province + city + self.name


@dataclass(frozen=True)
class PlaceWords:
    """Everything the gazetteer reads besides the divisions themselves."""

    ethnic: tuple[str, ...]
    common_stems: frozenset[str]  # suffix-less names that are also everyday words ("公安", "通道")
    generic_names: frozenset[str]  # full names that are also generic words ("城区")
    typo_stopwords: frozenset[str]  # never "corrected" by one character ("开发区")
    outside: tuple[Outside, ...] = ()
    areas: tuple[Area, ...] = ()
    former: tuple[Former, ...] = ()

    @staticmethod
    @cache
    def load() -> PlaceWords:
        """The lists shipped in bot/data."""
        return PlaceWords(
            ethnic=tuple(sorted(_lines("ethnic_groups.txt"), key=len, reverse=True)),
            common_stems=frozenset(_lines("common_stems.txt")),
            generic_names=frozenset(_lines("generic_names.txt")),
            typo_stopwords=frozenset(_lines("typo_stopwords.txt")),
            outside=tuple(Outside(r["code"], r["region"], tuple(r["names"].split(",")))
                          for r in _table("outside_mainland.tsv")),
            areas=tuple(Area(r["name"], r["province"], tuple(r["members"].split(",")))
                        for r in _table("new_areas.tsv")),
            former=tuple(Former(r["old_code"], r["province"], r["city"], r["name"],
                                tuple(r["successors"].split(",")), r["year"])
                         for r in _table("former_names.tsv")),
        )

    def strip_ethnic(self, base: str) -> str:
        """Remove trailing ethnic-group names: "双江拉祜族佤族布朗族傣族" -> "双江"."""
        changed = True
        while changed:
            changed = False
            for eth in self.ethnic:
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

    def province_aliases(self, name: str) -> set[str]:
        """Full and short names of a province-level division."""
        out = {name}
        for suffix in ("自治区", "省", "市"):
            if name.endswith(suffix):
                out.add(self.strip_ethnic(name[: -len(suffix)]))
                break
        if name.startswith("内蒙古"):
            out.add("内蒙")
        return out

    def city_aliases(self, name: str) -> tuple[set[str], set[str]]:
        """(strong, weak) aliases of a prefecture-level city."""
        strong, weak = {name}, set()
        if name.endswith("自治州"):
            stem = self.strip_ethnic(name[:-3])
            strong.add(stem + "州")
            weak.add(stem)
        else:
            for suffix in _CITY_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    weak.add(name[: -len(suffix)])
                    break
        return strong, weak - strong

    def division_aliases(self, name: str) -> tuple[set[str], set[str]]:
        """(strong, weak) aliases of a county-level division."""
        strong, weak = {name}, set()
        for auto in ("自治县", "自治旗"):
            if name.endswith(auto):
                stem = self.strip_ethnic(name[:-3])
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
