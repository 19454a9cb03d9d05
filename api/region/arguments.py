"""Region arguments: default to the host's region; required on the platform (public) host; on a
region host limited to the host's province (``core.domain.scope.requested_region``)."""

from api.core.errors import api_error
from core.domain.scope import RegionOutOfScope, requested_region
from tenants.codes import division_code_error


def host_region(info):
    """The region whose host received the request, or None on the platform host."""
    tenant = getattr(info.context, "tenant", None)
    if tenant is None or tenant.schema_name == "public" or not tenant.code:
        return None
    return tenant


def region_code(info, value: str | None, argument: str = "region") -> str:
    """The region code to use: the argument, else the host's; checked for format and scope."""
    host = host_region(info)
    if not value:
        if host is None:
            raise api_error("REGION_REQUIRED",
                            f"在平台域名上调用时必须提供 {argument} 参数（6位行政区划代码，如 340104）",
                            argument=argument)  # fmt: skip
        return host.code
    if message := division_code_error(value):
        raise api_error("INVALID_REGION", f"{argument} 参数“{value}”无效：{message}",
                        argument=argument)  # fmt: skip
    try:
        return requested_region(host.code if host else None, value)
    except RegionOutOfScope as error:
        raise api_error("REGION_OUT_OF_SCOPE", f"{argument} 参数：{error}",
                        argument=argument) from error  # fmt: skip
