"""Batched reads of catalogue matters (published versions only) and their live guides."""

from django.db.models import Q

from api.core import dependencies
from api.core.loaders import Loader
from api.core.stamped import StampedMemo
from core.catalogue.models import Matter, MatterVersion
from core.published.models import PublishedGuide


def province_code(region_code: str, ancestor_codes: list[str]) -> str:
    """The province of a region: the last ancestor, or the region itself."""
    return ancestor_codes[-1] if ancestor_codes else region_code


# What the Matter type reads: the version's large JSON elements it does not expose (materials,
# steps, fees, FAQs…) are left in the database instead of decoded on every guide.
MATTER_COLUMNS = (
    "basic_code", "is_national", "province__code",
    *(f"current_version__{name}" for name in (
        "number", "state", "name", "type", "levels", "department", "service_objects",
        "description", "aliases", "life_events", "legal_basis", "statutory_limit",
        "published_at",
    )),
)  # fmt: skip


class MatterByKey(Loader):
    """(province code, basic code) → Matter whose current version is published, else None."""

    def batch_load(self, keys):
        # Kept per process while the matter's stamp is unchanged (read with the guide's).
        return matters.load(keys, lambda key: [dependencies.matter(key[1])], self.query)

    @staticmethod
    def query(keys) -> dict:
        condition = Q(pk__in=[])
        for province, basic_code in set(keys):
            condition |= Q(province__code=province, basic_code=basic_code)
        rows = (
            Matter.objects.filter(condition, current_version__state=MatterVersion.State.PUBLISHED)
            .select_related("current_version", "province")
            .only(*MATTER_COLUMNS)
        )
        return {(m.province.code, m.basic_code): m for m in rows}


matters = StampedMemo(2000)


class GuidesOfMatter(Loader):
    """(province code, basic code) → live guides implementing it in that province."""

    def batch_load(self, keys):
        dependencies.depends_on(dependencies.matter_guides(basic_code) for _, basic_code in keys)
        condition = Q(pk__in=[])
        for province, basic_code in set(keys):
            condition |= Q(basic_code=basic_code) & (
                Q(region_code=province) | Q(ancestor_codes__contains=[province])
            )
        found = {key: [] for key in keys}
        for guide in PublishedGuide.objects.filter(condition).order_by("region_code", "pk"):
            key = (province_code(guide.region_code, guide.ancestor_codes), guide.basic_code)
            if key in found:
                found[key].append(guide)
        return [found[key] for key in keys]
