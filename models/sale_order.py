from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .const import COST_READERS, GROUP_EXECUTIVE


class SaleOrder(models.Model):
    """Quotations that price out-of-scope client requests (change orders):
    confirming one releases the work to the departments. And quotations
    made from a budget's estimate (and each of their revisions): their
    margin, for those who read costs, and the discount below the estimate
    that they may not take beyond the user's limit."""

    _inherit = "sale.order"

    agency_request_ids = fields.One2many("agency.request", "change_order_id", string="Client Requests")
    agency_account_id = fields.Many2one(
        "agency.account", string="Change Order For", compute="_compute_agency_account_id",
        store=True, index="btree_not_null",
        help="Set when this quotation is the change order of a client request.",
    )

    agency_budget_id = fields.Many2one(
        "agency.budget", string="From Estimate", readonly=True, copy=True, index="btree_not_null",
        groups=COST_READERS,
        help="The budget whose estimate this quotation (or revision) was made from.")
    agency_cost_amount = fields.Monetary(
        compute="_compute_agency_margin", string="Estimated Cost", groups=COST_READERS)
    agency_margin = fields.Monetary(compute="_compute_agency_margin", string="Margin", groups=COST_READERS)
    agency_margin_pct = fields.Float(compute="_compute_agency_margin", string="Margin (%)", groups=COST_READERS)
    agency_discount_pct = fields.Float(
        compute="_compute_agency_discount_pct", string="Below the Estimate (%)", groups=COST_READERS,
        help="How far the quotation's untaxed amount is below its budget's estimate.")
    agency_revision_state = fields.Selection(
        [("current", "Current"), ("superseded", "Superseded")], compute="_compute_agency_revision_state",
        string="Revision Status")

    @api.depends("agency_request_ids.account_id")
    def _compute_agency_account_id(self):
        for order in self:
            order.agency_account_id = order.agency_request_ids.account_id[:1]

    def write(self, vals):
        if "agency_account_id" in vals and not self.env.su:
            self.check_access("write")  # Odoo's own refusal comes first
            raise UserError(self.env._("Which account a change order is for follows its client request."))
        if "agency_budget_id" in vals and not self.env.su:
            self.check_access("write")
            raise UserError(self.env._("Which estimate a quotation is made from is recorded when it is quoted."))
        before = self._agency_discounts()
        res = super().write(vals)
        self._agency_check_discount(before)
        return res

    def action_confirm(self):
        change_orders = self.filtered("agency_request_ids")
        if change_orders and not self.env.su and not self.env.user.has_group(GROUP_EXECUTIVE):
            raise AccessError(self.env._(
                "Only an Account Executive or above can accept a change order for the client."
            ))
        res = super().action_confirm()
        change_orders.agency_request_ids._release_accepted_change_orders()
        return res

    @api.depends("order_line.agency_cost_amount", "amount_untaxed")
    def _compute_agency_margin(self):
        for order in self:
            cost = sum(order.order_line.sudo().mapped("agency_cost_amount"))
            order.agency_cost_amount = cost
            order.agency_margin = order.amount_untaxed - cost
            order.agency_margin_pct = 100.0 * (order.amount_untaxed - cost) / order.amount_untaxed \
                if order.amount_untaxed else 0.0

    @api.depends("amount_untaxed", "agency_budget_id.estimate_total", "currency_id", "date_order")
    def _compute_agency_discount_pct(self):
        for order in self:
            order.agency_discount_pct = order._agency_discount()

    @api.depends("current_revision_id")
    def _compute_agency_revision_state(self):
        for order in self:
            order.agency_revision_state = "superseded" if order.current_revision_id else "current"

    def _agency_discounts(self):
        """{order id: discount below its estimate} of the orders made from one."""
        return {order.id: order._agency_discount() for order in self.sudo().filtered("agency_budget_id")}

    def _agency_discount(self):
        self.ensure_one()
        budget = self.agency_budget_id.sudo()
        estimate = budget.estimate_total
        if not budget or not estimate:
            return 0.0
        quoted = self.currency_id._convert(self.amount_untaxed, budget.currency_id, budget.company_id,
                                           self.date_order or fields.Date.today())
        return max(0.0, 100.0 * (estimate - quoted) / estimate)

    def _agency_check_discount(self, before=None):
        """A quotation made from an estimate may not be further below it
        than the user's discount limit (the same limits as the budget's).
        A change that does not raise the discount passes (`before`: {order
        id: discount before the change}), as does a revision that keeps the
        discount of the version it replaces."""
        if self.env.su:
            return
        # Read as the system: whoever edits a quotation meets the rule, also
        # those who may not read the estimate behind it.
        for order in self.sudo().exists().filtered("agency_budget_id"):
            if order.state == "cancel":
                continue
            limit = self.env.user._agency_discount_limit(order.company_id)
            discount = order._agency_discount()
            if limit is None or discount <= limit + 1e-6:
                continue
            previous = order.with_context(active_test=False).old_revision_ids.sorted("revision_number")[-1:]
            allowed = max((before or {}).get(order.id, 0.0), previous._agency_discount() if previous else 0.0)
            if discount <= allowed + 1e-6:
                continue
            raise UserError(self.env._(
                "%(order)s is %(discount).1f%% below the estimate of %(budget)s, beyond your approval limit "
                "of %(limit).1f%%. Ask a more senior colleague to quote it.",
                order=order.name, discount=discount, budget=order.agency_budget_id.sudo().display_name,
                limit=limit))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Quoting from an estimate is for those who may change it.
            self.env["agency.budget"].browse(
                [vals["agency_budget_id"] for vals in vals_list if vals.get("agency_budget_id")]).check_access("write")
        orders = super().create(vals_list)
        orders._agency_check_discount()
        return orders

    def copy_revision_with_context(self):
        """The budget follows its quotation to the new revision."""
        new_revision = super().copy_revision_with_context()
        budget = self.sudo().agency_budget_id
        if budget and budget.sale_order_id == self.sudo():
            budget.sudo().sale_order_id = new_revision
        return new_revision
