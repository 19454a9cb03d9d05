"""Template context: the region that serves this request (None on the platform host)."""


def region(request):
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_system:
        return {"region": None}
    return {"region": tenant}
