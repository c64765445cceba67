"""One set of figures: the health explanation, the account report, the
workbook, the status update and the account plan give the same revenue,
CSAT and NPS for the same account and period, because they all read the
figures layer (models/account/figures.py)."""
import io
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.tests import tagged

from .common import AgencyAccountingCase, portfolio_workbook


@tagged("post_install", "-at_install")
class TestAgencyOneSetOfFigures(AgencyAccountingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id, stage="active")
        cls.contact = cls.env["res.partner"].create({
            "name": "Nora Buyer", "parent_id": cls.client.id, "email": "nora@northwind.example.com"})
        today = fields.Date.today()
        for move_type, amount in (("out_invoice", 1200.0), ("out_invoice", 800.0), ("out_refund", 300.0)):
            cls.init_invoice(move_type, partner=cls.client, invoice_date=today, amounts=[amount], taxes=[],
                             post=True)
        Survey = cls.env["agency.survey"]
        for kind, score in (("csat", 5), ("csat", 2), ("nps", 10), ("nps", 9), ("nps", 3)):
            Survey.create({"survey_type": kind, "account_id": cls.account.id,
                           "partner_id": cls.contact.id})._record_answer(score)

    def test_revenue_csat_and_nps_agree_everywhere(self):
        account = self.account
        account._recompute_health()
        facts = {item["factor"]: item["facts"] for item in account._health_explanation()}
        report = account._get_report_data(with_costs=True)[account.id]
        update = self.env["agency.account.update"].create({
            "account_id": account.id, "status": "on_track", "summary": "<p>Fine</p>"})
        plan = self.env["agency.account.plan"].create({
            "account_id": account.id, "objective_ids": [
                (0, 0, {"name": "Revenue", "kind": "revenue", "target": 5000}),
                (0, 0, {"name": "NPS", "kind": "satisfaction", "target": 50}),
            ]})
        plan_values = {objective.kind: objective.current for objective in plan.objective_ids}
        book = openpyxl.load_workbook(io.BytesIO(portfolio_workbook(account)))
        money = {row[0]: row for row in book["Money"].iter_rows(min_row=2, values_only=True)}
        satisfaction = {row[0]: row for row in book["Satisfaction"].iter_rows(min_row=2, values_only=True)}

        # Revenue: 1,200 + 800 invoiced, minus a 300 credit note.
        self.assertEqual(report["invoiced_revenue"], 1700.0)
        self.assertEqual(update.invoiced_revenue, 1700.0)
        self.assertEqual(plan_values["revenue"], 1700.0)
        self.assertEqual(money[account.name][1], 1700.0)
        self.assertIn(f"Invoiced {account.currency_id.format(1700.0)} in the last 90 days", facts["commercial"])
        # CSAT: (5 + 2) / 2 from two answers; NPS: 2 promoters, 1 detractor of 3.
        self.assertEqual((report["csat"], report["csat_count"]), (3.5, 2))
        self.assertEqual(satisfaction[account.name][2:4], (3.5, 2))
        self.assertIn("CSAT 3.5/5 from 2 answers", facts["satisfaction"])
        self.assertAlmostEqual(report["nps"], 100 / 3)
        self.assertAlmostEqual(plan_values["satisfaction"], 100 / 3)
        self.assertAlmostEqual(satisfaction[account.name][1], 100 / 3)
        self.assertIn("NPS +33", facts["satisfaction"])
        self.assertAlmostEqual(account.nps_score, 100 / 3)

    def test_service_levels_and_budgets_agree_everywhere(self):
        """The breach rate of the last 90 days, the open and breached requests
        and the budget against spend: the same on the form's health, in the
        report, the workbook, a status update and My Day."""
        account = self.account
        brief = self.env["agency.brief"].create({
            "title": "Launch", "account_id": account.id, "date_start": fields.Date.today(),
            "objectives": "<p>Launch the range</p>"})
        self.env["agency.brief.allocation"].create({
            "brief_id": brief.id, "name": "Visual", "department_id": self.env["hr.department"].create(
                {"name": "Figures Design", "agency_delivers_client_work": True}).id,
            "date_due": fields.Date.today() + timedelta(days=5)})
        brief.action_submit()
        brief.action_approve()
        budget = self.env["agency.budget"].create({
            "brief_id": brief.id, "line_ids": [Command.create({"category": "production", "amount": 2000})],
            "negotiation_ids": [Command.create({"our_proposal": 2000, "client_counter": 1500,
                                                "agreed_amount": 1500, "outcome": "accepted"})]})
        budget.action_approve()
        self.env["agency.sla.policy"].create({"company_id": account.company_id.id, "priority": "1",
                                              "ack_hours": 4, "resolve_hours": 16})
        late = self.env["agency.request"].create({"name": "Files?", "account_id": account.id})
        late.sudo().write({"date_received": fields.Datetime.now() - timedelta(days=10)})
        self.env["agency.request"].create({"name": "New question", "account_id": account.id})
        account._recompute_health()
        report = account._get_report_data(with_costs=True)[account.id]
        update = self.env["agency.account.update"].create({
            "account_id": account.id, "status": "on_track", "summary": "<p>Fine</p>"})
        facts = {item["factor"]: item["facts"] for item in account._health_explanation()}
        book = openpyxl.load_workbook(io.BytesIO(portfolio_workbook(account)))
        service = {row[0]: row for row in book["Service"].iter_rows(min_row=2, values_only=True)}
        money = {row[0]: row for row in book["Money"].iter_rows(min_row=2, values_only=True)}
        items = self.env["agency.attention"]._get_items(account)
        breached_items = [item for item in items if "request_breached" in item["kinds"]]

        # Two requests in the window, one past its service level.
        self.assertEqual(report["breach_rate"], 50.0)
        self.assertIn("50% of 2 requests breached", facts["responsiveness"])
        self.assertEqual(service[account.name][4], 50.0)
        self.assertEqual((report["open_requests"], report["breached_requests"]), (2, 1))
        self.assertEqual((update.open_requests, update.breached_requests), (2, 1))
        self.assertEqual(service[account.name][1:3], (2, 1))
        self.assertEqual(len(breached_items), 1, "My Day: the same request is breached")
        # The budget is measured against the agreed 1,500, not the 2,000 estimate.
        self.assertEqual(budget.reference_amount, 1500.0)
        self.assertEqual(report["budget_total"], 1500.0)
        self.assertEqual(money[account.name][2], 1500.0)
        self.assertEqual(report["budget_burn"], update.budget_burn)
        self.assertIn("1 budget", facts["budget"])
