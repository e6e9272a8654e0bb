"""The fixed content-warning vocabulary.

Pure data, no Django imports: the story models seed their ``ContentWarning`` snippets from it, and the text
analysis (which must stay framework-free) suggests labels from the same list. Editors can add more warnings
as snippets in the admin; those extra ones are not known to the analysis until it is retrained.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WarningTerm:
    slug: str
    label: str
    description: str


VOCABULARY: tuple[WarningTerm, ...] = (
    WarningTerm(
        "pregnancy-loss", "Pregnancy loss", "Miscarriage, stillbirth or the end of a wanted pregnancy."
    ),
    WarningTerm("infertility", "Infertility", "Trying and failing to conceive, fertility treatment."),
    WarningTerm("infidelity", "Infidelity", "An affair, a partner's cheating or its discovery."),
    WarningTerm("abandonment", "Abandonment", "A parent, partner or carer walking out or cutting contact."),
    WarningTerm("divorce", "Divorce", "Separation, divorce proceedings, custody disputes."),
    WarningTerm("death-and-grief", "Death and grief", "The death of someone close, bereavement, mourning."),
    WarningTerm(
        "domestic-abuse", "Domestic abuse", "Physical, emotional, financial or coercive abuse at home."
    ),
    WarningTerm("self-harm", "Self-harm", "Hurting oneself, suicidal thoughts."),
    WarningTerm("addiction", "Addiction", "Alcohol, drug or gambling dependence and recovery."),
    WarningTerm("sexual-violence", "Sexual violence", "Sexual assault, rape or harassment."),
)

SLUGS: frozenset[str] = frozenset(term.slug for term in VOCABULARY)
