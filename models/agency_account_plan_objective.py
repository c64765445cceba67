from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .agency_account_plan import OBJECTIVE_KINDS


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
