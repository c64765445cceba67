from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .agency_budget import BUDGET_CATEGORIES


class AgencyBudgetLine(models.Model):
    """One cost category of a budget estimate."""

    _name = "agency.budget.line"
    _inherit = ["agency.account.child.mixin", "agency.budget.child.mixin"]
    _description = "Budget Line"
    _order = "budget_id, sequence, id"

    sequence = fields.Integer(default=10)
    budget_id = fields.Many2one("agency.budget", required=True, index=True, ondelete="cascade")
    account_id = fields.Many2one(related="budget_id.account_id", store=True, precompute=True)
    category = fields.Selection(BUDGET_CATEGORIES, required=True, default="agency_hours")
    name = fields.Char(string="Description")
    planned_hours = fields.Float()
    amount = fields.Monetary(required=True)
    actual_amount = fields.Monetary(compute="_compute_actual_amount", string="Actual")

    def _compute_actual_amount(self):
        figures = self.budget_id._get_actuals()
        for line in self:
            line.actual_amount = figures.get(line.budget_id.id, {}).get("category_" + line.category, 0.0)

    @api.constrains("amount", "planned_hours")
    def _check_amount(self):
        for line in self:
            if line.amount < 0 or line.planned_hours < 0:
                raise ValidationError(self.env._("Budget amounts and hours cannot be negative."))
