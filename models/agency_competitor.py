from odoo import fields, models


class AgencyCompetitor(models.Model):
    """Another agency that serves our clients."""

    _name = "agency.competitor"
    _description = "Competitor"
    _order = "name"

    name = fields.Char(required=True)
    website = fields.Char()
    service_tag_ids = fields.Many2many("agency.service.tag", string="Services")
    strengths = fields.Text()
    weaknesses = fields.Text()
    account_share_ids = fields.One2many("agency.account.competitor", "competitor_id", string="Clients")
    active = fields.Boolean(default=True)
