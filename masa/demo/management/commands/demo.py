"""`manage.py demo`: create the demo partnerships Northbridge and Southmoor.

manage.py demo                 build (or bring up to date) the demo data
manage.py demo --list-users    print the demo people, tab-separated
manage.py demo --totp EMAIL    print a demo person's current security code (development only)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from rich.console import Console
from rich.progress import Progress

from masa.core.models import Membership
from masa.demo import build, people


class Command(BaseCommand):
    help = "Create the demo partnerships (deterministic and idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list-users",
            action="store_true",
            help="Print the demo people as tab-separated email, partnership, agency, roles.",
        )
        parser.add_argument(
            "--totp",
            metavar="EMAIL",
            help="Print the current security code of a demo person (development mode only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["totp"]:
            self.print_totp(options["totp"])
        elif options["list_users"]:
            self.list_users()
        else:
            console = Console(stderr=True)
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("Building the demo", total=None)
                build.build(lambda step: progress.update(task, description=step))
            console.print("Demo partnerships ready: Northbridge and Southmoor.")

    def list_users(self) -> None:
        emails = [person.email for person in people.PEOPLE]
        memberships = (
            Membership.objects.filter(person__email__in=emails)
            .select_related("person", "partnership", "agency")
            .prefetch_related("roles")
            .order_by("partnership__slug", "person__email")
        )
        for membership in memberships:
            roles = ", ".join(sorted(role.name for role in membership.roles.all()))
            self.stdout.write(
                "\t".join(
                    [
                        membership.person.email,
                        membership.partnership.name,
                        membership.agency.name,
                        roles,
                    ]
                )
            )
        if settings.DEV:
            self.stdout.write("")
            self.stdout.write(f"# Every demo person's password: {people.DEMO_PASSWORD}")
            self.stdout.write("# Roles that see identifiable records also need a security code:")
            self.stdout.write("#   MASA_DEV=1 .venv/bin/python manage.py demo --totp EMAIL")

    def print_totp(self, email: str) -> None:
        if not settings.DEV:
            raise CommandError(
                "Security codes for demo people are shown in development mode only (MASA_DEV=1)."
            )
        if email not in {person.email for person in people.PEOPLE}:
            raise CommandError(f"{email} is not a demo person. Run `manage.py demo --list-users`.")
        totp = TOTP(bytes.fromhex(build.demo_totp_key(email)))
        self.stdout.write(f"{totp.token():06d}")
