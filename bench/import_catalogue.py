"""Benchmark: import a generated 5,000-matter catalogue xlsx (target: ≤ 60 s, flat memory).

Runs in its own database (zwfw_bench_import, dropped and recreated) so the demo data is
untouched. Only the public schema is migrated: the catalogue lives there, and the province row
is created without a schema of its own (nothing in a catalogue import touches tenant schemas).

    .venv/bin/python bench/import_catalogue.py [--matters 5000]

Prints the timings and memory as a Markdown table to paste into bench/RESULTS.md. On Linux the
peak RSS is reset before each import, so "peak during" is the import's own peak; the
difference to "before" is what the import needed.
"""

import argparse
import gc
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ would come first on sys.path; a bench module named like a library
# (bench/graphql.py) would then shadow it.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
BENCH_DB = os.environ.get("BENCH_DB", "zwfw_bench_import")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
# As in production: with DEBUG on, Django keeps the SQL of the last 9,000 queries, and the
# bulk inserts' SQL alone would make memory grow with the number of matters.
os.environ.setdefault("DJANGO_DEBUG", "false")

# Realistic pieces: central department codes (positions 5–6 of 基本编码) and what they handle.
DEPARTMENTS = {
    "01": ("发展改革", ["固定资产投资项目", "企业投资项目", "价格认定"]),
    "13": ("市场监管", ["食品经营", "药品零售", "特种设备使用", "计量器具", "企业名称"]),
    "14": ("民政", ["社会团体", "民办非企业单位", "养老机构", "婚姻", "殡葬设施"]),
    "17": ("人力资源社会保障", ["职业技能", "劳务派遣经营", "社会保险", "人才引进"]),
    "20": ("住房城乡建设", ["建筑工程施工", "商品房预售", "燃气经营", "建筑业企业资质"]),
    "23": ("交通运输", ["道路运输经营", "道路货物运输", "出租汽车经营", "港口经营"]),
    "26": ("卫生健康", ["医疗机构执业", "母婴保健技术服务", "放射诊疗", "生育服务"]),
    "37": ("烟草专卖", ["烟草专卖零售", "烟草专卖批发"]),
}
ACTIONS = {"01": ["许可", "审批", "核准"], "07": ["登记", "确认", "备案"], "20": ["服务", "办理"]}
VARIANTS = ["新办", "变更", "延续", "注销", "补办"]
MATERIALS = ["申请书", "营业执照", "法定代表人身份证明", "场所使用证明", "管理制度", "平面布局图"]


def recreate_database():
    import subprocess

    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    subprocess.run([sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True)


def _matter(code, name, matter_type, department, parent=None, rng=random):
    steps = ["受理", "审查", "决定", "送达"]
    charged = rng.random() < 0.2
    return {
        "basic_code": code,
        "name": name,
        "type": matter_type,
        "parent_code": parent,
        "levels": sorted(rng.sample(["2", "3", "4"], rng.randint(1, 3))),
        "department": department,
        "service_objects": ["2", "6"] if matter_type == "01" else ["1"],
        "themes": {"person": [], "legal": ["010"]} if matter_type == "01" else
                  {"person": ["085"], "legal": []},
        "life_events": [],
        "legal_basis": [
            {"law": f"{department}管理条例", "number": f"国务院令第{rng.randint(100, 800)}号",
             "article": f"第{n}条", "content": f"从事{name}的，应当依法办理。" * 3,
             "issuer": "国务院", "effective_date": "2020-01-01"}
            for n in (rng.randint(2, 20), rng.randint(21, 60))
        ],
        "statutory_limit": {"value": rng.choice([5, 10, 15, 20]), "unit": "工作日", "note": ""},
        "case_type": "2",
        "description": f"{name}的办理。",
        "conditions": "1.申请人具备相应资格；\n2.申请材料齐全、符合法定形式。",
        "materials": [
            {"name": m, "kind": "原件", "form": "纸质和电子", "original_copies": 1, "copies": 0,
             "required": "必要", "source": "10", "source_note": "", "paper_size": "A4",
             "notes": "", "situation": None, "e_license": False}
            for m in rng.sample(MATERIALS, 4)
        ],
        "steps": [{"name": s, "limit": {"value": 1, "unit": "工作日"}, "description": f"{s}。"}
                  for s in steps],
        "result": {"type": "出证", "name": f"{name}决定书", "sample": ""},
        "fee": {"charged": charged, "basis": "价格主管部门批复" if charged else "",
                "items": [{"name": "工本费", "standard": "10元/件", "basis": "收费批复",
                           "reducible": False, "reduction_basis": ""}] if charged else [],
                "online_payment": False},
        "faqs": [{"question": f"{name}需要多长时间？", "answer": "法定时限内办结。"}],
        "aliases": [f"办{name[:4]}"],
        "status": "在用",
        "effective_date": "2024-01-01",
        "cancel_date": None,
    }  # fmt: skip


def generate(count: int, seed: int = 7):
    """``count`` matters: main items, some with sub-items; national (00) and 安徽 (34) items."""
    rng = random.Random(seed)
    sequence = {}
    produced = 0
    while produced < count:
        dept_code = rng.choice(list(DEPARTMENTS))
        department, subjects = DEPARTMENTS[dept_code]
        matter_type = rng.choice(list(ACTIONS))
        origin = "00" if rng.random() < 0.8 else "34"
        key = (origin, matter_type, dept_code)
        sequence[key] = sequence.get(key, 0) + 1
        main = f"{origin}{matter_type}{dept_code}{sequence[key]:03d}"
        name = f"{rng.choice(subjects)}{rng.choice(ACTIONS[matter_type])}"
        subs = rng.choice([0, 0, 0, 2, 3]) if count - produced > 4 else 0
        if subs:
            yield _matter(main + "00Y", name, matter_type, department, rng=rng)
            for index in range(1, subs + 1):
                sub_name = f"{name}（{VARIANTS[index - 1]}）"
                yield _matter(f"{main}{index:03d}", sub_name, matter_type, department,
                              parent=main + "00Y", rng=rng)  # fmt: skip
            produced += subs + 1
        else:
            yield _matter(main + "000", name, matter_type, department, rng=rng)
            produced += 1


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak() -> tuple[float, bool]:
    """(current RSS in MB, whether the peak could be reset). Linux: writing 5 to clear_refs
    resets VmHWM, so the peak measured next is the import's own, not the file generation's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_mb("VmRSS"), True
    except OSError:
        return peak_rss_mb(), False


def peak_since_reset() -> float:
    return _status_mb("VmHWM") or peak_rss_mb()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--matters", type=int, default=5000)
    args = parser.parse_args()

    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    from core.catalogue.exchange import xlsx
    from core.catalogue.exchange.columns import CATALOGUE
    from core.catalogue.exchange.importer import import_catalogue
    from core.catalogue.models import MatterVersion
    from tenants.models import Region

    call_command("migrate_schemas", shared=True, verbosity=0)
    province = Region(schema_name="anhui", slug="anhui", name="安徽省", level="province",
                      code="340000")  # fmt: skip
    province.auto_create_schema = False  # the catalogue is public; no tenant schema needed
    province.save()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.xlsx"
        started = time.perf_counter()
        xlsx.write(path, CATALOGUE, generate(args.matters))
        generated = time.perf_counter() - started
        size_mb = path.stat().st_size / 1024 / 1024
        gc.collect()
        rss_before, exact = reset_peak()
        started = time.perf_counter()
        first = import_catalogue(province, path, user="bench",
                                 progress=lambda d, t: print(f"  {d}/{t}", end="\r", flush=True))  # fmt: skip
        seconds = time.perf_counter() - started
        rss_after = peak_since_reset()
        gc.collect()
        rss_again, _ = reset_peak()
        started = time.perf_counter()
        second = import_catalogue(province, path, user="bench")
        again = time.perf_counter() - started
        rss_again_peak = peak_since_reset()
    versions = MatterVersion.objects.filter(state="published").count()
    print(f"\n{first}\n{second}")
    print(
        f"| machine | {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()} |"
    )
    print(f"| date | {time.strftime('%Y-%m-%d')} |")
    print(f"| generated xlsx | {len(first.created)} matters, {size_mb:.1f} MB, {generated:.1f} s |")
    print(f"| import, fresh database | {seconds:.1f} s ({versions} published versions) |")
    print(f"| second import (nothing changed) | {again:.1f} s |")
    what = "RSS before / peak during" if exact else "peak RSS before / after"
    print(f"| {what} the import | {rss_before:.0f} MB / {rss_after:.0f} MB |")
    print(f"| {what} the second import | {rss_again:.0f} MB / {rss_again_peak:.0f} MB |")


if __name__ == "__main__":
    main()
