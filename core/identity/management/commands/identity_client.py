"""Register (or update) a mini-app or native app as a public OIDC client with PKCE.

manage.py identity_client miniapp --name 示例小程序 --redirect-uri https://miniapp.example/cb
"""

from django.core.management.base import BaseCommand, CommandError

from core.identity.clients import register_public_client


class Command(BaseCommand):
    help = "注册或更新小程序等公共客户端（PKCE，无密钥）"

    def add_arguments(self, parser):
        parser.add_argument("client_id")
        parser.add_argument("--name", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True, dest="redirect_uris")
        parser.add_argument("--third-party", action="store_true",
                            help="非本部署自有的应用：首次授权时请公民确认")  # fmt: skip

    def handle(self, client_id, name, redirect_uris, third_party, **options):
        bad = [u for u in redirect_uris if not u.startswith(("https://", "http://"))]
        if bad:
            raise CommandError(f"回调地址应以 https:// 开头：{'、'.join(bad)}")
        change = register_public_client(client_id, name, redirect_uris, first_party=not third_party)
        self.stdout.write(change or f"OIDC 客户端 {client_id} 无变化")
