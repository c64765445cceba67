from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    agency_brief_project_mode = fields.Selection(
        [("brief", "One project per brief"), ("account", "One project per client account")],
        string="Brief Projects", default="brief", required=True,
        help="Where approving a brief creates its tasks: a new project for the brief, "
             "or the client account's project.",
    )
