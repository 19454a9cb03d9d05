"""GraphQL: submitCase, case(number, queryCode), myCases, withdrawCase, supplementCase, with
persisted operations and typed errors."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.cases import services
from core.cases.models import Case
from tests.identity.helpers import sign_in

from .helpers import PDF, REQUIRED, clerk, food_entry
from .test_portal import citizen, client_on

pytestmark = pytest.mark.django_db


def run(client, name, **variables):
    response = client.post("/graphql/", json.dumps({"id": name, "variables": variables}),
                           content_type="application/json")  # fmt: skip
    return response.json()


def uploaded(client, material) -> str:
    response = client.post("/cases/uploads/", {
        "file": SimpleUploadedFile("a.pdf", PDF), "material": material,
    })  # fmt: skip
    assert response.status_code == 200, response.content
    return response.json()["id"]


def submit(client, item, materials=REQUIRED):
    return run(client, "SubmitCase", implementationCode=item.implementation_code, materials=[
        {"material": m, "fileIds": [uploaded(client, m)]} for m in materials
    ])["data"]["submitCase"]  # fmt: skip


def test_submit_query_supplement_and_withdraw_through_the_api():
    item = food_entry()
    person = citizen()
    client = client_on("shushan")
    anonymous = run(client, "SubmitCase", implementationCode=item.implementation_code)
    assert anonymous["data"]["submitCase"]["errors"][0]["code"] == "NOT_SIGNED_IN"
    sign_in(client, person)
    missing = submit(client, item, materials=REQUIRED[:2])
    assert missing["case"] is None
    assert missing["errors"] == [{
        "field": f"materials.{REQUIRED[2]}", "message": f"请上传“{REQUIRED[2]}”（必要材料）",
        "code": "MISSING_MATERIAL",
    }]  # fmt: skip
    done = submit(client, item)
    assert done["errors"] == []
    number, code = done["case"]["number"], done["case"]["queryCode"]
    assert done["case"]["progress"]["state"] == "SUBMITTED"
    # progress on another host, without signing in
    hefei = client_on("hefei")
    found = run(hefei, "CaseProgress", number=number, queryCode=code)["data"]["case"]
    assert (found["state"], found["matterName"], found["regionCode"]) == (
        "SUBMITTED", "食品经营许可", "340104",
    )  # fmt: skip
    assert run(hefei, "CaseProgress", number=number, queryCode="ABCDEFGH")["data"]["case"] is None
    with schema_context("shushan"):
        case = Case.objects.get(number=number)
        services.request_supplement(
            case, clerk("g", superuser=True), [{"material": REQUIRED[2], "reason": "目录不全"}]
        )
    partial = run(client, "SupplementCase", number=number, materials=[])
    assert partial["data"]["supplementCase"]["errors"][0]["code"] == "MISSING_MATERIAL"
    supplied = run(client, "SupplementCase", number=number, materials=[
        {"material": REQUIRED[2], "fileIds": [uploaded(client, REQUIRED[2])]}
    ])["data"]["supplementCase"]  # fmt: skip
    assert (supplied["errors"], supplied["case"]["state"]) == ([], "SUBMITTED")
    # another citizen may not withdraw it; the applicant may, once
    stranger = client_on("shushan")
    sign_in(stranger, citizen())
    refused = run(stranger, "WithdrawCase", number=number)["data"]["withdrawCase"]
    assert refused["errors"][0]["code"] == "NOT_FOUND"  # not told that the number exists
    withdrawn = run(client, "WithdrawCase", number=number)["data"]["withdrawCase"]
    assert withdrawn["case"]["state"] == "WITHDRAWN"
    again = run(client, "WithdrawCase", number=number)["data"]["withdrawCase"]
    assert again["errors"][0]["code"] == "STATE"
    mine = run(client, "MyCases")["data"]["myCases"]
    assert [(c["number"], c["state"]) for c in mine] == [(number, "WITHDRAWN")]
    assert run(client_on("hefei"), "MyCases")["errors"][0]["extensions"]["code"] == "NOT_SIGNED_IN"


def test_uploads_need_a_signed_in_citizen():
    client = client_on("shushan")
    response = client.post("/cases/uploads/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 401
