"""scripts/gen_divisions.py: the generator of bot/data/divisions.tsv."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


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
