from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AgencyCase

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.


@tagged("post_install", "-at_install")
class TestAgencyAccount(AgencyCase):

    def test_form_defaults_follow_the_client_and_the_user(self):
        today = fields.Date.context_today(self.env["agency.account"])
        form = Form(self.env["agency.account"].with_user(self.executive))
        self.assertEqual(form.user_id, self.executive, "the creator manages the account by default")
        self.assertEqual(form.team_id, self.team, "the manager's sales team is the account team")
        self.assertEqual(form.stage, "prospect")
        self.assertEqual(form.tier, "standard")
        self.assertEqual(form.date_start, today)
        self.assertEqual(form.date_renewal, today + relativedelta(years=1))
        form.partner_id = self.client
        self.assertEqual(form.name, "Northwind Beverages")
        self.assertEqual(form.industry_id, self.industry)
        form.date_start = today - relativedelta(months=2)
        self.assertEqual(form.date_renewal, today + relativedelta(months=10))
        account = form.save()
        self.assertEqual(account.company_id, self.company)
        self.assertEqual(account.currency_id, self.company.currency_id)
        self.assertIn(self.executive.partner_id, account.message_partner_ids,
                      "the account manager follows the account")

    def test_changing_manager_moves_the_account_team(self):
        account = self._account(self.client, user_id=self.executive.id)
        self.assertEqual(account.team_id, self.team)
        account.user_id = self.executive_other
        self.assertEqual(account.team_id, self.team_other)
        # A manager who belongs to no team keeps the team that was chosen.
        account.user_id = self.director
        self.assertEqual(account.team_id, self.team_other)
        self.assertEqual(account.team_leader_id, self.manager_other)

    def test_one_account_per_client_per_company(self):
        self._account(self.client)
        Account = self.env["agency.account"]
        with self.assertRaisesRegex(ValidationError, "already has a client account"):
            with self.env.cr.savepoint():
                self._account(self.client)
        self.assertEqual(Account.search_count([("partner_id", "=", self.client.id)]), 1,
                         "the refused account was not written")
        # The same client may have an account in another company.
        other = Account.create({"partner_id": self.client.id, "company_id": self.company_b.id,
                                "user_id": self.director_b.id})
        self.assertEqual(other.company_id, self.company_b)
        # Moving an account onto a client that already has one is refused too.
        account_other = self._account(self.client_other)
        with self.assertRaisesRegex(ValidationError, "already has a client account"):
            with self.env.cr.savepoint():
                account_other.partner_id = self.client
        self.assertEqual(account_other.partner_id, self.client_other)

    def test_archived_account_still_blocks_a_duplicate(self):
        account = self._account(self.client)
        account.action_archive()
        self.assertFalse(self.env["agency.account"].search([("partner_id", "=", self.client.id)]))
        with self.assertRaisesRegex(ValidationError, "may be archived"):
            with self.env.cr.savepoint():
                self._account(self.client)
        account.action_unarchive()
        self.assertEqual(self.env["agency.account"].search([("partner_id", "=", self.client.id)]), account)

    def test_bad_input_is_refused_with_a_clear_message(self):
        person = self.env["res.partner"].create({"name": "Jane Doe", "is_company": False})
        with self.assertRaisesRegex(ValidationError, "must be a company"):
            with self.env.cr.savepoint():
                self._account(person)
        with self.assertRaisesRegex(ValidationError, "renewal date .* cannot be before its start date"):
            with self.env.cr.savepoint():
                self._account(self.client, date_start="2026-05-01", date_renewal="2026-01-01")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                self._account(self.client, budget_annual=-1)
        self.assertFalse(self.env["agency.account"].with_context(active_test=False).search(
            [("partner_id", "in", (person | self.client).ids)]))

    def test_archiving_is_tracked(self):
        account = self._account(self.client)
        self.flush_tracking()  # the account is created in one request, archived in another
        account.action_archive()
        self.flush_tracking()
        account.invalidate_recordset(["message_ids"])
        values = account.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "active")
        self.assertEqual(len(values), 1)
        self.assertTrue(values.old_value_integer)
        self.assertFalse(values.new_value_integer)

    def test_manager_change_is_tracked_and_followed(self):
        account = self._account(self.client, user_id=self.executive.id)
        self.flush_tracking()
        account.user_id = self.manager
        self.flush_tracking()
        account.invalidate_recordset(["message_ids"])
        values = account.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "user_id")
        self.assertEqual(len(values), 1)
        self.assertEqual(values.old_value_integer, self.executive.id)
        self.assertEqual(values.new_value_integer, self.manager.id)
        self.assertIn(self.manager.partner_id, account.message_partner_ids)

    def test_team_members_follow_the_account(self):
        account = self._account(self.client, member_ids=[(6, 0, self.intern.ids)])
        self.assertIn(self.intern.partner_id, account.message_partner_ids)
        account.member_ids = [(4, self.executive_other.id)]
        self.assertIn(self.executive_other.partner_id, account.message_partner_ids)

    def test_smart_buttons_count_what_odoo_holds_for_the_client(self):
        account = self._account(self.client)
        contact = self.env["res.partner"].create({"name": "Ann Buyer", "parent_id": self.client.id})
        Lead = self.env["crm.lead"]
        Lead.create([
            {"name": "Summer campaign", "type": "opportunity", "partner_id": self.client.id},
            {"name": "Packaging", "type": "opportunity", "partner_id": contact.id},
            {"name": "Just a lead", "type": "lead", "partner_id": self.client.id},
            {"name": "Someone else's", "type": "opportunity", "partner_id": self.client_other.id},
        ])
        Order = self.env["sale.order"]
        Order.create([{"partner_id": self.client.id}, {"partner_id": contact.id}])
        Order.create({"partner_id": self.client.id}).action_cancel()
        self.env["project.project"].create({"name": "Always-on", "partner_id": self.client.id})
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company.id)], limit=1,
        ) or self.env["account.journal"].create({"name": "Sales", "code": "TSAL", "type": "sale"})
        self.env["account.move"].create([
            {"move_type": "out_invoice", "partner_id": contact.id, "journal_id": journal.id},
            {"move_type": "out_invoice", "partner_id": self.client_other.id, "journal_id": journal.id},
        ])
        # Documents of the same client in another company are not this account's.
        Lead.create({"name": "Overseas", "type": "opportunity", "partner_id": self.client.id,
                     "company_id": self.company_b.id})
        account.invalidate_recordset()
        self.assertEqual(account.opportunity_count, 2)
        self.assertEqual(account.sale_order_count, 2)
        self.assertEqual(account.project_count, 1)
        self.assertEqual(account.invoice_count, 1)

        action = account.action_view_opportunities()
        leads = Lead.search(action["domain"])
        self.assertEqual(set(leads.mapped("name")), {"Summer campaign", "Packaging"})
        self.assertEqual(action["context"]["default_partner_id"], self.client.id)
        self.assertEqual(len(self.env["sale.order"].search(account.action_view_sale_orders()["domain"])), 3,
                         "the quotations list also shows cancelled ones")
        self.assertEqual(self.env["project.project"].search(account.action_view_projects()["domain"]).name,
                         "Always-on")
        self.assertEqual(len(self.env["account.move"].search(account.action_view_invoices()["domain"])), 1)

    def test_smart_buttons_open_for_finance_without_sales_rights(self):
        # Finance reads accounts without CRM/Sales/Project rights: the form's
        # counts must load (0 where they have no access), not raise.
        account = self._account(self.client)
        self.env["crm.lead"].create({"name": "Summer", "type": "opportunity", "partner_id": self.client.id})
        values = account.with_user(self.finance).read(
            ["opportunity_count", "sale_order_count", "project_count", "invoice_count"])[0]
        self.assertEqual(values["opportunity_count"], 0)
        self.assertEqual(account.opportunity_count, 1)

    def test_client_contacts_show_the_account_and_its_manager(self):
        account = self._account(self.client, user_id=self.manager.id)
        contact = self.env["res.partner"].create({"name": "Ann Buyer", "parent_id": self.client.id})
        self.assertEqual(contact.agency_account_id, account)
        self.assertEqual(contact.agency_account_manager_id, self.manager)
        self.assertEqual(self.client.agency_account_id, account)
        self.assertFalse(self.client_other.agency_account_id)
        action = contact.action_open_agency_account()
        self.assertEqual(action["res_id"], account.id)
        action = self.client_other.action_open_agency_account()
        self.assertEqual(action["context"]["default_partner_id"], self.client_other.id)
        # In another company, the client has no account there.
        self.assertFalse(contact.with_company(self.company_b).agency_account_id)

    def test_kanban_shows_every_stage(self):
        self._account(self.client, stage="active")
        groups = self.env["agency.account"].web_read_group([], ["stage"], ["stage"])["groups"]
        self.assertEqual([g["stage"] for g in groups], ["prospect", "onboarding", "active", "at_risk", "lost"])
