"""The client portal: a contact of client A sees A's account, requests and
shared briefs, raises requests and approves briefs; nothing of client B,
no internal note and no cost, whatever the URL or the RPC call."""
import base64
import inspect
import re
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AgencyMixin

# A 1x1 PNG: a signature.
SIGNATURE = base64.b64encode(base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)).decode()


@tagged("post_install", "-at_install")
class TestAgencyPortal(AgencyMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        http.root.statics  # pylint: disable=pointless-statement
        cls._setup_agency()
        cls._setup_departments()
        env = cls.env
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   note="<p>INTERNAL-NOTE: they pay late</p>")
        cls.account_b = cls._account(cls.client_other, user_id=cls.executive_other.id)
        cls.contact = env["res.partner"].create({"name": "Ana Client", "parent_id": cls.client.id,
                                                 "email": "ana@northwind.example"})
        cls.contact_b = env["res.partner"].create({"name": "Bo Other", "parent_id": cls.client_other.id,
                                                   "email": "bo@lumen.example"})
        cls.portal_a = new_test_user(env, login="aa_portal_a", password="aa_portal_a", groups="base.group_portal",
                                     partner_id=cls.contact.id)
        cls.portal_b = new_test_user(env, login="aa_portal_b", password="aa_portal_b", groups="base.group_portal",
                                     partner_id=cls.contact_b.id)
        cls.request_a = env["agency.request"].create({
            "name": "Where is the key visual?", "account_id": cls.account.id, "request_type": "question",
            "root_cause": "INTERNAL-CAUSE", "planned_hours": 3})
        cls.request_b = env["agency.request"].create({
            "name": "Lumen secret request", "account_id": cls.account_b.id})
        today = fields.Date.today()
        cls.brief = env["agency.brief"].create({
            "title": "Spring launch", "account_id": cls.account.id, "objectives": "<p>Grow trial by 10%</p>",
            "date_start": today, "date_deadline": today + timedelta(days=40)})
        cls.allocation = env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Key visual", "department_id": cls.dept_design.id,
            "date_due": today + timedelta(days=20)})
        cls.budget = env["agency.budget"].create({
            "brief_id": cls.brief.id, "client_budget": 777777,
            "line_ids": [Command.create({"category": "production", "amount": 654321})]})
        cls.brief_internal = env["agency.brief"].create({"title": "Not shared yet", "account_id": cls.account.id})
        cls.brief_b = env["agency.brief"].create({"title": "Lumen brief", "account_id": cls.account_b.id})
        cls.brief_b.sudo().client_approval_state = "waiting"
        cls.update_internal = env["agency.account.update"].create({
            "account_id": cls.account.id, "status": "at_risk", "summary": "<p>DRAFT-UPDATE</p>",
            "risks": "<p>INTERNAL-RISK</p>"})

    def assertNoCost(self, page):
        """Neither the client's budget nor a cost line, in any number format
        (777777, 777,777.00, 777.777 ₫). Three digits alone would also match
        asset hashes and tokens of the page."""
        for amount in ("777777", "654321"):
            pattern = rf"{amount[:3]}[,.\s\u00a0]?{amount[3:]}"
            self.assertIsNone(re.search(pattern, page), f"a cost ({amount}) is shown to the client")

    def get(self, url, status=200):
        self.env.flush_all()
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return response.text

    def test_contact_sees_their_account_and_nothing_else(self):
        self.authenticate("aa_portal_a", "aa_portal_a")
        page = self.get(f"/my/accounts/{self.account.id}")
        self.assertIn(self.account.name, page)
        self.assertIn("Where is the key visual?", page)
        self.assertIn("No status update published yet", page)
        for secret in ("INTERNAL-NOTE", "INTERNAL-CAUSE", "DRAFT-UPDATE", "INTERNAL-RISK",
                       "Lumen secret request", "Not shared yet"):
            self.assertNotIn(secret, page)
        self.assertNoCost(page)
        # Client B's records by id: not found, whatever the route.
        for url in (f"/my/accounts/{self.account_b.id}", f"/my/requests/{self.request_b.id}",
                    f"/my/briefs/{self.brief_b.id}", f"/my/briefs/{self.brief_internal.id}",
                    f"/my/accounts/{self.account_b.id}/report", f"/my/accounts/{self.account_b.id}/requests/new"):
            self.get(url, 404)
        request_page = self.get(f"/my/requests/{self.request_a.id}")
        self.assertIn("Where is the key visual?", request_page)
        self.assertNotIn("INTERNAL-CAUSE", request_page)
        # The list redirects to the only account.
        self.assertIn(self.account.name, self.get("/my/accounts"))

    def test_published_updates_only_without_internal_fields(self):
        self.update_internal.with_user(self.executive).action_publish()
        self.assertTrue(self.update_internal.date_published)
        self.authenticate("aa_portal_a", "aa_portal_a")
        page = self.get(f"/my/accounts/{self.account.id}")
        self.assertIn("DRAFT-UPDATE", page)
        self.assertNotIn("INTERNAL-RISK", page)
        self.update_internal.with_user(self.executive).action_unpublish()
        self.assertNotIn("DRAFT-UPDATE", self.get(f"/my/accounts/{self.account.id}"))

    def test_account_report_for_the_client_has_no_cost(self):
        self.authenticate("aa_portal_a", "aa_portal_a")
        response = self.url_open(f"/my/accounts/{self.account.id}/report", timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "agency_account_manager.agency_account_report_action", self.account.ids,
            data={"agency_client_copy": True})[0].decode()
        self.assertIn(self.account.name, html)
        for secret in ("Budget versus actual", "Pipeline", "INTERNAL-RISK"):
            self.assertNotIn(secret, html)

    def test_client_raises_a_request_with_a_file(self):
        self.authenticate("aa_portal_a", "aa_portal_a")
        response = self.url_open(
            f"/my/accounts/{self.account.id}/requests/new",
            data={"csrf_token": http.Request.csrf_token(self), "name": "The banner has a typo",
                  "request_type": "complaint", "description": "On the homepage"},
            files={"attachments": ("typo.png", base64.b64decode(SIGNATURE), "image/png")})
        self.assertEqual(response.status_code, 200)
        created = self.env["agency.request"].search([("name", "=", "The banner has a typo")])
        self.assertEqual(created.account_id, self.account)
        self.assertEqual(created.partner_id, self.contact)
        self.assertEqual((created.channel, created.request_type, created.state), ("portal", "complaint", "new"))
        self.assertTrue(created.sla_policy_id and created.date_ack_deadline, "the same service levels as email")
        self.assertIn(self.contact, created.message_partner_ids)
        self.assertEqual(created.message_ids.attachment_ids.mapped("name"), ["typo.png"])
        # Resolved: the client reads the resolution.
        created.write({"resolution": "<p>Typo fixed within the hour</p>", "state": "resolved"})
        self.assertIn("Typo fixed within the hour", self.get(f"/my/requests/{created.id}"))
        # A request on someone else's account cannot be raised.
        self.url_open(f"/my/accounts/{self.account_b.id}/requests/new",
                      data={"csrf_token": http.Request.csrf_token(self), "name": "Sneaky"})
        self.assertFalse(self.env["agency.request"].search([("name", "=", "Sneaky")]))

    def test_client_approves_a_shared_brief_with_a_signature(self):
        self.env["res.users"].browse(self.executive.id).groups_id |= self.env.ref("base.group_partner_manager")
        self.brief.with_user(self.executive).action_share_with_client()
        self.assertEqual(self.brief.client_approval_state, "waiting")
        self.authenticate("aa_portal_a", "aa_portal_a")
        page = self.get(f"/my/briefs/{self.brief.id}")
        self.assertIn("Grow trial by 10%", page)
        self.assertNoCost(page)
        result = self.make_jsonrpc_request(f"/my/briefs/{self.brief_b.id}/accept",
                                           {"name": "Ana Client", "signature": SIGNATURE})
        self.assertIn("error", result)
        result = self.make_jsonrpc_request(f"/my/briefs/{self.brief.id}/accept",
                                           {"name": "Ana Client", "signature": SIGNATURE})
        self.assertFalse(result.get("error"), result)
        self.env.invalidate_all()
        self.assertEqual(self.brief.client_approval_state, "approved")
        self.assertEqual(self.brief.state, "approved", "approved with its work-back schedule ready")
        self.assertEqual(self.brief.client_signed_by, "Ana Client")
        self.assertTrue(self.brief.client_signature)
        self.assertIn("Approved by Ana Client", self.brief.message_ids[:3].mapped("body")[0]
                      + "".join(self.brief.message_ids.mapped("body")))
        # Once approved, a second approval is refused.
        self.assertIn("error", self.make_jsonrpc_request(f"/my/briefs/{self.brief.id}/accept",
                                                         {"name": "Ana Client", "signature": SIGNATURE}))

    def test_client_asks_for_changes(self):
        self.brief_internal.sudo().client_approval_state = "waiting"
        self.brief_internal.sudo().state = "submitted"
        self.env.flush_all()
        self.authenticate("aa_portal_a", "aa_portal_a")
        response = self.url_open(f"/my/briefs/{self.brief_internal.id}/changes",
                                 data={"csrf_token": http.Request.csrf_token(self), "comment": "Add TikTok, please"})
        self.assertTrue(response.url.endswith("?message=changes"), (response.status_code, response.text[:300]))
        self.env.invalidate_all()
        self.assertEqual(self.brief_internal.client_approval_state, "changes")
        self.assertEqual(self.brief_internal.state, "draft")
        self.assertTrue(any("Add TikTok" in body for body in self.brief_internal.message_ids.mapped("body")))

    def test_portal_record_rules_and_fields_through_rpc(self):
        """What JSON-RPC gives a contact of client A: A's account, its
        requests out of triage, the briefs shared with A and the published
        updates, each with the fields its portal page shows; nothing of B,
        no internal field, no write, and nothing of the agency's other
        models."""
        self.update_internal.with_user(self.executive).action_publish()
        hidden_update = self.env["agency.account.update"].create({
            "account_id": self.account.id, "status": "on_track", "summary": "<p>NOT-PUBLISHED</p>"})
        self.brief.sudo().client_approval_state = "waiting"
        triage = self.env["agency.request"].sudo().create({"name": "Unsorted mail", "state": "triage",
                                                            "account_id": self.account.id})
        self.env.flush_all()
        as_a = self.env(user=self.portal_a)
        expected = {
            "agency.account": self.account,
            "agency.request": self.request_a,
            "agency.brief": self.brief,
            "agency.account.update": self.update_internal,
        }
        for model, records in expected.items():
            found = as_a[model].search_read([], ["display_name"])
            self.assertEqual({row["id"] for row in found}, set(records.ids), model)
        # The other client's, the unshared brief, triage and unpublished: as if they did not exist.
        for record in (self.account_b, self.request_b, self.brief_b, self.brief_internal, triage, hidden_update):
            with self.assertRaises(AccessError, msg=record):
                record.with_user(self.portal_a).read(["display_name"])
        # Only the fields the portal page shows; never notes, causes, risks, health or costs.
        for record, field in ((self.account, "note"), (self.account, "health_score"), (self.request_a, "root_cause"),
                              (self.request_a, "planned_hours"), (self.update_internal, "risks"),
                              (self.update_internal, "budget_burn"), (self.brief, "budget_indication")):
            with self.assertRaises(AccessError, msg=field):
                record.with_user(self.portal_a).read([field])
            with self.assertRaises(AccessError, msg=field):
                as_a[record._name].search([(field, "!=", False)])
        row = as_a["agency.request"].search_read([("id", "=", self.request_a.id)])[0]
        self.assertNotIn("root_cause", row)
        self.assertEqual(row["name"], "Where is the key visual?")
        self.assertNotIn("INTERNAL-NOTE", str(as_a["agency.account"].search_read([])))
        # The request's chatter: the replies to the client, never the agency's internal notes.
        self.request_a.message_post(body="INTERNAL-CHATTER", subtype_xmlid="mail.mt_note")
        self.request_a.message_post(body="We are on it", subtype_xmlid="mail.mt_comment", message_type="comment")
        bodies = str(as_a["mail.message"].search_read(
            [("model", "=", "agency.request"), ("res_id", "=", self.request_a.id)], ["body"]))
        self.assertIn("We are on it", bodies)
        self.assertNotIn("INTERNAL-CHATTER", bodies)
        # Nor a word in the agency's own chatter of the account or a brief.
        for record in (self.account, self.brief, self.update_internal):
            with self.assertRaises(AccessError, msg=record):
                record.with_user(self.portal_a).message_post(body="Posted by RPC", message_type="comment")
        # Read only: requests and approvals go through the portal's pages.
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.portal_a).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            as_a["agency.request"].create({"name": "By RPC", "account_id": self.account.id})
        with self.assertRaises(AccessError):
            self.brief.with_user(self.portal_a).write({"client_approval_state": "approved"})
        for model in ("agency.budget", "agency.survey", "agency.brief.allocation", "agency.account.health",
                      "agency.retainer", "agency.scorecard"):
            with self.assertRaises(AccessError, msg=model):
                as_a[model].search_read([], ["display_name"])
        # Client B's contact sees B's own account and nothing of A.
        as_b = self.env(user=self.portal_b)
        self.assertEqual(as_b["agency.account"].search([]), self.account_b)
        self.assertFalse(as_b["agency.request"].search([("account_id", "=", self.account.id)]))
        # Nor may anyone forge a client's approval.
        with self.assertRaises(Exception):
            self.brief.with_user(self.executive).write({"client_approval_state": "approved"})

    def test_clients_run_no_changing_method_through_rpc(self):
        """A client reads their records; no public method of the addon on
        them (a button's action or any other) changes anything for them,
        whatever RPC calls it."""
        self.update_internal.with_user(self.executive).action_publish()
        self.brief.sudo().client_approval_state = "waiting"
        # Waiting on the client: a reply through the mail gateway's hook would reopen it.
        self.request_a.sudo().write({"state": "in_progress"})
        self.request_a.sudo().write({"state": "waiting"})
        navigation = re.compile(r"^action_(view_|open_budget$)")
        problems = []
        for record in (self.account, self.request_a, self.brief, self.update_internal):
            Model = type(record)
            methods = sorted(
                name for name, member in inspect.getmembers(Model, inspect.isfunction)
                if not name.startswith("_") and name not in ("create", "write", "unlink", "copy")
                and member.__module__.startswith("odoo.addons.agency_account_manager")
                and getattr(member, "_api", None) != "model"
            )
            self.assertTrue(methods, record._name)
            for name in methods:
                method = getattr(record.with_user(self.portal_a), name)
                required = [p for p in inspect.signature(method).parameters.values()
                            if p.default is inspect.Parameter.empty
                            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
                self.env.flush_all()
                before = record.sudo().read([f for f, field in record._fields.items() if field.store])[0]
                self.env.invalidate_all()  # as a new RPC request: nothing read as the system is cached
                try:
                    with self.env.cr.savepoint():
                        method(*[{} for _p in required])
                        self.env.flush_all()
                        changed = record.sudo().read(list(before))[0] != before
                        if changed or (name.startswith("action_") and not navigation.match(name)):
                            problems.append(f"{record._name}.{name} ran for a client")
                except (AccessError, UserError, ValidationError):
                    continue  # refused: what a client should meet
                finally:
                    self.env.invalidate_all()
        self.assertFalse(problems, "\n".join(problems))

    def test_client_sees_their_accounts_in_every_agency_company(self):
        """The client works with two of the agency's companies: their
        contact sees both accounts, whichever company granted the access,
        and nothing more of the other company's clients."""
        account_overseas = self._account(self.client, company_id=self.company_b.id)
        self.assertIn(self.company_b, self.portal_a.company_ids, "an existing portal user is allowed in")
        as_a = self.env(user=self.portal_a, context={"allowed_company_ids": self.portal_a.company_ids.ids})
        self.assertEqual(as_a["agency.account"].search([]), self.account | account_overseas)
        # A new contact granted access through Odoo's portal wizard, from the first company.
        contact = self.env["res.partner"].create({"name": "Cam Client", "parent_id": self.client.id,
                                                  "email": "cam@northwind.example"})
        self.env["res.users"].browse(self.executive.id).groups_id |= self.env.ref("base.group_partner_manager")
        wizard = self.env["portal.wizard"].with_user(self.executive).with_context(
            active_model="res.partner", active_ids=contact.ids).create({})
        wizard.user_ids.action_grant_access()
        user = contact.user_ids
        self.assertTrue(user.share)
        self.assertEqual(user.company_ids, self.company | self.company_b)
        user.password = "aa_cam_client"
        self.authenticate(user.login, "aa_cam_client")
        page = self.get("/my/accounts")
        self.assertIn(f"/my/accounts/{account_overseas.id}", page)
        self.assertIn(f"/my/accounts/{self.account.id}", page)
        self.assertNotIn(self.account_b.name, page)

    def test_logged_in_client_opens_the_survey_from_the_portal(self):
        survey = self.env["agency.survey"].create({
            "account_id": self.account.id, "survey_type": "nps", "partner_id": self.contact.id})
        self.authenticate("aa_portal_a", "aa_portal_a")
        page = self.get(f"/my/accounts/{self.account.id}")
        self.assertIn(f"/agency/survey/{survey.sudo().token}", page)
        self.assertIn("How likely are you to recommend", self.get(f"/agency/survey/{survey.sudo().token}"))

    def test_tour_client_raises_a_request_and_approves_a_brief(self):
        self.brief.sudo().client_approval_state = "waiting"
        self.env.flush_all()
        self.start_tour("/my", "agency_portal_tour", login="aa_portal_a")
        created = self.env["agency.request"].search([("name", "=", "Please resize the logo")])
        self.assertEqual(created.account_id, self.account)
        self.assertEqual(self.brief.client_approval_state, "approved")

    def test_client_reads_the_quotation_of_an_estimate_on_odoos_portal_without_costs(self):
        """The estimate by role becomes a quotation the client opens, signs
        and pays on Odoo's own quotation page: prices, never costs or margin."""
        role = self.env["project.role"].create({"name": "Art Director", "agency_cost_rate": 612.5,
                                                "agency_standard_rate": 1000})
        self.env["agency.rate.card.line"].create({"account_id": self.account.id, "role_id": role.id, "rate": 950})
        self.budget.line_ids = [Command.create({"role_id": role.id, "planned_hours": 8, "name": "Art direction"})]
        order = self.env["sale.order"].browse(self.budget.with_user(self.executive).action_quote()["res_id"])
        order.action_quotation_sent()
        self.assertEqual(order.agency_cost_amount, 4900)
        self.authenticate("aa_portal_a", "aa_portal_a")
        page = self.get(f"/my/orders/{order.id}")
        self.assertIn("Art direction", page)
        self.assertRegex(page, r"7,600\.00", "8 h at the client's 950")
        for hidden in (r"4,900", r"612\.5", r"Margin", r"Estimated Cost"):
            self.assertNotRegex(page, hidden)
        self.assertIn("modalaccept", page, "the client accepts and signs on Odoo's own page")
        # Another client's contact gets nothing.
        self.authenticate("aa_portal_b", "aa_portal_b")
        response = self.url_open(f"/my/orders/{order.id}")
        self.assertNotIn("Art direction", response.text)
        with self.assertRaises(AccessError):
            order.with_user(self.portal_b).read(["name"])
        with self.assertRaises(AccessError):
            order.with_user(self.portal_a).read(["agency_margin"])

    def test_requests_list_with_pager_sorting_and_neighbours(self):
        """/my/requests: the client's requests only (no triage, no other
        client's), a page at a time, sorted as asked; each request page links
        the previous and next of that list (Odoo's portal pager)."""
        Request = self.env["agency.request"]
        extra = Request.create([{"name": f"Question {n}", "account_id": self.account.id} for n in range(3)])
        triage = Request.create({"name": "Still in triage", "account_id": self.account.id, "state": "triage"})
        self.authenticate("aa_portal_a", "aa_portal_a")
        page = self.get("/my/requests?sortby=state")
        for record in self.request_a | extra:
            self.assertIn(f"/my/requests/{record.id}", page)
        self.assertNotIn(f"/my/requests/{triage.id}\"", page)
        self.assertNotIn(f"/my/requests/{self.request_b.id}\"", page)
        self.assertNotIn("Lumen secret request", page)
        self.get("/my/requests?sortby=nonsense")  # an unknown sorting falls back to the newest first
        with patch("odoo.addons.agency_account_manager.controllers.portal.AgencyPortal._items_per_page", 2):
            first = self.get("/my/requests")
            second = self.get("/my/requests/page/2")
        self.assertIn("/my/requests/page/2", first, "a pager when there are more requests than a page")
        self.assertEqual(len(re.findall(r"o_agency_portal_request_row", first)), 2)
        self.assertGreaterEqual(len(re.findall(r"o_agency_portal_request_row", second)), 1)
        newest = Request.search([("account_id", "=", self.account.id), ("state", "!=", "triage")],
                                order="date_received desc, id desc", limit=2)
        self.get("/my/requests")  # the list the client opens the request from
        detail = self.get(f"/my/requests/{newest[0].id}")
        self.assertIn(f"/my/requests/{newest[1].id}", detail, "the next request of the list")
        self.assertEqual(self.url_open(f"/my/requests/{self.request_b.id}").status_code, 404)
