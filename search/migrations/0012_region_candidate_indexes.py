"""The candidate and pinyin GIN indexes lead with the region code (btree_gin).

A county's search (its chain: county, city, province) read the word's postings of all regions
from the GIN index and ANDed them with a btree scan of the chain's documents (~5,000 of each
for 营业执照 at 200,000 guides: 3.3 ms); with the region code in the same GIN index the
intersection happens inside it (0.7 ms). Conditions on the words alone (platform, and below a
province or city) use the same index. bench/RESULTS.md, issue 12."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0011_title_statistics"),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.AddIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                models.F("region_code"),
                models.Func(
                    models.F("vector"),
                    models.Value("{a,b,c}"),
                    function="ts_filter",
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
                fastupdate=False,
                name="search_doc_region_candidates",
            ),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["region_code", "pinyin"], name="search_doc_region_pinyin"
            ),
        ),
        migrations.RemoveIndex(model_name="searchdocument", name="search_doc_pinyin_gin"),
        migrations.RemoveIndex(model_name="searchdocument", name="search_doc_candidates_gin"),
    ]
