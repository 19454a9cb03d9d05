"""Citizen and enterprise accounts for tests (public schema)."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.identity.codes import id_check_character
from core.identity.models import AgentAuthorisation, Enterprise, Level, Person
from tenants.codes import uscc_check_character


def id_number(n: int, region: str = "340104") -> str:
    """A valid 居民身份证号 (check digit right), unique per n below 12 million."""
    year, rest = 1960 + (n // 336_000) % 45, n % 336_000
    month, day, seq = rest // 28_000 % 12 + 1, rest // 1000 % 28 + 1, rest % 1000
    first17 = f"{region}{year}{month:02d}{day:02d}{seq:03d}"
    return first17 + id_check_character(first17)


def uscc(n: int) -> str:
    first17 = f"91340104MA{n:07d}"
    return first17 + uscc_check_character(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"citizen-test-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"张{'三四五六七八九十'[n % 8]}{n}")
    id_number = factory.Sequence(id_number)
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    level = Level.L1


class VerifiedPersonFactory(PersonFactory):
    level = Level.L2
    verified_by = "demo"
    verified_at = factory.LazyFunction(timezone.now)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(uscc)
    name = factory.Sequence(lambda n: f"合肥测试科技有限公司{n}")
    administrator = factory.SubFactory(VerifiedPersonFactory)
    legal_representative = factory.LazyAttribute(lambda e: e.administrator.name)


class AgentAuthorisationFactory(factory.django.DjangoModelFactory):
    """经办人: ``person`` may act for ``enterprise`` (granted by its administrator)."""

    class Meta:
        model = AgentAuthorisation

    enterprise = factory.SubFactory(EnterpriseFactory)
    person = factory.SubFactory(PersonFactory)
    granted_by = factory.LazyAttribute(lambda a: a.enterprise.administrator)
