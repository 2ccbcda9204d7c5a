"""bot.places.gazetteer: free-text resolution (found, ambiguous, too broad, outside, spans, former, not found)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.places import Gazetteer, PlaceQuery
from tests.places import HAIKOU, codes

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


def test_every_full_name_resolves_to_itself(gaz: Gazetteer) -> None:
    wrong = [d.full_name for d in gaz.divisions if gaz.resolve(d.full_name).matches != (d,)]
    assert wrong == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_resolve_never_crashes(gaz: Gazetteer, text: str) -> None:
    q = gaz.resolve(text)
    assert q.status in ("found", "ambiguous", "too_broad", "outside", "spans", "former", "not_found")
    if q.status == "found":
        assert len(q.matches) == 1 and q.scope == ""
    if q.status == "not_found":
        assert q.matches == () and q.scope == ""

