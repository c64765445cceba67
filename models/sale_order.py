from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .const import GROUP_EXECUTIVE


class SaleOrder(models.Model):
    """Quotations that price out-of-scope client requests (change orders):
    confirming one releases the work to the departments."""

    _inherit = "sale.order"

    agency_request_ids = fields.One2many("agency.request", "change_order_id", string="Client Requests")
    agency_account_id = fields.Many2one(
        "agency.account", string="Change Order For", compute="_compute_agency_account_id",
        store=True, index="btree_not_null",
        help="Set when this quotation is the change order of a client request.",
    )

    @api.depends("agency_request_ids.account_id")
    def _compute_agency_account_id(self):
        for order in self:
            order.agency_account_id = order.agency_request_ids.account_id[:1]

    def write(self, vals):
        if "agency_account_id" in vals and not self.env.su:
            self.check_access("write")  # Odoo's own refusal comes first
            raise UserError(self.env._("Which account a change order is for follows its client request."))
        return super().write(vals)

    def action_confirm(self):
        change_orders = self.filtered("agency_request_ids")
        if change_orders and not self.env.su and not self.env.user.has_group(GROUP_EXECUTIVE):
            raise AccessError(self.env._(
                "Only an Account Executive or above can accept a change order for the client."
            ))
        res = super().action_confirm()
        change_orders.agency_request_ids._release_accepted_change_orders()
        return res
