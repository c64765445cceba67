from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AgencyAccountCompetitor(models.Model):
    """A competitor on an account, with its estimated share of the client's spend."""

    _name = "agency.account.competitor"
    _description = "Competitor on an Account"
    _inherit = ["agency.account.child.mixin"]
    _order = "share_pct desc, id"

    account_id = fields.Many2one(required=True, ondelete="cascade")
    competitor_id = fields.Many2one("agency.competitor", required=True, index=True, ondelete="cascade")
    share_pct = fields.Float(string="Share of Spend (%)")
    notes = fields.Text()

    _sql_constraints = [
        ("account_competitor_uniq", "unique (account_id, competitor_id)", "This competitor is already on the account."),
    ]

    @api.constrains("share_pct", "account_id")
    def _check_share(self):
        for line in self:
            if not 0 <= line.share_pct <= 100:
                raise ValidationError(self.env._("A share of spend is between 0 and 100%."))
            total = sum(line.account_id.competitor_share_ids.mapped("share_pct"))
            if total > 100:
                raise ValidationError(self.env._(
                    "The competitors' shares of %(account)s add up to %(total).0f%%, more than 100%%.",
                    account=line.account_id.display_name, total=total))
