"""Onboarding a firm that had customers, invoices, orders and opportunities
before the addon: one wizard proposes and creates their accounts."""
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import AgencyAccountingCase


@tagged("post_install", "-at_install")
class TestAgencyOnboarding(AgencyAccountingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social = cls.env["agency.service.tag"].create({"name": "Social Media Retainers"})
        category = cls.env["product.category"].create({"name": "Social", "agency_service_tag_id": cls.social.id})
        cls.product = cls.env["product.product"].create({
            "name": "Social month", "type": "service", "categ_id": category.id, "invoice_policy": "order",
            "property_account_income_id": cls.company_data["default_account_revenue"].id})
        cls.big = cls._client("Big Bottling Co")
        cls.small = cls._client("Small Shop")
        cls.prospect = cls._client("Prospect Ltd")
        cls.person = cls.env["res.partner"].create({"name": "Carla Buyer", "parent_id": cls.small.id})
        cls.done = cls._client("Already Managed")
        cls._account(cls.done, user_id=cls.executive.id)
        cls.seller = cls.manager
        cls._invoice(cls.big, 120000)
        cls._invoice(cls.person, 6000)  # billed to a contact: counts for the company
        cls._invoice(cls.done, 9000)
        order = cls.env["sale.order"].create({
            "partner_id": cls.big.id, "user_id": cls.seller.id, "team_id": cls.team.id,
            "order_line": [Command.create({"product_id": cls.product.id, "price_unit": 500})]})
        order.action_confirm()
        cls.env["crm.lead"].create({"name": "Launch", "type": "opportunity", "partner_id": cls.prospect.id})

    @classmethod
    def _invoice(cls, partner, amount):
        move = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": date.today(),
            "invoice_line_ids": [Command.create({"product_id": cls.product.id, "price_unit": amount,
                                                 "tax_ids": []})]})
        move.action_post()

    def test_director_onboards_existing_customers_in_one_step(self):
        wizard = Form(self.env["agency.onboarding"].with_user(self.director)).save()
        wizard.action_propose()
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(set(lines), {self.big, self.small, self.prospect},
                         "customers with history and no account; contacts count for their company")
        big = lines[self.big]
        self.assertEqual((big.invoiced, big.order_count, big.tier), (120000.0, 1, "strategic"))
        self.assertEqual((big.user_id, big.team_id), (self.seller, self.team))
        self.assertEqual(big.service_tag_ids, self.social)
        self.assertEqual(big.date_start, date.today())
        self.assertEqual((lines[self.small].invoiced, lines[self.small].tier), (6000.0, "growth"))
        self.assertEqual((lines[self.prospect].opportunity_count, lines[self.prospect].tier), (1, "standard"))
        # The director unticks one row and changes another.
        lines[self.prospect].selected = False
        lines[self.small].tier = "key"
        action = wizard.action_create_accounts()
        accounts = self.env["agency.account"].browse(action["domain"][0][2])
        self.assertEqual(set(accounts.partner_id), {self.big, self.small})
        created = {account.partner_id: account for account in accounts}
        self.assertEqual((created[self.big].user_id, created[self.big].team_id), (self.seller, self.team))
        self.assertEqual(created[self.big].service_tag_ids, self.social)
        self.assertEqual(created[self.small].tier, "key")
        # Run again: nothing is proposed twice.
        again = Form(self.env["agency.onboarding"].with_user(self.director)).save()
        again.action_propose()
        self.assertEqual(again.line_ids.partner_id, self.prospect)

    def test_only_directors_and_a_fixed_number_of_queries(self):
        with self.assertRaises(AccessError):
            self.env["agency.account"].with_user(self.manager)._onboarding_candidates(self.company, date(2000, 1, 1))
        Account = self.env["agency.account"].with_user(self.director)

        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            proposals = Account._onboarding_candidates(self.company, date(2000, 1, 1))
            return self.env.cr.sql_log_count - before, len(proposals)
        few_queries, few = count()
        for i in range(10):
            self._invoice(self._client(f"More {i}"), 100)
        many_queries, many = count()
        self.assertEqual(many, few + 10)
        self.assertLessEqual(many_queries, few_queries + 3)
