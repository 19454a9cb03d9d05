"""Search documents (one per live guide, public schema) and the province-curated dictionary."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Collate

from tenants.models import Region

VECTOR = SearchVectorField()


class SearchDocument(models.Model):
    """The searchable form of a ``PublishedGuide``; text fields are already normalised."""

    id = models.CharField(primary_key=True, max_length=100)  # search.documents.document_id()
    guide_id = models.BigIntegerField("指南", db_index=True)
    implementation_code = models.CharField("实施编码", max_length=31, unique=True)
    basic_code = models.CharField("基本编码", max_length=12)
    region_code = models.CharField("区划代码", max_length=6)
    depth = models.PositiveSmallIntegerField("层级深度")  # 1 province, 2 city, 3 county
    ancestor_codes = ArrayField(models.CharField(max_length=6), default=list)
    name = models.CharField("事项名称", max_length=200)
    aliases = ArrayField(models.CharField(max_length=100), default=list)
    description = models.TextField(blank=True)
    department_uscc = models.CharField(max_length=18)
    department_name = models.CharField(max_length=100)
    matter_type = models.CharField(max_length=2)
    service_objects = ArrayField(models.CharField(max_length=4), default=list)
    themes = ArrayField(models.CharField(max_length=8), default=list)
    online_depth = models.PositiveSmallIntegerField()
    # labels of the shipped dictionary concepts the matter belongs to (search.dictionary): a
    # matter of a concept the query did not name ranks lower (临时身份证 for 办身份证).
    concepts = ArrayField(models.CharField(max_length=50), default=list)
    # jieba-segmented text, weighted A (name) > B (aliases, dictionary terms) > C (description,
    # conditions, department) > D (materials): every field matches and ranks, every time.
    vector = SearchVectorField()
    # pinyin lexemes (full and initials) of the name's and aliases' words.
    pinyin = SearchVectorField()
    # name, aliases and their pinyin, for pg_trgm (typos, partial words, did-you-mean).
    title = models.TextField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "搜索文档"
        verbose_name_plural = "搜索文档"
        # fastupdate off: documents are written one by one, and a long GIN pending list is
        # scanned linearly by every search until the next vacuum.
        indexes = [
            # candidates come from name, aliases and dictionary terms, description, conditions
            # and department (A–C); materials (D: 营业执照, 身份证 in nearly every guide) only rank.
            # The region code leads (btree_gin, migration 0012): a county's search intersects
            # the word's postings with its chain's inside the index instead of fetching the
            # word's documents of every region; a condition on the words alone still uses it.
            GinIndex(
                F("region_code"),
                Func(
                    F("vector"),
                    Value("{a,b,c}"),
                    function="ts_filter",
                    output_field=SearchVectorField(),
                ),
                name="search_doc_region_candidates",
                fastupdate=False,
            ),
            GinIndex(
                fields=["region_code", "pinyin"], name="search_doc_region_pinyin", fastupdate=False
            ),
            GinIndex(
                fields=["title"],
                name="search_doc_title_trgm",
                opclasses=["gin_trgm_ops"],
                fastupdate=False,
            ),
            GinIndex(fields=["ancestor_codes"], name="search_doc_ancestors_gin", fastupdate=False),
            models.Index(fields=["region_code", "basic_code"], name="search_doc_region_basic"),
            # a matter's documents in locality order below a region (deepest first, then by
            # code, C-collated as the search's locality key): search.matters
            models.Index(
                F("basic_code"),
                F("depth").desc(),
                Collate("region_code", "C"),
                Collate("implementation_code", "C"),
                name="search_doc_matter_walk",
            ),
            # suggestions: names by prefix (LIKE '身份%'), and the few documents with aliases
            models.Index(
                fields=["name"], name="search_doc_name_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["region_code"], name="search_doc_with_aliases", condition=~Q(aliases=[])
            ),
        ]

    def __str__(self):
        return self.id


class Synonym(models.Model):
    """A province's own concept-dictionary entry (adds to search/data/concepts.txt): colloquial
    terms → catalogue keywords and/or basic-code patterns. See docs/search.md."""

    # A public-schema row edited from a tenant's admin: Wagtail's reference index lives in the
    # tenant schemas, so rows about it would land in whichever schema saved it (or fail from
    # public). It references nothing but its province, so it stays out of the index.
    wagtail_reference_index_ignore = True

    province = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="search_synonyms", verbose_name="省份"
    )
    term = models.CharField(
        "日常说法", max_length=200,
        help_text="群众的说法，多个用逗号分隔，如：开饭店, 开餐馆",
    )  # fmt: skip
    official = models.CharField(
        "关键词", max_length=200, blank=True,
        help_text="对应事项名称中的规范用词（不是某个事项的全称），多个用逗号分隔；"
        "* 代表任意文字，如：食品经营, 驾驶证*补",
    )  # fmt: skip
    codes = models.CharField(
        "基本编码模式", max_length=200, blank=True,
        help_text="可选：事项基本编码或其前缀（* 结尾），多个用逗号分隔，如：000131106*",
    )  # fmt: skip

    class Meta:
        verbose_name = "词典条目"
        verbose_name_plural = "词典条目"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "term", "official"], name="search_synonym_unique"
            )
        ]

    def __str__(self):
        return f"{self.term} → {self.official or self.codes}"

    def concept(self):
        """This entry as a dictionary concept (raises ``DictionaryError`` when malformed)."""
        from .dictionary import concept

        return concept(self.term, self.term, self.official, self.codes, where="词典条目")

    def clean(self):
        from django.core.exceptions import ValidationError

        from .dictionary import DictionaryError

        try:
            self.concept()
        except DictionaryError as error:
            raise ValidationError(str(error).removeprefix("词典条目: ")) from error


class BestBet(models.Model):
    """Pin a guide first for a query in one province (by implementation or basic code)."""

    # A public-schema row edited from a tenant's admin: Wagtail's reference index lives in the
    # tenant schemas, so rows about it would land in whichever schema saved it (or fail from
    # public). It references nothing but its province, so it stays out of the index.
    wagtail_reference_index_ignore = True

    province = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="search_best_bets", verbose_name="省份"
    )
    query = models.CharField("搜索词", max_length=50)
    code = models.CharField("实施编码或基本编码", max_length=31)

    class Meta:
        verbose_name = "置顶结果"
        verbose_name_plural = "置顶结果"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "query", "code"], name="search_bestbet_unique"
            )
        ]

    def __str__(self):
        return f"{self.query} → {self.code}"


class SuggestionSource(models.Model):
    """A text a search document offers as a suggestion (``search.suggestions``): its name
    (kind 0), an alias (1) or a term of a shipped concept it belongs to (2)."""

    document_id = models.CharField(max_length=100, db_index=True)
    text = models.CharField(max_length=200)
    kind = models.PositiveSmallIntegerField()
    preference = models.IntegerField(default=0)  # dictionary terms: the concept's first matter
    region_code = models.CharField(max_length=6)
    ancestor_codes = ArrayField(models.CharField(max_length=6), default=list)
    depth = models.PositiveSmallIntegerField()
    implementation_code = models.CharField(max_length=31)

    class Meta:
        # the pick of a suggestion's guide reads only this index (index-only scan): the text's
        # rows in pick order, with what the scope test needs
        indexes = [
            models.Index(
                fields=[
                    "text",
                    "kind",
                    "preference",
                    "-depth",
                    "region_code",
                    "implementation_code",
                ],
                include=["ancestor_codes"],
                name="search_suggestsource_pick",
            )
        ]

    def __str__(self):
        return f"{self.document_id}: {self.text}"


class SuggestionTerm(models.Model):
    """One suggestion text and where it exists (``search.suggestions``)."""

    text = models.CharField(max_length=200, unique=True)
    kind = models.PositiveSmallIntegerField()
    regions = ArrayField(models.CharField(max_length=6), default=list)  # implementing regions
    under = ArrayField(models.CharField(max_length=6), default=list)  # + their ancestors
    pinyin = SearchVectorField()  # pinyin lexemes (full, initials) of the text and its words
    # the implementation code a suggestion leads to, per wide scope ("" the platform, a province
    # or city code, "own:<province>" its own rows): search.suggestions, migration 0015
    picks = models.JSONField(default=dict)
    # per region where it exists: the pick among its rows and its ancestors' (a county host)
    chain_picks = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(
                fields=["text"], name="search_suggestterm_prefix", opclasses=["varchar_pattern_ops"]
            ),
            GinIndex(fields=["pinyin"], name="search_suggestterm_pinyin", fastupdate=False),
        ]

    def __str__(self):
        return self.text


class SuggestionPrefix(models.Model):
    """A prefix (up to ``suggestions.PREFIX_MAX`` characters) of a suggestion term's text or of
    one of its pinyin lexemes, kept in step with ``search_suggestionterm`` by a trigger
    (migration 0010): a keystroke reads the terms of its prefix in suggestion order."""

    prefix = models.CharField(max_length=20)
    pinyin = models.BooleanField()  # a prefix of a pinyin lexeme, else of the text
    kind = models.PositiveSmallIntegerField()
    length = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(
                fields=["prefix", "pinyin", "kind", "length", "text"],
                name="search_suggestprefix_order",
            ),
            models.Index(fields=["text"], name="search_suggestprefix_text"),
        ]

    def __str__(self):
        return f"{self.prefix} → {self.text}"


class SearchMatter(models.Model):
    """A matter of a province: the candidate lexemes of all its documents (``search.matters``)."""

    province_code = models.CharField(max_length=6)
    basic_code = models.CharField(max_length=12)
    vector = SearchVectorField()  # stripped: the lexemes of the documents' fields A-C
    pinyin = SearchVectorField()  # stripped: their pinyin lexemes

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["basic_code", "province_code"], name="search_matter_unique"
            )
        ]
        # the province leads (btree_gin), as in the documents' candidate indexes
        indexes = [
            GinIndex(
                fields=["province_code", "vector"], name="search_matter_words", fastupdate=False
            ),
            GinIndex(
                fields=["province_code", "pinyin"], name="search_matter_pinyin", fastupdate=False
            ),
        ]

    def __str__(self):
        return f"{self.province_code}: {self.basic_code}"


class CommonWord(models.Model):
    """A lexeme in so many documents that it only ranks (``search.common``)."""

    word = models.CharField(max_length=200, primary_key=True)
    documents = models.IntegerField()

    def __str__(self):
        return self.word
