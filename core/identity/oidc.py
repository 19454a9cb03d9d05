"""The provider's claims: ``sub`` is the person's opaque id, ``name`` and 实名等级 with the
``profile`` scope (``acr`` names the level as well)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from .models import Person


def _person(request) -> Person:
    return Person.objects.get(user_id=request.user.pk)


class Validator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "level": "profile", "acr": "openid"}

    def get_claim_dict(self, request):
        person = _person(request)
        return {
            "sub": person.subject_id,
            "name": person.name,
            "level": person.level,
            "acr": f"urn:zwfw:loa:{person.level}",
        }

    def get_discovery_claims(self, request):
        return ["sub", "name", "level", "acr"]
