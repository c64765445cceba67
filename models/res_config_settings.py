from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    agency_brief_project_mode = fields.Selection(
        related="company_id.agency_brief_project_mode", readonly=False,
    )
    agency_currency_id = fields.Many2one(related="company_id.currency_id", string="Agency Currency")
    agency_default_hourly_cost = fields.Monetary(
        related="company_id.agency_default_hourly_cost", readonly=False, currency_field="agency_currency_id",
    )
    agency_discount_limit_executive = fields.Float(related="company_id.agency_discount_limit_executive", readonly=False)
    agency_discount_limit_manager = fields.Float(related="company_id.agency_discount_limit_manager", readonly=False)
    agency_budget_alert_thresholds = fields.Char(related="company_id.agency_budget_alert_thresholds", readonly=False)
    agency_health_weight_satisfaction = fields.Float(related="company_id.agency_health_weight_satisfaction", readonly=False)
    agency_health_weight_delivery = fields.Float(related="company_id.agency_health_weight_delivery", readonly=False)
    agency_health_weight_responsiveness = fields.Float(related="company_id.agency_health_weight_responsiveness", readonly=False)
    agency_health_weight_budget = fields.Float(related="company_id.agency_health_weight_budget", readonly=False)
    agency_health_weight_engagement = fields.Float(related="company_id.agency_health_weight_engagement", readonly=False)
    agency_health_weight_commercial = fields.Float(related="company_id.agency_health_weight_commercial", readonly=False)
    agency_health_green_min = fields.Integer(related="company_id.agency_health_green_min", readonly=False)
    agency_health_amber_min = fields.Integer(related="company_id.agency_health_amber_min", readonly=False)
    agency_health_drop_points = fields.Integer(related="company_id.agency_health_drop_points", readonly=False)
    agency_digest_user_ids = fields.Many2many(related="company_id.agency_digest_user_ids", readonly=False)
    agency_capacity_intern = fields.Integer(related="company_id.agency_capacity_intern", readonly=False)
    agency_capacity_executive = fields.Integer(related="company_id.agency_capacity_executive", readonly=False)
    agency_capacity_manager = fields.Integer(related="company_id.agency_capacity_manager", readonly=False)
    agency_capacity_director = fields.Integer(related="company_id.agency_capacity_director", readonly=False)
