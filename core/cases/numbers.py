"""Case numbers (办件编号) and 查询码.

办件编号 = 实施编码 (31) + date of submission YYYYMMDD (8) + serial of that entry and day (5),
e.g. ``11340104MB0000001X4000131106000`` + ``20261127`` + ``00001``: unique, and it names the
matter, the implementing department and the day. The serial comes from a counter row locked for
the transaction, so concurrent submissions never share a number.

The 查询码 lets anyone holding the number and the code read the case's progress without signing
in: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L), about 40 bits of chance.
"""

import secrets
from datetime import date

from django.db.models import F

from .models import CaseSequence

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 8
SERIAL_DIGITS = 5


def next_number(implementation_code: str, day: date) -> str:
    """Take the next serial for the entry and day (call inside the submitting transaction)."""
    CaseSequence.objects.get_or_create(implementation_code=implementation_code, day=day)
    CaseSequence.objects.filter(implementation_code=implementation_code, day=day).update(
        last=F("last") + 1
    )
    serial = CaseSequence.objects.get(implementation_code=implementation_code, day=day).last
    return f"{implementation_code}{day:%Y%m%d}{serial:0{SERIAL_DIGITS}d}"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalise_query_code(text: str) -> str:
    """What a person typed: case and spaces do not matter."""
    return "".join((text or "").split()).upper()
