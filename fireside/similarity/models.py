"""The shared near-duplicate index (three tables behind ``DatabaseShingleStore``) and each story's stored check.

The index tables hold integers only: a story's token hashes packed into one binary column, its fingerprints
as (fingerprint, story) postings with an index on the fingerprint, and how many stories contain each token.
They are keyed by the story's page id as a plain integer, not a foreign key, so the benchmark can fill them
without pages; ``fireside.similarity.signals`` removes a story's rows when its page is deleted.
"""

from django.db import models


class IndexedDocument(models.Model):
    """One story in the index: its token hashes, little-endian uint32 each (``array('I')`` bytes)."""

    doc_id = models.BigIntegerField(primary_key=True)
    scheme = models.PositiveSmallIntegerField()
    tokens = models.BinaryField()

    class Meta:
        db_table = "similarity_document"

    def __str__(self) -> str:
        return f"indexed story {self.doc_id}"


class Fingerprint(models.Model):
    """A posting: story ``doc_id`` contains the sampled shingle ``fingerprint`` (63-bit, never negative)."""

    pk = models.CompositePrimaryKey("fingerprint", "doc_id")
    fingerprint = models.BigIntegerField()
    doc_id = models.BigIntegerField()

    class Meta:
        db_table = "similarity_fingerprint"
        # The primary key (fingerprint, doc_id) serves the candidate lookup; this one serves removals.
        indexes = [models.Index(fields=["doc_id"], name="similarity_fp_doc")]

    def __str__(self) -> str:
        return f"{self.fingerprint} in {self.doc_id}"


class TokenFrequency(models.Model):
    """How many indexed stories contain a token (uint32 hash): the IDF of the TF-IDF similarity."""

    token = models.BigIntegerField(primary_key=True)
    df = models.PositiveIntegerField()

    class Meta:
        db_table = "similarity_token_df"

    def __str__(self) -> str:
        return f"token {self.token} in {self.df} stories"


class IndexState(models.Model):
    """A single row counting the indexed stories, so a query need not count the document table."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "similarity_state"

    def __str__(self) -> str:
        return f"{self.documents} stories indexed"


class Verdict(models.TextChoices):
    COPY = "copy", "Possible copy"
    REVIEW = "review", "Worth a look"
    CLEAR = "clear", "No similar stories"


class CheckSource(models.TextChoices):
    SUBMISSION = "submission", "Reader submission"
    IMPORT = "import", "Import"
    EDIT = "edit", "Editor's save"
    REBUILD = "rebuild", "Rebuild"


class SimilarityCheck(models.Model):
    """The last check of a story against the rest of the archive, stored so page loads never recompute it.

    ``coverage`` is the share of the story's (or the matched story's, whichever is larger) words inside
    passages that line up with the other story; ``containment`` the share of exact three-word phrases.
    """

    story = models.OneToOneField(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="similarity_check", primary_key=True
    )
    matched_story = models.ForeignKey(
        "stories.StoryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default=Verdict.CLEAR)
    coverage = models.FloatField(default=0.0)
    containment = models.FloatField(default=0.0)
    source = models.CharField(max_length=12, choices=CheckSource.choices, default=CheckSource.EDIT)
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = "similarity check"

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.story_id})"

    @property
    def share_percent(self) -> int:
        """The matching share as a whole percentage, never 0 for a flagged story (rounds 0.4% up to 1%)."""
        return max(1, round(self.coverage * 100)) if self.verdict != Verdict.CLEAR else 0
