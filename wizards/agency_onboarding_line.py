from odoo import fields, models

from ..models.agency_account import TIERS


class AgencyOnboardingLine(models.TransientModel):
    """One proposed account: the director keeps, changes or unticks it."""

    _name = "agency.onboarding.line"
    _description = "Proposed Client Account"
    _order = "invoiced desc, order_count desc"

    wizard_id = fields.Many2one("agency.onboarding", required=True, ondelete="cascade")
    selected = fields.Boolean(string="Create", default=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, readonly=True)
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    invoiced = fields.Monetary(readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", domain="[('share', '=', False)]")
    team_id = fields.Many2one("crm.team", string="Account Team")
    tier = fields.Selection(TIERS, required=True, default="standard")
    service_tag_ids = fields.Many2many("agency.service.tag", string="Services")
    date_start = fields.Date(string="Client Since")
