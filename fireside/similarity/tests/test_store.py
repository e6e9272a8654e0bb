"""The database store gives exactly the memory store's answers, and every process sees one shared index."""

import pytest

from fireside.similarity.models import Fingerprint, IndexedDocument, TokenFrequency
from fireside.similarity.store import DatabaseShingleStore, pack_tokens, unpack_tokens
from fireside.textanalysis.duplicates import MemoryShingleStore, NearDuplicateIndex, ShingleStore
from fireside.textanalysis.tests.spinner import make_variants

pytestmark = pytest.mark.django_db

# A fixed sample of premises: both splits, so parity is not tuned to what the thresholds were tuned on.
SAMPLE = ["o01", "o04", "o07", "o12", "o19", "o25", "o30", "o33"]


def _ids(corpus: dict[str, dict]) -> dict[str, int]:
    return {key: n for n, key in enumerate(sorted(corpus), start=1)}


@pytest.fixture
def both(corpus):
    ids = _ids(corpus)
    memory, database = NearDuplicateIndex(MemoryShingleStore()), NearDuplicateIndex(DatabaseShingleStore())
    for key, story in sorted(corpus.items()):
        memory.add(ids[key], story["text"])
        database.add(ids[key], story["text"])
    return memory, database


def test_database_store_implements_the_protocol():
    assert isinstance(DatabaseShingleStore(), ShingleStore)


def test_token_packing_round_trips_full_uint32_range():
    tokens = [0, 1, 2**31, 2**32 - 1, 12345]
    assert list(unpack_tokens(pack_tokens(tokens))) == tokens
    assert list(unpack_tokens(memoryview(pack_tokens(tokens)))) == tokens


def test_queries_give_identical_results_to_the_memory_store(both, corpus):
    memory, database = both
    assert len(memory) == len(database) == len(corpus)
    queries = []
    for key in SAMPLE:
        story = corpus[key]
        queries.append(story["text"])
        queries.extend(v.text for v in make_variants(story["text"], story["names"], seed="parity"))
        queries.extend(s["text"] for s in corpus.values() if s.get("premise_of") == key)
    compared = flagged = 0
    for text in queries:
        expected = memory.query(text, limit=10)
        assert database.query(text, limit=10) == expected
        compared += 1
        flagged += sum(m.verdict != "different" for m in expected)
    assert compared >= 80 and flagged >= 60  # the sample really exercises copies, not just empty answers


def test_excluding_itself_and_document_frequencies_match(both, corpus):
    memory, database = both
    ids = _ids(corpus)
    text = corpus["o04"]["text"]
    assert database.query(text, exclude={ids["o04"]}) == memory.query(text, exclude={ids["o04"]})
    tokens = set(database.store.tokens(ids["o04"]))
    assert dict(database.store.document_frequencies(tokens)) == dict(
        memory.store.document_frequencies(tokens)
    )


def test_replace_and_remove_keep_the_tables_consistent(both, corpus):
    memory, database = both
    ids = _ids(corpus)
    before = TokenFrequency.objects.count()
    database.add(ids["o04"], corpus["o07"]["text"])  # replace o04's text with o07's
    memory.add(ids["o04"], corpus["o07"]["text"])
    text = corpus["o07"]["text"]
    # Two stored stories now have the same text: a tie, which the stores may list in either order.
    assert sorted(database.query(text), key=repr) == sorted(memory.query(text), key=repr)
    assert database.remove(ids["o04"]) and memory.remove(ids["o04"])
    assert not database.remove(ids["o04"])
    assert ids["o04"] not in database.store and len(database) == len(corpus) - 1
    assert not Fingerprint.objects.filter(doc_id=ids["o04"]).exists()
    assert not TokenFrequency.objects.filter(df__lte=0).exists()
    assert TokenFrequency.objects.count() <= before
    assert database.query(text) == memory.query(text)


def test_two_index_instances_over_one_database_see_each_others_additions(corpus):
    # Nothing lives in the process: a second index object (as in another app process) reads the same rows.
    writer = NearDuplicateIndex(DatabaseShingleStore())
    reader = NearDuplicateIndex(DatabaseShingleStore())
    assert reader.query(corpus["o12"]["text"]) == []
    writer.add(501, corpus["o12"]["text"])
    assert 501 in reader and len(reader) == 1
    assert [(m.doc_id, m.verdict) for m in reader.query(corpus["o12"]["text"])] == [(501, "copy")]
    reader.remove(501)
    assert 501 not in writer and writer.query(corpus["o12"]["text"]) == []
    assert IndexedDocument.objects.count() == 0


def test_string_ids_are_refused():
    with pytest.raises(TypeError):
        NearDuplicateIndex(DatabaseShingleStore()).add("o01", "some words here and there again")
    assert "o01" not in DatabaseShingleStore()


def test_add_many_equals_one_by_one(corpus):
    ids = _ids(corpus)
    bulk = NearDuplicateIndex(DatabaseShingleStore())
    bulk.add_many((ids[k], s["text"]) for k, s in corpus.items())
    memory = NearDuplicateIndex(MemoryShingleStore())
    for k, s in corpus.items():
        memory.add(ids[k], s["text"])
    for key in SAMPLE[:3]:
        assert bulk.query(corpus[key]["text"]) == memory.query(corpus[key]["text"])
