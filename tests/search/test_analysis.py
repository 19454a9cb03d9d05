"""The analysis chain and the concept dictionary, without a database."""

import pytest

from search import analysis, dictionary, intents, spelling
from search.query import parse


def test_dictionary_blocks_parse_and_errors_name_file_line_and_entry():
    [concept] = dictionary.parse(
        "# c\n[驾照]\nterms: 驾照，驾驶本、驾照丢了\nkeywords: 驾驶证*补\ncodes: 000113003*\n"
    )
    assert concept == dictionary.Concept(
        "驾照", ("驾照", "驾驶本", "驾照丢了"), ("驾驶证*补",), ("000113003",)
    )
    with pytest.raises(dictionary.DictionaryError, match=r"x.txt:2: expected '\[label\]'"):
        dictionary.parse("[a]\nwords: b\n", "x.txt")
    with pytest.raises(dictionary.DictionaryError, match=r"x.txt:1 \[a\]: 至少需要一个关键词"):
        dictionary.parse("[a]\nterms: b\n", "x.txt")
    with pytest.raises(dictionary.DictionaryError, match=r"基本编码模式 '00\*1'"):
        dictionary.parse("[a]\nterms: b\ncodes: 00*1\n", "x.txt")


def test_the_shipped_dictionary_is_concept_level():
    concepts = dictionary.shipped()
    assert len(concepts) > 100
    assert all(c.terms and (c.keywords or c.codes) for c in concepts)
    labels = [c.label for c in concepts]
    assert len(labels) == len(set(labels))


def test_lookup_runs_before_and_after_filler_removal():
    # 了 is filler: an entry containing it still matches the raw query
    found = dictionary.lookup(["身份证丢了", "身份证丢"])
    assert "身份证丢了" in found.matched and "居民身份证" in found.keywords
    assert dictionary.lookup_pinyin("hukouben").keywords == ("户口簿",)
    assert "社会保障卡" in dictionary.lookup_pinyin("sbk").keywords


def test_a_matter_belongs_to_concepts_by_keyword_or_code_family():
    names = [
        c.label for c in dictionary.concepts_of_matter("机动车驾驶证遗失补证", [], "339900001000")
    ]
    assert names == ["机动车驾驶证"]
    by_code = dictionary.concepts_of_matter("某地方名称", [], "000113003000")
    assert [c.label for c in by_code] == ["机动车驾驶证"]


def test_normalisation_full_width_traditional_case_and_wrong_characters():
    assert analysis.normalise("ＫＴＶ８０歲") == "ktv80岁"
    assert spelling.correct("户口薄补办") == "户口簿补办"


def test_homophones_typed_with_a_pinyin_input_method():
    vocabulary = tuple(dictionary.vocabulary())
    assert "身份证" in spelling.homophones("身份正补办", vocabulary)
    assert "结婚登记" in spelling.homophones("结昏登记", vocabulary)
    assert "公积金" in spelling.homophones("公积经提取", vocabulary)  # -ing / -in
    assert spelling.homophones("身份证补办", vocabulary) == []


def test_english_queries_become_chinese_with_their_intent():
    assert spelling.from_english("lost id card") == "lost 身份证"
    assert spelling.from_english("passport") == "护照"
    assert spelling.from_english("shenfenzheng") is None


def test_intent_of_a_query():
    assert intents.of_query("身份证到期了怎么换").name == "换领"
    assert intents.of_query("社保卡丢了").name == "补办"
    assert intents.of_query("公司不开了").name == "注销"
    assert intents.of_query("残疾人补贴") is None  # 补贴 is not 补办


def test_words_include_dictionary_words_inside_a_long_word():
    analysis.add_words(["娱乐场所经营许可证核发"])
    found = analysis.words("娱乐场所经营许可证核发")
    assert {"娱乐场所", "许可证", "娱乐场所经营许可证核发"} <= set(found)


def test_parsed_query_carries_keywords_codes_intent_and_concepts():
    q = parse("開飯店要辦什麼證")
    assert (q.normalised, q.core) == ("开饭店要办什么证", "开饭店")
    assert q.keywords == ("食品经营", "餐饮服务") and q.codes == ("000131106",)
    assert q.concepts == ("食品经营许可",) and q.intent is None
    lost = parse("lost ID card")
    assert (lost.core, lost.intent) == ("lost 身份证", "补办")


def test_the_dictionary_is_one_object_while_it_does_not_change():
    # its indexes are memoised on it: one hash per version, not one per search
    concepts = dictionary.concepts_for(None)
    assert concepts is dictionary.concepts_for(None)
    assert hash(concepts) == hash(tuple(concepts)) and concepts == dictionary.shipped()
    assert dictionary.vocabulary() is dictionary.vocabulary()
