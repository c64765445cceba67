from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    agency_brief_project_mode = fields.Selection(
        [("brief", "One project per brief"), ("account", "One project per client account")],
        string="Brief Projects", default="brief", required=True,
        help="Where approving a brief creates its tasks: a new project for the brief, "
             "or the client account's project.",
    )
    agency_default_hourly_cost = fields.Monetary(
        string="Default Hourly Cost", currency_field="currency_id", default=60.0,
        help="Values the hours still planned in budget forecasts until timesheets give the real cost.",
    )
    agency_discount_limit_executive = fields.Float(
        string="Executive Discount Limit (%)", default=5.0,
        help="Largest discount below the estimate an Account Executive may approve.",
    )
    agency_discount_limit_manager = fields.Float(
        string="Manager Discount Limit (%)", default=15.0,
        help="Largest discount below the estimate an Account Manager may approve. Directors have no limit.",
    )
    agency_budget_alert_thresholds = fields.Char(
        string="Budget Alert Thresholds", default="80,100",
        help="Percentages of the budget spent at which the account manager is alerted, comma separated.",
    )
