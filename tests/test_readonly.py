"""Read-only work may run on a PostgreSQL replica (Odoo started with
--db_replica_host): My Day's data (a model method marked @api.readonly,
called through JSON-RPC) and the client's portal pages and survey page
(routes declared readonly=True). Each runs here on a read-only cursor, as
on a replica: a write would make Odoo retry it on the primary and log it,
and the test fails on that log."""
from datetime import timedelta

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..controllers.main import AgencySurveyController
from ..controllers.portal import AgencyPortal
from .common import AgencyMixin

READONLY_PAGES = [
    "/my/accounts",
    "/my/accounts/{account}",
    "/my/accounts/{account}/report",
    "/my/requests",
    "/my/requests/{request}",
    "/my/briefs/{brief}",
    "/agency/survey/{survey}",
]


@tagged("post_install", "-at_install")
class TestAgencyReadonlyEntryPoints(AgencyMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        http.root.statics  # pylint: disable=pointless-statement
        cls._setup_agency()
        cls._setup_departments()
        env = cls.env
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id)
        contact = env["res.partner"].create({"name": "Ana Client", "parent_id": cls.client.id,
                                             "email": "ana@northwind.example"})
        new_test_user(env, login="aa_ro_portal", password="aa_ro_portal", groups="base.group_portal",
                      partner_id=contact.id)
        cls.request = env["agency.request"].create({"name": "Where is the visual?", "account_id": cls.account.id,
                                                    "request_type": "question"})
        cls.request.sudo().state = "acknowledged"
        today = fields.Date.today()
        cls.brief = env["agency.brief"].create({
            "title": "Spring launch", "account_id": cls.account.id, "objectives": "<p>Grow</p>",
            "date_start": today, "date_deadline": today + timedelta(days=40),
            "allocation_ids": [(0, 0, {"name": "Key visual", "department_id": cls.dept_design.id,
                                       "date_due": today + timedelta(days=20)})]})
        cls.brief.with_user(cls.executive).action_share_with_client()
        cls.survey = env["agency.survey"].create({"account_id": cls.account.id, "survey_type": "nps",
                                                  "partner_id": contact.id})

    def _urls(self):
        return [url.format(account=self.account.id, request=self.request.id, brief=self.brief.id,
                           survey=self.survey.sudo().token) for url in READONLY_PAGES]

    def test_routes_are_declared_read_only(self):
        pages = [(AgencyPortal, name) for name in (
            "portal_my_agency_accounts", "portal_my_agency_account", "portal_my_agency_account_report",
            "portal_my_agency_requests", "portal_my_agency_request", "portal_my_agency_brief")]
        pages.append((AgencySurveyController, "survey_page"))
        for controller, name in pages:
            self.assertIs(getattr(controller, name).original_routing.get("readonly"), True,
                          f"{name} is declared readonly=True")
        self.assertEqual(len(pages), len(READONLY_PAGES))

    def test_client_pages_run_on_a_read_only_cursor(self):
        self.assertTrue(self.registry.test_readonly_enabled, "readonly routes get a read-only test cursor")
        self.authenticate("aa_ro_portal", "aa_ro_portal")
        self.env.flush_all()
        for url in self._urls():
            with self.subTest(url=url), self.assertNoLogs("odoo.http", "WARNING"):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)

    def test_my_day_runs_on_a_read_only_cursor(self):
        self.authenticate(self.executive.login, self.executive.login)
        self.env.flush_all()
        for scope in ("mine",):
            with self.assertNoLogs("odoo.http", "WARNING"):
                result = self.make_jsonrpc_request("/web/dataset/call_kw/agency.attention/get_my_day", {
                    "model": "agency.attention", "method": "get_my_day", "args": [scope], "kwargs": {}})
            self.assertEqual(result["account_count"], 1)
        # The marker JSON-RPC reads to choose the cursor.
        self.assertTrue(getattr(type(self.env["agency.attention"]).get_my_day, "_readonly", False))

    def test_a_write_on_a_read_only_page_is_caught(self):
        """The check above can fail: a page that writes (here, the portal
        token of a request made before tokens came with every request) is
        retried on a read/write cursor, and Odoo says so."""
        self.request.sudo().access_token = False
        self.authenticate("aa_ro_portal", "aa_ro_portal")
        self.env.flush_all()
        # PostgreSQL's refusal is logged too (odoo.sql_db): expected here.
        with mute_logger("odoo.sql_db"), self.assertLogs("odoo.http", "WARNING") as logs:
            response = self.url_open(f"/my/requests/{self.request.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("read-only transaction", logs.output[0])
