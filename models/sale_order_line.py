from odoo import api, fields, models
from odoo.exceptions import UserError

from .const import COST_READERS


class SaleOrderLine(models.Model):
    """A quotation line made from an estimate line: what it costs the
    agency (recorded when quoted, for the margin of each revision), and the
    quotation's discount limit checked on every change of its lines."""

    _inherit = "sale.order.line"

    agency_budget_line_id = fields.Many2one(
        "agency.budget.line", string="Estimate Line", copy=True, index="btree_not_null", ondelete="set null",
        groups=COST_READERS)
    agency_cost_amount = fields.Monetary(
        compute="_compute_agency_cost_amount", store=True, string="Estimated Cost", groups=COST_READERS,
        help="What the estimate line costs the agency, when the quotation (or its revision) was made.")

    @api.depends("agency_budget_line_id")
    def _compute_agency_cost_amount(self):
        for line in self:
            line.agency_cost_amount = line.agency_budget_line_id.sudo().cost_amount

    def _agency_refuse_cost(self, vals_list):
        if not self.env.su and any("agency_cost_amount" in vals for vals in vals_list):
            raise UserError(self.env._("The cost of a quotation line is recorded from its estimate line."))

    @api.model_create_multi
    def create(self, vals_list):
        self._agency_refuse_cost(vals_list)
        lines = super().create(vals_list)
        lines.order_id._agency_check_discount()
        return lines

    def write(self, vals):
        self._agency_refuse_cost([vals])
        orders = self.order_id
        before = orders._agency_discounts()
        res = super().write(vals)
        orders._agency_check_discount(before)
        return res

    def unlink(self):
        orders = self.order_id
        before = orders._agency_discounts()
        res = super().unlink()
        orders._agency_check_discount(before)
        return res
