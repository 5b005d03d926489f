"""Reading a Children in Need census XML file, child by child, safely.

The file is streamed with lxml's `iterparse`: each `Child` is read when its end tag
arrives and then cleared, with the siblings already read, so memory stays flat
whatever the size of the file.

Refused whole (`CensusRefused`, naming the line where there is one):

* anything that is not well-formed XML;
* a document type declaration (`<!DOCTYPE`): census files never have one, and its
  entity declarations are how "billion laughs" bombs and external entities (reading
  the server's files or the network) get in. Entities are never resolved, no DTD or
  network resource is loaded, and libxml2's own limits stay on (`huge_tree=False`:
  no text node over 10,000,000 characters, no nesting deeper than 256);
* a root element other than `Message` with no namespace (census files have none), or
  a Header or Child in a namespace (refused naming it, not as a file with no children);
* a header that is not a CIN collection or has no census year;
* a file with no children in it.

Refused child by child (`Problem`: the LAchildID or the child's position, the line
and why), the rest of the file kept:

* no LAchildID, or one longer than 20 characters;
* no CINdetails, or a CINdetails with no CINreferralDate;
* a date that is not a real YYYY-MM-DD date;
* a code outside a closed code set (referral source, primary need, reason for
  closure, category of abuse, factors at assessment, disability, ethnicity, sex);
* a yes/no that is not true/false/1/0, or a number of previous plans that is not one;
* any value we read that is longer than `MAX_VALUE` characters.

Both `Sex` (M/F/U, from 2024-25) and the older `GenderCurrent` (1/2/0/9) are read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from lxml import etree

from masa.insight.cin.indicators import (
    CATEGORIES,
    CLOSURE_REASONS,
    DISABILITIES,
    ETHNICITIES,
    FACTOR_SET,
    GENDERS_CURRENT,
    PRIMARY_NEEDS,
    REFERRAL_SOURCES,
    SEXES,
    Assessment,
    Child,
    CinPlanDates,
    Episode,
    ProtectionPlan,
    Section47,
)

MAX_VALUE = 100
"""The longest value read from the file: the longest the census defines is 20 (LAchildID)."""
MAX_CHILD_ID = 20
CATEGORY_SET = frozenset(CATEGORIES)
_TRUE = {"true": True, "1": True, "false": False, "0": False}


class CensusRefused(Exception):
    """The whole file is refused; the message says why, for the person who sent it."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Header:
    year: int
    reference_date: datetime.date | None
    la_code: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A child refused, and why."""

    position: int
    la_child_id: str
    line: int | None
    reason: str

    @property
    def child(self) -> str:
        """How a person finds the record: its LAchildID, or its place in the file."""
        return self.la_child_id or f"Child number {self.position:,}"

    def as_json(self) -> dict[str, Any]:
        return {"child": self.child, "line": self.line, "reason": self.reason}


class _Bad(Exception):
    """One child's record cannot be used."""


def _syntax_refusal(error: etree.XMLSyntaxError) -> CensusRefused:
    line = error.lineno or None
    message = str(error.msg or error)
    lowered = message.lower()
    where = f" (line {line:,})" if line else ""
    if "huge text node" in lowered or "huge input" in lowered or "too long" in lowered:
        return CensusRefused(
            f"The file has a value that is far too long{where}. Nothing was imported.",
            line=line,
        )
    if "entity" in lowered or "amplification" in lowered:
        return CensusRefused(
            f"The file uses XML entities{where}, which census files never do and which can "
            "be used to attack the server. Nothing was imported.",
            line=line,
        )
    if "document is empty" in lowered or "start tag expected" in lowered:
        return CensusRefused("The file is not XML. Nothing was imported.", line=line)
    return CensusRefused(
        f"The file is not well-formed XML at line {line:,}: {message}. Nothing was imported."
        if line
        else f"The file is not well-formed XML: {message}. Nothing was imported.",
        line=line,
    )


def _local(tag: str) -> tuple[str, str]:
    """`{namespace}name` → (namespace, name)."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


class CensusReader:
    """Iterate over a census file: `Child` for each child read, `Problem` for each refused.

    `header` is set once the Header has been read (before the first child). Raises
    `CensusRefused` when the whole file is refused, at the point it is found.
    """

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.header: Header | None = None
        self.children_seen = 0
        self._dates: dict[str, datetime.date] = {}
        self._current = ""  # the LAchildID of the child being read
        self._children: Any = None  # the Message/Children element, once seen

    def __iter__(self) -> Iterator[Child | Problem]:
        context = etree.iterparse(
            self.source,
            events=("start", "end"),
            tag=("{*}Message", "{*}Header", "{*}Child"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        checked = False
        try:
            for event, element in context:
                if not checked:
                    self._check_document(element)
                    checked = True
                if event == "start":
                    continue
                tag = element.tag
                if tag == "Child":
                    yield self._read_child(element)
                elif tag == "Header":
                    self.header = read_header_element(element)
                else:
                    self._check_namespace(str(tag), element.sourceline)
            if not checked:
                root = context.root
                self._check_root(root.tag if root is not None else "", None)
        except etree.XMLSyntaxError as error:
            raise _syntax_refusal(error) from None
        if self.header is None:
            raise CensusRefused("The file has no Header. Nothing was imported.")
        if self.children_seen == 0:
            raise CensusRefused("The file has no children in it. Nothing was imported.")

    # --- the document ------------------------------------------------------------------

    def _check_document(self, element: Any) -> None:
        tree = element.getroottree()
        docinfo = tree.docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            entities = (
                list(docinfo.internalDTD.iterentities()) if docinfo.internalDTD is not None else []
            )
            what = "declares XML entities" if entities else "has a document type declaration"
            raise CensusRefused(
                f"The file {what} (<!DOCTYPE>). Census files never have one, and it can be "
                "used to attack the server. Nothing was imported.",
                line=1,
            )
        root = tree.getroot()
        self._check_root(root.tag, root.sourceline)

    @staticmethod
    def _check_root(tag: str, line: int | None) -> None:
        namespace, name = _local(str(tag))
        if namespace:
            raise CensusRefused(
                f"The file's root element is in the namespace {namespace!r}. A CIN census "
                "file's Message element has no namespace. Nothing was imported.",
                line=line,
            )
        if name != "Message":
            raise CensusRefused(
                f"The file's root element is <{name}>, not <Message>: it is not a CIN "
                "census file. Nothing was imported.",
                line=line,
            )

    @staticmethod
    def _check_namespace(tag: str, line: int | None) -> None:
        """A Header or Child in a namespace (the root's was checked): refused naming the
        namespace found, rather than read as a file with no header or no children."""
        namespace, name = _local(tag)
        if namespace:
            raise CensusRefused(
                f"The file's <{name}> element is in the namespace {namespace!r}, but a CIN "
                "census file's elements have no namespace (expected no namespace, found "
                f"{namespace!r}). Nothing was imported.",
                line=line,
            )

    # --- one child ------------------------------------------------------------------------
    #
    # The hot path: each value is read once as text and checked against a cache of the
    # dates already seen or the closed code set; only an unusual value (spaces around
    # it, a new date, a code outside the set) takes the slower, careful path.

    def _read_child(self, element: Any) -> Child | Problem:
        self.children_seen += 1
        position = self.children_seen
        line = element.sourceline
        parent = element.getparent()
        self._current = ""
        try:
            if self.header is None:
                raise CensusRefused(
                    "The file's children come before its Header. Nothing was imported.",
                    line=line,
                )
            if parent is not self._children:  # checked once, for the first child
                grandparent = parent.getparent() if parent is not None else None
                if (
                    parent is None
                    or parent.tag != "Children"
                    or grandparent is None
                    or grandparent.getparent() is not None
                ):
                    raise _Bad("it is not inside Message/Children")
                self._children = parent
            return self._child(element)
        except _Bad as bad:
            return Problem(position, self._current, line, str(bad))
        finally:
            # Let go of what has been read, so memory stays flat.
            element.clear(keep_tail=True)
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]

    @staticmethod
    def _text(tag: str, text: str | None) -> str | None:
        if text is None:
            return None
        text = text.strip()
        if not text:
            return None
        if len(text) > MAX_VALUE:
            raise _Bad(
                f"{tag} is {len(text):,} characters long; no census value is longer "
                f"than {MAX_VALUE}"
            )
        return text

    def _date(self, tag: str, text: str | None) -> datetime.date | None:
        if text is None:
            return None
        day = self._dates.get(text)
        if day is not None:
            return day
        clean = self._text(tag, text)
        if clean is None:
            return None
        written = len(clean) == 10 and clean[4] == clean[7] == "-"
        if not (written and clean.replace("-", "").isascii() and clean.replace("-", "").isdigit()):
            raise _Bad(f"{tag} {clean!r} is not a date written YYYY-MM-DD")
        try:
            day = datetime.date.fromisoformat(clean)
        except ValueError:  # written right, but no such day (30 February)
            raise _Bad(f"{tag} {clean!r} is not a real date") from None
        self._dates[text] = day
        return day

    def _code(self, tag: str, text: str | None, allowed: frozenset[str]) -> str:
        if text is None:
            return ""
        if text in allowed:
            return text
        clean = self._text(tag, text)
        if clean is None:
            return ""
        if clean not in allowed:
            raise _Bad(f"{tag} {clean!r} is not a code the census uses")
        return clean

    def _codes(self, element: Any, allowed: frozenset[str]) -> tuple[str, ...]:
        """The codes listed under `element` (Disabilities, FactorsIdentifiedAtAssessment)."""
        codes = tuple([part.text for part in element])
        if allowed.issuperset(codes):
            return codes
        checked = (self._code(part.tag, part.text, allowed) for part in element)
        return tuple(code for code in checked if code)

    def _yes_no(self, tag: str, text: str | None) -> bool:
        answer = _TRUE.get(text)  # type: ignore[arg-type]
        if answer is not None:
            return answer
        clean = self._text(tag, text)
        if clean is None:
            return False
        answer = _TRUE.get(clean.lower())
        if answer is None:
            raise _Bad(f"{tag} {clean!r} is not true, false, 1 or 0")
        return answer

    def _child(self, element: Any) -> Child:
        identifiers: Any = None
        characteristics: Any = None
        details: list[Any] = []
        for part in element:
            tag = part.tag
            if tag == "CINdetails":
                details.append(part)
            elif tag == "ChildIdentifiers":
                identifiers = part
            elif tag == "ChildCharacteristics":
                characteristics = part
        ids = {part.tag: part.text for part in identifiers} if identifiers is not None else {}
        la_child_id = (ids.get("LAchildID") or "").strip()
        if not la_child_id:
            raise _Bad("it has no LAchildID")
        if len(la_child_id) > MAX_CHILD_ID:
            raise _Bad(f"its LAchildID is longer than {MAX_CHILD_ID} characters")
        self._current = la_child_id
        child = Child(
            la_child_id,
            self._date("PersonBirthDate", ids.get("PersonBirthDate")),
            self._date("ExpectedPersonBirthDate", ids.get("ExpectedPersonBirthDate")),
            self._sex(ids),
        )
        if characteristics is not None:
            for part in characteristics:
                tag = part.tag
                if tag == "Ethnicity":
                    child.ethnicity = self._code(tag, part.text, ETHNICITIES)
                elif tag == "Disabilities":
                    child.disabilities = self._codes(part, DISABILITIES)
        if not details:
            raise _Bad("it has no CINdetails")
        child.episodes = [self._episode(part) for part in details]
        return child

    def _sex(self, ids: dict[str, str | None]) -> str:
        sex = SEXES.get(ids.get("Sex"))  # type: ignore[arg-type]
        if sex is not None:
            return sex
        text = self._text("Sex", ids.get("Sex"))
        if text is not None:
            sex = SEXES.get(text.upper()) or GENDERS_CURRENT.get(text)
            if sex is None:
                raise _Bad(f"Sex {text!r} is not M, F or U")
            return sex
        text = self._text("GenderCurrent", ids.get("GenderCurrent"))
        if text is not None:
            sex = GENDERS_CURRENT.get(text)
            if sex is None:
                raise _Bad(f"GenderCurrent {text!r} is not 1, 2, 0 or 9")
            return sex
        return ""

    def _episode(self, element: Any) -> Episode:
        leaves: dict[str, str | None] = {}
        assessments: list[Assessment] = []
        cin_plans: list[CinPlanDates] = []
        section47s: list[Section47] = []
        protection_plans: list[ProtectionPlan] = []
        for part in element:
            tag = part.tag
            if tag == "Assessments":
                assessments.append(self._assessment(part))
            elif tag == "CINPlanDates":
                cin_plans.append(self._cin_plan(part))
            elif tag == "Section47":
                section47s.append(self._section47(part))
            elif tag == "ChildProtectionPlans":
                protection_plans.append(self._protection_plan(part))
            else:
                leaves[tag] = part.text
        get = leaves.get
        referral = self._date("CINreferralDate", get("CINreferralDate"))
        if referral is None:
            raise _Bad("a CINdetails has no CINreferralDate")
        return Episode(
            referral,
            self._code("ReferralSource", get("ReferralSource"), REFERRAL_SOURCES),
            self._code("PrimaryNeedCode", get("PrimaryNeedCode"), PRIMARY_NEEDS),
            self._date("CINclosureDate", get("CINclosureDate")),
            self._code("ReasonForClosure", get("ReasonForClosure"), CLOSURE_REASONS),
            self._yes_no("ReferralNFA", get("ReferralNFA")),
            self._date("DateOfInitialCPC", get("DateOfInitialCPC")),
            assessments,
            cin_plans,
            section47s,
            protection_plans,
        )

    def _assessment(self, element: Any) -> Assessment:
        start: datetime.date | None = None
        authorised: datetime.date | None = None
        factors: tuple[str, ...] = ()
        for part in element:
            tag = part.tag
            if tag == "AssessmentAuthorisationDate":
                authorised = self._date(tag, part.text)
            elif tag == "AssessmentActualStartDate":
                start = self._date(tag, part.text)
            elif tag == "FactorsIdentifiedAtAssessment":
                factors = self._codes(part, FACTOR_SET)
        return Assessment(start, authorised, factors)

    def _cin_plan(self, element: Any) -> CinPlanDates:
        get = {part.tag: part.text for part in element}.get
        return CinPlanDates(
            self._date("CINPlanStartDate", get("CINPlanStartDate")),
            self._date("CINPlanEndDate", get("CINPlanEndDate")),
        )

    def _section47(self, element: Any) -> Section47:
        get = {part.tag: part.text for part in element}.get
        return Section47(
            self._date("S47ActualStartDate", get("S47ActualStartDate")),
            self._date("InitialCPCtarget", get("InitialCPCtarget")),
            self._date("DateOfInitialCPC", get("DateOfInitialCPC")),
            self._yes_no("ICPCnotRequired", get("ICPCnotRequired")),
        )

    def _protection_plan(self, element: Any) -> ProtectionPlan:
        get = {part.tag: part.text for part in element}.get
        previous: int | None = None
        text = self._text("NumberOfPreviousCPP", get("NumberOfPreviousCPP"))
        if text is not None:
            if not text.isdigit() or len(text) > 3:
                raise _Bad(f"NumberOfPreviousCPP {text!r} is not a whole number")
            previous = int(text)
        return ProtectionPlan(
            self._date("CPPstartDate", get("CPPstartDate")),
            self._date("CPPendDate", get("CPPendDate")),
            self._code("InitialCategoryOfAbuse", get("InitialCategoryOfAbuse"), CATEGORY_SET),
            self._code("LatestCategoryOfAbuse", get("LatestCategoryOfAbuse"), CATEGORY_SET),
            previous,
        )


# --- the header ----------------------------------------------------------------------------


def read_header_element(element: Any) -> Header:
    """The census year, reference date and LA code from a `Header` element."""
    collection = (element.findtext("CollectionDetails/Collection") or "").strip()
    if collection != "CIN":
        raise CensusRefused(
            f"The file's header says the collection is {collection or 'not given'!r}, not "
            "'CIN': it is not a Children in Need census. Nothing was imported.",
            line=element.sourceline,
        )
    year_text = (element.findtext("CollectionDetails/Year") or "").strip()
    if not (year_text.isdigit() and len(year_text) == 4 and 2000 <= int(year_text) <= 2100):
        raise CensusRefused(
            f"The file's header has no census year (Year is {year_text or 'missing'!r}). "
            "Nothing was imported.",
            line=element.sourceline,
        )
    year = int(year_text)
    reference_text = (element.findtext("CollectionDetails/ReferenceDate") or "").strip()
    reference: datetime.date | None = None
    if reference_text:
        try:
            reference = datetime.date.fromisoformat(reference_text)
        except ValueError:
            reference = None
        if reference != datetime.date(year, 3, 31):
            raise CensusRefused(
                f"The file's header gives the census year {year} but the reference date "
                f"{reference_text!r}, which should be {year}-03-31. Nothing was imported.",
                line=element.sourceline,
            )
    la_code = (element.findtext("Source/LEA") or "").strip()
    return Header(year, reference, la_code if len(la_code) == 3 and la_code.isdigit() else "")


def read_header(source: IO[bytes]) -> Header:
    """Read only as far as the end of the Header (with every whole-file check on the way);
    the caller rewinds the file before reading it in full."""
    reader = CensusReader(source)
    try:
        for _ in reader:
            break
    except CensusRefused:
        if reader.header is None:
            raise
    if reader.header is None:
        raise CensusRefused("The file has no Header. Nothing was imported.")
    return reader.header
