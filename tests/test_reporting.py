import io
from datetime import date, timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import AgencyCase, portfolio_workbook


@tagged("post_install", "-at_install", "is_query_count")
class TestAgencyReporting(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[(6, 0, cls.intern.ids)], tier="strategic")
        cls.other = cls._account(cls.client_other, user_id=cls.executive_other.id, team_id=cls.team_other.id)
        cls.env["crm.lead"].create([
            {"name": "Summer", "type": "opportunity", "partner_id": cls.client.id, "expected_revenue": 30000},
            {"name": "Winter", "type": "opportunity", "partner_id": cls.client.id, "expected_revenue": 12000},
        ])
        cls.env["agency.request"].create([{"name": f"R{i}", "account_id": cls.account.id} for i in range(3)])
        cls.brief = cls.env["agency.brief"].create({"title": "Summer launch", "account_id": cls.account.id})
        cls.env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Design", "department_id": cls.dept_design.id,
            "date_due": date.today() + timedelta(days=5), "planned_hours": 10})
        cls.brief.action_approve()
        cls.budget = cls.env["agency.budget"].create({
            "brief_id": cls.brief.id, "line_ids": [Command.create({"category": "agency_hours", "amount": 2000})]})
        cls.budget.action_approve()
        employee = cls.env["hr.employee"].create({"name": "Designer", "hourly_cost": 100})
        cls.env["account.analytic.line"].create({
            "name": "Design", "project_id": cls.brief.project_id.id, "employee_id": employee.id, "unit_amount": 5})
        contact = cls.env["res.partner"].create({"name": "Ann", "parent_id": cls.client.id, "email": "a@x.example"})
        for score in (10, 9, 3):
            survey = cls.env["agency.survey"].create({"survey_type": "nps", "account_id": cls.account.id,
                                                      "partner_id": contact.id})
            survey._record_answer(score)

    def _update(self, **vals):
        return self.env["agency.account.update"].create({
            "account_id": self.account.id, "status": "at_risk",
            "summary": "<p>Launch slipping a week; client informed.</p>", **vals})

    def test_update_needs_a_status_and_a_summary(self):
        with self.assertRaisesRegex(ValidationError, "needs a status and a summary"):
            with self.env.cr.savepoint():
                self._update(status=False)
        with self.assertRaisesRegex(ValidationError, "needs a status and a summary"):
            with self.env.cr.savepoint():
                self._update(summary="<p><br></p>")
        self.assertFalse(self.account.update_ids)

    def test_update_keeps_the_figures_of_the_day(self):
        self.account._recompute_health()
        update = Form(self.env["agency.account.update"].with_user(self.executive).with_context(
            default_account_id=self.account.id))
        update.status = "on_track"
        update.summary = "<p>All good.</p>"
        update = update.save()
        self.assertEqual(update.user_id, self.executive)
        self.assertEqual(update.pipeline_value, 42000)
        self.assertEqual(update.open_requests, 3)
        self.assertEqual(update.health_score, self.account.health_score)
        self.assertAlmostEqual(update.budget_burn, 25.0, msg="500 spent of 2000")
        self.assertEqual(self.account.last_update_status, "on_track")
        # New requests do not change what the update said.
        self.env["agency.request"].create({"name": "Later", "account_id": self.account.id})
        self.assertEqual(update.open_requests, 3)

    def test_due_update_gives_one_activity_until_posted(self):
        self.assertEqual(self.account.update_interval_days, 14, "strategic accounts report every two weeks")
        self.assertEqual(self.other.update_interval_days, 30)
        update_type = self.env.ref("agency_account_manager.mail_activity_type_account_update")
        Account = self.env["agency.account"]
        Account._cron_update_reminders()
        Account._cron_update_reminders()
        due = self.account.activity_ids.filtered(lambda a: a.activity_type_id == update_type)
        self.assertEqual(len(due), 1)
        self.assertEqual(due.user_id, self.executive)
        update = self._update()
        self.assertFalse(self.account.activity_ids.filtered(lambda a: a.activity_type_id == update_type))
        self.assertEqual(self.account.date_next_update, update.date + timedelta(days=14))
        Account._cron_update_reminders()
        self.assertFalse(self.account.activity_ids.filtered(lambda a: a.activity_type_id == update_type))

    def _render(self, user, accounts):
        report = self.env.ref("agency_account_manager.agency_account_report_action").with_user(user)
        return report._render_qweb_html(report.report_name, accounts.ids)[0].decode()

    def test_account_report_pdf(self):
        self.account._recompute_health()
        self._update(wins="<p>New retail client introduced us to their sister brand.</p>")
        html = self._render(self.director, self.account | self.other)
        for text in ("Northwind Beverages", "Lumen Telecom", "Summer launch", "Launch slipping a week",
                     "42,000.00", "sister brand", "Budget versus actual", "2,000.00", "500.00", "3 open requests"):
            self.assertIn(text, html)
        self.assertIn("NPS (12 months): 33", html, "2 promoters, 1 detractor of 3")
        # The PDF itself: tests/test_pdf.py.

    def test_interns_report_has_no_cost_figures(self):
        html = self._render(self.intern, self.account)
        self.assertIn("Northwind Beverages", html)
        self.assertIn("Summer launch", html)
        self.assertNotIn("Budget versus actual", html)
        self.assertNotIn("Actual cost", html)
        self.assertNotIn("Margin", html)

    def _workbook(self, user, accounts):
        """The workbook as the Print menu gives it: an Odoo report of OCA's
        report_xlsx, with no attachment left behind."""
        action = accounts.with_user(user).action_export_portfolio_xlsx()
        self.assertEqual((action["type"], action["report_type"]), ("ir.actions.report", "xlsx"))
        attachments = self.env["ir.attachment"].search_count([])
        report = self.env["ir.actions.report"].with_user(user)
        content, kind = report._render_xlsx(action["report_name"], accounts.ids, None)
        self.assertEqual(kind, "xlsx")
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments, "nothing stored per export")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_workbook_in_vnd_has_no_decimals(self):
        """A Vietnamese company works in VND, which has no decimals: the
        workbook's money cells show none."""
        vnd = self.env.ref("base.VND")
        vnd.active = True
        company = self.env["res.company"].create({"name": "Agency Saigon", "currency_id": vnd.id})
        self.director.write({"company_ids": [(4, company.id)]})
        client = self._client("Khách hàng Phương Nam")
        account = self.env["agency.account"].with_company(company).create({
            "partner_id": client.id, "company_id": company.id, "user_id": self.director.id})
        report = self.env["ir.actions.report"].with_user(self.director).with_company(company)
        content, _kind = report._render_xlsx("agency_account_manager.portfolio_xlsx", account.ids, None)
        money = openpyxl.load_workbook(io.BytesIO(content))["Money"]
        cell = next(row for row in money.iter_rows(min_row=2) if row[0].value == account.name)[1]
        self.assertIn("#,##0", cell.number_format)
        self.assertNotIn(".00", cell.number_format)

    def test_portfolio_workbook(self):
        self.account._recompute_health()
        book = self._workbook(self.director, self.account | self.other)
        self.assertEqual(book.sheetnames,
                         ["Overview", "Pipeline", "Delivery", "Money", "Retainers", "Rate Cards", "Service",
                          "Satisfaction"])
        overview = book["Overview"]
        self.assertEqual(overview["A1"].value, "Account")
        self.assertEqual(overview.freeze_panes, "B2")
        self.assertTrue(overview.auto_filter.ref)
        rows = {row[0]: row for row in overview.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["Northwind Beverages"][2], self.executive.name)
        self.assertEqual(rows["Northwind Beverages"][4], "Strategic")
        band_cell = overview.cell(row=2 + sorted(rows).index("Northwind Beverages"), column=8)
        self.assertEqual(band_cell.fill.fgColor.rgb[-6:], {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}[
            self.account.health_band])
        pipeline = list(book["Pipeline"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(sum(r[3] for r in pipeline if r[0] == "Northwind Beverages"), 42000)
        money = book["Money"]
        self.assertEqual([c.value for c in money[1]],
                         ["Account", "Invoiced (12 months)", "Budget", "Actual Cost", "Burn %", "Margin",
                          "Margin %", "Over Budget"])
        north = next(r for r in money.iter_rows(min_row=2) if r[0].value == "Northwind Beverages")
        self.assertEqual(north[2].value, 2000)
        self.assertEqual(north[3].value, 500)
        self.assertIn("#,##0.00", north[2].number_format)
        self.assertEqual([r[0] for r in book["Delivery"].iter_rows(min_row=2, values_only=True)],
                         ["Northwind Beverages"])
        self.assertEqual(book["Service"]["B2"].value + book["Service"]["B3"].value, 3)

    def test_interns_workbook_has_no_costs(self):
        # Interns are not offered the export (the action is for team leaders,
        # directors and finance) and are refused it through RPC too ...
        export = self.env.ref("agency_account_manager.agency_portfolio_xlsx_report")
        self.assertTrue(export.groups_id)
        self.assertFalse(export.groups_id & self.intern.groups_id)
        self.assertTrue(export.groups_id & self.manager.groups_id)
        with self.assertRaises(AccessError):
            self.account.with_user(self.intern).action_export_portfolio_xlsx()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.intern)._render_xlsx(export.report_name, self.account.ids, None)
        # ... and the workbook itself has no cost for whoever reads no cost.
        content = portfolio_workbook(self.account.with_user(self.intern))
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual([c.value for c in book["Money"][1]], ["Account", "Invoiced (12 months)"])

    def test_weekly_digest(self):
        today = fields.Date.today()
        self.account.write({"health_band": "red", "health_score": 35, "health_band_previous": "amber",
                            "health_band_date": today - timedelta(days=2), "date_next_update": today - timedelta(days=3)})
        request = self.env["agency.request"].search([("account_id", "=", self.account.id)], limit=1)
        request.write({"sla_breached": True, "date_ack_deadline": fields.Datetime.now() - timedelta(days=1)})
        self.budget.sudo().write({"is_over_budget": True, "last_alert_threshold": 100})
        self.env["crm.lead"].create({"name": "Sister brand retainer", "type": "opportunity",
                                     "partner_id": self.client.id}).action_set_won()
        self.env["agency.request"].create({"name": "Other team issue", "account_id": self.other.id,
                                           "sla_breached": True, "date_received": fields.Datetime.now()})
        self.env["agency.request"].search([("name", "=", "Other team issue")]).date_ack_deadline = fields.Datetime.now()
        Mail = self.env["mail.mail"]
        before = Mail.search([]).ids
        self.env["agency.account"]._cron_weekly_digest()
        mails = Mail.search([("id", "not in", before)])
        director_mail = mails.filtered(lambda m: self.director.partner_id in m.recipient_ids
                                       and "Portfolio digest" in m.subject)
        self.assertEqual(len(director_mail), 1)
        body = director_mail.body_html
        for text in ("Northwind Beverages (35/100", request.display_name, "over budget", "Sister brand retainer",
                     "Other team issue"):
            self.assertIn(text, body)
        # dates in the reader's format (English here: month/day/year)
        self.assertIn(f"due {format_date(self.env, today - timedelta(days=3))}", body)
        self.assertNotIn(f"{today - timedelta(days=3)}", body, "no ISO date in an email a person reads")
        leader_mail = mails.filtered(lambda m: self.manager.partner_id in m.recipient_ids)
        self.assertEqual(len(leader_mail), 1)
        self.assertIn("Brand Accounts digest", leader_mail.subject)
        self.assertIn("Sister brand retainer", leader_mail.body_html)
        self.assertNotIn("Other team issue", leader_mail.body_html, "a team leader gets their team's accounts")
        self.assertFalse(mails.filtered(lambda m: self.intern.partner_id in m.recipient_ids))

    def test_report_data_costs_the_same_for_5_and_50_accounts(self):
        clients = self.env["res.partner"].create([{"name": f"C{i}", "is_company": True} for i in range(50)])
        accounts = self.env["agency.account"].create([{"partner_id": c.id} for c in clients])
        for account in accounts:
            self.env["agency.request"].create({"name": "Q", "account_id": account.id})
            self.env["crm.lead"].create({"name": "O", "type": "opportunity", "partner_id": account.partner_id.id,
                                         "expected_revenue": 100})
        accounts._get_report_data(with_costs=True)  # warm the caches
        for subset in (accounts[:5], accounts):
            self.env.invalidate_all()
            # service levels by the request's own status rule: two grouped queries;
            # the estimate by role: one search of the accounts' budgets
            with self.assertQueryCount(24):
                data = subset._get_report_data(with_costs=True)
            self.assertTrue(all(d["pipeline_value"] == 100 and d["open_requests"] == 1 for d in data.values()))
