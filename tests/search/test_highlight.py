"""Snippets of hits (search.highlight): escaped, longest term first, the matching alias or a
window of the description."""

from search.highlight import mark, snippet


def test_mark_escapes_the_text_and_marks_the_longest_term_first():
    assert mark("营业执照<补办>&“变更”", ["执照", "营业执照", ""]) == (
        "<mark>营业执照</mark>&lt;补办&gt;&amp;“变更”"
    )
    assert mark("a'b\"c", []) == "a&#x27;b&quot;c"
    assert mark("身份证", ["<", "身份"]) == "<mark>身份</mark>证"  # terms are not HTML
    assert mark("x<y", ["<"]) == "x<mark>&lt;</mark>y"


def test_snippet_adds_the_alias_or_the_description_window_that_holds_a_term():
    assert snippet("食品经营许可", ["开饭店", "开餐馆"], "", ["开餐馆", "许可"]) == (
        "食品经营<mark>许可</mark> · <mark>开餐馆</mark>"
    )
    description = (
        "从事食品销售、餐饮服务的经营者应当取得食品经营许可证。仅销售预包装食品的，办理备案。"
    )
    # 20 characters before the term, 40 in all
    assert snippet("食品经营许可", [], description, ["预包装"]) == (
        "食品经营许可 · …务的经营者应当取得食品经营许可证。仅销售<mark>预包装</mark>食品的，办理备案。"
    )
    assert snippet("食品经营许可", ["开饭店"], "", ["户口"]) == "食品经营许可"
