from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .const import COST_READERS


class AgencyRateCardLine(models.Model):
    """One line of a client's rate card: the hourly rate the client agreed
    for a role, from a date and until another. The card is what Sales
    prices with: every change is written to the account's pricelist
    (one item per line, on the role's product), so quotations, estimates
    and Odoo's own price computation read the same rate. Where the card is
    silent, the role's standard rate applies."""

    _name = "agency.rate.card.line"
    _description = "Rate Card Line"
    _inherit = ["agency.account.child.mixin"]
    _order = "account_id, role_id, date_start, id"

    account_id = fields.Many2one(required=True, ondelete="cascade")
    role_id = fields.Many2one(
        "project.role", required=True, ondelete="restrict",
        domain="[('company_id', 'in', [company_id, False])]")
    rate = fields.Monetary(string="Client's Rate", required=True, groups=COST_READERS,
                           help="What an hour of this role sells for to this client.")
    standard_rate = fields.Float(related="role_id.agency_standard_rate", string="Standard Rate")
    date_start = fields.Date(string="Valid From")
    date_end = fields.Date(string="Valid Until")
    pricelist_item_id = fields.Many2one("product.pricelist.item", readonly=True, copy=False, ondelete="set null")

    @api.constrains("rate", "date_start", "date_end", "role_id", "account_id")
    def _check_rate(self):
        for line in self:
            if line.sudo().rate < 0:
                raise ValidationError(self.env._("A rate cannot be negative."))
            if line.date_start and line.date_end and line.date_end < line.date_start:
                raise ValidationError(self.env._("A rate card line ends after it starts."))
            overlapping = self.sudo().search([
                ("id", "!=", line.id), ("account_id", "=", line.account_id.id), ("role_id", "=", line.role_id.id),
                "|", ("date_start", "=", False), ("date_start", "<=", line.date_end or fields.Date.to_date("9999-12-31")),
                "|", ("date_end", "=", False), ("date_end", ">=", line.date_start or fields.Date.to_date("0001-01-01")),
            ], limit=1)
            if overlapping:
                raise ValidationError(self.env._(
                    "%(account)s already has a rate for %(role)s over these dates.",
                    account=line.account_id.display_name, role=line.role_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.account_id._agency_sync_rate_card()
        return lines

    def write(self, vals):
        accounts = self.account_id
        res = super().write(vals)
        (accounts | self.account_id)._agency_sync_rate_card()
        return res

    def unlink(self):
        accounts = self.account_id
        items = self.sudo().pricelist_item_id
        res = super().unlink()
        items.unlink()
        accounts._agency_sync_rate_card()
        return res
