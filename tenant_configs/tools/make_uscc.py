#!/usr/bin/env python3
"""USCC (统一社会信用代码, GB 32100) generator and demo region-config checker.

Pure standard library, except that ``check`` needs PyYAML to read the region files.

Usage
-----
  make_uscc.py gen 11 340104 0001234     # prefix + division code + 7 digits -> full USCC
  make_uscc.py gen 12 340104 --seed shushan:bdc
                                          # 7 digits derived from a seed (stable, synthetic)
  make_uscc.py verify 11450721MB15580811 [...]
  make_uscc.py check [REGIONS_DIR]        # validate every tenant_configs/regions/*.yaml

USCC layout used for demo data: 2-char 登记管理部门码+机构类别码 ("11" 机关, "12" 事业单位,
"13" 编办管理的群团, "51" 民政登记的社会团体 ...) + 6-digit GB/T 2260 division code + "MB"
+ 7 digits + check character.  The check character follows GB 32100:
charset "0123456789ABCDEFGHJKLMNPQRTUWXY" (value = index), weights 3^(i) mod 31 for
positions 1..17, check = 31 - (sum mod 31), 31 -> 0.
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]$")


def check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters."""
    if len(first17) != 17:
        raise ValueError("need exactly 17 characters, got %d" % len(first17))
    total = 0
    for ch, w in zip(first17.upper(), WEIGHTS):
        if ch not in CHARSET:
            raise ValueError("invalid USCC character %r" % ch)
        total += CHARSET.index(ch) * w
    c = 31 - total % 31
    return CHARSET[0 if c == 31 else c]


def is_valid(uscc: str) -> bool:
    if not isinstance(uscc, str) or len(uscc) != 18 or not USCC_RE.match(uscc):
        return False
    return check_char(uscc[:17]) == uscc[17]


def seed_digits(seed: str) -> str:
    """Seven stable pseudo-random digits derived from a seed string."""
    return "%07d" % (int(hashlib.sha256(seed.encode("utf-8")).hexdigest(), 16) % 10_000_000)


def make(prefix: str, division: str, digits: str | None = None, seed: str | None = None) -> str:
    """prefix ("11", "12", "13", "51" ...) + 6-digit division + "MB" + 7 digits + check."""
    if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}", prefix):
        raise ValueError("bad prefix %r" % prefix)
    if not re.fullmatch(r"\d{6}", division):
        raise ValueError("division code must be 6 digits: %r" % division)
    if digits is None:
        if seed is None:
            raise ValueError("give digits or seed")
        digits = seed_digits(seed)
    if not re.fullmatch(r"\d{7}", digits):
        raise ValueError("need 7 digits: %r" % digits)
    body = prefix + division + "MB" + digits
    return body + check_char(body)


# --------------------------------------------------------------------------- checker

# Long-distance area codes by the first four digits of the division code (city level);
# a province uses its capital's code.
AREA_CODES = {
    "3401": "0551",  # 合肥 (incl. 巢湖市 since 2011)
    "3402": "0553",  # 芜湖 (incl. 无为市)
    "3403": "0552",  # 蚌埠
    "3404": "0554",  # 淮南
    "3405": "0555",  # 马鞍山
    "3406": "0561",  # 淮北
    "3407": "0562",  # 铜陵
    "3408": "0556",  # 安庆
    "3410": "0559",  # 黄山
    "3411": "0550",  # 滁州
    "3412": "0558",  # 阜阳
    "3413": "0557",  # 宿州
    "3415": "0564",  # 六安
    "3416": "0558",  # 亳州 (shares 0558 with 阜阳)
    "3417": "0566",  # 池州
    "3418": "0563",  # 宣城
    "3400": "0551",  # 安徽省 -> 合肥
    "5101": "028",   # 成都
    "5107": "0816",  # 绵阳
    "5110": "0832",  # 内江
    "5100": "028",   # 四川省 -> 成都
}
# local-number length: 8 digits for 合肥 and 成都, 7 elsewhere in these demo regions
EIGHT_DIGIT_AREAS = {"0551", "028"}

TOP_KEYS = {"code", "name", "slug", "level", "parent", "demo", "domains", "branding",
            "features", "admin", "departments", "halls", "service_points"}
REQUIRED = {"code", "name", "slug", "level", "demo", "domains", "branding", "features",
            "departments"}
DEPT_KEYS = {"key", "name", "short_name", "uscc", "nature", "phone"}
HALL_KEYS = {"key", "name", "address", "hours", "phone", "windows"}
WINDOW_KEYS = {"key", "name", "departments", "phone"}
SP_KEYS = {"code", "name", "address", "hours", "phone"}
NATURES = {"1", "2", "3", "9"}
COLOR_RE = re.compile(r"^#[0-9a-f]{6}$")
SLUG_RE = re.compile(r"^[a-z]+$")
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
PHONE_RE = re.compile(r"^(0\d{2,3})-(\d{7,8})$")


def _check_phone(errs, where, phone, region_code):
    if not isinstance(phone, str):
        errs.append("%s: phone must be a quoted string, got %r" % (where, phone))
        return
    m = PHONE_RE.match(phone)
    if not m:
        errs.append("%s: bad phone %r" % (where, phone))
        return
    want = AREA_CODES.get(region_code[:4])
    if want is None:
        errs.append("%s: no area code known for %s" % (where, region_code))
    elif m.group(1) != want:
        errs.append("%s: phone %s should use area code %s" % (where, phone, want))
    else:
        n = 8 if want in EIGHT_DIGIT_AREAS else 7
        if len(m.group(2)) != n:
            errs.append("%s: phone %s: local number should have %d digits" % (where, phone, n))


def check_dir(regions_dir: Path) -> int:
    try:
        import yaml  # PyYAML
    except ImportError:  # pragma: no cover
        print("PyYAML is required for 'check' (pip install pyyaml)", file=sys.stderr)
        return 2

    files = sorted(regions_dir.glob("*.yaml"))
    errs: list[str] = []
    regions = {}
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except Exception as e:  # noqa: BLE001
            errs.append("%s: YAML error: %s" % (f.name, e))
            continue
        if not isinstance(data, dict):
            errs.append("%s: top level must be a mapping" % f.name)
            continue
        regions[f] = data

    slugs, codes, usccs, sp_codes = {}, {}, {}, {}
    n_depts = n_halls = n_windows = n_sps = 0
    for f, d in regions.items():
        fn = f.name
        extra = set(d) - TOP_KEYS
        if extra:
            errs.append("%s: unknown keys %s" % (fn, sorted(extra)))
        missing = REQUIRED - set(d)
        if missing:
            errs.append("%s: missing keys %s" % (fn, sorted(missing)))
            continue
        code, slug, level = d["code"], d["slug"], d["level"]
        if not (isinstance(code, str) and re.fullmatch(r"\d{6}", code)):
            errs.append("%s: code must be a quoted 6-digit string, got %r" % (fn, code))
            continue
        if not (isinstance(slug, str) and SLUG_RE.match(slug)):
            errs.append("%s: bad slug %r" % (fn, slug))
        elif fn != slug + ".yaml":
            errs.append("%s: file name does not match slug %r" % (fn, slug))
        if slug in slugs:
            errs.append("%s: slug %r also used in %s" % (fn, slug, slugs[slug]))
        slugs[slug] = fn
        if code in codes:
            errs.append("%s: code %s also used in %s" % (fn, code, codes[code]))
        codes[code] = fn
        if d["demo"] is not True:
            errs.append("%s: demo must be true" % fn)
        if d["domains"] != []:
            errs.append("%s: domains must be [] in demo data" % fn)

        # code nesting
        parent = d.get("parent")
        if level == "province":
            if not code.endswith("0000"):
                errs.append("%s: province code must end in 0000" % fn)
            if parent is not None:
                errs.append("%s: a province has no parent" % fn)
        elif level == "city":
            if code[2:4] == "00" or code[4:] != "00":
                errs.append("%s: city code must look like PPCC00" % fn)
            if parent != code[:2] + "0000":
                errs.append("%s: city parent must be %s0000, got %r" % (fn, code[:2], parent))
        elif level == "county":
            if code[4:] == "00":
                errs.append("%s: county code must not end in 00" % fn)
            if parent != code[:4] + "00":
                errs.append("%s: county parent must be %s00, got %r" % (fn, code[:4], parent))
        else:
            errs.append("%s: bad level %r" % (fn, level))

        # branding / features / admin
        b = d["branding"] or {}
        for k in ("site_title", "primary_color", "accent_color"):
            if k not in b:
                errs.append("%s: branding.%s missing" % (fn, k))
        for k in ("primary_color", "accent_color"):
            if k in b and not (isinstance(b[k], str) and COLOR_RE.match(b[k])):
                errs.append("%s: branding.%s must be #rrggbb (lowercase), got %r" % (fn, k, b[k]))
        if "logo" in b and b["logo"] is not None and not isinstance(b["logo"], str):
            errs.append("%s: branding.logo must be null or a string" % fn)
        for k in ("ratings", "appointments", "express_delivery"):
            if not isinstance((d["features"] or {}).get(k), bool):
                errs.append("%s: features.%s must be a boolean" % (fn, k))
        if "admin" in d:
            a = d["admin"] or {}
            for k in ("username", "email", "password"):
                if not isinstance(a.get(k), str) or not a.get(k):
                    errs.append("%s: admin.%s missing" % (fn, k))
            if isinstance(a.get("email"), str) and "@" not in a["email"]:
                errs.append("%s: admin.email looks wrong" % fn)

        # departments
        dept_keys = set()
        for i, dep in enumerate(d["departments"] or []):
            n_depts += 1
            where = "%s: departments[%d]" % (fn, i)
            if set(dep) != DEPT_KEYS:
                errs.append("%s: keys %s, expected %s" % (where, sorted(dep), sorted(DEPT_KEYS)))
            k = dep.get("key")
            if not (isinstance(k, str) and KEY_RE.match(k)):
                errs.append("%s: bad key %r" % (where, k))
            elif k in dept_keys:
                errs.append("%s: duplicate key %r" % (where, k))
            dept_keys.add(k)
            u = dep.get("uscc")
            if not is_valid(u):
                errs.append("%s: invalid USCC %r" % (where, u))
            else:
                if u[2:8] != code:
                    errs.append("%s: USCC %s does not carry division code %s" % (where, u, code))
                if u in usccs:
                    errs.append("%s: USCC %s also used at %s" % (where, u, usccs[u]))
                usccs[u] = where
            if dep.get("nature") not in NATURES:
                errs.append("%s: nature must be one of %s (quoted), got %r"
                            % (where, sorted(NATURES), dep.get("nature")))
            _check_phone(errs, where, dep.get("phone"), code)

        # halls and windows
        hall_keys = set()
        for i, h in enumerate(d.get("halls") or []):
            n_halls += 1
            where = "%s: halls[%d]" % (fn, i)
            if set(h) != HALL_KEYS:
                errs.append("%s: keys %s, expected %s" % (where, sorted(h), sorted(HALL_KEYS)))
            if h.get("key") in hall_keys:
                errs.append("%s: duplicate hall key %r" % (where, h.get("key")))
            hall_keys.add(h.get("key"))
            _check_phone(errs, where, h.get("phone"), code)
            win_keys = set()
            for j, w in enumerate(h.get("windows") or []):
                n_windows += 1
                ww = "%s.windows[%d]" % (where, j)
                if set(w) != WINDOW_KEYS:
                    errs.append("%s: keys %s, expected %s" % (ww, sorted(w), sorted(WINDOW_KEYS)))
                if w.get("key") in win_keys:
                    errs.append("%s: duplicate window key %r" % (ww, w.get("key")))
                win_keys.add(w.get("key"))
                deps = w.get("departments")
                if not isinstance(deps, list) or not deps:
                    errs.append("%s: departments must be a non-empty list" % ww)
                else:
                    for dk in deps:
                        if dk not in dept_keys:
                            errs.append("%s: unknown department key %r" % (ww, dk))
                _check_phone(errs, ww, w.get("phone"), code)

        # service points
        for i, sp in enumerate(d.get("service_points") or []):
            n_sps += 1
            where = "%s: service_points[%d]" % (fn, i)
            if set(sp) != SP_KEYS:
                errs.append("%s: keys %s, expected %s" % (where, sorted(sp), sorted(SP_KEYS)))
            c = sp.get("code")
            prefix = code if level == "county" else code[:4]
            if not (isinstance(c, str) and re.fullmatch(r"\d{9}|\d{12}", c)):
                errs.append("%s: code must be a quoted 9- or 12-digit string, got %r" % (where, c))
            elif not c.startswith(prefix):
                errs.append("%s: code %s does not start with %s" % (where, c, prefix))
            elif len(c) == 12 and c[9:] == "000":
                errs.append("%s: 12-digit code %s is a township padded code, not a village" % (where, c))
            if c in sp_codes:
                errs.append("%s: code %s also used at %s" % (where, c, sp_codes[c]))
            sp_codes[c] = where
            _check_phone(errs, where, sp.get("phone"), code)

    # parents must exist
    for f, d in regions.items():
        p = d.get("parent")
        if p is not None and p not in codes:
            errs.append("%s: parent %s has no region file" % (f.name, p))

    print("checked %d region files: %d departments (%d USCCs), %d halls, %d windows, "
          "%d service points" % (len(regions), n_depts, len(usccs), n_halls, n_windows, n_sps))
    for e in errs:
        print("ERROR", e)
    print("OK" if not errs else "%d error(s)" % len(errs))
    return 1 if errs else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    cmd, args = argv[0], argv[1:]
    if cmd == "gen":
        if len(args) == 4 and args[2] == "--seed":
            print(make(args[0], args[1], seed=args[3]))
        elif len(args) == 3:
            print(make(args[0], args[1], digits=args[2]))
        else:
            print("usage: make_uscc.py gen PREFIX DIVISION (DIGITS7 | --seed SEED)", file=sys.stderr)
            return 2
        return 0
    if cmd == "verify":
        bad = 0
        for u in args:
            ok = is_valid(u)
            bad += not ok
            print("%s %s" % (u, "ok" if ok else "INVALID (expected check %s)"
                             % (check_char(u[:17]) if len(u) >= 17 and all(c in CHARSET for c in u[:17]) else "?")))
        return 1 if bad else 0
    if cmd == "check":
        d = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "regions"
        return check_dir(d)
    print("unknown command %r" % cmd, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
