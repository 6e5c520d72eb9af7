"""Which pages exist and the context each is rendered with (no I/O).

The contexts are the dataclasses of :mod:`generator.contexts` (the theme's contract); their
addresses come from :mod:`generator.urls`; their counts from :mod:`generator.stats`.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from markupsafe import Markup

from generator import charts, passages
from generator.contexts import (
    AboutPage,
    AskBox,
    CategoriesPage,
    CategoryPage,
    CategoryRow,
    CommitmentPage,
    CommitmentRow,
    ContactBox,
    ContactLink,
    ContactRow,
    Crumb,
    DataField,
    DataFile,
    DataPage,
    DepartmentPage,
    DepartmentRow,
    DepartmentsPage,
    DistrictPage,
    DistrictsPage,
    DistrictSummary,
    FacetOption,
    FeedLink,
    FilterChip,
    HomePage,
    ItemGroup,
    NotFoundPage,
    NoticePage,
    OfficeLine,
    OfficeLink,
    OfficePage,
    OfficesPage,
    PageBase,
    PageSet,
    PlanPage,
    PlanSection,
    PlanSummary,
    RedirectPage,
    RelatedCommitment,
    Rule,
    SearchPage,
    SourcePage,
    UnitLink,
    UpdateRow,
    YearSummary,
)
from generator.datafields import COMMITMENT_FIELDS
from generator.i18n import Translator
from generator.model import (
    NATIONAL_HOTLINE,
    STATUS_ORDER,
    Category,
    Commitment,
    Contacts,
    Content,
    Department,
    District,
    Plan,
)
from generator.reuse import ReuseStore
from generator.stats import (
    OfficeType,
    evidence,
    has_updates,
    office_types,
    summarize,
    timeliness,
    year_bars,
)
from generator.urls import (
    about_url,
    archive_url,
    categories_url,
    category_url,
    commitment_url,
    data_file_url,
    data_url,
    department_feed_url,
    department_url,
    departments_url,
    district_feed_url,
    district_status_url,
    district_url,
    districts_url,
    feed_url,
    home_url,
    office_csv_url,
    office_url,
    offices_url,
    old_source_url,
    passage_url,
    plan_data_url,
    plan_notice_url,
    plan_status_url,
    plan_unit_url,
    plan_url,
    search_url,
    source_file_url,
    source_url,
)

# --- building the page list ----------------------------------------------------------------


class PagePlanner:
    """Works out every page and its context from the content model (no I/O)."""

    def __init__(
        self,
        content: Content,
        t: Translator,
        source_texts: dict[str, str],
        store: ReuseStore | None = None,
    ) -> None:
        self.content = content
        self.t = t
        self.source_texts = source_texts  # plan id -> archived text
        self._departments_by_district: dict[str, list[Department]] = {}
        # Contexts and the rows they share, by key; made again only when the plans (or
        # commitments) they are made from are new objects, or when anything else a context
        # reads changes (the store's world).
        self._store = store or ReuseStore(across_builds=False)
        self._store.begin(
            (
                content.site,
                content.districts,
                content.departments,
                content.categories,
                content.scopes,
                t.language,
            )
        )
        self._reuse = self._store.get

    def _district_plans(self, district: str) -> tuple[Plan, ...]:
        """What a district's page, summary, department rows and department pages are made
        from (a department is only ever named by the plans of its own district)."""
        return self.content.plans_by_district.get(district, ())

    # -- helpers --

    def unit_link(
        self, district: str, unit_name: str, slug: str | None, is_scope: bool
    ) -> UnitLink:
        dept = self.content.departments.get((district, slug)) if slug else None
        return UnitLink(
            name=unit_name,
            url=department_url(district, slug) if slug else None,
            is_scope=is_scope,
            listed=dept.listed if dept else False,
            department=slug,
        )

    def row(self, c: Commitment) -> CommitmentRow:
        return self._reuse(f"row:{c.id}", (c,), lambda: self._row(c))

    def _row(self, c: Commitment) -> CommitmentRow:
        plan = self.content.plans_by_id[c.plan]
        district = self.content.districts[plan.district]
        category = self.content.categories[c.category]
        row = CommitmentRow(
            commitment=c,
            url=commitment_url(c.id),
            plan_title=plan.title,
            plan_url=plan_url(plan.id),
            district_name=district.name,
            district_url=district_url(district.slug),
            year=plan.year,
            category_name=self.t.category_name(category),
            category_url=category_url(category.slug),
            lead=tuple(
                self.unit_link(plan.district, u.name, u.department, u.is_scope) for u in c.lead
            ),
            support=tuple(
                self.unit_link(plan.district, u.name, u.department, u.is_scope) for u in c.support
            ),
            also_categories=tuple(
                Crumb(self.t.category_name(self.content.categories[slug]), category_url(slug))
                for slug in c.categories[1:]
            ),
            verified=plan.verified,
            year_label=plan.year_label,
        )
        return row

    def crumbs(self, *pairs: tuple[str, str]) -> tuple[Crumb, ...]:
        return (Crumb(self.t("nav.home"), home_url()), *(Crumb(a, b) for a, b in pairs))

    def plan_summary(self, plan: Plan) -> PlanSummary:
        return self._reuse(f"plan-summary:{plan.id}", (plan,), lambda: self._plan_summary(plan))

    def _plan_summary(self, plan: Plan) -> PlanSummary:
        return PlanSummary(
            plan=plan,
            url=plan_url(plan.id),
            district_name=self.content.districts[plan.district].name,
            summary=summarize(plan.commitments),
        )

    def district_summary(self, d: District) -> DistrictSummary:
        plans = self._district_plans(d.slug)
        return self._reuse(f"district-summary:{d.slug}", plans, lambda: self._district_summary(d))

    def _district_summary(self, d: District) -> DistrictSummary:
        plans = self._district_plans(d.slug)
        return DistrictSummary(
            district=d,
            url=district_url(d.slug),
            plans=len(plans),
            summary=summarize(c for p in plans for c in p.commitments),
            years=tuple(sorted({p.year for p in plans if p.verified}, reverse=True)),
            unverified=sum(1 for p in plans if not p.verified),
        )

    def department_row(self, dept: Department) -> DepartmentRow:
        key = f"department-row:{dept.district}/{dept.slug}"
        inputs = self._district_plans(dept.district)
        return self._reuse(key, inputs, lambda: self._department_row(dept))

    def _department_row(self, dept: Department) -> DepartmentRow:
        roles = self.content.department_roles.get(dept.key, ())
        leads = [c for role, c in roles if role == "lead"]
        return DepartmentRow(
            department=dept,
            url=department_url(dept.district, dept.slug),
            district_name=self.content.districts[dept.district].name,
            leads=len(leads),
            supports=sum(1 for role, _ in roles if role == "support"),
            summary=summarize(leads),
            timeliness=timeliness(leads),
        )

    def district_departments(self, district: str) -> tuple[DepartmentRow, ...]:
        return self._reuse(
            f"district-departments:{district}",
            self._district_plans(district),
            lambda: self._district_departments(district),
        )

    def _district_departments(self, district: str) -> tuple[DepartmentRow, ...]:
        if not self._departments_by_district:
            for (dist, _), d in self.content.departments.items():
                self._departments_by_district.setdefault(dist, []).append(d)
        rows = [self.department_row(d) for d in self._departments_by_district.get(district, [])]
        # Ranked by completion of what they lead; counts are shown beside the rate so that
        # a department with one completed item is not read as better than one with forty.
        rows.sort(
            key=lambda r: (
                -(r.summary.completion_rate or 0.0),
                -r.leads,
                -r.supports,
                r.department.slug,
            )
        )
        return tuple(rows)

    def year_chart(self, commitments: Iterable[Commitment], chart_id: str) -> Markup:
        # a plan whose year is not verified has no place on a chart by year
        year_of = {p.id: p.year for p in self.content.plans if p.verified}
        return charts.year_bars(
            year_bars(commitments, year_of), self.t("chart.years"), self.t, chart_id
        )

    def feed_link(self, url: str, name: str) -> FeedLink:
        return FeedLink(url, self.t("feed.scoped", name=name))

    # -- pages --

    def plan(self) -> PageSet:
        out = PageSet()
        content = self.content

        def site_wide(make: Callable[[], PageBase]) -> PageBase:
            """A page made from every plan: the same object while all plans are."""
            return self._reuse(f"page:{make.__name__}", content.plans, make)

        out.pages.append(site_wide(self.home_page))
        for plan in content.plans:
            out.pages.append(self.plan_page(plan))
            page = out.pages[-1]
            assert isinstance(page, PlanPage)
            out.pages.append(self.notice_page(plan))
            # a filter page for each chip the plan page shows (one chip would filter nothing)
            for chip in page.status_chips if len(page.status_chips) > 1 else ():
                out.pages.append(self.plan_page(plan, status=chip.value))
            for chip in page.unit_chips if len(page.unit_chips) > 1 else ():
                out.pages.append(self.plan_page(plan, unit=chip.value))
            for c in plan.commitments:
                out.pages.append(self.commitment_page(plan, c))
            if plan.id in self.source_texts:
                out.pages.append(self.source_page(plan))
                out.pages.append(self.old_source_page(plan))
                assert plan.source is not None and plan.source.archived is not None
                out.sources[source_file_url(plan.id)] = plan.source.archived
            for archived in plan.report_archives:
                out.sources[archive_url(archived)] = archived
        out.pages.append(site_wide(self.districts_page))
        for d in content.districts.values():
            out.pages.append(self.district_page(d))
            statuses = self._statuses_of(
                c for p in self._district_plans(d.slug) for c in p.commitments
            )
            for status in statuses if len(statuses) > 1 else ():
                out.pages.append(self.district_page(d, status))
        for dept in content.departments.values():
            out.pages.append(self.department_page(dept))
        out.pages.append(site_wide(self.departments_page))
        offices = self._reuse("office-types", content.plans, lambda: office_types(content))
        out.pages.append(
            self._reuse("page:offices/", content.plans, lambda: self.offices_page(offices))
        )
        for office in offices:
            out.pages.append(
                self._reuse(
                    f"page:{office_url(office.slug)}",
                    content.plans,
                    lambda office=office: self.office_page(office),  # type: ignore[misc]
                )
            )
        out.pages.append(site_wide(self.categories_page))
        for cat in content.categories.values():
            out.pages.append(self.category_page(cat))
        out.pages.append(site_wide(self.search_page))
        out.pages.append(site_wide(self.data_page))
        out.pages.append(site_wide(self.about_page))
        out.pages.append(site_wide(self.not_found_page))
        return out

    def about_page(self) -> AboutPage:
        site = self.content.site
        return AboutPage(
            url=about_url(),
            title=self.t("about.title"),
            description=self.t("about.independence"),
            breadcrumbs=self.crumbs(),
            template="about.html",
            publisher=site.publisher,
            rules=tuple(Rule(key, self.t(key)) for key in RULES),
            licence=site.licence,
            corrections=site.corrections,
            repository=site.repository,
        )

    def not_found_page(self) -> NotFoundPage:
        return NotFoundPage(
            url="404.html",
            title=self.t("notfound.title"),
            description=self.t("notfound.body"),
            breadcrumbs=self.crumbs(),
            template="404.html",
        )

    def home_page(self) -> HomePage:
        content = self.content
        # The ten latest and the ten most overdue (nlargest/nsmallest order ties exactly
        # as a full sort would, without a row for every update on the site).
        latest = heapq.nlargest(
            10,
            ((u, c) for c in content.commitments for u in c.updates),
            key=lambda pair: (pair[0].date, pair[1].id),
        )
        overdue = heapq.nsmallest(
            10, (c for c in content.commitments if c.overdue), key=deadline_order
        )
        past_deadline = heapq.nsmallest(
            10,
            (c for c in content.commitments if c.unconfirmed_past_deadline),
            key=deadline_order,
        )
        return HomePage(
            url=home_url(),
            title=content.site.title,
            description=content.site.description or self.t("home.lead"),
            breadcrumbs=(),
            template="home.html",
            summary=summarize(content.commitments),
            districts=tuple(self.district_summary(d) for d in self._districts_sorted()),
            latest_updates=tuple(UpdateRow(u, self.row(c)) for u, c in latest),
            most_overdue=tuple(self.row(c) for c in overdue),
            past_deadline=tuple(self.row(c) for c in past_deadline),
            # unverified plans last: a plan of uncertain year is not "the newest"
            plans=tuple(
                self.plan_summary(p) for p in sorted(content.plans, key=lambda p: not p.verified)
            ),
            year_chart=self.year_chart(content.commitments, "home-years"),
            feed=FeedLink(feed_url(), self.t("feed.site", name=content.site.title)),
        )

    def _districts_sorted(self) -> list[District]:
        return sorted(self.content.districts.values(), key=lambda d: d.slug)

    def plan_page(self, plan: Plan, status: str | None = None, unit: str | None = None) -> PlanPage:
        inputs = (plan, self.source_texts.get(plan.id))
        url = (
            plan_status_url(plan.id, status)
            if status
            else plan_unit_url(plan.id, unit)
            if unit
            else plan_url(plan.id)
        )
        return self._reuse(f"page:{url}", inputs, lambda: self._plan_page(plan, url, status, unit))

    def _plan_page(
        self, plan: Plan, url: str, status: str | None = None, unit: str | None = None
    ) -> PlanPage:
        district = self.content.districts[plan.district]
        has_source = plan.id in self.source_texts
        summary = summarize(plan.commitments)

        def kept(c: Commitment) -> bool:
            if status and c.status != status:
                return False
            return not unit or any(u.department == unit for u in c.lead)

        sections = tuple(
            PlanSection(heading, rows)
            for heading, items in plan.sections
            if (rows := tuple(self.row(c) for c in items if kept(c)))
        )
        title = plan.title
        crumbs = self.crumbs((district.name, district_url(district.slug)))
        if status or unit:
            dept = self.content.departments.get((plan.district, unit or ""))
            label = self.t(f"status.{status}") if status else dept.name if dept else ""
            title = self.t.colon(plan.title, label)
            crumbs = (*crumbs, Crumb(plan.title, plan_url(plan.id)))
        return PlanPage(
            url=url,
            title=title,
            description=self.t.colon(
                f"{district.display_name} {plan.year_label}", self.t("plan.count", n=summary.total)
            ),
            breadcrumbs=crumbs,
            template="plan.html",
            plan=plan,
            district=district,
            district_url=district_url(district.slug),
            sections=sections,
            summary=summary,
            source_page_url=source_url(plan.id) if has_source else None,
            source_file_url=source_file_url(plan.id) if has_source else None,
            status_filter=status,
            unit_filter=unit,
            all_url=plan_url(plan.id),
            shown=sum(len(s.rows) for s in sections),
            status_chips=self.status_chips(
                plan.commitments, lambda s: plan_status_url(plan.id, s), status
            ),
            unit_chips=self.unit_chips(
                plan.district, plan.commitments, lambda d: plan_unit_url(plan.id, d), unit
            ),
            notice_url=plan_notice_url(plan.id),
        )

    def notice_page(self, plan: Plan) -> NoticePage:
        key = f"page:{plan_notice_url(plan.id)}"
        return self._reuse(key, (plan,), lambda: self._notice_page(plan))

    def _notice_page(self, plan: Plan) -> NoticePage:
        district = self.content.districts[plan.district]
        return NoticePage(
            url=plan_notice_url(plan.id),
            title=self.t("notice.title", plan=plan.title),
            description=self.t("notice.intro"),
            breadcrumbs=self.crumbs(
                (district.name, district_url(district.slug)), (plan.title, plan_url(plan.id))
            ),
            template="notice.html",
            plan=plan,
            district=district,
            plan_url=plan_url(plan.id),
            sections=tuple(
                PlanSection(heading, tuple(self.row(c) for c in items))
                for heading, items in plan.sections
            ),
            summary=summarize(plan.commitments),
        )

    def passages(self, plan: Plan) -> tuple[passages.Passage, ...]:
        """Where the plan's commitments stand in its archived source; none without one."""
        text = self.source_texts.get(plan.id)
        if text is None:
            return ()
        items = [(c.no, c.text) for c in plan.commitments]
        return self._reuse(
            f"passages:{plan.id}", (plan, text), lambda: passages.locate(text, items)
        )

    def passage_numbers(self, plan: Plan) -> frozenset[int]:
        text = self.source_texts.get(plan.id)
        return self._reuse(
            f"passage-numbers:{plan.id}",
            (plan, text),
            lambda: frozenset(p.no for p in self.passages(plan)),
        )

    def commitment_page(self, plan: Plan, c: Commitment) -> CommitmentPage:
        by_id = self.content.commitments_by_id
        inputs = (
            plan,
            c,
            self.source_texts.get(plan.id),
            by_id.get(c.continues) if c.continues else None,
            *(by_id.get(later) for later in c.continued_by),
        )
        key = f"page:{commitment_url(c.id)}"
        return self._reuse(key, inputs, lambda: self._commitment_page(plan, c))

    def _commitment_page(self, plan: Plan, c: Commitment) -> CommitmentPage:
        district = self.content.districts[plan.district]
        related: list[RelatedCommitment] = []
        if c.continues and c.continues in self.content.commitments_by_id:
            related.append(
                RelatedCommitment(
                    self.row(self.content.commitments_by_id[c.continues]), "continues"
                )
            )
        for later in c.continued_by:
            related.append(
                RelatedCommitment(self.row(self.content.commitments_by_id[later]), "continued_by")
            )
        return CommitmentPage(
            url=commitment_url(c.id),
            title=c.title + self.t.aside(self.t("commitment.of_plan", plan=plan.title, no=c.no)),
            description=_excerpt(c.text),
            breadcrumbs=self.crumbs(
                (district.name, district_url(district.slug)),
                (plan.title, plan_url(plan.id)),
            ),
            template="commitment.html",
            row=self.row(c),
            plan=plan,
            district=district,
            category=self.content.categories[c.category],
            related=tuple(related),
            caveats=plan.caveats,
            evidence=evidence(c),
            contacts=self.contacts(plan.district, c),
            archive_urls=self.archive_urls(plan, c),
            ask=self.ask_box(plan, c) if c.past_deadline else None,
            passage_url=passage_url(plan.id, c.no) if c.no in self.passage_numbers(plan) else None,
            corrections=self.content.site.corrections,
        )

    def archive_urls(self, plan: Plan, c: Commitment) -> dict[str, str]:
        """Where the site keeps each archived report of ``c``'s updates: the plan's source
        page for the plan's own archived source, else the published copy of the file."""
        out: dict[str, str] = {}
        for u in c.updates:
            archived = u.source.archived if u.source else None
            if not archived:
                continue
            own = plan.source is not None and plan.source.archived == archived
            if own and plan.id in self.source_texts:
                out[archived] = source_url(plan.id)
            else:
                out[archived] = archive_url(archived)
        return out

    def contacts(self, district: str, c: Commitment) -> tuple[ContactRow, ...]:
        out: list[ContactRow] = []
        for unit in c.lead:
            dept = self.content.departments.get((district, unit.department or ""))
            if dept is None or any(r.department.key == dept.key for r in out):
                continue
            page = department_url(district, dept.slug)
            out.append(ContactRow(dept, page, page + "#contact"))
        return tuple(out)

    def contact_box(self, district_slug: str, dept: Department | None) -> ContactBox:
        """A department's channels, else its district's, else the site's; a telephone line
        always, the national 12345 hotline when no level gives one."""
        district = self.content.districts[district_slug]
        unit = dept.name if dept else district.display_name
        own = (
            Contacts(website=dept.website, foi_url=dept.foi_url, hotline=dept.hotline)
            if dept
            else Contacts()
        )
        levels = (
            ("department", unit, own),
            ("district", district.display_name, district.contacts),
            ("site", self.content.site.title, self.content.site.contacts),
        )
        level, owner, contacts = next(
            ((lv, name, ct) for lv, name, ct in levels if ct),
            ("national", self.t("contact.national"), Contacts()),
        )
        links = list(contact_links(contacts))
        if not any(link.href.startswith("tel:") for link in links):
            # the nearest hotline any level gives, else the national one
            hotline = next((ct.hotline for _, _, ct in levels if ct.hotline), NATIONAL_HOTLINE)
            links.append(ContactLink("hotline", "tel:" + hotline, hotline))
        return ContactBox(unit=unit, owner=owner, level=level, links=tuple(links))

    def ask_box(self, plan: Plan, c: Commitment) -> AskBox:
        district = self.content.districts[plan.district]
        lead = next(
            (
                self.content.departments.get((plan.district, u.department))
                for u in c.lead
                if u.department and (plan.district, u.department) in self.content.departments
            ),
            None,
        )
        units = tuple(
            self.unit_link(plan.district, u.name, u.department, u.is_scope) for u in c.lead
        ) or (UnitLink(district.display_name, district_url(district.slug), False, True),)
        deadline = self.t.date(c.deadline)
        wording = c.deadline_text or (plan.deadline_text if c.deadline_from_plan else None)
        if wording:
            deadline = self.t("ask.deadline", text=wording, date=deadline)
        inquiry = self.t(
            "ask.letter",
            unit=lead.name if lead else district.display_name,
            plan=plan.title,
            document=self.t.aside(plan.document_number) if plan.document_number else "",
            no=c.no,
            title=c.title,
            deadline=deadline,
        )
        return AskBox(units=units, contact=self.contact_box(plan.district, lead), inquiry=inquiry)

    def source_page(self, plan: Plan) -> SourcePage:
        inputs = (plan, self.source_texts[plan.id])
        return self._reuse(f"page:{source_url(plan.id)}", inputs, lambda: self._source_page(plan))

    def _source_page(self, plan: Plan) -> SourcePage:
        district = self.content.districts[plan.district]
        return SourcePage(
            url=source_url(plan.id),
            title=self.t.colon(self.t("source.title"), plan.title),
            description=self.t("source.note"),
            breadcrumbs=self.crumbs(
                (district.name, district_url(district.slug)), (plan.title, plan_url(plan.id))
            ),
            template="source.html",
            plan=plan,
            plan_url=plan_url(plan.id),
            text=self.source_texts[plan.id],
            file_url=source_file_url(plan.id),
            segments=passages.segments(self.source_texts[plan.id], self.passages(plan)),
        )

    def old_source_page(self, plan: Plan) -> RedirectPage:
        return self._reuse(
            f"page:{old_source_url(plan.id)}", (plan,), lambda: self._old_source_page(plan)
        )

    def _old_source_page(self, plan: Plan) -> RedirectPage:
        return RedirectPage(
            url=old_source_url(plan.id),
            title=self.t.colon(self.t("source.title"), plan.title),
            description=self.t("source.moved"),
            breadcrumbs=(),
            template="redirect.html",
            target=source_url(plan.id),
        )

    def districts_page(self) -> DistrictsPage:
        return DistrictsPage(
            url=districts_url(),
            title=self.t("districts.title"),
            description=self.t("districts.title"),
            breadcrumbs=self.crumbs(),
            template="districts.html",
            districts=tuple(self.district_summary(d) for d in self._districts_sorted()),
        )

    @staticmethod
    def _statuses_of(commitments: Iterable[Commitment]) -> list[str]:
        """The statuses these commitments have, in the site's status order."""
        present = {c.status for c in commitments}
        return [s for s in STATUS_ORDER if s in present]

    def status_chips(
        self, commitments: Sequence[Commitment], url_of: Callable[[str], str], current: str | None
    ) -> tuple[FilterChip, ...]:
        counts = Counter(c.status for c in commitments)
        return tuple(
            FilterChip(s, self.t(f"status.{s}"), counts[s], url_of(s), s == current)
            for s in self._statuses_of(commitments)
        )

    def unit_chips(
        self,
        district: str,
        commitments: Sequence[Commitment],
        url_of: Callable[[str], str],
        current: str | None = None,
    ) -> tuple[FilterChip, ...]:
        """The lead units of these commitments that have a department page, most items first."""
        counts: Counter[str] = Counter()
        for c in commitments:
            counts.update({u.department for u in c.lead if u.department})
        chips = []
        for slug, n in counts.items():
            dept = self.content.departments.get((district, slug))
            if dept is not None:
                chips.append(FilterChip(slug, dept.name, n, url_of(slug), slug == current))
        chips.sort(key=lambda chip: (-chip.count, chip.value))
        return tuple(chips)

    def district_page(self, d: District, status: str | None = None) -> DistrictPage:
        key = f"page:{district_status_url(d.slug, status) if status else district_url(d.slug)}"
        return self._reuse(
            key, self._district_plans(d.slug), lambda: self._district_page(d, status)
        )

    def _district_page(self, d: District, status: str | None = None) -> DistrictPage:
        plans = self._district_plans(d.slug)
        everything = [c for p in plans for c in p.commitments]
        years: dict[tuple[bool, int, str], list[Plan]] = {}
        for p in plans:
            # verified years newest first, then each unverified plan under its year_text
            years.setdefault((p.verified, p.year if p.verified else 0, p.year_label), []).append(p)
        groups = []
        for p in plans:
            sections = tuple(
                PlanSection(heading, rows)
                for heading, items in p.sections
                if (rows := tuple(self.row(c) for c in items if status in (None, c.status)))
            )
            if sections:
                shown = sum(len(s.rows) for s in sections)
                groups.append(ItemGroup(self.plan_summary(p), sections, shown))
        shown = sum(g.shown for g in groups)
        title = d.display_name
        crumbs = self.crumbs((self.t("nav.districts"), districts_url()))
        if status:
            title = self.t.colon(d.display_name, self.t(f"status.{status}"))
            crumbs = (*crumbs, Crumb(d.display_name, district_url(d.slug)))
        return DistrictPage(
            url=district_status_url(d.slug, status) if status else district_url(d.slug),
            title=title,
            description=self.t.colon(d.display_name, self.t("district.plan_count", n=len(plans))),
            breadcrumbs=crumbs,
            template="district.html",
            district=d,
            items=tuple(groups),
            shown=shown,
            status_filter=status,
            all_url=district_url(d.slug),
            status_chips=self.status_chips(
                everything, lambda s: district_status_url(d.slug, s), status
            ),
            unit_chips=self.unit_chips(
                d.slug, everything, lambda slug: department_url(d.slug, slug)
            ),
            years=tuple(
                YearSummary(
                    year=ps[0].year,
                    plans=tuple(self.plan_summary(p) for p in ps),
                    summary=summarize(c for p in ps for c in p.commitments),
                    label=label,
                    verified=verified,
                )
                for (verified, _, label), ps in sorted(
                    years.items(), key=lambda kv: (not kv[0][0], -kv[0][1], kv[0][2])
                )
            ),
            departments=self.district_departments(d.slug),
            scopes=self.content.scopes.get(d.slug, ()),
            summary=summarize(everything),
            year_chart=self.year_chart(everything, f"district-{d.slug}"),
            feed=self.feed_link(district_feed_url(d.slug), d.display_name),
        )

    def department_page(self, dept: Department) -> DepartmentPage:
        key = f"page:{department_url(dept.district, dept.slug)}"
        return self._reuse(
            key, self._district_plans(dept.district), lambda: self._department_page(dept)
        )

    def _department_page(self, dept: Department) -> DepartmentPage:
        district = self.content.districts[dept.district]
        roles = self.content.department_roles.get(dept.key, ())
        leads = [c for role, c in roles if role == "lead"]
        supports = [c for role, c in roles if role == "support"]
        overdue = [c for _, c in roles if c.overdue]
        past_deadline = sorted(
            (c for _, c in roles if c.unconfirmed_past_deadline), key=deadline_order
        )
        return DepartmentPage(
            url=department_url(dept.district, dept.slug),
            title=self.t("department.in_district", department=dept.name, district=district.name),
            description=self.t(
                "department.description",
                district=district.display_name,
                department=dept.name,
                leads=len(leads),
                supports=len(supports),
            ),
            breadcrumbs=self.crumbs(
                (district.name, district_url(district.slug)),
            ),
            template="department.html",
            department=dept,
            district=district,
            district_url=district_url(district.slug),
            leads=tuple(self.row(c) for c in leads),
            supports=tuple(self.row(c) for c in supports),
            lead_summary=summarize(leads),
            support_summary=summarize(supports),
            overdue=tuple(self.row(c) for c in overdue),
            past_deadline=tuple(self.row(c) for c in past_deadline),
            timeliness=timeliness(leads),
            has_contact=bool(dept.website or dept.foi_url or dept.hotline),
            contact=self.contact_box(dept.district, dept),
            feed=self.feed_link(
                department_feed_url(dept.district, dept.slug),
                self.t("department.in_district", department=dept.name, district=district.name),
            )
            if has_updates(c for _, c in roles)
            else None,
        )

    def departments_page(self) -> DepartmentsPage:
        return DepartmentsPage(
            url=departments_url(),
            title=self.t("departments.title"),
            description=self.t("departments.title"),
            breadcrumbs=self.crumbs(),
            template="departments.html",
            groups=tuple(
                (self.district_summary(d), self.district_departments(d.slug))
                for d in self._districts_sorted()
            ),
        )

    def offices_page(self, offices: tuple[OfficeType, ...]) -> OfficesPage:
        return OfficesPage(
            url=offices_url(),
            title=self.t("offices.title"),
            description=self.t("offices.intro"),
            breadcrumbs=self.crumbs((self.t("nav.departments"), departments_url())),
            template="offices.html",
            offices=tuple(
                OfficeLink(o, office_url(o.slug), sum(len(r.leads) for r in o.rows))
                for o in offices
            ),
        )

    def office_page(self, office: OfficeType) -> OfficePage:
        lines = []
        for r in office.rows:
            district = self.content.districts[r.district]
            lines.append(
                OfficeLine(
                    row=r,
                    district_name=district.display_name,
                    district_url=district_url(district.slug),
                    units=tuple(
                        self.unit_link(r.district, d.name, d.slug, False) for d in r.departments
                    ),
                )
            )
        return OfficePage(
            url=office_url(office.slug),
            title=self.t("office.title", office=office.name),
            description=self.t("office.description", office=office.name, n=len(office.rows)),
            breadcrumbs=self.crumbs(
                (self.t("nav.departments"), departments_url()),
                (self.t("offices.title"), offices_url()),
            ),
            template="office.html",
            office=office,
            lines=tuple(lines),
            csv_url=office_csv_url(office.slug),
            offices_url=offices_url(),
        )

    def categories_page(self) -> CategoriesPage:
        return CategoriesPage(
            url=categories_url(),
            title=self.t("categories.title"),
            description=self.t("categories.title"),
            breadcrumbs=self.crumbs(),
            template="categories.html",
            categories=tuple(
                CategoryRow(
                    category=cat,
                    url=category_url(cat.slug),
                    summary=summarize(self.content.commitments_by_category.get(cat.slug, ())),
                )
                for cat in self.content.categories.values()
            ),
        )

    def category_page(self, cat: Category) -> CategoryPage:
        items = self.content.commitments_by_category.get(cat.slug, ())
        return self._reuse(
            f"page:{category_url(cat.slug)}", items, lambda: self._category_page(cat)
        )

    def _category_page(self, cat: Category) -> CategoryPage:
        items = self.content.commitments_by_category.get(cat.slug, ())
        rows = tuple(self.row(c) for c in items)
        primary = tuple(r for r in rows if r.commitment.category == cat.slug)
        also = tuple(r for r in rows if r.commitment.category != cat.slug)
        # The filters hand over to search, whose theme facet is the primary theme: count
        # what the filtered search will show.
        districts = Counter(r.district_url for r in primary)
        names = {r.district_url: r.district_name for r in primary}
        years = Counter(r.year for r in primary)
        name = self.t.category_name(cat)
        return CategoryPage(
            url=category_url(cat.slug),
            title=name,
            description=self.t.colon(name, len(rows)),
            breadcrumbs=self.crumbs((self.t("nav.categories"), categories_url())),
            template="category.html",
            category=cat,
            rows=primary,
            also_rows=also,
            summary=summarize(items),
            district_options=tuple(
                FacetOption(u.split("/")[1], names[u], n) for u, n in sorted(districts.items())
            ),
            year_options=tuple(
                FacetOption(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)
            ),
            year_chart=self.year_chart(items, f"category-{cat.slug}"),
        )

    def search_page(self) -> SearchPage:
        return SearchPage(
            url=search_url(),
            title=self.t("search.title"),
            description=self.t("search.label"),
            breadcrumbs=self.crumbs(),
            template="search.html",
            browse_links=(
                Crumb(self.t("nav.districts"), districts_url()),
                Crumb(self.t("nav.departments"), departments_url()),
                Crumb(self.t("nav.categories"), categories_url()),
            ),
        )

    def data_page(self) -> DataPage:

        english = self.content.site.language == "en"
        return DataPage(
            url=data_url(),
            title=self.t("data.title"),
            description=self.t("data.title"),
            breadcrumbs=self.crumbs(),
            template="data.html",
            files=(
                DataFile(data_file_url("commitments.json"), "commitments.json", "JSON"),
                DataFile(data_file_url("commitments.csv"), "commitments.csv", "CSV (UTF-8 BOM)"),
                DataFile(data_file_url("schema.json"), "schema.json", "JSON Schema"),
            ),
            plan_files=tuple(
                DataFile(plan_data_url(p.id), f"{p.id}.json", p.title) for p in self.content.plans
            ),
            feeds=(
                DataFile(feed_url(), "all.atom", self.t("feed.site", name=self.content.site.title)),
                *(
                    DataFile(
                        district_feed_url(d.slug),
                        f"{d.slug}.atom",
                        self.t("feed.scoped", name=d.display_name),
                    )
                    for d in self._districts_sorted()
                ),
            ),
            fields=tuple(
                DataField(f.name, f.type, f.en if english else f.zh) for f in COMMITMENT_FIELDS
            ),
            total=len(self.content.commitments),
        )


# The rules the about page states, in its order (catalog keys; docs/data.md quotes them).
RULES = (
    "rule.status",
    "rule.past_deadline",
    "rule.overdue",
    "rule.deadline",
    "rule.theme",
    "rule.verification",
    "rule.sources",
)


def contact_links(contacts: Contacts) -> Iterator[ContactLink]:
    """The links of one level's contacts, in the order a citizen would try them."""
    if contacts.foi_url:
        yield ContactLink("foi", contacts.foi_url, contacts.foi_url)
    if contacts.mailbox_url:
        yield ContactLink("mailbox", contacts.mailbox_url, contacts.mailbox_url)
    if contacts.hotline:
        yield ContactLink("hotline", "tel:" + contacts.hotline, contacts.hotline)
    if contacts.phone:
        yield ContactLink("phone", "tel:" + contacts.phone, contacts.phone)
    if contacts.email:
        yield ContactLink("email", "mailto:" + contacts.email, contacts.email)
    if contacts.deputies_url:
        yield ContactLink("deputies", contacts.deputies_url, contacts.deputies_url)
    if contacts.website:
        yield ContactLink("website", contacts.website, contacts.website)


def deadline_order(c: Commitment) -> tuple[date, int, str]:
    """Earliest deadline first; ties by item number, then plan, so that one plan's items
    do not crowd a list in the order of their text ids (1, 10, 11 …)."""
    return (c.deadline or date.max, c.no, c.plan)


def _excerpt(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def sitemap_urls(pages: Sequence[PageBase]) -> list[str]:
    return sorted(p.url for p in pages if p.template not in ("404.html", "redirect.html"))
