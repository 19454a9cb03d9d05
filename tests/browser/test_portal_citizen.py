"""A citizen on a 390 px phone: the province home has content; a county guide with its sticky
section bar and action bar; 关怀版 (larger type, contrast ≥ 7:1, with and without JavaScript);
a blank form downloaded under its Chinese name. Screenshots of each journey in tests/artifacts/."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model

from cms.models import GuideAttachment, GuidePage
from core.published.outbox import drain

from .conftest import ARTIFACTS
from .data import commit_portal_data, remove_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ID_CARD = "000713002000"  # 居民身份证申领、换领、补领 (蜀山)
FORM = "居民身份证申领登记表（空白）"
FORM_BYTES = b"PK\x03\x04 blank form of the ID card application"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def portal_data(django_db_setup, django_db_blocker):
    """The committed guides, and a blank form attached to 居民户口簿 of the ID card guide
    (approved, so projected)."""
    with django_db_blocker.unblock():
        marks = commit_portal_data()
        with schema_context("shushan"):
            page = GuidePage.objects.get(basic_code=ID_CARD)
            document = get_document_model().objects.create(
                title=FORM, file=ContentFile(FORM_BYTES, name="form.docx")
            )
            page.attachments.add(
                GuideAttachment(kind="blank", title=FORM, material="居民户口簿", document=document)
            )
            page.save_revision(clean=False).publish()
        drain()
        connection.close()
    yield
    with django_db_blocker.unblock():
        with schema_context("shushan"):
            stored = get_document_model().objects.get(pk=document.pk)
            stored.file.storage.delete(stored.file.name)
            stored.delete()
        remove_portal_data(marks)
        connection.close()


def _shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"portal_{name}.png"), full_page=True)


# Every visible element with text of its own: its font size, colour and the colour behind it.
_TEXT_STYLES = """() => {
  const opaque = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && bg !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(bg)) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('.visually-hidden, [hidden], script, style, noscript')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    found.push({text: el.textContent.trim().slice(0, 20), tag: el.tagName, size: parseFloat(style.fontSize),
                color: style.color, background: opaque(el)});
  }
  return found;
}"""


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``rgb(…)`` colours."""
    light, dark = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_of_known_colours():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(11, 37, 69)", "rgb(255, 255, 255)"), 1) == 15.4
    assert contrast("rgb(31, 95, 168)", "rgb(255, 255, 255)") < 7  # the standard blue is not enough


@pytest.fixture
def base(server):
    return f"http://shushan.localhost:{server}"


def _open_guide(tab, base):
    tab.goto(base + "/")
    assert tab.locator("input[type=search]").count() == 1  # one search box on the phone home
    tab.locator(".hot").get_by_role("link", name="居民身份证申领、换领、补领").click()
    tab.wait_for_url(re.compile(r"/guides/"))
    assert tab.locator("h1").inner_text() == "居民身份证申领、换领、补领"


def test_phone_guide_care_mode_and_form_download(page, base):
    _open_guide(page, base)
    _shot(page, "guide_standard")
    # the action bar sits at the bottom of the screen; the section bar sticks to the top
    bar = page.locator("#guide-actions").bounding_box()
    assert round(bar["y"] + bar["height"]) == PHONE["height"]
    actions = page.locator("#guide-actions").get_by_role("link")
    assert actions.all_inner_texts() == ["在线办理", "电话预约"]
    assert actions.nth(1).get_attribute("href").startswith("tel:")
    page.locator(".section-bar").get_by_role("link", name="办理流程").click()
    page.wait_for_function("() => document.querySelector('.section-bar a[aria-current]')")
    assert page.locator(".section-bar").bounding_box()["y"] == 0
    assert page.locator(".section-bar a[aria-current=true]").inner_text() == "办理流程"
    heading = page.locator("#steps-h").bounding_box()
    assert heading["y"] >= page.locator(".section-bar").bounding_box()["height"]  # not hidden
    # 关怀版: switched in place by the script, remembered by the browser
    switch = page.get_by_role("button", name="关怀版")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    page.wait_for_function("() => document.documentElement.classList.contains('care')")
    assert switch.get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.locator("html").get_attribute("class") == "care"
    _check_care_mode(page)
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "guide_care_mode")
    # the blank form under its material, downloaded under its Chinese name
    material = page.locator("#materials li", has_text="居民户口簿").first
    link = material.get_by_role("link", name=re.compile(FORM))
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{FORM}.docx"
    assert Path(download.path()).read_bytes() == FORM_BYTES
    # switching back
    page.get_by_role("button", name="关怀版").click()
    page.wait_for_function("() => !document.documentElement.classList.contains('care')")
    page.reload()
    assert page.locator("html").get_attribute("class") is None


def _check_care_mode(tab):
    styles = tab.evaluate(_TEXT_STYLES)
    assert len(styles) > 100
    small = [(s["text"], s["size"]) for s in styles if s["size"] < 18]
    assert small == []
    low = [
        (s["text"], round(contrast(s["color"], s["background"]), 2))
        for s in styles
        if contrast(s["color"], s["background"]) < 7
    ]
    assert low == []
    # the skip link is the first stop and its focus ring is thick and visible
    tab.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    tab.keyboard.press("Tab")
    focused = tab.evaluate(
        "() => { const e = document.activeElement, s = getComputedStyle(e);"
        " const b = e.getBoundingClientRect();"
        " return [e.textContent, s.outlineStyle, parseFloat(s.outlineWidth), b.left >= 0]; }"
    )
    assert focused == ["跳到主要内容", "solid", 4, True]
    # every form control has a label
    unlabelled = tab.evaluate(
        "() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]"
        ".filter(e => !e.labels.length && !e.getAttribute('aria-label')).map(e => e.name || e.id)"
    )
    assert unlabelled == []


def test_standard_mode_text_is_readable_on_its_background(page, base):
    """WCAG AA (4.5:1) for every text in the standard portal: the header's 登录 link was once
    the default link blue on the header's blue."""
    for path in ("/", "/search/?q=身份证"):
        page.goto(base + path)
        styles = page.evaluate(_TEXT_STYLES)
        low = [
            (s["text"], round(contrast(s["color"], s["background"]), 2))
            for s in styles
            if contrast(s["color"], s["background"]) < 4.5
        ]
        assert (path, low) == (path, [])
    assert page.locator(".account-nav").get_by_role("link").inner_text() == "登录"


def test_care_mode_without_javascript(browser, base):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(base + "/")
        tab.get_by_role("button", name="关怀版").click()  # a plain form post and a redirect
        tab.wait_for_load_state()
        assert tab.locator("html").get_attribute("class") == "care"
        assert tab.url == base + "/"
        size = tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size == 20
        _shot(tab, "home_care_mode_no_js")
    finally:
        context.close()


def test_province_home_shows_its_regions(page, server):
    page.goto(f"http://anhui.localhost:{server}/")
    assert page.locator("h1").inner_text() == "安徽省政务服务"
    # at the top of the first screen: where I am, the switcher and the search box
    assert page.locator(".region-bar").bounding_box()["y"] < 150
    assert page.locator("#home-q").bounding_box()["y"] < PHONE["height"]
    hot = page.locator(".hot a").all_inner_texts()
    assert len(hot) == 4 and any("住房公积金提取" in h for h in hot)
    topics = page.locator(".topics a").all_inner_texts()
    assert any(t.startswith("置业一件事") for t in topics)
    regions = page.locator(".subregions a").all_inner_texts()
    assert "合肥市 4项" in regions
    _shot(page, "province_home")
    page.locator(".region-bar summary").click()
    page.locator(".switcher-panel").get_by_role("link", name="合肥市").click()
    page.wait_for_url(f"http://hefei.localhost:{server}/")
    assert page.locator(".region-bar [aria-current=page]").inner_text() == "合肥市"
    # a matter the province itself does not implement is searched across its regions
    page.goto(f"http://anhui.localhost:{server}/")
    page.locator(".hot").get_by_role("link", name=re.compile("居民身份证")).click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.get_by_role("link", name="居民身份证申领、换领、补领").count() >= 1
    _shot(page, "province_search_from_hot_service")
