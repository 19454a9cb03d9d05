"""统一身份认证: citizen (自然人) and enterprise (法人) accounts of the whole deployment (public
schema), the OIDC provider on ``id.<base domain>`` and the region portals' client side."""
