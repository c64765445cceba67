from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .const import COST_READERS, LEVEL_KEYS


class ResCompany(models.Model):
    _inherit = "res.company"

    agency_brief_project_mode = fields.Selection(
        [("brief", "One project per brief"), ("account", "One project per client account")],
        string="Brief Projects", default="brief", required=True,
        help="Where approving a brief creates its tasks: a new project for the brief, "
             "or the client account's project.",
    )
    agency_default_hourly_cost = fields.Monetary(
        string="Default Hourly Cost", currency_field="currency_id", default=60.0, groups=COST_READERS,
        help="Values the hours still planned in budget forecasts until timesheets give the real cost.",
    )
    agency_discount_limit_executive = fields.Float(
        string="Executive Discount Limit (%)", default=5.0, groups=COST_READERS,
        help="Largest discount below the estimate an Account Executive may approve.",
    )
    agency_discount_limit_manager = fields.Float(
        string="Manager Discount Limit (%)", default=15.0, groups=COST_READERS,
        help="Largest discount below the estimate an Account Manager may approve.",
    )
    agency_discount_limit_senior = fields.Float(
        string="Senior Manager Discount Limit (%)", default=20.0, groups=COST_READERS,
        help="Largest discount below the estimate a Senior Account Manager may approve. Directors have no limit.",
    )
    agency_budget_alert_thresholds = fields.Char(
        string="Budget Alert Thresholds", default="80,100",
        help="Percentages of the budget spent at which the account manager is alerted, comma separated.",
    )
    agency_health_weight_satisfaction = fields.Float(string="Satisfaction Weight", default=25)
    agency_health_weight_delivery = fields.Float(string="Delivery Weight", default=20)
    agency_health_weight_responsiveness = fields.Float(string="Responsiveness Weight", default=20)
    agency_health_weight_budget = fields.Float(string="Budget Weight", default=15)
    agency_health_weight_engagement = fields.Float(string="Engagement Weight", default=10)
    agency_health_weight_commercial = fields.Float(string="Commercial Weight", default=10)
    agency_health_green_min = fields.Integer(string="Green From", default=75)
    agency_health_amber_min = fields.Integer(string="Amber From", default=50)
    agency_health_drop_points = fields.Integer(
        string="Health Drop Alert (points)", default=15,
        help="A drop of at least this many points starts the 'score dropped' playbooks.",
    )

    agency_nps_min_days = fields.Integer(
        string="Days Between NPS Questions", default=30,
        help="Sending the NPS question by hand is refused sooner than this after the client's last answer.",
    )
    agency_retainer_limit_executive = fields.Float(
        string="Retainer Fee Limit for Executives", default=10000,
        help="A retainer whose fee per period is above this is activated by an Account Manager or above "
             "(0: no limit).",
    )
    agency_retainer_alert_share = fields.Float(
        string="Retainer Alert (% of hours)", default=80,
        help="The account manager is told when a running period has used this share of its hours.",
    )
    agency_renewal_horizon_days = fields.Integer(
        string="Renewal Horizon (days)", default=60,
        help="My Day lists an account's renewal this many days ahead.",
    )
    agency_capacity_intern = fields.Integer(string="Intern Capacity", default=0,
                                            help="Maximum weighted accounts an intern manages.")
    agency_capacity_executive = fields.Integer(string="Executive Capacity", default=6)
    agency_capacity_manager = fields.Integer(string="Manager Capacity", default=12)
    agency_capacity_senior = fields.Integer(string="Senior Manager Capacity", default=16)
    agency_capacity_director = fields.Integer(string="Director Capacity", default=20)
    agency_digest_date = fields.Date(
        string="Last Weekly Digest", readonly=True, copy=False,
        help="When the weekly digest of this company was last sent: it is sent once a week.")
    agency_digest_user_ids = fields.Many2many(
        "res.users", "agency_digest_user_rel", "company_id", "user_id", string="Weekly Digest To",
        help="Who gets the weekly portfolio digest; empty: every Account Director. "
             "Team leaders always get their team's.",
    )

    @api.constrains(
        "agency_default_hourly_cost", "agency_discount_limit_executive", "agency_discount_limit_manager",
        "agency_discount_limit_senior", "agency_budget_alert_thresholds", "agency_capacity_intern",
        "agency_capacity_executive", "agency_capacity_manager", "agency_capacity_senior", "agency_capacity_director", "agency_nps_min_days", "agency_health_drop_points",
        "agency_renewal_horizon_days", "agency_retainer_limit_executive", "agency_retainer_alert_share",
    )
    def _check_agency_settings(self):
        for company in self:
            if company.sudo().agency_default_hourly_cost < 0:
                raise ValidationError(self.env._("The default hourly cost cannot be negative."))
            for key in ("executive", "manager", "senior"):
                if not 0 <= company.sudo()[f"agency_discount_limit_{key}"] <= 100:
                    raise ValidationError(self.env._("Discount limits are percentages between 0 and 100."))
            if any(company[f"agency_capacity_{key}"] < 0 for key in LEVEL_KEYS.values()) \
                    or company.agency_nps_min_days < 0 or company.agency_health_drop_points < 0 \
                    or company.agency_renewal_horizon_days < 0 or company.agency_retainer_limit_executive < 0 \
                    or not 0 < company.agency_retainer_alert_share <= 100:
                raise ValidationError(self.env._(
                    "Capacities, days, points and limits cannot be negative; the retainer alert is a share between 1 and 100."))
            company._agency_alert_thresholds()

    def _agency_alert_thresholds(self):
        """The budget alert thresholds as sorted integers; a clear error for
        anything that is not a comma-separated list of percentages."""
        self.ensure_one()
        text = (self.agency_budget_alert_thresholds or "").strip()
        values = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            if not part.isdigit() or not 0 < int(part) <= 1000:
                raise ValidationError(self.env._(
                    "Budget alert thresholds are whole percentages between 1 and 1000, separated by commas "
                    "(e.g. 80,100): %(value)s is not one.", value=part))
            values.append(int(part))
        return sorted(set(values))

    @api.constrains(
        "agency_health_weight_satisfaction", "agency_health_weight_delivery", "agency_health_weight_responsiveness",
        "agency_health_weight_budget", "agency_health_weight_engagement", "agency_health_weight_commercial",
        "agency_health_green_min", "agency_health_amber_min",
    )
    def _check_agency_health_settings(self):
        for company in self:
            weights = [company[f"agency_health_weight_{f}"] for f in (
                "satisfaction", "delivery", "responsiveness", "budget", "engagement", "commercial")]
            if any(w < 0 for w in weights) or not any(weights):
                raise ValidationError(self.env._(
                    "Health weights must be zero or more, and at least one must be above zero."))
            if not 0 <= company.agency_health_amber_min <= company.agency_health_green_min <= 100:
                raise ValidationError(self.env._(
                    "Health bands need 0 <= amber limit <= green limit <= 100."))
