from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.const import GROUP_DIRECTOR


class AgencySettings(models.TransientModel):
    """The addon's settings of one company, owned by its Account Directors.

    Odoo's own Settings page is for administrators only
    (``res.config.settings.execute`` refuses anybody else), and directors
    must not become administrators: this form edits the company's agency
    fields for them, and nothing else of the company."""

    _name = "agency.settings"
    _description = "Agency Settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    agency_brief_project_mode = fields.Selection(related="company_id.agency_brief_project_mode", readonly=False)
    agency_default_hourly_cost = fields.Monetary(related="company_id.agency_default_hourly_cost", readonly=False)
    agency_discount_limit_executive = fields.Float(
        related="company_id.agency_discount_limit_executive", readonly=False)
    agency_discount_limit_manager = fields.Float(related="company_id.agency_discount_limit_manager", readonly=False)
    agency_discount_limit_senior = fields.Float(related="company_id.agency_discount_limit_senior", readonly=False)
    agency_budget_alert_thresholds = fields.Char(related="company_id.agency_budget_alert_thresholds", readonly=False)
    agency_health_weight_satisfaction = fields.Float(
        related="company_id.agency_health_weight_satisfaction", readonly=False)
    agency_health_weight_delivery = fields.Float(related="company_id.agency_health_weight_delivery", readonly=False)
    agency_health_weight_responsiveness = fields.Float(
        related="company_id.agency_health_weight_responsiveness", readonly=False)
    agency_health_weight_budget = fields.Float(related="company_id.agency_health_weight_budget", readonly=False)
    agency_health_weight_engagement = fields.Float(
        related="company_id.agency_health_weight_engagement", readonly=False)
    agency_health_weight_commercial = fields.Float(
        related="company_id.agency_health_weight_commercial", readonly=False)
    agency_health_green_min = fields.Integer(related="company_id.agency_health_green_min", readonly=False)
    agency_health_amber_min = fields.Integer(related="company_id.agency_health_amber_min", readonly=False)
    agency_health_drop_points = fields.Integer(related="company_id.agency_health_drop_points", readonly=False)
    agency_nps_min_days = fields.Integer(related="company_id.agency_nps_min_days", readonly=False)
    agency_renewal_horizon_days = fields.Integer(related="company_id.agency_renewal_horizon_days", readonly=False)
    agency_retainer_limit_executive = fields.Float(related="company_id.agency_retainer_limit_executive",
                                                   readonly=False)
    agency_retainer_alert_share = fields.Float(related="company_id.agency_retainer_alert_share", readonly=False)
    agency_digest_user_ids = fields.Many2many(related="company_id.agency_digest_user_ids", readonly=False)
    agency_capacity_intern = fields.Integer(related="company_id.agency_capacity_intern", readonly=False)
    agency_capacity_executive = fields.Integer(related="company_id.agency_capacity_executive", readonly=False)
    agency_capacity_manager = fields.Integer(related="company_id.agency_capacity_manager", readonly=False)
    agency_capacity_senior = fields.Integer(related="company_id.agency_capacity_senior", readonly=False)
    agency_capacity_director = fields.Integer(related="company_id.agency_capacity_director", readonly=False)

    def _check_director(self, company_ids):
        if self.env.su:
            return
        if not self.env.user.has_group(GROUP_DIRECTOR):
            raise AccessError(self.env._("Only Account Directors change the agency settings."))
        if not set(company_ids) <= set(self.env.user.company_ids.ids):
            raise AccessError(self.env._("You may only change the settings of your own companies."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_director([vals.get("company_id") or self.env.company.id for vals in vals_list])
        # A director may not write the company record itself: once the check
        # above passed, the agency fields are written as the system.
        return super(AgencySettings, self.sudo()).create(vals_list).sudo(self.env.su)

    def write(self, vals):
        self._check_director(self.company_id.ids + ([vals["company_id"]] if vals.get("company_id") else []))
        return super(AgencySettings, self.sudo()).write(vals)

    @api.depends("company_id")
    def _compute_display_name(self):
        for settings in self:
            settings.display_name = self.env._("Agency Settings of %(company)s", company=settings.company_id.name)

    @api.model
    def _open_settings(self):
        """The settings of the current company, opened as a record (called by
        the menu's server action, never by a button)."""
        settings = self.create({"company_id": self.env.company.id})
        return {
            "type": "ir.actions.act_window", "name": self.env._("Agency Settings"),
            "res_model": self._name, "res_id": settings.id, "view_mode": "form",
            "views": [(self.env.ref("agency_account_manager.agency_settings_view_form").id, "form")],
            "target": "current",
        }

    def action_save(self):
        """Saving the form already wrote the settings: reload the client."""
        return {"type": "ir.actions.client", "tag": "reload"}
