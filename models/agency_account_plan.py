from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
        for plan in self:
            period = f"Q{plan.quarter} {plan.year}" if plan.period == "quarter" else str(plan.year)
            plan.name = f"{plan.account_id.name or ''} {period}"

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


class AgencyAccountPlanObjective(models.Model):
    """A measurable objective of an account plan; its current value comes
    from Odoo, never typed."""

    _name = "agency.account.plan.objective"
    _description = "Account Plan Objective"
    _inherit = ["agency.account.child.mixin"]
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    plan_id = fields.Many2one("agency.account.plan", required=True, index=True, ondelete="cascade")
    account_id = fields.Many2one(related="plan_id.account_id", store=True, precompute=True)
    name = fields.Char(required=True)
    kind = fields.Selection(OBJECTIVE_KINDS, required=True, default="revenue")
    target = fields.Float(required=True)
    current = fields.Float(compute="_compute_current")
    progress = fields.Float(compute="_compute_current", help="Current value against the target, in %.")

    @api.constrains("target")
    def _check_target(self):
        for objective in self:
            if objective.kind != "satisfaction" and objective.target <= 0:
                raise ValidationError(self.env._("The target of %(name)s must be above zero.", name=objective.name))

    def _compute_current(self):
        values = self._get_current_values()
        for objective in self:
            current = values.get(objective.id, 0.0)
            objective.current = current
            objective.progress = min(100.0, 100.0 * current / objective.target) if objective.target > 0 else (
                100.0 if current >= objective.target else 0.0)

    def _get_current_values(self):
        """Current values of the objectives: one grouped query per kind for
        all the plans (by day, then summed over each plan's period)."""
        result = {}
        plans = self.plan_id
        if not plans:
            return result
        start, end = min(plans.mapped("date_from")), max(plans.mapped("date_to"))
        accounts = plans.account_id
        clients = accounts.partner_id.commercial_partner_id
        won = []
        kinds = set(self.mapped("kind"))
        # Revenue and NPS from the figures layer, as the report and health read
        # them: one grouped query per distinct plan period (a year, a quarter).
        periods = {(plan.date_from, plan.date_to) for plan in plans}
        revenue = {period: accounts._figures_invoiced(*period) for period in periods} if "revenue" in kinds else {}
        nps = {period: accounts._figures_nps(*period) for period in periods} if "satisfaction" in kinds else {}
        if "new_services" in kinds:
            won = self.env["crm.lead"].sudo()._read_group([
                ("partner_id", "child_of", clients.ids), ("stage_id.is_won", "=", True),
                ("date_closed", ">=", start), ("date_closed", "<=", f"{end} 23:59:59")],
                ["partner_id", "date_closed:day"], ["expected_revenue:sum"])
        for objective in self:
            plan = objective.plan_id
            account = plan.account_id
            client = account.partner_id.commercial_partner_id

            def in_period(day, plan=plan):
                day = day.date() if hasattr(day, "date") else day
                return plan.date_from <= day <= plan.date_to
            period = (plan.date_from, plan.date_to)
            if objective.kind == "revenue":
                result[objective.id] = revenue[period].get(account.id, 0.0)
            elif objective.kind == "new_services":
                result[objective.id] = sum(
                    amount for partner, day, amount in won
                    if partner.commercial_partner_id == client and in_period(day))
            elif objective.kind == "retention":
                result[objective.id] = 100.0 if account.stage in ("onboarding", "active") else 0.0
            elif objective.kind == "satisfaction":
                result[objective.id] = nps[period].get(account.id, 0.0)
        return result
