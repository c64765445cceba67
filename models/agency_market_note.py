from odoo import fields, models


class AgencyMarketNote(models.Model):
    """A dated trend note about an industry, shown on every account of it."""

    _name = "agency.market.note"
    _description = "Market and Industry Note"
    _order = "date desc, id desc"

    name = fields.Char(string="Title", required=True)
    industry_id = fields.Many2one("res.partner.industry", required=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Html()
    source = fields.Char(help="Where it comes from: report, article, event...")
