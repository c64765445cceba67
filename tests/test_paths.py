"""The paths between the features, as a person walks them: each role can
open its own work, the buttons on the way do not crash, the wizards open
with what they need, one fact has one answer, and no data is not zero."""
import io
from datetime import date, timedelta

import openpyxl

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AgencySampleCase
from .test_request import raw_email

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.


@tagged("post_install", "-at_install")
class TestAgencyPaths(AgencySampleCase):

    def _form_spec(self, Model):
        """What the web client reads to open a record's form."""
        views = Model.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        spec = {}
        for node in arch.iter("field"):
            if any(a.tag in ("list", "kanban") for a in node.iterancestors()):
                continue
            field = Model._fields.get(node.get("name"))
            if field is not None:
                spec[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
        return spec

    # ------------------------------------------------------------ department heads

    def test_department_head_gets_their_screens_with_the_department(self):
        head = self.creative_lead
        group = "agency_account_manager.group_agency_department_head"
        self.assertTrue(head.has_group(group), "heading a delivery department gives the screens")
        Menu = self.env["ir.ui.menu"].with_user(head)
        visible = Menu.browse(Menu._visible_menu_ids())
        self.assertIn(self.env.ref("agency_account_manager.agency_department_request_menu"), visible)
        self.assertIn(self.env.ref("agency_account_manager.agency_department_allocation_menu"), visible)
        self.assertNotIn(self.env.ref("agency_account_manager.agency_account_menu"), visible)
        # The request and the work aimed at the department open as forms.
        for record in (self.request, self.allocation):
            Model = self.env[record._name].with_user(head)
            self.assertEqual(Model.search([("id", "=", record.id)]), record)
            Model.browse(record.id).web_read(self._form_spec(Model))
        other = self.env["agency.brief.allocation"].create({
            "brief_id": self.brief.id, "name": "Banner", "department_id": self.dept_design.id,
            "date_due": "2026-10-20"})
        self.assertFalse(self.env["agency.brief.allocation"].with_user(head).search([("id", "=", other.id)]),
                         "another department's work stays out of sight")
        with self.assertRaises(AccessError):
            self.request.with_user(head).read(["estimated_cost"])
        # Another head takes over: the group follows the department.
        successor = new_test_user(self.env, login="aa_new_head", groups="base.group_user")
        employee = self.env["hr.employee"].create({"name": "New Head", "user_id": successor.id})
        self.dept_creative.manager_id = employee
        self.assertTrue(successor.has_group(group))
        self.assertFalse(head.has_group(group))

    def test_department_head_pushes_back_from_the_request(self):
        self.dept_creative.agency_lead_time_days = 10
        self.request.date_requested = fields.Date.today() + timedelta(days=3)
        head = self.creative_lead
        action = self.request.with_user(head).action_open_pushback()
        wizard = Form(self.env[action["res_model"]].with_user(head).with_context(**action.get("context", {})))
        wizard.reason = "The shoot needs two weeks of preparation."
        wizard.save().action_confirm()
        self.assertEqual(self.request.pushback_state, "pushed_back")
        self.assertEqual(self.request.pushback_user_id, head)

    # ------------------------------------------------------------ portal access

    def test_grant_portal_access_lists_the_clients_contacts(self):
        contact = self.env["res.partner"].create({"name": "Ana Client", "parent_id": self.client.id,
                                                  "email": "ana@northwind.example.com"})
        action = self.account.with_user(self.director).action_grant_portal_access()
        self.assertEqual(action["res_model"], "portal.wizard")
        wizard = self.env["portal.wizard"].with_user(self.director).browse(action["res_id"])
        self.assertIn(contact, wizard.user_ids.partner_id, "the wizard opens with the client's contacts")
        wizard.user_ids.filtered(lambda line: line.partner_id == contact).action_grant_access()
        self.assertTrue(contact.user_ids.filtered("share"), "the contact is a portal user")
        self.brief.write({"objectives": "<p>Launch well</p>"})
        self.brief.with_user(self.executive).action_share_with_client()
        self.assertEqual(self.brief.client_approval_state, "waiting")

    # ------------------------------------------------------------ money

    def test_two_deals_on_one_day_in_one_form(self):
        self.budget.negotiation_ids.unlink()
        with Form(self.budget.with_user(self.executive)) as form:
            for amount in (790, 780):
                with form.negotiation_ids.new() as round_:
                    round_.our_proposal = amount
                    round_.outcome = "accepted"
                    round_.agreed_amount = amount
        self.assertEqual(self.budget.agreed_amount, 780, "the later round of the day is the deal")

    def test_several_lines_added_in_one_form_before_saving(self):
        """The one2many paths of the forms: lines added together, then saved once."""
        with Form(self.budget.with_user(self.executive)) as form:
            for category, amount, hours in (("agency_hours", 300, 3), ("production", 450, 0), ("media", 250, 0)):
                with form.line_ids.new() as line:
                    line.category = category
                    line.amount = amount
                    line.planned_hours = hours
            with form.negotiation_ids.new() as round_:
                round_.our_proposal = 1800
                round_.client_counter = 1600
            with form.negotiation_ids.new() as round_:
                round_.our_proposal = 1750
                round_.outcome = "price_changed"
                round_.agreed_amount = 1750
        self.assertEqual(self.budget.estimate_total, 1800)
        self.assertEqual(self.budget.agreed_amount, 1750)
        retainer = Form(self.env["agency.retainer"].with_user(self.executive))
        retainer.account_id = self.account
        retainer.fee = 2000
        for department, hours in ((self.dept_creative, 10), (self.dept_design, 6)):
            with retainer.line_ids.new() as line:
                line.department_id = department
                line.hours = hours
        retainer = retainer.save()
        self.assertEqual(retainer.included_hours, 16)
        with Form(self.plan.with_user(self.executive)) as form:
            for name, kind, target in (("New work", "revenue", 5000), ("Keep them", "retention", 100)):
                with form.objective_ids.new() as objective:
                    objective.name = name
                    objective.kind = kind
                    objective.target = target
        self.assertEqual(len(self.plan.objective_ids), 3)

    def test_an_agreed_amount_counts_only_on_a_deal(self):
        Round = self.env["agency.budget.negotiation"].with_user(self.executive)
        with self.assertRaisesRegex(ValidationError, "Still Negotiating"):
            with self.env.cr.savepoint():
                Round.create({"budget_id": self.budget.id, "agreed_amount": 900, "outcome": "open"})
        deal = Round.create({"budget_id": self.budget.id, "agreed_amount": 790, "outcome": "price_changed"})
        self.assertEqual(self.budget.agreed_amount, 790)
        with self.assertRaisesRegex(ValidationError, "no agreed amount"):
            with self.env.cr.savepoint():
                deal.write({"outcome": "declined"})

    def test_forecast_above_the_agreed_amount_is_said(self):
        self.budget.action_approve()
        self.budget.invalidate_recordset()
        self.assertFalse(self.budget.is_forecast_over)
        self.brief.write({"objectives": "<p>Launch</p>"})
        self.brief.action_approve()
        # Planned hours on the project's tasks, at cost, beyond the agreement.
        self.brief.project_id.task_ids.write({"allocated_hours": 400})
        self.budget.hourly_cost = 100
        self.budget.invalidate_recordset()
        self.assertTrue(self.budget.is_forecast_over)
        items = self.env["agency.attention"].with_user(self.executive)._get_items(self.account)
        item = next(item for item in items if "budget_forecast" in item["kinds"])
        self.assertIn("above the agreed", item["reason"])
        self.assertFalse(any("budget_forecast" in item["kinds"] for item in
                             self.env["agency.attention"].with_user(self.intern)._get_items(self.account)),
                         "interns read no money")

    # ------------------------------------------------------------ buttons

    def test_scorecard_header_button_as_the_web_client_calls_it(self):
        Scorecard = self.env["agency.scorecard"].with_user(self.manager)
        # A list-header button sends the selected ids (none here).
        result = Scorecard.browse([]).action_compute_current()
        self.assertEqual(result["tag"], "soft_reload")
        cards = Scorecard.search([("user_id", "=", self.executive.id)])
        self.assertEqual(set(cards.mapped("period_type")), {"month", "quarter"})
        cards.action_compute_current()  # and with a selection
        with self.assertRaises(AccessError):
            self.env["agency.scorecard"].with_user(self.executive).browse([]).action_compute_current()

    def test_settings_open_on_the_companys_record(self):
        action = self.env["agency.settings"].with_user(self.director)._open_settings()
        self.assertTrue(action["res_id"])
        settings = self.env["agency.settings"].browse(action["res_id"])
        self.assertEqual(settings.company_id, self.company)
        self.assertIn(self.company.name, settings.display_name)

    def test_account_people_start_in_the_accounts_app(self):
        for role in ("intern", "executive", "director", "finance", "dept_head"):
            menus = self.env["ir.ui.menu"].with_user(self.users[role]).load_menus(debug=False)
            first = menus[menus["root"]["children"][0]]
            self.assertEqual(first["xmlid"], "agency_account_manager.agency_menu_root", f"{role} lands elsewhere")
        menus = self.env["ir.ui.menu"].with_user(self.intern).load_menus(debug=False)
        root = menus[self.env.ref("agency_account_manager.agency_menu_root").id]
        self.assertEqual(menus[root["children"][0]]["xmlid"], "agency_account_manager.agency_my_day_menu")

    # ------------------------------------------------------------ no data, one fact

    def test_no_data_is_empty_not_zero(self):
        quiet = new_test_user(self.env, login="aa_quiet", groups="agency_account_manager.group_agency_executive")
        card = self.env["agency.scorecard"]._compute_scorecards(quiet, "month", fields.Date.today())
        for fname in ("nps", "csat", "sla_compliance", "on_time", "updates_on_time", "retention", "revenue_growth"):
            self.assertIs(card[fname], False, f"{fname}: nothing to measure reads empty")
        self.assertIs(card.read(["csat"])[0]["csat"], False)
        # and so on the printed scorecard and in the team's workbook
        html = self.env["ir.actions.report"]._render_qweb_html(
            "agency_account_manager.report_agency_scorecard", card.ids)[0].decode()
        self.assertIn("No data", html)
        self.assertNotIn("0 %", html)
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "agency_account_manager.agency_scorecard_xlsx_report", card.ids, {})
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        headers = [cell.value for cell in sheet[1]]
        self.assertIsNone(sheet.cell(2, headers.index("CSAT") + 1).value, "an empty cell, not 0 nor FALSE")
        self.assertIs(self.account.nps_score, False, "no NPS answer: empty, not 0")
        self.survey._record_answer(10)
        self.account.invalidate_recordset(["nps_score"])
        self.assertEqual(self.account.nps_score, 100.0)
        criterion = self.env["agency.promotion.criterion"].create({
            "target_level": "agency_account_manager.group_agency_manager", "kind": "csat", "value": 4,
            "quarters": 1})
        last_quarter = fields.Date.today().replace(day=1) - timedelta(days=100)
        self.env["agency.scorecard"]._compute_scorecards(quiet, "quarter", last_quarter)
        [readiness] = self.env["agency.promotion.readiness"]._refresh(quiet, self.company).filtered(
            lambda r: r.criterion_id == criterion)
        self.assertIs(readiness.value, False)
        self.assertFalse(readiness.met)
        self.assertIn("No data", readiness.evidence)

    def test_a_missed_service_level_reads_the_same_everywhere(self):
        complaint = self.env["agency.request"].create({
            "name": "Wrong price on the banner", "account_id": self.account.id, "request_type": "complaint"})
        # Received long ago; the hourly job has not recorded the breach yet.
        complaint.sudo().write({"date_received": fields.Datetime.now() - timedelta(days=10)})
        self.assertFalse(complaint.sla_breached)
        self.assertEqual(complaint.sla_status, "breached")
        self.account._recompute_health()
        facts = {item["factor"]: item["facts"] for item in self.account._health_explanation()}
        data = self.account._get_report_data(with_costs=True)[self.account.id]
        received, breached = self.account._figures_sla(
            *self.account._figures_last_ninety_days(fields.Date.today()))[self.account.id]
        self.assertGreaterEqual(breached, 1)
        self.assertIn(f"{round(100 * breached / received)}% of {received} requests breached",
                      facts["responsiveness"])
        self.assertEqual(data["breach_rate"], 100.0 * breached / received)
        self.assertGreaterEqual(data["breached_requests"], 1)
        items = [item for item in self.env["agency.attention"].with_user(self.executive)._get_items(self.account)
                 if item["res_model"] == "agency.request" and item["res_id"] == complaint.id]
        self.assertEqual(len(items), 1, "one line for one complaint")
        self.assertEqual(set(items[0]["kinds"]), {"complaint", "request_breached"})
        self.assertIn("missed its service level", items[0]["reason"])
        self.assertIn("is open since", items[0]["reason"])

    def test_my_day_dates_read_in_the_users_format(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.executive.lang = "fr_FR"
        late = self.env["agency.brief.allocation"].create({
            "brief_id": self.brief.id, "name": "Late banner", "department_id": self.dept_design.id,
            "date_due": "2026-10-01"})
        self.brief.write({"objectives": "<p>Launch</p>"})
        self.brief.action_approve()
        self.assertTrue(late.is_late)
        data = self.env["agency.attention"].with_user(self.executive).with_context(lang="fr_FR").get_my_day()
        [item] = [item for group in data["groups"] for item in group["items"]
                  if item["res_model"] == late._name and item["res_id"] == late.id]
        self.assertEqual(item["date"], "01/10/2026")
        self.assertIn("01/10/2026", item["reason"], "and so in the sentence that explains it")
        self.assertNotIn("2026-10-01", item["reason"])

    # ------------------------------------------------------------ readiness of a brief

    def test_a_brief_is_sent_on_only_with_objectives_and_a_dated_deliverable(self):
        Brief = self.env["agency.brief"].with_user(self.intern)
        empty = Brief.create({"title": "Empty", "account_id": self.account.id})
        with self.assertRaisesRegex(UserError, "objectives"):
            empty.action_submit()
        with self.assertRaisesRegex(UserError, "deliverable with a due date"):
            empty.write({"state": "submitted", "objectives": "<p>Sell more</p>"})  # the RPC way too
        with self.assertRaisesRegex(UserError, "not ready"):
            empty.with_user(self.executive).action_share_with_client()
        self.env["agency.brief.allocation"].with_user(self.intern).create({
            "brief_id": empty.id, "name": "Poster", "department_id": self.dept_design.id,
            "date_due": fields.Date.today() + timedelta(days=5)})
        empty.write({"objectives": "<p>Sell more</p>"})
        empty.action_submit()
        self.assertEqual(empty.state, "submitted")

    # ------------------------------------------------------------ archived accounts

    def test_no_new_work_reaches_an_archived_account_through_a_draft_brief(self):
        self.brief.write({"objectives": "<p>Launch</p>"})
        self.account.with_user(self.manager).action_archive()
        with self.assertRaisesRegex(ValidationError, "is archived"):
            with self.env.cr.savepoint():
                self.env["agency.brief.allocation"].with_user(self.executive).create({
                    "brief_id": self.brief.id, "name": "Extra", "department_id": self.dept_design.id,
                    "date_due": "2026-10-20"})
        with self.assertRaisesRegex(ValidationError, "is archived"):
            with self.env.cr.savepoint():
                self.brief.with_user(self.executive).write({"state": "approved"})
        self.assertFalse(self.brief.project_id)
        with self.assertRaisesRegex(ValidationError, "is archived"):
            with self.env.cr.savepoint():
                self.budget.with_user(self.executive).action_approve()
        self.account.with_user(self.manager).action_unarchive()
        self.brief.with_user(self.executive).action_approve()
        self.assertTrue(self.brief.project_id)

    # ------------------------------------------------------------ mail gateway

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.agency_account_manager.models.mail_thread")
    def test_mail_to_a_domain_shared_by_two_companies_finds_the_clients_account(self):
        domain = self.env["mail.alias.domain"].create({"name": "shared-agency.example.com"})
        (self.company | self.company_b).write({"alias_domain_id": domain.id})
        client_b = self._client("Baltic Breweries")
        self.env["res.partner"].create({"name": "Bea Buyer", "parent_id": client_b.id,
                                        "email": "bea@baltic.example.com"})
        account_b = self.env["agency.account"].create({
            "partner_id": client_b.id, "company_id": self.company_b.id, "user_id": self.director_b.id})
        raw = raw_email(email_from="Bea Buyer <bea@baltic.example.com>", subject="Our label",
                        msg_id="<shared-1@baltic.example.com>", extra="", body="Please fix the label.")
        raw = raw.replace("client-requests@agency.example.com", "client-requests@shared-agency.example.com")
        request = self.env["agency.request"].browse(
            self.env["mail.thread"].with_company(self.company).message_process("agency.request", raw))
        self.assertEqual(request.account_id, account_b)
        self.assertEqual(request.company_id, self.company_b)
        self.assertEqual(request.state, "new", "out of triage: on the client's account")

    # ------------------------------------------------------------ core checks first

    def test_odoos_own_refusals_come_first(self):
        portal = self.users["portal"]
        task = self.env["project.task"].create({"name": "Shared", "project_id": self.env["project.project"].create(
            {"name": "Shared project", "privacy_visibility": "portal"}).id})
        task.project_id.message_subscribe(partner_ids=portal.partner_id.ids)
        with self.assertRaises(AccessError):
            task.with_user(portal).write({"agency_allocation_id": self.allocation.id})
        with self.assertRaisesRegex(UserError, "brief allocation"):
            task.with_user(self.director).write({"agency_allocation_id": self.allocation.id})
        order = self.env["sale.order"].create({"partner_id": self.client.id})
        with self.assertRaises(AccessError):
            order.with_user(portal).write({"agency_account_id": self.account.id})
        with self.assertRaises(AccessError):
            self.director.with_user(self.executive).write({"agency_level_since": date(2026, 1, 1)})
        with self.assertRaisesRegex(UserError, "recorded by the system"):
            self.director.with_user(self.env.ref("base.user_admin")).write({"agency_level_since": date(2026, 1, 1)})
