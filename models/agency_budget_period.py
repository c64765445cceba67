from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .agency_budget import actual_cost

PERIOD_FIGURES = (
    "budget_amount", "committed", "actual_timesheet", "actual_vendor_bills", "actual_expenses",
    "actual_other", "actual_total", "invoiced_revenue",
)


class AgencyBudgetPeriod(models.Model):
    """A month of a budget as finance reconciles it: budget, committed,
    actual by source and invoiced. Reconciling freezes the figures and locks
    the budget; only finance reopening the period unlocks it."""

    _name = "agency.budget.period"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin"]
    _description = "Budget Reconciliation Period"
    _order = "date_from desc, id"
    _check_company_auto = True

    budget_id = fields.Many2one("agency.budget", required=True, index=True, ondelete="cascade")
    brief_id = fields.Many2one(related="budget_id.brief_id", store=True)
    project_id = fields.Many2one(related="budget_id.project_id", store=True)
    account_id = fields.Many2one(related="budget_id.account_id", store=True, precompute=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    state = fields.Selection([("open", "Open"), ("reconciled", "Reconciled")], default="open", required=True,
                             readonly=True)
    reconciled_by_id = fields.Many2one("res.users", readonly=True, copy=False, agency_system=True)
    # The figures as finance reconciled them: read from Accounting, never typed.
    budget_amount = fields.Monetary(string="Budgeted", readonly=True, agency_system=True)
    committed = fields.Monetary(readonly=True, agency_system=True)
    actual_timesheet = fields.Monetary(string="Timesheets", readonly=True, agency_system=True)
    actual_vendor_bills = fields.Monetary(string="Vendor Bills", readonly=True, agency_system=True)
    actual_expenses = fields.Monetary(string="Expenses", readonly=True, agency_system=True)
    actual_other = fields.Monetary(string="Other", readonly=True, agency_system=True)
    actual_total = fields.Monetary(string="Actual", readonly=True, agency_system=True)
    invoiced_revenue = fields.Monetary(string="Invoiced", readonly=True, agency_system=True)

    _sql_constraints = [
        ("period_uniq", "unique (budget_id, date_from)", "This period already exists for this budget."),
    ]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for period in self:
            if period.date_to < period.date_from:
                raise ValidationError(self.env._("A period cannot end before it starts."))

    def _check_can_reconcile(self):
        if not self.env.su and not self.env.user._agency_can_reconcile():
            raise AccessError(self.env._("Only accountants reconcile budget periods, and only they reopen them."))

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("state", "open") != "open" for vals in vals_list):
            raise UserError(self.env._("A period starts open: reconcile it once its figures are checked."))
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            self._check_can_reconcile()
        elif not self.env.su and any(period.state == "reconciled" for period in self):
            raise UserError(self.env._(
                "This period is reconciled: its figures are frozen. Reopen it to change it."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reconciled(self):
        if any(period.state == "reconciled" for period in self):
            raise UserError(self.env._("A reconciled period cannot be deleted: reopen it first."))

    def action_refresh(self):
        """Read the period's figures again from Accounting (open periods)."""
        self.check_access("write")
        for period in self.filtered(lambda p: p.state == "open"):
            budget = period.budget_id.sudo()
            figures = budget._get_actuals(period.date_from, period.date_to).get(budget.id, {})
            values = {key: figures.get(key, 0.0) for key in PERIOD_FIGURES}
            values.update({
                "budget_amount": budget.reference_amount,
                "committed": budget.committed,
                "actual_total": actual_cost(figures),
            })
            period.sudo().write(values)
        return True

    def action_reconcile(self):
        self._check_can_reconcile()
        self.action_refresh()
        self.write({"state": "reconciled"})
        self.sudo().write({"reconciled_by_id": self.env.user.id})
        for period in self:
            # Finance may only read the budget; the note in its chatter is the system's.
            period.budget_id.sudo().message_post(body=self.env._(
                "Finance reconciled %(start)s to %(end)s: the budget is locked.",
                start=format_date(self.env, period.date_from), end=format_date(self.env, period.date_to),
            ))
        return True

    def action_reopen(self):
        self.write({"state": "open"})
        self.sudo().write({"reconciled_by_id": False})
        for period in self:
            period.budget_id.sudo().message_post(body=self.env._(
                "Finance reopened %(start)s to %(end)s.", start=format_date(self.env, period.date_from),
                end=format_date(self.env, period.date_to),
            ))
        return True

    def action_view_journal_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("analytic.account_analytic_line_action_entries")
        action["domain"] = [
            ("account_id", "=", self.budget_id.analytic_account_id.id),
            ("date", ">=", self.date_from), ("date", "<=", self.date_to),
        ]
        return action
