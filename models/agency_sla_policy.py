from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .agency_account import TIERS
from .labels import selection_labels, store_display_name

PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]


class AgencySlaPolicy(models.Model):
    """How fast the agency answers a client: per account tier and request
    priority, the working hours allowed to acknowledge and to resolve."""

    _name = "agency.sla.policy"
    _description = "Client Service Level"
    _order = "tier, priority desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    tier = fields.Selection(TIERS, help="Leave empty for a policy that applies to every tier.")
    priority = fields.Selection(PRIORITIES, required=True, default="1")
    ack_hours = fields.Float(string="Acknowledge Within (working hours)", required=True, default=8)
    resolve_hours = fields.Float(string="Resolve Within (working hours)", required=True, default=40)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("tier_priority_uniq", "unique (company_id, tier, priority)",
         "There is already a service level for this tier and priority in this company."),
    ]

    @api.depends("tier", "priority")
    def _compute_name(self):
        store_display_name(self)

    @api.depends("tier", "priority")
    @api.depends_context("lang")
    def _compute_display_name(self):
        tiers, priorities = selection_labels(self, "tier"), selection_labels(self, "priority")
        for policy in self:
            policy.display_name = "%s / %s" % (
                tiers.get(policy.tier) or self.env._("Any tier"), priorities.get(policy.priority, ""),
            )

    @api.constrains("ack_hours", "resolve_hours")
    def _check_hours(self):
        for policy in self:
            if policy.ack_hours <= 0 or policy.resolve_hours <= 0:
                raise ValidationError(self.env._("Service level times must be positive."))
            if policy.resolve_hours < policy.ack_hours:
                raise ValidationError(self.env._(
                    "Resolving cannot be allowed less time than acknowledging (%(policy)s).", policy=policy.name,
                ))

    @api.model
    def _find(self, company, tier, priority):
        """The policy for a tier and priority, else the one for any tier."""
        policies = self.search([
            ("company_id", "=", company.id), ("priority", "=", priority), ("tier", "in", [tier, False]),
        ])
        return policies.filtered(lambda p: p.tier == tier)[:1] or policies[:1]
