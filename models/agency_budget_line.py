from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .agency_budget import BUDGET_CATEGORIES
from .const import COST_READERS


class AgencyBudgetLine(models.Model):
    """One line of a budget estimate: a cost category, or the hours of an
    agency role at the client's rate card, or an outside cost with a
    mark-up.

    - A role line's price is its hours at the sell rate (the client's rate
      card, else the role's standard rate), its cost the hours at the role's
      hourly cost. Both rates are recorded from the role and the card when
      the line is written, never typed.
    - An outside cost (production, media, partners, expenses) with a cost
      is priced at that cost plus its mark-up.
    - Any other line keeps the price typed on it."""

    _name = "agency.budget.line"
    _inherit = ["agency.account.child.mixin", "agency.budget.child.mixin"]
    _description = "Budget Line"
    _order = "budget_id, sequence, id"

    sequence = fields.Integer(default=10)
    budget_id = fields.Many2one("agency.budget", required=True, index=True, ondelete="cascade")
    account_id = fields.Many2one(related="budget_id.account_id", store=True, precompute=True)
    category = fields.Selection(BUDGET_CATEGORIES, required=True, default="agency_hours")
    name = fields.Char(string="Description")
    role_id = fields.Many2one(
        "project.role", index="btree_not_null", ondelete="restrict",
        domain="[('company_id', 'in', [company_id, False])]",
        help="The agency role whose hours this line estimates, at the client's rate card.")
    planned_hours = fields.Float()
    department_id = fields.Many2one("hr.department", ondelete="set null",
                                    help="The department whose work-back schedule hours the line holds.")
    from_schedule = fields.Boolean(
        readonly=True, copy=False,
        help="Proposed from the brief's work-back schedule: proposing again updates its hours.")
    cost_rate = fields.Monetary(
        compute="_compute_rates", store=True, precompute=True, groups=COST_READERS,
        help="The role's hourly cost when the line was written.")
    sell_rate = fields.Monetary(
        compute="_compute_rates", store=True, precompute=True, groups=COST_READERS,
        help="The client's rate for the role (the rate card on the day the line was written, else the standard rate).")
    markup_pct = fields.Float(string="Mark-up (%)", help="Added to an outside cost to price it for the client.")
    cost_amount = fields.Monetary(
        compute="_compute_cost_amount", store=True, readonly=False, precompute=True, groups=COST_READERS,
        string="Cost", help="What the line costs the agency: a role's hours at cost, or the outside cost.")
    amount = fields.Monetary(
        compute="_compute_amount", store=True, readonly=False, precompute=True, required=True, string="Price",
        help="What the line is estimated at for the client.")
    actual_amount = fields.Monetary(compute="_compute_actual_amount", string="Actual")
    actual_hours = fields.Float(
        compute="_compute_actual_hours", string="Hours Spent",
        help="Timesheets on the budget's project of the people who hold the line's role.")

    @api.depends("role_id", "budget_id.account_id")
    def _compute_rates(self):
        for line in self:
            role = line.role_id.sudo()
            line.cost_rate = role.agency_cost_rate if role else 0.0
            line.sell_rate = line.budget_id.account_id._agency_sell_rate(
                role, line.budget_id._agency_price_date()) if role and line.budget_id.account_id else 0.0

    @api.depends("role_id", "planned_hours", "cost_rate")
    def _compute_cost_amount(self):
        for line in self:
            if line.role_id:
                line.cost_amount = line.currency_id.round(line.planned_hours * line.cost_rate) \
                    if line.currency_id else line.planned_hours * line.cost_rate
            elif not line.cost_amount:
                line.cost_amount = 0.0

    @api.depends("role_id", "planned_hours", "sell_rate", "cost_amount", "markup_pct")
    def _compute_amount(self):
        for line in self:
            price = line._agency_price()
            if price is not None:
                line.amount = price
            elif not line.amount:
                line.amount = 0.0

    def _agency_price(self):
        """The price the line's rates give (None: a line priced by hand)."""
        self.ensure_one()
        line = self.sudo()
        if line.role_id:
            price = line.planned_hours * line.sell_rate
        elif line.cost_amount:
            price = line.cost_amount * (1 + line.markup_pct / 100.0)
        else:
            return None
        return line.currency_id.round(price) if line.currency_id else price

    def _compute_actual_amount(self):
        figures = self.budget_id._get_actuals()
        for line in self:
            line.actual_amount = figures.get(line.budget_id.id, {}).get("category_" + line.category, 0.0)

    def _compute_actual_hours(self):
        by_role = self.budget_id._get_role_actuals()
        for line in self:
            line.actual_hours = by_role.get(line.budget_id.id, {}).get(line.role_id.id, 0.0) if line.role_id else 0.0

    @api.constrains("amount", "planned_hours", "cost_amount", "markup_pct", "role_id", "sell_rate")
    def _check_amount(self):
        for line in self.sudo():
            if line.amount < 0 or line.planned_hours < 0 or line.cost_amount < 0 or line.markup_pct < 0:
                raise ValidationError(self.env._("Budget amounts, hours, costs and mark-ups cannot be negative."))
            if line.role_id and line.category != "agency_hours":
                raise ValidationError(self.env._("A role's hours are agency hours."))
            price = line._agency_price()
            if price is not None and line.currency_id \
                    and float_compare(price, line.amount, precision_rounding=line.currency_id.rounding):
                raise ValidationError(self.env._(
                    "The price of %(line)s follows its rates: %(hours)s h at the client's rate for a role, "
                    "or the cost plus its mark-up for an outside cost.",
                    line=line.name or line.role_id.display_name or "", hours=line.planned_hours))
