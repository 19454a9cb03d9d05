"""Load and validate tenant_configs/*.yaml.

Every problem is reported with the file and the key path inside it (``regions/shushan.yaml:
departments[2].uscc: ...``); a set of files with any problem is rejected as a whole.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from jsonschema import Draft202012Validator

from . import codes

# Slugs a region may not take: each is also a schema name and a host "<slug>.<base domain>".
# public/template are the system schemas, platform the public tenant's slug, id the identity
# provider's host (DESIGN.md), and the rest are hosts a deployment keeps for itself.
RESERVED_SLUGS = frozenset(
    {
        "public", "template", "platform", "id", "www", "admin", "api", "static", "media",
        "graphql", "healthz", "console", "auth", "sso", "oauth", "login", "mail", "smtp",
        "cdn", "assets", "files", "search", "portal", "information_schema",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ConfigProblem:
    path: str
    key_path: str
    message: str

    def __str__(self):
        where = f"{self.path}:{self.key_path}" if self.key_path else self.path
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """One or more configuration files are invalid; ``problems`` says where and why."""

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class RegionConfig:
    """One validated region file."""

    path: str
    data: dict = field(repr=False)

    @property
    def code(self) -> str:
        return self.data["code"]

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def level(self) -> str:
        return self.data["level"]

    @property
    def parent(self) -> str:
        return self.data.get("parent", "")

    def canonical(self) -> dict:
        """The content as stored on the region (JSON round trip), to compare with what was applied."""
        return json.loads(json.dumps(self.data, ensure_ascii=False, sort_keys=True))


def config_dir() -> Path:
    return Path(settings.TENANT_CONFIG_DIR)


@cache
def _validator() -> Draft202012Validator:
    schema = yaml.safe_load((config_dir() / "schema.yaml").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _key_path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def discover(paths: list[str] | None = None) -> list[Path]:
    """The region files named (files or directories), by default every file under regions/."""
    roots = [Path(p) for p in paths] if paths else [config_dir() / "regions"]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")))
        else:
            files.append(root)
    return files


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(config_dir().resolve()))
    except ValueError:
        return str(path)


def load_file(path: Path) -> tuple[RegionConfig | None, list[ConfigProblem]]:
    """Parse and schema-check one file."""
    shown = _display(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [ConfigProblem(shown, "", "文件不存在")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第{mark.line + 1}行第{mark.column + 1}列）" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [ConfigProblem(shown, "", f"YAML 格式错误{where}：{reason}")]
    problems = [
        ConfigProblem(shown, _key_path(err.absolute_path), err.message)
        for err in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        return None, problems
    config = RegionConfig(path=shown, data=data)
    return config, _check_region(config)


def _check_region(config: RegionConfig) -> list[ConfigProblem]:
    data, problems = config.data, []

    def problem(key_path, message):
        problems.append(ConfigProblem(config.path, key_path, message))

    if data["slug"] in RESERVED_SLUGS or data["slug"] == settings.TENANT_BASE_SCHEMA:
        problem("slug", f"“{data['slug']}”是平台保留名称，不能用作区划标识")
    for index, domain in enumerate(data.get("domains", [])):
        if message := _domain_error(domain, data["slug"]):
            problem(f"domains[{index}]", message)
    if message := codes.division_code_error(data["code"], data["level"]):
        problem("code", message)
    elif message := codes.parent_code_error(data["code"], data.get("parent", "")):
        problem("parent", message)
    department_keys = set()
    for index, department in enumerate(data.get("departments", [])):
        if department["key"] in department_keys:
            problem(f"departments[{index}].key", f"部门标识重复：{department['key']}")
        department_keys.add(department["key"])
        if message := codes.uscc_error(department["uscc"]):
            problem(f"departments[{index}].uscc", message)
    for h, hall in enumerate(data.get("halls", [])):
        for w, window in enumerate(hall.get("windows", [])):
            for d, key in enumerate(window.get("departments", [])):
                if key not in department_keys:
                    problem(f"halls[{h}].windows[{w}].departments[{d}]", f"未定义的部门标识：{key}")
    for index, point in enumerate(data.get("service_points", [])):
        if message := codes.service_point_code_error(point["code"], data["code"]):
            problem(f"service_points[{index}].code", message)
    return problems


def primary_domain(slug: str) -> str:
    return f"{slug}.{settings.TENANT_BASE_DOMAIN}"


def wanted_domains(config: RegionConfig) -> list[str]:
    """The region's hosts: its primary domain first, then the extra ones of its file."""
    return list(dict.fromkeys([primary_domain(config.slug), *config.data.get("domains", [])]))


def _domain_error(domain: str, slug: str) -> str:
    """Why a region may not claim ``domain`` as an extra host, from the name alone."""
    base = settings.TENANT_BASE_DOMAIN
    if domain == base:
        return f"{domain} 是平台主机，不能作为区划域名"
    if _under_base(domain) and domain != primary_domain(slug):
        if domain.removesuffix(f".{base}") in RESERVED_SLUGS:
            return f"{domain} 是平台保留域名"
        return f"{base} 的子域名只能是本区划的主域名 {primary_domain(slug)}"
    return ""


def _under_base(domain: str) -> bool:
    return domain.endswith(f".{settings.TENANT_BASE_DOMAIN}")


def _check_set(configs: list[RegionConfig], known_codes: set[str]) -> list[ConfigProblem]:
    """Rules across files: unique slugs, codes and USCCs; parents exist."""
    problems: list[ConfigProblem] = []
    seen: dict[tuple[str, str], str] = {}
    codes_here = {c.code for c in configs}
    for config in configs:
        keys = [("slug", config.slug), ("code", config.code)] + [
            (f"departments[{i}].uscc", d["uscc"])
            for i, d in enumerate(config.data.get("departments", []))
        ]
        extra = config.data.get("domains", [])
        keys += [(f"domains[{i}]", d) for i, d in enumerate(extra) if not _under_base(d)]
        keys.append(("domain", primary_domain(config.slug)))
        for key_path, value in keys:
            kind = "domain" if key_path.startswith("domain") else key_path.split(".")[-1]
            if (kind, value) in seen:
                problems.append(
                    ConfigProblem(config.path, key_path, f"与 {seen[(kind, value)]} 重复：{value}")
                )
            seen[(kind, value)] = config.path
        parent = config.parent
        if parent and parent not in codes_here and parent not in known_codes:
            problems.append(ConfigProblem(config.path, "parent", f"上级区划 {parent} 未配置"))
    return problems


def load_configs(paths: list[str] | None = None, known_codes=frozenset()) -> list[RegionConfig]:
    """Load and validate region files; parents come before children in the result."""
    files = discover(paths)
    if not files:
        raise ConfigError([ConfigProblem(", ".join(paths or []), "", "没有找到区划配置文件")])
    configs, problems = [], []
    for path in files:
        config, file_problems = load_file(path)
        problems.extend(file_problems)
        if config is not None:
            configs.append(config)
    problems.extend(_check_set(configs, set(known_codes)))
    if problems:
        raise ConfigError(problems)
    order = {codes.LEVEL_PROVINCE: 0, codes.LEVEL_CITY: 1, codes.LEVEL_COUNTY: 2}
    return sorted(configs, key=lambda c: (order[c.level], c.code))


def database_problems(configs: list[RegionConfig]) -> list[ConfigProblem]:
    """Rules against what is provisioned already: a file may not take a host that another
    region owns (its extra domain, or a domain left over from a removed file)."""
    from .models import Domain

    wanted = {domain: config for config in configs for domain in wanted_domains(config)}
    owned = Domain.objects.filter(domain__in=wanted).select_related("tenant")
    problems = []
    for row in owned:
        config = wanted[row.domain]
        if row.tenant.schema_name != config.slug:
            domains = config.data.get("domains", [])
            key_path = f"domains[{domains.index(row.domain)}]" if row.domain in domains else "slug"
            owner = f"{row.tenant.name}（{row.tenant.slug}）"
            problems.append(
                ConfigProblem(config.path, key_path, f"域名 {row.domain} 已属于 {owner}")
            )
    return sorted(problems, key=lambda p: (p.path, p.key_path))
