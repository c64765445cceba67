from odoo import fields, models


class AgencyAccountChildMixin(models.AbstractModel):
    """What every record that belongs to a client account carries: the
    account, its company and currency, and its account manager.

    The record rules of ``security/`` read ``account_id`` on every such
    model in the same shape, level by level, so a child is seen by exactly
    the people who see its account. A model whose account comes through its
    parent (a brief, a budget, a plan) redefines ``account_id`` as a stored
    related field; one that owns its account directly makes it required and
    says what happens to it when the account goes (``ondelete``). Client requests are the exception: they arrive
    before anyone knows their account (triage) and carry their own company."""

    _name = "agency.account.child.mixin"
    _description = "Record of a Client Account"
    _check_company_auto = True

    account_id = fields.Many2one("agency.account", string="Client Account", index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    account_manager_id = fields.Many2one(
        related="account_id.user_id", string="Client's Account Manager",
        help="Who manages the client account this record belongs to.",
    )
