"""The typed context each template receives: the theme's contract.

Every template gets exactly these names (see ``Renderer.helpers`` in :mod:`generator.render`):

- ``page``: the page's context, one of the ``*Page`` dataclasses below (all share
  :class:`PageBase`: ``url``, ``title``, ``description``, ``breadcrumbs``, ``template``);
- ``site``: :class:`generator.model.Site`;
- ``t``: the interface-string catalog (:class:`generator.i18n.Translator`);
- the helpers of :mod:`generator.render` (``url``, ``abs_url``, ``asset``, ``markdown``,
  ``status_label``, ``status_icon``, ``fmt_date``, ``fmt_target``, ``target_note``,
  ``fmt_number``, ``chart``, ``row_html``, ``brief_html``, ``qr``).

A test renders nothing but checks that templates reference no other top-level name, and the
Jinja environment is strict, so an attribute a context does not have is a build error.
URLs are site-relative paths (see :mod:`generator.urls`).
:mod:`generator.pages` decides which pages exist and fills these in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.model import Category, Commitment, Department, District, Plan, Update
from generator.passages import Segment
from generator.stats import Evidence, OfficeRow, OfficeType, StatusSummary, Timeliness


@dataclass(frozen=True, slots=True)
class Crumb:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class FeedLink:
    url: str
    title: str


@dataclass(frozen=True, slots=True)
class UnitLink:
    """A lead or supporting unit as shown: its name as written, and its page if it has one."""

    name: str
    url: str | None
    is_scope: bool
    listed: bool
    department: str | None = None  # its department slug, when it has a page


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    """A commitment with what a list row shows about it."""

    commitment: Commitment
    url: str
    plan_title: str
    plan_url: str
    district_name: str
    district_url: str
    year: int
    category_name: str
    category_url: str
    lead: tuple[UnitLink, ...]
    support: tuple[UnitLink, ...]
    also_categories: tuple[Crumb, ...] = ()  # its other themes (name, url), after the primary
    verified: bool = True  # False: the plan's year or issuer is uncertain (badge everywhere)
    year_label: str = ""  # the year as shown: Plan.year_label


@dataclass(frozen=True, slots=True)
class UpdateRow:
    update: Update
    commitment: CommitmentRow


# --- page contexts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageBase:
    url: str
    title: str
    description: str
    breadcrumbs: tuple[Crumb, ...]
    template: str


@dataclass(frozen=True, slots=True)
class DistrictSummary:
    district: District
    url: str
    plans: int
    summary: StatusSummary
    years: tuple[int, ...]  # of its verified plans
    unverified: int = 0  # plans whose year or issuer is not verified


@dataclass(frozen=True, slots=True)
class HomePage(PageBase):
    summary: StatusSummary
    districts: tuple[DistrictSummary, ...]
    latest_updates: tuple[UpdateRow, ...]
    most_overdue: tuple[CommitmentRow, ...]  # a report says overdue, earliest deadline first
    past_deadline: tuple[CommitmentRow, ...]  # deadline passed, nothing reported since
    plans: tuple[PlanSummary, ...]
    year_chart: Markup  # year-over-year bars; empty when there are no plans
    feed: FeedLink


@dataclass(frozen=True, slots=True)
class PlanSummary:
    plan: Plan
    url: str
    district_name: str
    summary: StatusSummary


@dataclass(frozen=True, slots=True)
class PlanSection:
    heading: str | None
    rows: tuple[CommitmentRow, ...]


@dataclass(frozen=True, slots=True)
class FilterChip:
    """One filter of a list: what it keeps, how many, and the page that shows only those
    (so the filter works without JavaScript; with it, the list is filtered in place)."""

    value: str  # a status, or a department slug
    label: str
    count: int
    url: str
    current: bool


@dataclass(frozen=True, slots=True)
class PlanPage(PageBase):
    plan: Plan
    district: District
    district_url: str
    sections: tuple[PlanSection, ...]  # those the page's filter keeps (all, unfiltered)
    summary: StatusSummary
    source_page_url: str | None
    source_file_url: str | None
    status_filter: str | None = None  # plans/<id>/status/<status>/ lists one status
    unit_filter: str | None = None  # plans/<id>/units/<slug>/ lists what one unit leads
    all_url: str = ""  # the plan page itself
    shown: int = 0  # commitments this page lists
    status_chips: tuple[FilterChip, ...] = ()
    unit_chips: tuple[FilterChip, ...] = ()
    notice_url: str = ""  # the plan laid out on A4 for a notice board


@dataclass(frozen=True, slots=True)
class NoticePage(PageBase):
    """A plan on A4 for a notice board (公示栏): every commitment, its status, a QR code."""

    plan: Plan
    district: District
    plan_url: str
    sections: tuple[PlanSection, ...]
    summary: StatusSummary


@dataclass(frozen=True, slots=True)
class RelatedCommitment:
    row: CommitmentRow
    relation: str  # "continues" | "continued_by"


@dataclass(frozen=True, slots=True)
class CommitmentPage(PageBase):
    row: CommitmentRow
    plan: Plan
    district: District
    category: Category
    related: tuple[RelatedCommitment, ...]
    caveats: tuple[str, ...]
    evidence: Evidence | None  # who reported the latest progress; None without updates
    contacts: tuple[ContactRow, ...]  # lead departments and how to ask them
    # the site's copy of each report its updates name as archived: content path -> URL
    archive_urls: Mapping[str, str] = field(default_factory=dict)
    ask: AskBox | None = None  # when the deadline passed without a completion report
    passage_url: str | None = None  # its words in the archived source (…/sources/<plan>.html#c<no>)
    corrections: str | None = None  # the site's corrections channel (纠错)


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A department and where a citizen can ask it (its page's contact section)."""

    department: Department
    url: str  # the department page
    contact_url: str  # its contact section


@dataclass(frozen=True, slots=True)
class ContactLink:
    kind: str  # website | foi | mailbox | deputies | hotline | phone | email
    href: str  # http(s):, tel: or mailto:
    text: str


@dataclass(frozen=True, slots=True)
class ContactBox:
    """Where to ask, never empty: a department's own channels, else its district's, else
    the site's, and a telephone line always (the national 12345 hotline at the last)."""

    unit: str  # whom the question is about
    owner: str  # whose channels these are
    level: str  # department | district | site | national
    links: tuple[ContactLink, ...]  # at least one, and one tel: link


@dataclass(frozen=True, slots=True)
class AskBox:
    """如何询问, on a commitment whose deadline passed without a completion report."""

    units: tuple[UnitLink, ...]  # the lead units (or the district when none is named)
    contact: ContactBox
    inquiry: str  # a ready 依申请公开 request to copy


@dataclass(frozen=True, slots=True)
class SourcePage(PageBase):
    plan: Plan
    plan_url: str
    text: str
    file_url: str
    segments: tuple[Segment, ...] = ()  # the text, each commitment's passage its own run


@dataclass(frozen=True, slots=True)
class RedirectPage(PageBase):
    """An old address kept working: noindex, canonical to ``target``, not in the sitemap."""

    target: str


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    department: Department
    url: str
    district_name: str
    leads: int
    supports: int
    summary: StatusSummary  # of the commitments it leads
    timeliness: Timeliness  # of the commitments it leads


@dataclass(frozen=True, slots=True)
class YearSummary:
    year: int
    plans: tuple[PlanSummary, ...]
    summary: StatusSummary
    label: str = ""  # the year, or an unverified plan's year_text
    verified: bool = True


@dataclass(frozen=True, slots=True)
class ItemGroup:
    """One plan's commitments in a district's list, under the plan's own sections."""

    plan: PlanSummary
    sections: tuple[PlanSection, ...]
    shown: int  # commitments shown (all, or those the page's filter keeps)


@dataclass(frozen=True, slots=True)
class DistrictPage(PageBase):
    district: District
    items: tuple[ItemGroup, ...]  # every commitment of the district, by plan and section
    shown: int  # how many of them this page lists
    status_filter: str | None  # the status this page is filtered to; None lists all
    all_url: str  # the district page itself (the unfiltered list)
    status_chips: tuple[FilterChip, ...]
    unit_chips: tuple[FilterChip, ...]  # lead units; each links to its department page
    years: tuple[YearSummary, ...]  # newest first
    departments: tuple[DepartmentRow, ...]  # ranked by completion of what they lead
    scopes: tuple[str, ...]
    summary: StatusSummary
    year_chart: Markup
    feed: FeedLink


@dataclass(frozen=True, slots=True)
class DistrictsPage(PageBase):
    districts: tuple[DistrictSummary, ...]


@dataclass(frozen=True, slots=True)
class DepartmentPage(PageBase):
    department: Department
    district: District
    district_url: str
    leads: tuple[CommitmentRow, ...]
    supports: tuple[CommitmentRow, ...]
    lead_summary: StatusSummary
    support_summary: StatusSummary
    overdue: tuple[CommitmentRow, ...]  # a report says overdue
    past_deadline: tuple[CommitmentRow, ...]  # deadline passed, nothing reported since
    timeliness: Timeliness  # of the commitments it leads
    has_contact: bool  # website, foi_url or hotline given
    feed: FeedLink | None  # None: no commitment it is named in has an update yet
    contact: ContactBox | None = None  # its own channels, or its district's, or the site's


@dataclass(frozen=True, slots=True)
class DepartmentsPage(PageBase):
    groups: tuple[tuple[DistrictSummary, tuple[DepartmentRow, ...]], ...]


@dataclass(frozen=True, slots=True)
class OfficeLine:
    """One district's row of an office comparison, with the pages it links to."""

    row: OfficeRow
    district_name: str
    district_url: str
    units: tuple[UnitLink, ...]  # the office and its qualified units, each to its page


@dataclass(frozen=True, slots=True)
class OfficePage(PageBase):
    office: OfficeType
    lines: tuple[OfficeLine, ...]  # best on-time rate first (the order without script)
    csv_url: str
    offices_url: str


@dataclass(frozen=True, slots=True)
class OfficeLink:
    office: OfficeType
    url: str
    leads: int


@dataclass(frozen=True, slots=True)
class OfficesPage(PageBase):
    offices: tuple[OfficeLink, ...]  # those in the most districts first


@dataclass(frozen=True, slots=True)
class CategoryRow:
    category: Category
    url: str
    summary: StatusSummary


@dataclass(frozen=True, slots=True)
class CategoriesPage(PageBase):
    categories: tuple[CategoryRow, ...]


@dataclass(frozen=True, slots=True)
class FacetOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class CategoryPage(PageBase):
    category: Category
    rows: tuple[CommitmentRow, ...]  # those whose primary theme it is
    also_rows: tuple[CommitmentRow, ...]  # those that have it among their other themes
    summary: StatusSummary
    district_options: tuple[FacetOption, ...]
    year_options: tuple[FacetOption, ...]
    year_chart: Markup


@dataclass(frozen=True, slots=True)
class SearchPage(PageBase):
    browse_links: tuple[Crumb, ...]


@dataclass(frozen=True, slots=True)
class DataFile:
    url: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class DataField:
    name: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class DataPage(PageBase):
    files: tuple[DataFile, ...]
    plan_files: tuple[DataFile, ...]
    feeds: tuple[DataFile, ...]
    fields: tuple[DataField, ...]  # of each object in commitments.json
    total: int


@dataclass(frozen=True, slots=True)
class Rule:
    key: str  # rule.<name> in the catalog
    text: str


@dataclass(frozen=True, slots=True)
class AboutPage(PageBase):
    publisher: str | None
    rules: tuple[Rule, ...]  # the site's rules as the catalog words them (docs/data.md too)
    licence: str
    corrections: str | None
    repository: str | None


@dataclass(frozen=True, slots=True)
class NotFoundPage(PageBase):
    pass


@dataclass
class PageSet:
    """All HTML pages of the site, plus the archived sources to copy."""

    pages: list[PageBase] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # output path -> content path
