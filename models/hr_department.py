from odoo import fields, models


class HrDepartment(models.Model):
    """Marks the departments that deliver client work (Creative, Design,
    Marketing, Production...): briefs allocate work to them."""

    _inherit = "hr.department"

    agency_delivers_client_work = fields.Boolean(
        string="Delivers Client Work",
        help="Account managers can allocate brief work to this department.",
    )
    agency_lead_time_days = fields.Integer(
        string="Lead Time (days)",
        help="How many days the department needs for a new piece of work; it may push back "
             "on a client date shorter than that.",
    )
