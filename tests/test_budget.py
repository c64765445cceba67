from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AgencyAccountingCase

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.


@tagged("post_install", "-at_install", "is_query_count")
class TestAgencyBudget(AgencyAccountingCase):
    """Budgets against actual spend read from a real chart of accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.finance_user = cls._finance("aa_accountant", "account.group_account_user")
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[(6, 0, cls.intern.ids)])
        cls.brief = cls.env["agency.brief"].create({
            "title": "Summer campaign", "account_id": cls.account.id,
            "date_start": "2026-06-01", "date_deadline": "2026-08-31", "budget_indication": 900,
        })
        cls.env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Key visual", "department_id": cls.dept_design.id,
            "date_due": "2026-07-01", "planned_hours": 10, "user_id": cls.executive.id,
        })
        cls.brief.action_approve()
        cls.project = cls.brief.project_id
        cls.analytic = cls.project.account_id
        cls.task = cls.brief.allocation_ids.task_id
        cls.employee = cls.env["hr.employee"].create({
            "name": "Elena Executive", "user_id": cls.executive.id, "hourly_cost": 50.0,
            "company_id": cls.company.id,
        })
        cls.budget = cls.env["agency.budget"].create({
            "brief_id": cls.brief.id, "client_budget": 900,
            "line_ids": [
                Command.create({"category": "agency_hours", "name": "Design", "planned_hours": 10, "amount": 500}),
                Command.create({"category": "production", "name": "Print run", "amount": 300}),
                Command.create({"category": "expenses", "name": "Travel", "amount": 100}),
            ],
        })
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 0.8)])
        production = cls.env["product.category"].create({"name": "Print", "agency_budget_category": "production"})
        cls.print_product = cls.env["product.product"].create({
            "name": "Print run", "categ_id": production.id, "type": "service",
            "property_account_expense_id": cls.company_data["default_account_expense"].id,
        })

    @classmethod
    def _finance(cls, login, group):
        from odoo.tests import new_test_user
        return new_test_user(cls.env, login=login, groups=f"base.group_user,{group}",
                             company_id=cls.company.id, company_ids=[(6, 0, cls.company.ids)])

    def _timesheet(self, hours):
        return self.env["account.analytic.line"].create({
            "name": "Design work", "project_id": self.project.id, "task_id": self.task.id,
            "employee_id": self.employee.id, "unit_amount": hours, "date": date(2026, 6, 10),
        })

    def _vendor_bill_in_eur(self, amount):
        bill = self.env["account.move"].create({
            "move_type": "in_invoice", "partner_id": self.vendor.id, "invoice_date": date(2026, 6, 15),
            "currency_id": self.eur.id,
            "invoice_line_ids": [Command.create({
                "product_id": self.print_product.id, "quantity": 1, "price_unit": amount, "tax_ids": [],
                "analytic_distribution": {str(self.analytic.id): 100},
            })],
        })
        bill.action_post()
        return bill

    def _expense(self, amount):
        product = self.env["product.product"].create({
            "name": "Taxi", "can_be_expensed": True, "standard_price": 0.0,
            "property_account_expense_id": self.company_data["default_account_expense"].id,
            "supplier_taxes_id": [],
        })
        sheet = self.env["hr.expense.sheet"].create({
            "name": "Shoot travel", "employee_id": self.employee.id,
            "expense_line_ids": [Command.create({
                "name": "Taxi to the shoot", "employee_id": self.employee.id, "product_id": product.id,
                "total_amount_currency": amount, "tax_ids": [], "date": date(2026, 6, 20),
                "analytic_distribution": {str(self.analytic.id): 100},
            })],
        })
        sheet.action_submit_sheet()
        sheet.action_approve_expense_sheets()
        sheet.action_sheet_move_post()
        return sheet

    def _invoice(self, amount):
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.client.id, "invoice_date": date(2026, 6, 30),
            "invoice_line_ids": [Command.create({
                "name": "Campaign, first instalment", "quantity": 1, "price_unit": amount, "tax_ids": [],
                "analytic_distribution": {str(self.analytic.id): 100},
            })],
        })
        invoice.action_post()
        return invoice

    def test_actuals_come_from_accounting_to_the_cent(self):
        self.assertTrue(self.analytic, "the brief's project has an analytic account")
        self._timesheet(3.5)
        self._vendor_bill_in_eur(100.0)
        self._expense(42.5)
        self._invoice(1000.0)
        budget = self.budget
        budget.invalidate_recordset()
        self.assertAlmostEqual(budget.actual_timesheet, 175.00, places=2, msg="3.5 h at 50/h")
        self.assertAlmostEqual(budget.actual_hours, 3.5)
        self.assertAlmostEqual(budget.actual_vendor_bills, 125.00, places=2, msg="100 EUR at 0.8 EUR per USD")
        self.assertAlmostEqual(budget.actual_expenses, 42.50, places=2)
        self.assertAlmostEqual(budget.actual_other, 0.0, places=2)
        self.assertAlmostEqual(budget.actual_total, 342.50, places=2)
        self.assertAlmostEqual(budget.invoiced_revenue, 1000.00, places=2)
        self.assertEqual(budget.estimate_total, 900)
        self.assertAlmostEqual(budget.remaining, 557.50, places=2)
        self.assertAlmostEqual(budget.burn_pct, 100 * 342.5 / 900, places=4)
        # 6.5 hours still planned on the task, at the cost timesheets showed.
        self.assertAlmostEqual(budget.remaining_hours, 6.5)
        self.assertAlmostEqual(budget.committed, 325.00, places=2)
        # Forecast: 342.50 spent, plus what is left of each category's estimate:
        # hours 500 - 175 = 325 (= the 6.5 h still planned at 50/h), production
        # 300 - 125 = 175, expenses 100 - 42.50 = 57.50.
        self.assertAlmostEqual(budget.forecast_total, 900.00, places=2)
        by_category = {line.category: line.actual_amount for line in budget.line_ids}
        self.assertAlmostEqual(by_category["agency_hours"], 175.00, places=2)
        self.assertAlmostEqual(by_category["production"], 125.00, places=2)
        self.assertAlmostEqual(by_category["expenses"], 42.50, places=2)

    def test_forecast_counts_every_cost_category_not_only_hours(self):
        brief = self.env["agency.brief"].create({"title": "TV spot", "account_id": self.account.id})
        budget = self.env["agency.budget"].create({
            "brief_id": brief.id, "project_id": self.project.id,
            "line_ids": [
                Command.create({"category": "agency_hours", "planned_hours": 120, "amount": 7200}),
                Command.create({"category": "production", "amount": 150000}),
                Command.create({"category": "media", "amount": 29800}),
            ],
        })
        self.assertEqual(budget.estimate_total, 187000)
        self.assertAlmostEqual(budget.forecast_total, 187000, places=2, msg="nothing spent: the estimate")
        self._vendor_bill_in_eur(200000.0)  # 250,000 of production, far beyond its 150,000
        budget.invalidate_recordset()
        self.assertAlmostEqual(budget.forecast_total, 250000 + 7200 + 29800, places=2,
                               msg="an overrun category counts what it cost; the others what is left")

    def test_thresholds_alert_once_each(self):
        self.budget.action_approve()
        alert = self.env.ref("agency_account_manager.mail_activity_type_budget_alert")
        self._timesheet(15)  # 750 of 900: 83%
        Budget = self.env["agency.budget"]
        Budget._cron_check_budgets()
        Budget._cron_check_budgets()
        activities = self.budget.activity_ids.filtered(lambda a: a.activity_type_id == alert)
        self.assertEqual(len(activities), 1, "the 80% threshold alerts once")
        self.assertEqual(activities.user_id, self.executive)
        self.assertEqual(self.budget.last_alert_threshold, 80)
        self.assertFalse(self.budget.is_over_budget)
        self._timesheet(4)  # 950 of 900
        Budget._cron_check_budgets()
        self.assertEqual(self.budget.last_alert_threshold, 80, "the spend is read once a day")
        self.budget.sudo().date_checked = date(2000, 1, 1)  # the next day
        Budget._cron_check_budgets()
        activities = self.budget.activity_ids.filtered(lambda a: a.activity_type_id == alert)
        self.assertEqual(len(activities), 2, "then the 100% threshold, once")
        self.assertTrue(self.budget.is_over_budget)
        self.assertIn(self.budget, Budget.search([("is_over_budget", "=", True)]))

    def test_discount_approval_follows_the_career_ladder(self):
        self.env["agency.budget.negotiation"].create({
            "budget_id": self.budget.id, "our_proposal": 900, "client_counter": 750,
            "agreed_amount": 810, "outcome": "price_changed",
        })
        self.assertEqual(self.budget.agreed_amount, 810)
        self.assertAlmostEqual(self.budget.discount_pct, 10.0)
        with self.assertRaisesRegex(UserError, "beyond your approval limit of 5.0%"):
            self.budget.with_user(self.executive).action_approve()
        self.assertEqual(self.budget.state, "draft")
        self.budget.with_user(self.manager).action_approve()
        self.assertEqual(self.budget.state, "approved")
        self.assertEqual(self.budget.approved_by_id, self.manager)
        self.budget.action_draft()
        self.env["agency.budget.negotiation"].create({
            "budget_id": self.budget.id, "agreed_amount": 450, "outcome": "accepted", "date": "2099-01-01",
        })
        with self.assertRaisesRegex(UserError, "15.0%"):
            self.budget.with_user(self.manager).action_approve()
        self.budget.with_user(self.director).action_approve()
        self.assertEqual(self.budget.state, "approved")

    def test_bad_input_is_refused(self):
        empty = self.env["agency.budget"].create({"brief_id": self.env["agency.brief"].create({
            "title": "Other", "account_id": self.account.id}).id})
        with self.assertRaisesRegex(UserError, "has no lines"):
            empty.action_approve()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                empty.line_ids = [Command.create({"category": "media", "amount": -5})]
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                empty.client_budget = -1
        with self.assertRaisesRegex(ValidationError, "agreed amount"):
            with self.env.cr.savepoint():
                self.env["agency.budget.negotiation"].create({"budget_id": empty.id, "outcome": "accepted"})
        self.assertFalse(empty.line_ids)

    def test_finance_reconciles_and_locks_the_budget(self):
        self._timesheet(2)
        period = self.env["agency.budget.period"].with_user(self.finance_user).create({
            "budget_id": self.budget.id, "date_from": "2026-06-01", "date_to": "2026-06-30",
        })
        period.action_reconcile()
        self.assertEqual(period.state, "reconciled")
        self.assertAlmostEqual(period.actual_timesheet, 100.0)
        self.assertEqual(period.budget_amount, 900)
        self.assertTrue(self.budget.is_locked)
        line = self.budget.line_ids[0]
        with self.assertRaisesRegex(UserError, "locked"):
            with self.env.cr.savepoint():
                line.with_user(self.executive).amount = 1
        with self.assertRaisesRegex(UserError, "locked"):
            with self.env.cr.savepoint():
                self.env["agency.budget.negotiation"].with_user(self.executive).create(
                    {"budget_id": self.budget.id, "our_proposal": 1})
        self.assertEqual(line.amount, 500)
        # Later journal items do not change the reconciled figures.
        self._timesheet(1)
        period.action_refresh()
        self.assertAlmostEqual(period.actual_timesheet, 100.0)
        drill = period.action_view_journal_items()
        self.assertEqual(len(self.env["account.analytic.line"].search(drill["domain"])), 2)
        with self.assertRaises(AccessError):
            period.with_user(self.executive).write({"state": "open"})

    def test_access_to_money(self):
        with self.assertRaises(AccessError):
            self.budget.with_user(self.intern).read(["estimate_total"])
        self.assertEqual(self.budget.with_user(self.executive).estimate_total, 900)
        self.assertEqual(self.budget.with_user(self.finance).estimate_total, 900, "finance reads budgets")
        with self.assertRaises(AccessError):
            self.budget.with_user(self.finance).write({"client_budget": 1})
        with self.assertRaises(AccessError):
            self.brief.with_user(self.finance).write({"title": "Finance edit"})
        with self.assertRaises(AccessError):
            self.budget.with_user(self.manager_other).read(["estimate_total"])

    def test_budget_shows_in_odoo_project_panel(self):
        self._timesheet(9)  # 450 of 900
        buttons = self.project.with_user(self.executive).get_panel_data()["buttons"]
        budget_button = next(b for b in buttons if b["action"] == "action_view_agency_budgets")
        self.assertEqual(budget_button["number"], "50% spent")
        self.assertNotIn("action_view_agency_budgets",
                         [b["action"] for b in self.project.with_user(self.intern).get_panel_data()["buttons"]],
                         "interns see no cost figures")

    def test_budget_opens_from_the_brief_with_its_figures(self):
        other = self.env["agency.brief"].create({
            "title": "Autumn", "account_id": self.account.id, "budget_indication": 1200,
        })
        action = other.action_open_budget()
        budget = self.env["agency.budget"].browse(action["res_id"])
        self.assertEqual(budget.client_budget, 1200)
        self.assertEqual(other.action_open_budget()["res_id"], budget.id, "one budget per brief")
        form = Form(budget)
        with form.line_ids.new() as line:
            line.category = "media"
            line.amount = 1500
        self.assertEqual(form.gap, -300)

    def test_budget_versus_actual_costs_the_same_for_5_and_50_projects(self):
        budgets = self.env["agency.budget"]
        for i in range(50):
            brief = self.env["agency.brief"].create({"title": f"B{i}", "account_id": self.account.id})
            project = self.env["project.project"].create({"name": f"P{i}", "company_id": self.company.id})
            budgets |= self.env["agency.budget"].create({
                "brief_id": brief.id, "project_id": project.id,
                "line_ids": [Command.create({"category": "media", "amount": 100})],
            })
            self.env["account.analytic.line"].create({
                "name": "Work", "project_id": project.id, "employee_id": self.employee.id, "unit_amount": 1,
            })
        budgets.read(["actual_total"])  # warm the registry caches (groups, rules)
        for subset in (budgets[:5], budgets):
            self.env.invalidate_all()
            # + 1 grouped query for the estimate by category of the forecast
            with self.assertQueryCount(11):
                totals = subset.read(["actual_total", "burn_pct", "forecast_total"])
            self.assertTrue(all(round(t["actual_total"], 2) == 50.0 for t in totals))
