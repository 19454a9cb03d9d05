"""Personal data at rest: encrypted columns, keyed hashes, masked display."""

import pytest
from django.db import connection

from core.identity import accounts, codes, crypto
from core.identity.models import Person

from .factories import PersonFactory, id_number

pytestmark = pytest.mark.django_db


def test_encrypted_columns_hold_no_plaintext():
    number = id_number(4711)
    person = PersonFactory(id_number=number, mobile="13955501234")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, mobile, id_number_hash, mobile_hash FROM identity_person "
            "WHERE id = %s",
            [person.pk],
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM identity_person WHERE id_number LIKE %s OR mobile LIKE %s "
            "OR id_number_hash LIKE %s OR mobile_hash LIKE %s",
            [f"%{number[-8:]}%", "%55501234%", f"%{number[-8:]}%", "%55501234%"],
        )
        assert cursor.fetchone()[0] == 0
    assert all(value.startswith("v1:") for value in row[:2])
    assert row[2] == crypto.lookup_hash("id_number", number)
    assert row[3] == crypto.lookup_hash("mobile", "13955501234")
    reloaded = Person.objects.get(pk=person.pk)
    assert (reloaded.id_number, reloaded.mobile) == (number, "13955501234")


def test_the_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("13955501234") != crypto.encrypt("13955501234")
    assert crypto.decrypt(crypto.encrypt("蜀山")) == "蜀山"


def test_lookup_by_mobile_or_id_number():
    person = PersonFactory(mobile="13955507777")
    assert accounts.find_person("139 5550 7777") == person
    assert accounts.find_person(person.id_number.lower()) == person
    assert accounts.find_person("13955508888") is None


def test_masked_display():
    assert codes.mask_id_number("34010419900101123X") == "3401**********123X"
    assert codes.mask_mobile("13800138000") == "138****8000"
    person = PersonFactory(id_number="340104199001011239", mobile="13800138000")
    assert str(person) == f"{person.name}（3401**********1239）"


def test_id_number_check_digit():
    assert codes.id_number_error("340104199001011239") is None
    assert codes.id_number_error("340104199001011238") == "居民身份证号校验位错误：应为 9，实为 8"
    assert codes.id_number_error("3401041990010112") == "居民身份证号应为18位：17位数字加1位数字或X"
