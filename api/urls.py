"""URL of the GraphQL endpoint (included by core's URL confs as "api.urls")."""

urlpatterns: list = []
