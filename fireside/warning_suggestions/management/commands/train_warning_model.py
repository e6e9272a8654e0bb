"""``manage.py train_warning_model``: retrain content-warning suggestions with this site's editors' decisions."""

from django.core.management.base import BaseCommand

from fireside.warning_suggestions.services import warning_model_train


class Command(BaseCommand):
    help = (
        "Retrain the content-warning model on the shipped labelled data plus editors' accepted and rejected "
        "suggestions, store it in the database for every app process, and print held-out figures before and after."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Train and print the figures, but keep the model in use."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        report = warning_model_train(store=not dry_run)
        out = self.stdout
        out.write(
            f"Trained on {report.examples} examples ({report.decisions} editors' decisions) in {report.seconds:.1f}s."
        )
        before, after = report.before.micro, report.after.micro
        out.write(f"Held-out ({report.after.texts} texts, never trained on):")
        out.write(f"  before  P {before.precision:.3f}  R {before.recall:.3f}  micro-F1 {before.f1:.3f}")
        out.write(f"  after   P {after.precision:.3f}  R {after.recall:.3f}  micro-F1 {after.f1:.3f}")
        if report.decisions:
            out.write(
                f"Editors' decisions the model agrees with: {report.decisions_agreed_before}/{report.decisions} "
                f"before, {report.decisions_agreed_after}/{report.decisions} after (these were trained on)."
            )
        out.write("Per label after training:\n" + report.after.table())
        if report.stored is not None:
            out.write(
                self.style.SUCCESS(f"Stored as site model #{report.stored.pk}; app processes use it now.")
            )
        else:
            out.write("Dry run: nothing stored.")
