"""Retraining from editors' decisions: stored for every process, used by the service, measurably moved."""

from io import StringIO

import pytest

from django.core.management import call_command

from fireside.textanalysis.warnings import default_model
from fireside.warning_suggestions.models import SiteWarningModel, Source
from fireside.warning_suggestions.selectors import current_model, suggestions_for_text
from fireside.warning_suggestions.services import decision_examples, warning_decision_record
from fireside.warning_suggestions.tests.conftest import BETTING_BODY, CONTROL_BODY

pytestmark = pytest.mark.django_db

# Like the decided texts, never the same words: what the site model learned should carry over.
LIKE_CONTROL = "Every night he went through my texts and told me which of my friends I could see."
LIKE_BETTING = (
    "Most Saturdays ended at the betting shop, and I told my husband the money had gone on the boiler."
)


def score(model, text, label):
    return float(model.scores(text)[0][model.labels.index(label)])


def test_training_with_decisions_moves_the_model_and_the_site_uses_it(make_story, editor):
    control = make_story(body=CONTROL_BODY)
    betting = make_story(body=BETTING_BODY)
    # The shipped model reads controlling behaviour as infidelity; an editor disagrees. It is right about betting.
    assert "infidelity" in [s.slug for s in suggestions_for_text(LIKE_CONTROL).items]
    warning_decision_record(
        story=control, label="infidelity", decision="rejected", editor=editor, source=Source.PAGE_EDITOR
    )
    warning_decision_record(
        story=betting, label="addiction", decision="accepted", editor=editor, source=Source.PAGE_EDITOR
    )
    examples = decision_examples()
    assert {(e.only, e.labels) for e in examples} == {
        (frozenset({"infidelity"}), frozenset()),
        (frozenset({"addiction"}), frozenset({"addiction"})),
    }

    out = StringIO()
    call_command("train_warning_model", stdout=out)
    printed = out.getvalue()
    assert "2 editors' decisions" in printed
    assert "before  P" in printed and "after   P" in printed and "micro-F1" in printed
    stored = SiteWarningModel.objects.get()
    assert stored.decisions == 2 and stored.heldout_after["f1"] > 0.7  # retraining did not wreck the model
    assert f"micro-F1 {stored.heldout_before['f1']:.3f}" in printed

    key, site = current_model()
    assert key == f"site-{stored.pk}"
    shipped = default_model()
    assert score(site, LIKE_CONTROL, "infidelity") < score(shipped, LIKE_CONTROL, "infidelity") - 0.01
    assert score(site, LIKE_BETTING, "addiction") > score(shipped, LIKE_BETTING, "addiction") + 0.01
    # Labels nobody decided on barely move.
    assert abs(score(site, LIKE_BETTING, "divorce") - score(shipped, LIKE_BETTING, "divorce")) < 0.05
    assert suggestions_for_text(LIKE_CONTROL).model_key == key

    # A newer model stored by another process replaces this process's copy on the next read.
    newer = SiteWarningModel.objects.create(
        weights=shipped.to_json(), examples=1, decisions=0, heldout_before={}, heldout_after={}
    )
    assert current_model()[0] == f"site-{newer.pk}"
