"""URL of the GraphQL endpoint (included by core's URL confs as "api.urls").

CSRF-exempt: the API uses no cookies for authority (mini-apps cannot send Django's CSRF token).
"""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from .views import APIView

urlpatterns: list = [path("", csrf_exempt(APIView.as_view()), name="graphql")]
