"""一件事 totals read “约 10 个工作日”, never “10.0”."""

import pytest

from cms.portal import days_text


@pytest.mark.parametrize(
    ("days", "printed"), [(10.0, "10"), (0.0, "0"), (10.5, "10.5"), (7.14, "7.1"), (9.96, "10")]
)
def test_whole_days_print_without_a_decimal(days, printed):
    assert days_text(days) == printed
