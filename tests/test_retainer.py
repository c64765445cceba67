"""Retainers against real timesheets: periods, rollover, over-servicing,
one invoice per period whatever runs it, and who may see and do what."""
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import AgencyAccountingCase


@tagged("post_install", "-at_install")
class TestAgencyRetainer(AgencyAccountingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[Command.set(cls.intern.ids)])
        cls.project = cls.env["project.project"].create({"name": "Northwind retainer", "allow_timesheets": True})
        cls.employee = cls.env["hr.employee"].create({
            "name": "Dana Designer", "hourly_cost": 40.0, "department_id": cls.dept_design.id,
            "company_id": cls.company.id})
        cls.product = cls.env["product.product"].create({
            "name": "Monthly retainer", "type": "service", "invoice_policy": "order", "sale_ok": True,
            "property_account_income_id": cls.company_data["default_account_revenue"].id})

    def _retainer(self, **vals):
        return self.env["agency.retainer"].create(dict({
            "account_id": self.account.id, "date_start": date(2026, 1, 1), "fee": 1000.0,
            "billing_period": "monthly", "product_id": self.product.id, "overage_rate": 90.0,
            "project_ids": [Command.set(self.project.ids)],
            "line_ids": [Command.create({"department_id": self.dept_design.id, "hours": 10.0})],
        }, **vals))

    def _log(self, day, hours):
        return self.env["account.analytic.line"].create({
            "name": "Retainer work", "project_id": self.project.id, "employee_id": self.employee.id,
            "unit_amount": hours, "date": day})

    def _run(self):
        self.env["agency.retainer"].sudo().search([]).write({"date_run": False})
        self.env["agency.retainer"]._cron_run_retainers()
        self.env.invalidate_all()

    @freeze_time("2026-03-15")
    def test_periods_and_timesheets_across_boundaries_with_rollover(self):
        retainer = self._retainer(rollover_rule="one_period")
        retainer.with_user(self.executive).action_activate()
        periods = retainer.period_ids.sorted("date_from")
        self.assertEqual([(p.date_from, p.date_to) for p in periods], [
            (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28)),
            (date(2026, 3, 1), date(2026, 3, 31))])
        self._log(date(2026, 1, 31), 4)   # January, on its last day
        self._log(date(2026, 2, 1), 12)   # February, on its first day
        self._log(date(2026, 3, 2), 3)
        self._run()
        self._run()  # a second run changes nothing
        self.assertEqual(len(retainer.period_ids), 3)
        jan, feb, mar = periods
        self.assertEqual((jan.worked_hours, jan.available_hours, jan.over_hours), (4.0, 10.0, -6.0))
        self.assertEqual((feb.rollover_hours, feb.available_hours, feb.worked_hours), (6.0, 16.0, 12.0))
        # February's unused 4 hours roll into March, not January's again.
        self.assertEqual((mar.rollover_hours, mar.available_hours), (4.0, 14.0))
        self.assertEqual(jan.cost, 160.0)
        self.assertEqual(jan.margin, 840.0)
        usage = self.env["agency.retainer.usage"].search([("period_id", "=", feb.id)])
        self.assertEqual((usage.department_id, usage.included_hours, usage.worked_hours),
                         (self.dept_design, 10.0, 12.0))

    @freeze_time("2026-03-15")
    def test_capped_rollover_and_no_rollover(self):
        capped = self._retainer(rollover_rule="capped", rollover_cap=2.0)
        capped.with_user(self.executive).action_activate()
        self._run()
        feb = capped.period_ids.sorted("date_from")[1]
        self.assertEqual((feb.rollover_hours, feb.available_hours), (2.0, 12.0))
        none = self._retainer(rollover_rule="none", account_id=self._account(self.client_other).id)
        none.action_activate()
        self._run()
        self.assertFalse(any(none.period_ids.mapped("rollover_hours")))

    @freeze_time("2026-03-15")
    def test_one_invoice_per_period_whatever_runs_it(self):
        retainer = self._retainer(bill_overage=True)
        retainer.with_user(self.executive).action_activate()
        self._run()
        self._run()
        retainer.with_user(self.executive).action_invoice_due()
        orders = retainer.period_ids.sale_order_id
        self.assertEqual(len(orders), 3, "one fee order per started period")
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        self.assertEqual(orders.order_line.mapped("price_unit"), [1000.0] * 3)
        invoices = retainer.period_ids.invoice_ids
        self.assertEqual(len(invoices), 3)
        self.assertEqual(invoices.mapped("amount_untaxed"), [1000.0] * 3)
        # Over-servicing of a closed period, once approved, is billed once.
        jan = retainer.period_ids.sorted("date_from")[0]
        self._log(date(2026, 1, 10), 13)
        self._run()
        self.assertEqual(jan.over_hours, 3.0)
        self.assertFalse(jan.overage_order_id, "not before the client agreed")
        jan.with_user(self.executive).overage_approved = True
        self._run()
        self._run()
        self.assertEqual(jan.overage_order_id.order_line.product_uom_qty, 3.0)
        self.assertEqual(jan.overage_order_id.amount_untaxed, 270.0)
        self.assertEqual(len(retainer.period_ids.overage_order_id), 1)

    @freeze_time("2026-04-20")
    def test_over_servicing_alerts_and_flags_the_account(self):
        retainer = self._retainer()
        retainer.action_activate()
        for day in (date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)):
            self._log(day, 11)  # three closed periods over their 10 hours
        self._log(date(2026, 4, 10), 8.5)  # April: 85 % used before the 30th
        self._run()
        activities = retainer.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("agency_account_manager.mail_activity_type_retainer_alert"))
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.executive)
        self._run()
        self.assertEqual(len(retainer.activity_ids), 1, "alerted once per period")
        self.assertTrue(self.account.retainer_over_servicing)
        self.account._recompute_health()
        budget_facts = {item["factor"]: item["facts"] for item in self.account._health_explanation()}["budget"]
        self.assertIn("retainer over-serviced", budget_facts.lower())
        figures = self.account._get_report_data(with_costs=True)[self.account.id]["retainer"]
        self.assertEqual((figures["periods"], figures["over_periods"], figures["worked_hours"]), (4, 3, 41.5))

    def test_levels_and_the_data_layer(self):
        retainer = self._retainer(fee=50000.0)
        with self.assertRaises(AccessError):
            self.env["agency.retainer"].with_user(self.intern).search([])
        with self.assertRaises(AccessError):
            retainer.with_user(self.executive_other).read(["fee"])
        # Above the company's limit, an executive cannot activate, whatever the path.
        with self.assertRaises(AccessError):
            retainer.with_user(self.executive).write({"state": "active"})
        retainer.with_user(self.manager).action_activate()
        self.assertEqual(retainer.approved_by_id, self.manager)
        with self.assertRaises(UserError):
            retainer.with_user(self.manager).write({"state": "draft"})
        period = retainer.period_ids[:1]
        with self.assertRaises(UserError):
            period.with_user(self.executive).write({"worked_hours": 1})
        with self.assertRaises(AccessError):
            period.with_user(self.intern).read(["margin"])
        retainer.with_user(self.manager).action_end()
        with self.assertRaises(UserError):
            retainer.line_ids.with_user(self.manager).write({"hours": 99})
        with self.assertRaises(UserError):
            self.env["agency.retainer"].with_user(self.executive).create({
                "account_id": self.account.id, "fee": 10, "state": "active", "product_id": self.product.id})
