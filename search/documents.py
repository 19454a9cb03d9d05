"""From a published guide to its search document (the one place that builds ids and fields)."""

from core.domain import audience, themes
from core.domain.scope import depth_of
from core.published.models import PublishedGuide

from . import analysis, dictionary, vocabulary


def document_id(schema_name: str, implementation_code: str) -> str:
    """Search document id: tenant + entry (``shushan:11340104…``)."""
    return f"{schema_name}:{implementation_code}"


def _materials(payload: dict) -> list[str]:
    local = payload.get("local") or {}
    fixed = payload.get("fixed") or {}
    return [m.get("name", "") for m in (local.get("materials") or fixed.get("materials") or [])]


def _description(payload: dict) -> str:
    fixed, local = payload.get("fixed") or {}, payload.get("local") or {}
    return fixed.get("description") or local.get("description") or ""


def _conditions(payload: dict) -> str:
    fixed, local = payload.get("fixed") or {}, payload.get("local") or {}
    return local.get("conditions") or fixed.get("conditions") or ""


def fields_of(guide: PublishedGuide) -> dict:
    """Normalised, backend-neutral fields of one guide's document."""
    payload = guide.payload or {}
    name = analysis.normalise(guide.name)
    aliases = [a for a in dict.fromkeys(analysis.normalise(a) for a in guide.aliases) if a]
    description = analysis.normalise(_description(payload))
    return {
        "id": document_id(guide.region.schema_name, guide.implementation_code),
        "guide_id": guide.pk,
        "implementation_code": guide.implementation_code,
        "basic_code": guide.basic_code,
        "region_code": guide.region_code,
        "depth": depth_of(guide.region_code),
        "ancestor_codes": list(guide.ancestor_codes),
        "name": name,
        "aliases": aliases,
        "description": description,
        "conditions": analysis.normalise(_conditions(payload)),
        "materials": [analysis.normalise(m) for m in _materials(payload) if m],
        "department_uscc": guide.department_uscc,
        "department_name": guide.department_name,
        "matter_type": guide.matter_type,
        # national codes: the backends' audience filter is the same for every province
        "service_objects": audience.national_codes(
            guide.service_objects, audience.province_of_guide(guide)
        ),
        "themes": themes.keys_of(guide.person_themes, guide.legal_themes),
        "online_depth": guide.online_depth,
    }


def concepts_of(fields: dict) -> list:
    """The shipped concepts this guide belongs to: a keyword in its name or aliases, or its basic
    code in a concept's family (province entries apply at query time)."""
    return dictionary.concepts_of_matter(fields["name"], fields["aliases"], fields["basic_code"])


def concept_terms(fields: dict) -> list[str]:
    return list(dict.fromkeys(t for c in concepts_of(fields) for t in c.terms))


def concept_labels(fields: dict) -> list[str]:
    return [c.label for c in concepts_of(fields)]


def segmented(fields: dict) -> dict[str, str]:
    """Space-joined jieba words per weight class: A name, B aliases and dictionary terms,
    C description, conditions and department, D materials. The tokenizer first learns the
    dictionary words and the guide's own name and aliases (kept whole, sub-words too)."""
    dictionary.shipped()
    vocabulary.ensure()  # every guide's name, as the searching processes know them
    analysis.add_words(p for t in [fields["name"], *fields["aliases"]] for p in analysis.phrases(t))
    text = f"{fields['description']} {fields['conditions']} {fields['department_name']}"
    return {
        "A": " ".join(analysis.words(fields["name"])),
        "B": " ".join(
            w for a in [*fields["aliases"], *concept_terms(fields)] for w in analysis.words(a)
        ),
        "C": " ".join(analysis.words(analysis.normalise(text))),
        "D": " ".join(w for m in fields["materials"] for w in analysis.words(m)),
    }


def pinyin_text(fields: dict) -> str:
    return " ".join(analysis.pinyin_lexemes([fields["name"], *fields["aliases"]]))


def title_text(fields: dict) -> str:
    """Name, aliases and their full pinyin, for trigram matching of typos and partial words."""
    phrases = [fields["name"], *fields["aliases"]]
    return " ".join([*phrases, *(analysis.pinyin_of(p)[0] for p in phrases)])
