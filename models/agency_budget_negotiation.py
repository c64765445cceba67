from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AgencyBudgetNegotiation(models.Model):
    """One round of price negotiation with the client."""

    _name = "agency.budget.negotiation"
    _inherit = ["agency.account.child.mixin", "agency.budget.child.mixin"]
    _description = "Budget Negotiation Round"
    _order = "date, id"

    budget_id = fields.Many2one("agency.budget", required=True, index=True, ondelete="cascade")
    account_id = fields.Many2one(related="budget_id.account_id", store=True, precompute=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Negotiated By", default=lambda self: self.env.user, required=True)
    our_proposal = fields.Monetary()
    client_counter = fields.Monetary(string="Client's Counter")
    agreed_amount = fields.Monetary()
    outcome = fields.Selection(
        [("open", "Still Negotiating"), ("accepted", "Accepted"), ("scope_reduced", "Scope Reduced"),
         ("price_changed", "Price Changed"), ("declined", "Declined")],
        required=True, default="open",
    )
    notes = fields.Text()
    sale_order_id = fields.Many2one(
        "sale.order", string="Quotation Version", compute="_compute_sale_order_id", store=True, readonly=False,
        precompute=True, context={"active_test": False}, ondelete="set null",
        domain="[('agency_budget_id', '=', budget_id), '|', ('active', '=', False), ('active', '=', True)]",
        help="The version of the quotation this round was about: the budget's quotation when the round was "
             "recorded; later revisions leave it as it was.")

    DEAL_OUTCOMES = ("accepted", "scope_reduced", "price_changed")

    @api.depends("budget_id")
    def _compute_sale_order_id(self):
        for round_ in self:
            if not round_.sale_order_id:
                round_.sale_order_id = round_.budget_id.sale_order_id

    @api.constrains("our_proposal", "client_counter", "agreed_amount", "outcome")
    def _check_amounts(self):
        for round_ in self:
            if min(round_.our_proposal, round_.client_counter, round_.agreed_amount) < 0:
                raise ValidationError(self.env._("Negotiated amounts cannot be negative."))
            if round_.outcome in self.DEAL_OUTCOMES and not round_.agreed_amount:
                raise ValidationError(self.env._("Record the agreed amount of a round that reached a deal."))
            if round_.outcome not in self.DEAL_OUTCOMES and round_.agreed_amount:
                # It would not count: the budget's agreed amount comes from deals only.
                outcome = dict(round_._fields["outcome"]._description_selection(self.env))[round_.outcome]
                raise ValidationError(self.env._(
                    "A round that is \"%(outcome)s\" has no agreed amount: set its outcome to Accepted, "
                    "Scope Reduced or Price Changed for the amount to become the budget's agreed amount, "
                    "or clear the amount.", outcome=outcome))
