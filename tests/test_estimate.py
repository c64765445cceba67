"""Estimates by role on the client's rate card, quoted and revised in
Sales: a Vietnamese agency prices a Senior Designer's hours for its client
in VND, quotes them, revises the quotation after sending it, and reads the
designer's timesheets as the role's actual hours."""
import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import AgencyCase, portfolio_workbook

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.

GROUP = "agency_account_manager.group_agency_%s"


@tagged("post_install", "-at_install")
class TestAgencyEstimateByRole(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        vnd = cls.env.ref("base.VND")
        vnd.active = True
        cls.vn = cls.env["res.company"].create({"name": "Sài Gòn Test Agency", "currency_id": vnd.id})
        cls.env.user.company_ids |= cls.vn

        def user(login, level, **kw):
            return new_test_user(cls.env, login=login, groups=GROUP % level, name=login.replace("_", " ").title(),
                                 company_id=cls.vn.id, company_ids=[Command.set(cls.vn.ids)], **kw)
        cls.vn_director = user("vn_director", "director")
        cls.vn_manager = user("vn_manager", "manager")
        cls.vn_executive = user("vn_executive", "executive")
        cls.vn_intern = user("vn_intern", "intern")
        cls.designer = new_test_user(cls.env, login="vn_designer", groups="base.group_user,project.group_project_user",
                                     name="Lan Designer", company_id=cls.vn.id, company_ids=[Command.set(cls.vn.ids)])
        Role = cls.env["project.role"].with_user(cls.vn_director).with_company(cls.vn)
        cls.senior_designer = Role.create({"name": "Senior Designer", "company_id": cls.vn.id,
                                           "agency_cost_rate": 600_000, "agency_standard_rate": 1_400_000})
        cls.copywriter = Role.create({"name": "Copywriter", "company_id": cls.vn.id,
                                      "agency_cost_rate": 300_000, "agency_standard_rate": 900_000})
        cls.env["project.assignment"].with_user(cls.vn_director).with_company(cls.vn).create({
            "company_id": cls.vn.id, "role_id": cls.senior_designer.id, "user_id": cls.designer.id})
        cls.team = cls.env["crm.team"].create({"name": "Nhóm thương hiệu", "company_id": cls.vn.id,
                                               "user_id": cls.vn_manager.id,
                                               "member_ids": [Command.set((cls.vn_executive | cls.vn_intern).ids)]})
        cls.client_vn = cls._client("Công ty Bình Minh", lang="en_US")
        cls.account = cls.env["agency.account"].create({
            "partner_id": cls.client_vn.id, "company_id": cls.vn.id, "user_id": cls.vn_executive.id,
            "team_id": cls.team.id, "member_ids": [Command.set(cls.vn_intern.ids)]})
        cls.card = cls.env["agency.rate.card.line"].with_user(cls.vn_executive).create({
            "account_id": cls.account.id, "role_id": cls.senior_designer.id, "rate": 1_200_000})
        cls.department = cls.env["hr.department"].create({
            "name": "Thiết kế", "company_id": cls.vn.id, "agency_delivers_client_work": True})
        cls.brief = cls.env["agency.brief"].with_user(cls.vn_executive).create({
            "title": "Tết campaign", "account_id": cls.account.id, "objectives": "<p>Tết sales</p>",
            "date_start": "2026-12-01", "date_deadline": "2027-01-31",
            "allocation_ids": [
                Command.create({"name": "Key visual", "department_id": cls.department.id, "user_id": cls.designer.id,
                                "planned_hours": 10, "date_due": "2027-01-10"}),
                Command.create({"name": "Headlines", "department_id": cls.department.id, "role_id": cls.copywriter.id,
                                "planned_hours": 4, "date_due": "2027-01-12"}),
                Command.create({"name": "Brief check", "department_id": cls.department.id, "planned_hours": 2,
                                "date_due": "2027-01-05"}),
            ]})
        cls.budget = cls.env["agency.budget"].with_user(cls.vn_executive).create({"brief_id": cls.brief.id})

    def _line(self, role):
        return self.budget.line_ids.filtered(lambda l: l.role_id == role)

    def test_the_estimate_by_role_gives_the_quotation_line_at_the_clients_rate(self):
        budget = self.budget.with_user(self.vn_executive)
        budget.action_propose_from_schedule()
        designer, copy = self._line(self.senior_designer), self._line(self.copywriter)
        self.assertEqual((designer.planned_hours, designer.cost_rate, designer.sell_rate), (10, 600_000, 1_200_000),
                         "the role the designer holds; the client's card, not the standard 1,400,000")
        self.assertEqual((designer.cost_amount, designer.amount), (6_000_000, 12_000_000))
        self.assertEqual((copy.planned_hours, copy.sell_rate, copy.amount), (4, 900_000, 3_600_000),
                         "the card says nothing of copywriters: the standard rate")
        unknown = budget.line_ids - designer - copy
        self.assertEqual((unknown.department_id, unknown.planned_hours, unknown.amount), (self.department, 2, 0),
                         "work no role is known for: its department's hours, priced by hand")
        # Proposing again updates the hours and adds nothing twice.
        key_visual = self.brief.allocation_ids.filtered(lambda a: a.name == "Key visual")
        key_visual.planned_hours = 12
        budget.action_propose_from_schedule()
        self.assertEqual(len(budget.line_ids), 3)
        self.assertEqual(self._line(self.senior_designer).planned_hours, 12)
        key_visual.planned_hours = 10
        budget.action_propose_from_schedule()
        # An outside cost with a mark-up; the price of a role line is not typed.
        budget.line_ids = [Command.create({"category": "production", "name": "Print run", "cost_amount": 2_000_000,
                                           "markup_pct": 15})]
        printing = budget.line_ids.filtered(lambda l: l.category == "production")
        self.assertEqual(printing.amount, 2_300_000)
        with self.assertRaisesRegex(ValidationError, "follows its rates"):
            with self.env.cr.savepoint():
                designer.with_user(self.vn_executive).write({"amount": 9_000_000})
        unknown.with_user(self.vn_executive).amount = 400_000
        self.assertEqual(budget.estimate_total, 12_000_000 + 3_600_000 + 2_300_000 + 400_000)
        self.assertEqual(budget.estimate_cost, 6_000_000 + 1_200_000 + 2_000_000)
        # The quotation, in one click, on the client's rate card.
        action = budget.action_quote()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(budget.sale_order_id, order)
        self.assertEqual(order.pricelist_id, self.account.rate_card_pricelist_id)
        self.assertEqual(order.currency_id, self.env.ref("base.VND"))
        role_line = order.order_line.filtered(lambda l: l.product_id == self.senior_designer.agency_product_id)
        self.assertEqual((role_line.product_uom_qty, role_line.price_unit, role_line.price_subtotal),
                         (10, 1_200_000, 12_000_000), "10 h at the card's 1,200,000 VND")
        self.assertEqual(role_line.product_uom, self.env.ref("uom.product_uom_hour"))
        self.assertEqual(order.amount_untaxed, budget.estimate_total)
        self.assertEqual(order.agency_discount_pct, 0.0)
        designer_only = role_line.agency_cost_amount
        self.assertEqual(designer_only, 6_000_000)
        self.assertAlmostEqual(100 * (role_line.price_subtotal - designer_only) / role_line.price_subtotal, 50.0)
        self.assertAlmostEqual(order.agency_margin_pct, budget.estimate_margin_pct)
        # Costs are for cost readers: never on the portal, never to interns.
        with self.assertRaises(AccessError):
            order.with_user(self.vn_intern).read(["agency_margin"])
        with self.assertRaises(AccessError):
            self.card.with_user(self.vn_intern).read(["rate"])

    def test_a_revision_after_sending_keeps_every_version_and_its_round(self):
        budget = self.budget.with_user(self.vn_executive)
        budget.action_propose_from_schedule()
        budget.line_ids.filtered(lambda l: not l.role_id).unlink()
        first = self.env["sale.order"].browse(budget.action_quote()["res_id"])
        # Quoting again before sending rewrites the same draft.
        self.assertEqual(budget.action_quote()["res_id"], first.id)
        self.assertEqual(len(first.order_line), 2)
        first.with_user(self.vn_executive).action_quotation_sent()
        round_one = self.env["agency.budget.negotiation"].with_user(self.vn_executive).create({
            "budget_id": budget.id, "our_proposal": first.amount_untaxed, "client_counter": 13_000_000})
        self.assertEqual(round_one.sale_order_id, first)
        # The client pushes back: fewer designer hours, quoted again.
        self._line(self.senior_designer).with_user(self.vn_executive).planned_hours = 8
        second = self.env["sale.order"].browse(budget.action_quote()["res_id"])
        self.assertNotEqual(second, first)
        self.assertEqual((second.revision_number, second.unrevisioned_name), (1, first.unrevisioned_name))
        first.invalidate_recordset()
        self.assertEqual((first.state, first.active, first.current_revision_id), ("cancel", False, second))
        self.assertEqual(first.agency_revision_state, "superseded")
        self.assertEqual(second.agency_revision_state, "current")
        self.assertEqual(budget.sale_order_id, second)
        self.assertEqual(second.amount_untaxed, 8 * 1_200_000 + 4 * 900_000)
        self.assertEqual(round_one.sale_order_id, first, "the first round still points at the version it was about")
        round_two = self.env["agency.budget.negotiation"].with_user(self.vn_executive).create({
            "budget_id": budget.id, "our_proposal": second.amount_untaxed, "agreed_amount": second.amount_untaxed,
            "outcome": "accepted"})
        self.assertEqual(round_two.sale_order_id, second)
        self.assertEqual(budget.quotation_ids, first | second, "every version is kept")
        self.assertEqual(budget.quotation_count, 2)
        # The margin of each revision, from the cost recorded when it was quoted.
        self.assertAlmostEqual(first.agency_margin, 15_600_000 - 6_000_000 - 1_200_000)
        self.assertAlmostEqual(second.agency_margin, 13_200_000 - 4_800_000 - 1_200_000)
        # A confirmed quotation is not rewritten.
        second.with_user(self.vn_manager).action_confirm()
        with self.assertRaisesRegex(UserError, "confirmed"):
            budget.action_quote()

    def test_an_executive_cannot_quote_beyond_their_discount_limit_however_they_try(self):
        budget = self.budget.with_user(self.vn_executive)
        budget.action_propose_from_schedule()
        budget.line_ids.filtered(lambda l: not l.role_id).unlink()
        order = self.env["sale.order"].browse(budget.action_quote()["res_id"]).with_user(self.vn_executive)
        designer_line = order.order_line.filtered(lambda l: l.product_id == self.senior_designer.agency_product_id)
        # 10 h at 1,000,000: 2,000,000 off 15,600,000 is 12.8 % (an executive may grant 5 %).
        with self.assertRaisesRegex(UserError, "beyond your approval limit of 5.0%"):
            with self.env.cr.savepoint():
                designer_line.write({"price_unit": 1_000_000})
        with self.assertRaisesRegex(UserError, "5.0%"):
            with self.env.cr.savepoint():
                order.write({"order_line": [Command.update(designer_line.id, {"discount": 20})]})
        with self.assertRaisesRegex(UserError, "5.0%"):
            with self.env.cr.savepoint(), Form(order) as form:
                with form.order_line.edit(0) as line:
                    line.price_unit = 1_000_000
        result = self.env["sale.order.line"].with_user(self.vn_executive).load(
            ["order_id/.id", "product_id/.id", "product_uom_qty", "price_unit", "name"],
            [[str(order.id), str(self.env.ref("agency_account_manager.product_estimate").id), "1", "-3000000",
              "Goodwill"]])
        self.assertFalse(result["ids"], "the import is refused")
        self.assertIn("5.0%", result["messages"][0]["message"])
        with self.assertRaisesRegex(UserError, "5.0%"):
            with self.env.cr.savepoint():
                designer_line.unlink()
        self.assertEqual(order.amount_untaxed, 15_600_000, "nothing was written")
        # Within the limit it passes; a manager grants up to 15 %.
        designer_line.write({"price_unit": 1_150_000})
        self.assertAlmostEqual(order.agency_discount_pct, 100 * 500_000 / 15_600_000)
        designer_line.with_user(self.vn_manager).write({"price_unit": 1_000_000})
        self.assertAlmostEqual(order.agency_discount_pct, 100 * 2_000_000 / 15_600_000)
        # A colleague may fix what a manager granted without raising it.
        designer_line.with_user(self.vn_executive).write({"name": "Senior designer, key visual"})
        with self.assertRaisesRegex(UserError, "Which estimate"):
            order.write({"agency_budget_id": False})
        with self.assertRaisesRegex(UserError, "recorded from its estimate line"):
            designer_line.write({"agency_cost_amount": 1})

    def test_timesheets_of_people_in_the_role_are_its_actual_hours(self):
        budget = self.budget.with_user(self.vn_executive)
        budget.action_propose_from_schedule()
        self.brief.with_user(self.vn_executive).action_approve()
        project = self.brief.project_id
        self.assertTrue(project)
        employee = self.env["hr.employee"].create({"name": "Lan Designer", "user_id": self.designer.id,
                                                   "company_id": self.vn.id, "hourly_cost": 600_000})
        self.env["account.analytic.line"].create([
            {"name": "Key visual", "project_id": project.id, "employee_id": employee.id, "unit_amount": hours,
             "date": "2026-11-26"} for hours in (3, 1.5)])
        designer = self._line(self.senior_designer)
        self.assertEqual(designer.actual_hours, 4.5)
        self.assertEqual(self._line(self.copywriter).actual_hours, 0)
        rows = budget._agency_role_report()[budget.id]
        self.assertEqual([(row["role"], row["planned"], row["actual"]) for row in rows],
                         [(self.copywriter, 4, 0), (self.senior_designer, 10, 4.5)])
        # The account report shows estimate against actual by role (in-house copy only).
        data = self.account.with_user(self.vn_executive)._get_report_data(with_costs=True)[self.account.id]
        self.assertIn(("Senior Designer", 10, 4.5), [(r["role"], r["planned"], r["actual"]) for r in data["roles"]])
        client_copy = self.account.with_user(self.vn_executive)._get_report_data(with_costs=False)[self.account.id]
        self.assertFalse(client_copy.get("roles"))

    def test_rate_card_is_the_clients_pricelist_and_holds_its_rules(self):
        pricelist = self.account.rate_card_pricelist_id
        self.assertEqual(pricelist.currency_id, self.env.ref("base.VND"))
        self.assertEqual(self.client_vn.with_company(self.vn).property_product_pricelist, pricelist)
        self.assertEqual(pricelist.item_ids.fixed_price, 1_200_000)
        # Odoo's own price computation reads the card.
        product = self.senior_designer.agency_product_id
        self.assertEqual(pricelist._get_product_price(product, 1.0), 1_200_000)
        self.assertEqual(pricelist._get_product_price(self.copywriter.agency_product_id, 1.0), 900_000)
        card = self.card.with_user(self.vn_executive)
        card.write({"rate": 1_250_000, "date_start": "2026-01-01", "date_end": "2026-06-30"})
        self.assertEqual(pricelist.item_ids.fixed_price, 1_250_000)
        self.assertEqual(self.account._agency_sell_rate(self.senior_designer), 1_400_000,
                         "the card's line ended in June: the standard rate")
        with self.assertRaisesRegex(ValidationError, "already has a rate"):
            with self.env.cr.savepoint():
                self.env["agency.rate.card.line"].with_user(self.vn_executive).create({
                    "account_id": self.account.id, "role_id": self.senior_designer.id, "rate": 1,
                    "date_start": "2026-03-01"})
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                card.write({"date_end": "2025-01-01"})
        # Another executive's account is not theirs.
        with self.assertRaises(AccessError):
            card.with_user(self.executive).read(["rate"])
        with self.assertRaises(AccessError):
            self.senior_designer.with_user(self.vn_executive).write({"agency_cost_rate": 1})
        card.unlink()
        self.assertFalse(pricelist.item_ids)
        # The workbook's rate-card sheet.
        self.card = self.env["agency.rate.card.line"].create({
            "account_id": self.account.id, "role_id": self.senior_designer.id, "rate": 1_200_000})
        rows = self.account._agency_rate_card_rows()
        self.assertEqual([(r["role"], r["rate"], r["standard_rate"]) for r in rows],
                         [("Senior Designer", 1_200_000, 1_400_000)])
        book = openpyxl.load_workbook(io.BytesIO(portfolio_workbook(self.account.with_user(self.vn_executive))))
        sheet = book["Rate Cards"]
        values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        self.assertIn(["Công ty Bình Minh", "Senior Designer", 1_200_000, 1_400_000, "VND", None, None], values)
