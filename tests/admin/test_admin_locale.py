"""The admin speaks Simplified Chinese: every string of Wagtail's own catalogues has a zh-hans
translation (Wagtail's or ours in locale/), the pages a clerk uses show no English, and no
page asks another host for anything (no Gravatar: avatars work offline, on 政务外网)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django_tenants.utils import schema_context

from tests.admin.helpers import admin_client
from tests.factories import listing_entry, published_entry

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|&\w+;")
WORD = re.compile(r"[A-Za-z]{3,}")
URL = re.compile(r"(https?:)?//\S+")


def _unquote(raw: str) -> str:
    return "".join(re.findall(r'"(.*)"', raw)).replace('\\"', '"').replace("\\n", "\n")


def wagtail_locale_dirs() -> list[Path]:
    """The locale directories of the Wagtail apps this project installs."""
    dirs = [Path(c.path) / "locale" for c in apps.get_app_configs() if c.name.startswith("wagtail")]
    return [d for d in dirs if d.is_dir()]


def catalogue_entries(domain: str):
    """(msgid, msgid_plural) of every entry of the installed Wagtail apps' English catalogues."""
    for locale in wagtail_locale_dirs():
        po = locale / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not po.exists():
            continue
        for block in po.read_text(encoding="utf-8").split("\n\n"):
            msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
            plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.M)
            if msgid and _unquote(msgid.group(1)) and not block.lstrip().startswith("#~"):
                yield _unquote(msgid.group(1)), plural and _unquote(plural.group(1))


# Words that are names, not language: formats and standards a clerk knows by these letters.
ALLOWED = {"URL", "CSV", "XLSX", "JSON", "UTC", "API", "JavaScript", "pdf", "PDF", "docx", "xlsx"}


def words(text: str) -> set[str]:
    return set(WORD.findall(PLACEHOLDER.sub(" ", URL.sub(" ", text)))) - ALLOWED


def has_words(text: str) -> bool:
    return bool(words(text))


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_string_has_a_chinese_translation(domain):
    # (the "django" domain always reads the installed apps and LOCALE_PATHS, as at run time)
    localedirs = [str(d) for d in wagtail_locale_dirs()]
    catalogue = DjangoTranslation("zh-hans", domain=domain, localedirs=localedirs)
    untranslated = []
    for msgid, plural in catalogue_entries(domain):
        text = catalogue.ngettext(msgid, plural, 2) if plural else catalogue.gettext(msgid)
        if has_words(text):
            untranslated.append(msgid)
    assert untranslated == []


def test_the_project_catalogue_is_compiled():
    for po in (Path(settings.BASE_DIR) / "locale").glob("*/LC_MESSAGES/*.po"):
        assert po.with_suffix(".mo").exists(), f"{po}: run `make messages`"
    with translation.override("zh-hans"):
        assert translation.gettext("Search all pages…") == "搜索全部页面…"


def ours(url: str) -> bool:
    """A URL on one of the platform's own hosts (a region's portal, the console)."""
    host = urlparse(url if "//" in url[:8] else f"//{url}").hostname or ""
    base = settings.TENANT_BASE_DOMAIN
    return host == base or host.endswith(f".{base}")


class VisibleText(HTMLParser):
    """Text a user reads or hears: text nodes and the labelling attributes, no scripts."""

    ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
    BUTTONS = ("submit", "button", "reset")  # their value is their label
    VOID = ("input", "img", "br", "hr", "meta", "link", "source", "col", "wbr")
    HIDDEN = ("script", "style", "template", "noscript", "code")  # code: identifiers, commands

    def __init__(self):
        super().__init__()
        self.parts, self.skip, self.external, self.zones = [], 0, [], False
        self.hidden: list[list] = []  # [tag, how many of that tag are open] per hidden element

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.skip += 1
        for hidden in self.hidden:  # nested in an element with the hidden attribute
            hidden[1] += hidden[0] == tag
        if "hidden" in attrs and tag not in self.VOID:
            self.hidden.append([tag, 1])
            self.skip += 1
        if tag == "select" and "time_zone" in (attrs.get("name") or ""):
            self.skip, self.zones = self.skip + 1, True  # IANA names (Asia/Shanghai)
        # what the browser fetches by itself: sources, stylesheets, icons, preloads
        fetched = attrs.get("src") or (attrs.get("href") if tag == "link" else "")
        # and what a clerk is sent to by a visible link (nothing outside 政务外网)
        linked = attrs.get("href") if tag == "a" and not self.skip else ""
        for url in (fetched, linked):
            if (url or "").startswith(("http://", "https://", "//")) and not ours(url):
                self.external.append(url)
        if tag == "input" and attrs.get("type") == "hidden":
            return
        self.parts += [attrs[a] for a in self.ATTRIBUTES if attrs.get(a)]
        if tag == "input" and attrs.get("type") in self.BUTTONS and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.skip -= 1
        for hidden in self.hidden:
            hidden[1] -= hidden[0] == tag
        if self.hidden and self.hidden[-1][1] == 0:
            self.hidden.pop()
            self.skip -= 1
        if tag == "select" and self.zones:
            self.skip, self.zones = self.skip - 1, False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_leftovers(html: str) -> tuple[list[str], list[str]]:
    """The visible texts with English words in them, and the URLs fetched from other hosts."""
    parser = VisibleText()
    parser.feed(html)
    return sorted({part.strip()[:80] for part in parser.parts if words(part)}), parser.external


FOOD = "000131106000"


@pytest.mark.django_db
def test_the_pages_a_clerk_uses_have_no_english_and_no_external_requests():
    item = published_entry("shushan", FOOD)
    listing_entry("shushan", "000137001000")
    client = admin_client("shushan")
    with schema_context("shushan"):  # a clerk's name is data, not the admin's language
        get_user_model().objects.filter(username="shushan_admin").update(first_name="蜀山区管理员")
        from wagtail.models import Page

        home = Page.objects.get(depth=2)
        guide = Page.objects.filter(depth__gt=2).first()
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_pages:edit", args=[guide.pk]),
        reverse("wagtailadmin_pages:search") + "?q=食品",
        reverse("listings_admin:index"),
        reverse("listings_admin:inbox"),
        reverse("listings_admin:item", args=[item.pk]),
        reverse("listings_admin:edit", args=[item.pk]),
        reverse("listings_admin:claim"),
        reverse("cms_follow_ups"),
        reverse("workbench_violations"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailadmin_account"),
        reverse("metrics_overview"),
    ]
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        words, external = english_leftovers(response.content.decode())
        if words or external:
            found[url] = (words, external)
    assert found == {}, "\n".join(
        f"{url}: {texts} {external}" for url, (texts, external) in found.items()
    )
