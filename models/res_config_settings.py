from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    agency_brief_project_mode = fields.Selection(
        related="company_id.agency_brief_project_mode", readonly=False,
    )
