"""The place data types: a county-level division, and what a free-text place resolved to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# found: one division; ambiguous: choose among several; too_broad: a city or province only;
# outside: Taiwan/Hong Kong/Macau (no mainland court); spans: a new area over several counties;
# former: an abolished division with several successors; not_found: no place in the text.
Status = Literal["found", "ambiguous", "too_broad", "outside", "spans", "former", "not_found"]
# What a name in the index stands for.
Level = Literal["province", "city", "county", "outside", "area", "former"]


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
    recent: bool = False  # set up or reorganised recently: court names may lag behind

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
    # found: 1; ambiguous/spans/former: the candidates; too_broad: divisions inside the named
    # city/municipality (empty for a province); outside: mainland places of the same name; not_found: empty.
    matches: tuple[Division, ...]
    # too_broad: what was understood ("海口市", "海南省"); ambiguous: cities the text may also mean as a
    # whole ("陕西省西安市"); outside: the region ("香港特别行政区"); spans: the area ("河北省雄安新区");
    # former: the old division ("浙江省杭州市江干区"); otherwise "".
    scope: str
    # ambiguous: (4-digit code, full name) of the cities named in scope, so each can be offered.
    cities: tuple[tuple[str, str], ...] = ()
    # found/former: a sentence about an old name the text used ("横县2021年改为横州市。").
    note: str = ""
