"""Scorecards from hand-built facts across two quarters, promotion
readiness, the review that promotes, and who may see whose scorecard."""
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import AgencyAccountingCase


@tagged("post_install", "-at_install")
class TestAgencyScorecard(AgencyAccountingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.acc_a = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id, tier="strategic")
        cls.acc_b = cls._account(cls.client_other, user_id=cls.executive.id, team_id=cls.team.id, tier="standard")
        cls.product = cls.env["product.product"].create({
            "name": "Campaign", "type": "service",
            "property_account_income_id": cls.company_data["default_account_revenue"].id})
        cls._invoice(cls.client, date(2026, 2, 10), 1000)
        cls._invoice(cls.client, date(2026, 5, 10), 1500)
        cls._invoice(cls.client, date(2026, 5, 20), 200, move_type="out_refund")
        cls._invoice(cls.client_other, date(2026, 6, 2), 500)
        for score in (10, 9, 3):
            cls._answer(cls.acc_a, "nps", score, datetime(2026, 5, 12, 10))
        cls._answer(cls.acc_a, "csat", 4, datetime(2026, 5, 12, 10))
        cls._answer(cls.acc_b, "csat", 2, datetime(2026, 5, 13, 10))
        Request = cls.env["agency.request"]
        for i in range(4):
            request = Request.create({"name": f"Q{i}", "account_id": cls.acc_a.id})
            request.sudo().write({"date_received": datetime(2026, 4, 10 + i, 9),
                                  "sla_breached": i == 0})
        brief = cls.env["agency.brief"].create({"title": "Spring", "account_id": cls.acc_a.id,
                                                "date_start": date(2026, 3, 1)})
        allocations = cls.env["agency.brief.allocation"].create([
            {"brief_id": brief.id, "name": "Visual", "department_id": cls.dept_design.id,
             "date_due": date(2026, 5, 1)},
            {"brief_id": brief.id, "name": "Film", "department_id": cls.dept_design.id,
             "date_due": date(2026, 6, 1)}])
        brief.sudo().write({"state": "approved"})
        allocations[0].sudo().write({"state": "done"})
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        with freeze_time("2026-05-05"):
            leads = cls.env["crm.lead"].create([
                {"name": "Upsell social", "type": "opportunity", "partner_id": cls.client.id,
                 "expected_revenue": 3000, "stage_id": won_stage.id},
                {"name": "Upsell film", "type": "opportunity", "partner_id": cls.client.id}])
            # Creation dates come from the transaction, not the clock: set them as in May.
            cls.env.flush_all()
            cls.env.cr.execute("UPDATE crm_lead SET create_date = '2026-05-05 10:00' WHERE id IN %s",
                               [tuple(leads.ids)])
            cls.env.cr.execute("UPDATE crm_lead SET date_closed = '2026-05-20 10:00' WHERE id = %s", [leads[0].id])
            leads.invalidate_recordset()
            cls.env["agency.account.update"].create({"account_id": cls.acc_a.id, "status": "on_track",
                                                     "summary": "<p>Fine</p>", "date": date(2026, 5, 5)})
        with freeze_time("2026-06-15"):
            cls.acc_b.write({"stage": "lost"})
        Scorecard = cls.env["agency.scorecard"]
        cls.q1 = Scorecard._compute_scorecards(cls.executive, "quarter", date(2026, 2, 1))
        cls.q2 = Scorecard._compute_scorecards(cls.executive, "quarter", date(2026, 5, 1))

    @classmethod
    def _invoice(cls, partner, day, amount, move_type="out_invoice"):
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": partner.id, "invoice_date": day,
            "invoice_line_ids": [Command.create({"product_id": cls.product.id, "price_unit": amount,
                                                 "tax_ids": []})]})
        move.action_post()
        return move

    @classmethod
    def _answer(cls, account, survey_type, score, when):
        survey = cls.env["agency.survey"].create({"account_id": account.id, "survey_type": survey_type,
                                                  "partner_id": account.partner_id.id})
        survey.sudo().write({"state": "answered", "score": score, "date_answered": when})

    def test_figures_of_two_quarters(self):
        q1, q2 = self.q1.sudo(), self.q2.sudo()
        self.assertEqual((q1.date_from, q1.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        self.assertEqual((q1.account_count, q1.strategic_count, q1.load), (2, 1, 5))
        self.assertEqual(q1.revenue, 1000.0)
        self.assertEqual(q2.revenue, 1800.0, "1,500 + 500 less the 200 credit note")
        self.assertEqual((q2.revenue_previous, q2.revenue_growth), (1000.0, 80.0))
        self.assertAlmostEqual(q2.nps, 100.0 * (2 - 1) / 3, places=2)
        self.assertEqual(q2.nps_answers, 3)
        self.assertEqual(q1.nps_answers, 0)
        self.assertIs(q1.nps, False, "no answer in Q1: no NPS, not 0")
        self.assertEqual(q2.csat, 3.0)
        self.assertEqual((q2.requests, q2.sla_compliance), (4, 75.0))
        self.assertEqual(q2.on_time, 50.0)
        self.assertEqual((q2.upsell_created, q2.upsell_won, q2.upsell_revenue), (2, 1, 3000.0))
        self.assertEqual(q2.updates_posted, 1)
        self.assertEqual((q2.accounts_lost, q2.retention), (1, 50.0))
        self.assertEqual((q1.accounts_lost, q1.retention), (0, 100.0))
        self.assertEqual(q2.margin, 1800.0)
        # Computing again updates the same scorecard: never a second one.
        again = self.env["agency.scorecard"]._compute_scorecards(self.executive, "quarter", date(2026, 6, 30))
        self.assertEqual(again, self.q2)
        # The account report reads the same figures layer: the same revenue.
        from_layer = (self.acc_a | self.acc_b)._figures_invoiced(date(2026, 4, 1), date(2026, 6, 30))
        self.assertEqual(sum(from_layer.values()), q2.revenue)

    def test_readiness_and_promotion_through_a_review(self):
        Criterion = self.env["agency.promotion.criterion"]
        manager_level = "agency_account_manager.group_agency_manager"
        nps, revenue, months = Criterion.create([
            {"target_level": manager_level, "kind": "nps", "value": 30, "quarters": 2},
            {"target_level": manager_level, "kind": "revenue", "value": 1200, "quarters": 2},
            {"target_level": manager_level, "kind": "months_at_level", "value": 18},
        ])
        rows = self.env["agency.promotion.readiness"]._refresh(self.executive, self.env.company)
        by_criterion = {row.criterion_id: row for row in rows}
        # Q1 has no NPS answer: left out (no data is not an NPS of 0), so Q2's 33 is the average.
        self.assertTrue(by_criterion[nps].met, "NPS 33 in the one quarter that has answers")
        self.assertAlmostEqual(by_criterion[nps].value, 100.0 / 3, places=2)
        self.assertNotIn("Q1 2026", by_criterion[nps].evidence)
        self.assertIn("Q2 2026", by_criterion[nps].evidence)
        self.assertTrue(by_criterion[revenue].met)
        self.assertEqual(by_criterion[revenue].value, 1400.0)
        self.assertIn("Q1 2026", by_criterion[revenue].evidence)
        self.assertFalse(by_criterion[months].met)
        # A team leader records the review; only a director promotes.
        review = self.env["agency.review"].with_user(self.manager).create({
            "user_id": self.executive.id, "scorecard_id": self.q2.id, "decision": "promote",
            "target_level": manager_level, "date_effective": date(2026, 7, 1),
            "strengths": "<p>Clients love her</p>"})
        with self.assertRaises(AccessError):
            review.with_user(self.manager).action_done()
        self.assertFalse(self.executive.has_group(manager_level))
        review.with_user(self.director).action_done()
        self.assertTrue(self.executive.has_group(manager_level))
        self.assertEqual(self.executive.agency_level_since, date(2026, 7, 1))
        self.assertEqual(review.state, "done")
        self.assertTrue(any("promoted" in body for body in review.message_ids.mapped("body")))
        with self.assertRaises(UserError):
            review.with_user(self.director).write({"decision": "stay"})
        # One level at a time, and never one's own review.
        jump = self.env["agency.review"].with_user(self.director).create({
            "user_id": self.intern.id, "decision": "promote",
            "target_level": "agency_account_manager.group_agency_director"})
        with self.assertRaises(UserError):
            jump.action_done()
        own = self.env["agency.review"].with_user(self.director).create({
            "user_id": self.director.id, "decision": "stay"})
        with self.assertRaises(AccessError):
            own.action_done()

    def test_who_sees_whose_scorecard(self):
        Scorecard = self.env["agency.scorecard"]
        self.assertEqual(Scorecard.with_user(self.executive).search([]), self.q1 | self.q2)
        self.assertFalse(Scorecard.with_user(self.executive_other).search([]))
        self.assertFalse(Scorecard.with_user(self.intern).search([]))
        with self.assertRaises(AccessError):
            self.q2.with_user(self.executive_other).read(["revenue"])
        self.assertEqual(Scorecard.with_user(self.manager).search([]), self.q1 | self.q2, "the team leader")
        self.assertFalse(Scorecard.with_user(self.manager_other).search([]))
        self.assertEqual(Scorecard.with_user(self.director).search([]), self.q1 | self.q2)
        self.assertFalse(Scorecard.with_user(self.director_b).search([]), "another company's director")
        with self.assertRaises(AccessError):
            self.q2.with_user(self.intern).read(["margin"])
        with self.assertRaises(UserError):
            self.q2.with_user(self.director).write({"revenue": 1})
        with self.assertRaises(AccessError):
            self.env["agency.review"].with_user(self.executive).create({"user_id": self.intern.id})

    def test_pdf_and_workbook_read_the_recorded_figures(self):
        html = self.env["ir.actions.report"]._render_qweb_html(
            "agency_account_manager.agency_scorecard_report_action", self.q2.ids)[0].decode()
        self.assertIn("1,800.00", html)
        book, _type = self.env["ir.actions.report"]._render_xlsx(
            "agency_account_manager.agency_scorecard_xlsx_report", (self.q1 | self.q2).ids, {})
        self.assertTrue(book.startswith(b"PK"))
