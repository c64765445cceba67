import io
from datetime import datetime
from unittest.mock import patch

import xlsxwriter

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo import Command, sql_db
from odoo.tests import TransactionCase, freeze_time, new_test_user

GROUP = "agency_account_manager.group_agency_%s"


class FrozenClockMixin:
    """Runs the whole class, setUpClass included, at one fixed moment, and
    makes the records' create_date/write_date follow that clock: the ORM
    stamps them with the cursor's `now()`, which PostgreSQL would otherwise
    take from its own, real clock.

    Every non-browser test of the addon runs so: its literal dates are
    written against this moment, and the suite reads the same on any day it
    is run. `.ci/date_check.py` refuses a literal date outside a frozen class
    or a `freeze_time` block, and CI runs the suite a second time with the
    clock moved ahead. Browser tests (HttpCase) are not frozen (the browser
    keeps its own clock, and the server's threads would stop ticking): they
    compute their dates from today."""

    freeze_time = "2026-11-27 10:00:00"  # a Friday

    @classmethod
    def setUpClass(cls):
        # Before the class's first record (the accounting fixtures create
        # theirs in their own setUpClass); read at each call, so a nested
        # freeze_time block moves it too.
        patcher = patch.object(sql_db.Cursor, "now", lambda self: datetime.now())
        patcher.start()
        try:
            super().setUpClass()
        except Exception:
            patcher.stop()
            raise
        # Stopped before Odoo's own class cleanups check for active patchers.
        cls.addClassCleanup(patcher.stop)


def portfolio_workbook(accounts):
    """The portfolio workbook of `accounts` as bytes, written as their
    environment's user reads it (the report's own writer, without the
    export check: what a reader of no cost would get)."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    accounts.env["report.agency_account_manager.portfolio_xlsx"]._write_workbook(book, accounts)
    book.close()
    return output.getvalue()


class AgencyMixin:
    """An agency of two companies: in the main one, a director, two account
    teams each led by a manager with an executive and an intern, a finance
    user and a plain employee; in the second company, its own director."""

    @classmethod
    def _setup_agency(cls):
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Agency Overseas Ltd"})

        def user(login, groups, **kw):
            kw.setdefault("company_id", cls.company.id)
            kw.setdefault("company_ids", [(6, 0, cls.company.ids)])
            return new_test_user(
                cls.env, login=login, groups=groups, name=login.replace("_", " ").title(),
                email=f"{login}@example.com", **kw,
            )

        cls.director = user("aa_director", GROUP % "director")
        cls.manager = user("aa_manager", GROUP % "manager")
        cls.manager_other = user("aa_manager_other", GROUP % "manager")
        cls.senior = user("aa_senior", GROUP % "senior_manager")
        cls.executive = user("aa_executive", GROUP % "executive")
        cls.executive_other = user("aa_executive_other", GROUP % "executive")
        cls.intern = user("aa_intern", GROUP % "intern")
        cls.finance = user("aa_finance", "base.group_user,account.group_account_readonly")
        cls.employee = user("aa_employee", "base.group_user")
        cls.director_b = user(
            "aa_director_b", GROUP % "director",
            company_id=cls.company_b.id, company_ids=[(6, 0, cls.company_b.ids)],
        )

        Team = cls.env["crm.team"].with_context(tracking_disable=True)
        cls.team = Team.create({
            "company_id": cls.company.id,
            "name": "Brand Accounts", "user_id": cls.manager.id,
            "member_ids": [(6, 0, (cls.executive | cls.intern).ids)],
        })
        cls.team_other = Team.create({
            "company_id": cls.company.id,
            "name": "Performance Accounts", "user_id": cls.manager_other.id,
            "member_ids": [(6, 0, cls.executive_other.ids)],
        })
        cls.industry = cls.env["res.partner.industry"].create({"name": "Beverages"})
        cls.client = cls._client("Northwind Beverages", industry_id=cls.industry.id)
        cls.client_other = cls._client("Lumen Telecom")

    @classmethod
    def _setup_departments(cls):
        Department = cls.env["hr.department"]
        cls.creative_lead = new_test_user(cls.env, login="aa_creative_lead", groups="base.group_user",
                                          name="Carla Creative")
        employee = cls.env["hr.employee"].create({"name": "Carla Creative", "user_id": cls.creative_lead.id})
        cls.dept_creative = Department.create({
            "name": "Test Creative", "agency_delivers_client_work": True, "manager_id": employee.id,
        })
        cls.dept_design = Department.create({"name": "Test Design", "agency_delivers_client_work": True})
        cls.vendor = cls.env["res.partner"].create({"name": "Reel Films", "is_company": True})

    @classmethod
    def _client(cls, name, **vals):
        return cls.env["res.partner"].create(dict(vals, name=name, is_company=True))

    @classmethod
    def _account(cls, client, **vals):
        return cls.env["agency.account"].create(dict(vals, partner_id=client.id))

    def _database_clock(self):
        """Freezes this test at PostgreSQL's own date, for the SQL reports
        whose "today" is the database's (CURRENT_DATE), so that they and the
        records the test dates from today read the same day."""
        self.env.cr.execute("SELECT CURRENT_DATE")
        return freeze_time(self.env.cr.fetchone()[0])

    def flush_tracking(self):
        """Tracking values are written when the transaction commits, and a
        record is not tracked in the transaction that created it: end the
        "request" here, as the web client would."""
        self.env.flush_all()
        self.env.cr.precommit.run()


class AgencyCase(FrozenClockMixin, AgencyMixin, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_agency()


class AgencyAccountingCase(FrozenClockMixin, AccountTestInvoicingCommon, AgencyMixin):
    """The agency on a company with a real chart of accounts, for tests that
    post invoices, bills and expenses. The test user is made a director so
    that it may create the agency's records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("agency_account_manager.group_agency_director")
        cls._setup_agency()


class AgencySampleCase(AgencyCase):
    """One account where every kind of user has their natural place (the
    intern works on it, the executive manages it, the manager leads its
    team, the department head's department does work on it), with one
    record of every agency model; `users` maps each role to its user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.portal = new_test_user(cls.env, login="aa_portal", groups="base.group_portal", name="Client Portal")
        cls.users = {
            "intern": cls.intern, "executive": cls.executive, "manager": cls.manager,
            "director": cls.director, "finance": cls.finance, "dept_head": cls.creative_lead,
            "employee": cls.employee, "portal": cls.portal,
        }
        env = cls.env
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[Command.set(cls.intern.ids)], tier="key")
        cls.brief = env["agency.brief"].create({
            "title": "Launch", "account_id": cls.account.id,
            "date_start": "2026-09-01", "date_deadline": "2026-12-31",
        })
        cls.allocation = env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Key visual", "department_id": cls.dept_creative.id,
            "date_due": "2026-10-15", "planned_hours": 8,
        })
        cls.request = env["agency.request"].create({
            "name": "Move the launch", "account_id": cls.account.id, "request_type": "change",
            "department_id": cls.dept_creative.id, "brief_id": cls.brief.id, "date_requested": "2026-11-30",
        })
        cls.budget = env["agency.budget"].create({
            "brief_id": cls.brief.id, "client_budget": 1000,
            "line_ids": [Command.create({"category": "agency_hours", "amount": 800, "planned_hours": 10})],
            "negotiation_ids": [Command.create({"our_proposal": 800, "client_counter": 700, "outcome": "open"})],
        })
        cls.period = env["agency.budget.period"].create({
            "budget_id": cls.budget.id, "date_from": "2026-09-01", "date_to": "2026-09-30",
        })
        cls.survey = env["agency.survey"].create({
            "survey_type": "nps", "account_id": cls.account.id, "partner_id": cls.client.id,
        })
        cls.account._recompute_health()
        cls.update = env["agency.account.update"].create({
            "account_id": cls.account.id, "status": "on_track", "summary": "<p>All good</p>",
        })
        cls.plan = env["agency.account.plan"].create({"account_id": cls.account.id})
        cls.objective = env["agency.account.plan.objective"].create({
            "plan_id": cls.plan.id, "name": "Grow", "kind": "revenue", "target": 1000,
        })
        cls.competitor = env["agency.competitor"].create({"name": "Rival Agency"})
        cls.account_competitor = env["agency.account.competitor"].create({
            "account_id": cls.account.id, "competitor_id": cls.competitor.id, "share_pct": 20,
        })
        cls.note = env["agency.market.note"].create({"name": "Sugar tax", "industry_id": cls.industry.id})
        cls.tag = env["agency.service.tag"].create({"name": "Podcasts"})
        cls.policy = env["agency.sla.policy"]._find(cls.company, "key", "3")
        cls.playbook = env["agency.playbook"].create({"name": "Call", "summary": "Call the client"})
        cls.env.flush_all()
