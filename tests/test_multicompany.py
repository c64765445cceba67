"""Two companies in one database, users allowed in one or both: every
model and report stays in its company, the mail gateway and the digest
too, and working across allowed companies just works."""
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AgencyCase
from .test_request import raw_email

GROUP = "agency_account_manager.group_agency_%s"


@tagged("post_install", "-at_install")
class TestAgencyMultiCompany(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.both = new_test_user(
            cls.env, login="aa_director_ab", groups=GROUP % "director", company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company_b).ids)])
        cls.manager_b = new_test_user(
            cls.env, login="aa_manager_b", groups=GROUP % "manager", email="manager_b@example.com",
            company_id=cls.company_b.id, company_ids=[Command.set(cls.company_b.ids)])
        cls.client_b = cls._client("Baltic Breweries")
        cls.contact_b = cls.env["res.partner"].create({
            "name": "Bea Buyer", "parent_id": cls.client_b.id, "email": "bea@baltic.example.com"})
        cls.account_a = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id)
        # A team without company (as Odoo's own default teams are) led by an A-only manager.
        cls.shared_team = cls.env["crm.team"].create({"name": "Shared Team", "company_id": False,
                                                      "user_id": cls.manager.id})
        cls.account_b = cls.env["agency.account"].create({
            "partner_id": cls.client_b.id, "company_id": cls.company_b.id, "user_id": cls.manager_b.id,
            "team_id": cls.shared_team.id, "stage": "active",
        })
        cls.dept_b = cls.env["hr.department"].create({
            "name": "Studio B", "agency_delivers_client_work": True, "company_id": cls.company_b.id,
            "agency_weekly_capacity_hours": 40})

    def test_reports_and_playbooks_stay_in_their_company(self):
        playbook_b = self.env["agency.playbook"].create({
            "name": "B call", "summary": "Call", "company_id": self.company_b.id})
        shared = self.env["agency.playbook"].create({"name": "All", "summary": "All"})
        Playbook = self.env["agency.playbook"].with_user(self.director)
        self.assertNotIn(playbook_b, Playbook.search([]))
        self.assertIn(shared, Playbook.search([]))
        for operation in (lambda p: p.write({"summary": "Hijacked"}), lambda p: p.unlink()):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                operation(playbook_b.with_user(self.director))
        self.assertEqual(playbook_b.summary, "Call")
        brief_b = self.env["agency.brief"].create({"title": "B work", "account_id": self.account_b.id})
        self.env["agency.brief.allocation"].create({
            "brief_id": brief_b.id, "name": "Design", "department_id": self.dept_b.id,
            "date_due": fields.Date.today() + timedelta(days=7), "planned_hours": 12})
        self.env.flush_all()
        for model, field, value in (("agency.manager.load", "user_id", self.manager_b),
                                    ("agency.department.load", "department_id", self.dept_b),
                                    ("agency.whitespace", "account_id", self.account_b)):
            self.assertTrue(self.env[model].search([(field, "=", value.id)]), f"{model} has B's rows")
            seen = self.env[model].with_user(self.director).search([])
            self.assertFalse(seen.filtered(lambda r: r.company_id == self.company_b), f"{model}: A sees no B row")
            both = self.env[model].with_user(self.both).with_context(
                allowed_company_ids=(self.company | self.company_b).ids).search([(field, "=", value.id)])
            self.assertTrue(both, f"{model}: a director of both companies sees B's rows")

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.agency_account_manager.models.mail_thread")
    def test_mail_gateway_keeps_each_company_to_itself(self):
        Thread = self.env["mail.thread"].with_company(self.company)
        raw = raw_email(email_from="Bea Buyer <bea@baltic.example.com>", subject="Our label",
                               msg_id="<b-1@baltic.example.com>", extra="", body="Please fix the label.")
        request = self.env["agency.request"].browse(Thread.message_process("agency.request", raw))
        self.assertEqual(request.account_id, self.account_b, "B's client lands on B's account, not A's triage")
        self.assertEqual(request.company_id, self.company_b)
        self.assertFalse(self.env["agency.request"].with_user(self.director).search([("id", "=", request.id)]),
                         "A's people do not read it")
        # Someone else quotes B's Message-Id: no post into B's request.
        forged = raw_email(
            email_from="stranger@nowhere.example.com", subject="Re: Our label", msg_id="<f-1@nowhere.example.com>",
            extra="In-Reply-To: <b-1@baltic.example.com>\nReferences: <b-1@baltic.example.com>\n",
            body="Close this please.")
        request.action_acknowledge()
        request.action_wait()
        other_id = Thread.message_process("agency.request", forged)
        self.assertNotEqual(other_id, request.id, "the forged reply became its own request")
        self.assertEqual(request.state, "waiting", "and did not reopen B's request")
        self.assertFalse(any("Close this please" in (m.body or "") for m in request.message_ids))
        self.assertEqual(self.env["agency.request"].browse(other_id).state, "triage")
        # The client's own reply threads as before.
        reply = raw_email(
            email_from="Bea Buyer <bea@baltic.example.com>", subject="Re: Our label",
            msg_id="<b-2@baltic.example.com>",
            extra="In-Reply-To: <b-1@baltic.example.com>\nReferences: <b-1@baltic.example.com>\n",
            body="Any news?")
        self.assertEqual(Thread.message_process("agency.request", reply), request.id)
        self.assertEqual(request.state, "in_progress")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_inbound_email_is_capped(self):
        raw = raw_email(email_from="Bea Buyer <bea@baltic.example.com>", subject="S" * 20000,
                               msg_id="<b-big@baltic.example.com>", extra="", body="x" * 300000)
        request = self.env["agency.request"].browse(self.env["mail.thread"].message_process("agency.request", raw))
        self.assertLessEqual(len(request.name), 250)
        self.assertLess(len(request.description), 101000)
        self.assertIn("too long to keep", request.description)

    def test_digest_goes_only_to_people_of_the_accounts_company(self):
        self.env["agency.account"]._cron_weekly_digest()
        mails = self.env["mail.mail"].search([("subject", "like", self.company_b.name)])
        self.assertTrue(mails, "company B has its digest")
        self.assertFalse(mails.filtered(lambda m: self.manager.partner_id in m.recipient_ids),
                         "the A-only leader of a company-less team gets no B digest")
        # Once a week: running the job again sends nothing twice.
        count = self.env["mail.mail"].search_count([])
        self.env["agency.account"]._cron_weekly_digest()
        self.assertEqual(self.env["mail.mail"].search_count([]), count)

    def test_editing_another_allowed_companys_brief_works(self):
        brief_b = self.env["agency.brief"].create({
            "title": "B launch", "account_id": self.account_b.id, "deliverables": "<p>One film</p>"})
        self.env["agency.brief.allocation"].create({
            "brief_id": brief_b.id, "name": "Film", "partner_id": self.vendor.id, "date_due": date.today()})
        brief_b.action_approve()
        # Company A selected, B allowed too, as the company switcher does.
        mine = brief_b.with_user(self.both).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id])
        mine.write({"deliverables": "<p>One film and three cut-downs</p>"})
        change = self.env["agency.request"].search([("brief_id", "=", brief_b.id)])
        self.assertEqual(change.company_id, self.company_b)
        self.assertEqual(change.request_type, "change")

    def test_a_request_is_in_its_accounts_company_whichever_is_selected(self):
        """Logged while company A is selected, a request on B's account is
        B's (it used to take the selected company and be refused)."""
        Request = self.env["agency.request"].with_user(self.both).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id])
        request = Request.create({"name": "Call about the film", "account_id": self.account_b.id})
        self.assertEqual(request.company_id, self.company_b)
        triage = Request.create({"name": "Unknown caller", "state": "triage"})
        self.assertEqual(triage.company_id, self.company, "without an account: the selected company")


@tagged("post_install", "-at_install")
class TestAgencyDataLifecycle(AgencyCase):
    """Bad values get a clear error and nothing is written; history and
    departments in use are never deleted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id)

    def assertRefused(self, func, regex):
        with self.assertRaisesRegex((ValidationError, UserError), regex), self.env.cr.savepoint():
            func()
        self.env.invalidate_all()

    def test_every_quantity_interval_and_date_is_checked(self):
        brief = self.env["agency.brief"].create({"title": "Work", "account_id": self.account.id})
        company = self.company
        cases = [
            (lambda: self.env["agency.brief.allocation"].create({
                "brief_id": brief.id, "name": "X", "department_id": self.dept_design.id,
                "date_due": date.today(), "planned_hours": -3}), "cannot be negative"),
            (lambda: self.dept_design.write({"agency_weekly_capacity_hours": -1}), "cannot be negative"),
            (lambda: self.dept_design.write({"agency_lead_time_days": -2}), "cannot be negative"),
            (lambda: self.account.write({"update_interval_days": 0}), "1 day or more"),
            (lambda: self.account.write({"nps_interval_months": -1}), "zero \\(never\\) or more"),
            (lambda: company.write({"agency_default_hourly_cost": -60}), "hourly cost cannot be negative"),
            (lambda: company.write({"agency_discount_limit_manager": 150}), "between 0 and 100"),
            (lambda: company.write({"agency_budget_alert_thresholds": "80,lots"}), "lots is not one"),
            (lambda: company.write({"agency_capacity_executive": -1}), "cannot be negative"),
            (lambda: self.env["agency.survey"].with_user(self.executive).create({
                "survey_type": "nps", "account_id": self.account.id, "partner_id": self.client.id,
                "date_expiry": fields.Datetime.now() - timedelta(days=1)}), "expire after it is sent"),
            (lambda: self.env["agency.account"].create({
                "partner_id": self._client("Portal Co").id,
                "user_id": new_test_user(self.env, login="aa_portal_mgr", groups="base.group_portal").id}),
             "only internal users"),
        ]
        for func, regex in cases:
            with self.subTest(regex=regex):
                self.assertRefused(func, regex)
        self.assertEqual(company.agency_default_hourly_cost, 60)
        self.assertEqual(self.dept_design.agency_weekly_capacity_hours, 0)
        self.assertFalse(brief.allocation_ids)

    def test_no_new_work_on_archived_accounts(self):
        self.account.action_archive()
        self.assertRefused(lambda: self.env["agency.brief"].create(
            {"title": "Late idea", "account_id": self.account.id}), "is archived")
        self.assertRefused(lambda: self.env["agency.request"].create(
            {"name": "Question", "account_id": self.account.id}), "is archived")

    def test_history_and_departments_in_use_are_not_deleted(self):
        brief = self.env["agency.brief"].create({"title": "Work", "account_id": self.account.id})
        self.env["agency.brief.allocation"].create({
            "brief_id": brief.id, "name": "Design", "department_id": self.dept_design.id, "date_due": date.today()})
        survey = self.env["agency.survey"].create({
            "survey_type": "nps", "account_id": self.account.id, "partner_id": self.client.id})
        self.assertRefused(lambda: self.account.unlink(), "Archive it instead")
        self.assertRefused(lambda: self.dept_design.unlink(), "Archive it instead")
        self.assertTrue(self.account.exists() and survey.exists() and self.dept_design.exists())
        unused = self._account(self._client("Never Used Co"))
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_departments_reused_at_install_and_kept_at_uninstall(self):
        Department = self.env["hr.department"]
        existing = Department.create({"name": "Copywriting"})
        Department._agency_ensure_delivery_departments([("department_test_copy", "copywriting")])
        self.assertEqual(Department.search_count([("name", "=ilike", "copywriting")]), 1, "no second one")
        self.assertTrue(existing.agency_delivers_client_work)
        self.assertEqual(self.env.ref("agency_account_manager.department_test_copy"), existing)
        employee = self.env["hr.employee"].create({"name": "Writer", "department_id": existing.id})
        from odoo.addons.agency_account_manager import _uninstall_keep_departments  # noqa: PLC0415
        _uninstall_keep_departments(self.env)
        self.assertTrue(existing.exists(), "uninstalling leaves the firm's departments")
        self.assertEqual(employee.department_id, existing)
        self.assertFalse(self.env.ref("agency_account_manager.department_test_copy", raise_if_not_found=False))

    def test_whitespace_rows_are_unique_at_any_id(self):
        # Ids beyond what 32-bit arithmetic once allowed (account id x 100000 overflowed from 21,475).
        self.env.cr.execute("SELECT setval('agency_account_id_seq', GREATEST(nextval('agency_account_id_seq'), 30000))")
        client = self._client("Big Id Co")
        account = self._account(client, user_id=self.executive.id)
        self.assertGreater(account.id, 30000)
        service = self.env["agency.service.tag"].create({"name": "Podcasts"})
        for company in (False, self.company.id):  # the same service, with and without a company
            self.env["crm.lead"].create({"name": "Podcast", "type": "opportunity", "partner_id": client.id,
                                         "agency_service_tag_id": service.id, "company_id": company})
        self.env.flush_all()
        rows = self.env["agency.whitespace"].search([("account_id", "=", account.id), ("service_id", "=", service.id)])
        self.assertEqual(len(rows), 1, "one row per account and service")
        self.assertEqual(rows.status, "pipeline")
        self.assertEqual(rows.read(["pipeline_count"])[0]["pipeline_count"], 1)
        all_rows = self.env["agency.whitespace"].search([("account_id", "=", account.id)])
        self.assertEqual(len(set(all_rows.ids)), len(all_rows))
