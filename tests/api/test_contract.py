"""The checked-in contract: schema file up to date, every operation valid against it."""

from api import contract, print_schema
from api.core import persisted

EXPECTED_OPERATIONS = {
    "GuideDetail", "Guides", "Matter", "RateGuide", "RegionDetail", "Regions", "RegionStats", "ReportSearchResultOpened", "Search", "Suggest",
    "CaseProgress", "MyCases", "SubmitCase", "WithdrawCase", "SupplementCase",
    # 统一身份认证 (docs/identity.md)
    "Me", "Favourites", "AddFavourite", "RemoveFavourite", "MyRatings",
}  # fmt: skip


def test_schema_file_is_the_printed_schema():
    assert contract.schema_diff() == "", "run: python -m api.print_schema --write"


def test_every_operation_validates_against_the_schema():
    assert contract.operation_errors() == {}


def test_operations_are_addressable_by_id_and_hash():
    ids = {entry["id"] for entry in persisted.manifest()}
    assert ids == EXPECTED_OPERATIONS
    for entry in persisted.manifest():
        assert persisted.find(entry["id"]).sha256 == entry["sha256"]
        assert persisted.find("sha256:" + entry["sha256"]).id == entry["id"]


def test_check_command_passes(capsys):
    assert print_schema.check() == 0
    assert "GraphQL 契约与代码一致" in capsys.readouterr().out


def test_an_invalid_operation_is_reported(tmp_path, monkeypatch):
    (tmp_path / "Broken.graphql").write_text("query Broken { guide { nope } }", encoding="utf-8")
    monkeypatch.setattr(persisted, "OPERATIONS_DIR", tmp_path)
    errors = contract.operation_errors()
    assert list(errors) == ["Broken.graphql"]
    messages = " ".join(errors["Broken.graphql"])
    assert "Cannot query field 'nope' on type 'Guide'" in messages
    assert "argument 'implementationCode' of type 'String!' is required" in messages
