"""`manage.py person_add`: add a person to a partnership, for administrators.

    manage.py person_add EMAIL --name "Full Name" --partnership SLUG \
        --agency "Agency name" --role business-manager [--role ...]

The person is created if new, with no usable password: they are given one with
`manage.py changepassword EMAIL`. Both steps are services, so both are audited.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from masa.core import services
from masa.core.errors import ServiceError
from masa.core.models import Agency, Partnership, Person, Role


class Command(BaseCommand):
    help = "Add a person to a partnership through an agency, with roles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="The person's full name.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--agency", required=True, help="The agency's name, as in the admin.")
        parser.add_argument("--role", action="append", default=[], help="A role slug; repeat.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            slugs = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No partnership {options['partnership']!r} (there are: {slugs}).")
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency called {options['agency']!r}. Add it in the admin.")
        roles = list(Role.objects.filter(slug__in=options["role"]))
        missing = set(options["role"]) - {role.slug for role in roles}
        if missing:
            known = ", ".join(Role.objects.values_list("slug", flat=True))
            raise CommandError(f"Unknown role {', '.join(sorted(missing))} (roles: {known}).")
        email = options["email"].strip().lower()
        try:
            with transaction.atomic():
                person = Person.objects.filter(email__iexact=email).first()
                if person is None:
                    person = services.person_create(
                        actor=None, email=email, full_name=options["name"]
                    )
                services.membership_create(
                    actor=None, person=person, partnership=partnership, agency=agency, roles=roles
                )
        except ServiceError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{person.email} is now in {partnership} through {agency}.")
        if not person.has_usable_password():
            self.stdout.write(f"Give them a password with: manage.py changepassword {person.email}")
