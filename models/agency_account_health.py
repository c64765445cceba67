from odoo import fields, models

from .const import BANDS, COST_READERS
from .nullable_fields import NullableFloat, NullableInteger


class AgencyAccountHealthSnapshot(models.Model):
    """An account's health as it was in a month, for the trend."""

    _name = "agency.account.health"
    _description = "Account Health Snapshot"
    _inherit = ["agency.account.child.mixin"]
    _order = "date desc, id desc"

    account_id = fields.Many2one(required=True, ondelete="cascade")
    user_id = fields.Many2one(related="account_id.user_id", store=True, string="Account Manager")
    date = fields.Date(required=True, help="First day of the month.")
    # Empty, not 0, for "no data": averages leave it out.
    score = NullableInteger(aggregator="avg")
    band = fields.Selection(BANDS)
    satisfaction = NullableFloat(aggregator="avg")
    delivery = NullableFloat(aggregator="avg")
    responsiveness = NullableFloat(aggregator="avg")
    budget = NullableFloat(aggregator="avg", groups=COST_READERS)
    engagement = NullableFloat(aggregator="avg")
    commercial = NullableFloat(aggregator="avg")

    _sql_constraints = [
        ("account_month_uniq", "unique (account_id, date)", "One health snapshot per account and month."),
    ]
