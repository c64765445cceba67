from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .labels import selection_label, store_display_name

OBJECTIVE_KINDS = [
    ("revenue", "Invoiced Revenue"),
    ("new_services", "Won Opportunities (value)"),
    ("retention", "Retention (%)"),
    ("satisfaction", "NPS"),
]


class AgencyAccountPlan(models.Model):
    """How the account grows in a year or a quarter: measurable objectives
    whose progress is read from Odoo, a SWOT and the strategy."""

    _name = "agency.account.plan"
    _description = "Account Plan"
    _inherit = ["agency.account.child.mixin", "mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    account_id = fields.Many2one(required=True, ondelete="cascade")
    user_id = fields.Many2one(related="account_id.user_id", store=True, string="Account Manager")
    period = fields.Selection([("year", "Year"), ("quarter", "Quarter")], required=True, default="year")
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    quarter = fields.Selection([("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")])
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    strengths = fields.Html()
    weaknesses = fields.Html()
    opportunities = fields.Html()
    threats = fields.Html()
    strategy = fields.Html()
    objective_ids = fields.One2many("agency.account.plan.objective", "plan_id", string="Objectives", copy=True)
    progress = fields.Float(compute="_compute_progress", aggregator="avg", help="Average progress of the objectives.")

    @api.depends("account_id.name", "period", "year", "quarter")
    def _compute_name(self):
        store_display_name(self)

    @api.depends("account_id.name", "period", "year", "quarter")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for plan in self:
            period = f"{selection_label(plan, 'quarter', plan.quarter)} {plan.year}" \
                if plan.period == "quarter" else str(plan.year)
            plan.display_name = f"{plan.account_id.name or ''} {period}"

    @api.depends("period", "year", "quarter")
    def _compute_dates(self):
        for plan in self:
            if plan.period == "quarter" and plan.quarter:
                start_month = 3 * (int(plan.quarter) - 1) + 1
                plan.date_from = date(plan.year, start_month, 1)
                plan.date_to = date(plan.year + (start_month == 10), (start_month + 2) % 12 + 1, 1) \
                    - relativedelta(days=1)
            else:
                plan.date_from = date(plan.year, 1, 1)
                plan.date_to = date(plan.year, 12, 31)

    @api.depends("objective_ids.progress")
    def _compute_progress(self):
        for plan in self:
            objectives = plan.objective_ids
            plan.progress = sum(objectives.mapped("progress")) / len(objectives) if objectives else 0.0

    @api.constrains("period", "quarter", "year")
    def _check_period(self):
        for plan in self:
            if plan.period == "quarter" and not plan.quarter:
                raise ValidationError(self.env._("Choose the quarter of a quarterly plan."))
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(self.env._("Choose a year between 2000 and 2100."))
