"""`python manage.py generate_bench_data`: a large, realistic data set for load tests."""

from django.core.management.base import BaseCommand, CommandError

from home.bench_data import SEED_REPLIES, generate_bench_data


class Command(BaseCommand):
    help = (
        "Add members, question pages, replies (with topics and helpful marks) and panel "
        f"sessions with applications, for benchmarks. The seed question gets {SEED_REPLIES} "
        "published replies. Loads the demo first when there is no question index. Running it "
        "again adds another set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=2000)
        parser.add_argument("--replies", type=int, default=40000)
        parser.add_argument("--members", type=int, default=5000)
        parser.add_argument("--sessions", type=int, default=200)
        parser.add_argument(
            "--seed", type=int, default=None, help="random seed, for the same data set twice"
        )
        parser.add_argument(
            "--no-search-index",
            action="store_false",
            dest="search_index",
            help="skip adding the replies to the search index (faster; search finds none)",
        )

    def handle(self, *args, questions, replies, members, sessions, seed, search_index, **options):
        for name, value in (
            ("questions", questions),
            ("replies", replies),
            ("members", members),
            ("sessions", sessions),
        ):
            if value < 0:
                raise CommandError(f"--{name} must be 0 or more, not {value}.")
        result = generate_bench_data(
            questions=questions,
            replies=replies,
            members=members,
            sessions=sessions,
            seed=seed,
            search_index=search_index,
            progress=self.stdout.write,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.members} members, {result.questions} questions, "
                f"{result.replies} replies, {result.helpful_marks} helpful marks, "
                f"{result.panels} panels with {result.sessions} sessions and "
                f"{result.registrations} applications "
                f"in {sum(result.timings.values()):.1f}s."
            )
        )
        if result.seed_question_url:
            self.stdout.write(f"  Seed question: {result.seed_question_url}")
