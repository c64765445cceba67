from odoo import api, models


class AgencyBudgetChildMixin(models.AbstractModel):
    """What every record under a budget obeys (estimate lines, negotiation
    rounds): nothing changes under a budget finance locked, and a change
    under an approved budget may not take its discount beyond the approval
    limit of the user making it. Checked in create, write and unlink, so
    that JSON-RPC, imports and one2many commands meet the rule too."""

    _name = "agency.budget.child.mixin"
    _description = "Record Under a Budget"

    def _guarded_budgets(self, vals_list=()):
        budget_ids = {vals["budget_id"] for vals in vals_list if vals.get("budget_id")}
        return self.budget_id | self.env["agency.budget"].browse(budget_ids)

    @api.model_create_multi
    def create(self, vals_list):
        budgets = self._guarded_budgets(vals_list)
        budgets._check_not_locked()
        before = {budget.id: budget.discount_pct for budget in budgets}
        records = super().create(vals_list)
        budgets._check_discount_limit(before)
        return records

    def write(self, vals):
        budgets = self._guarded_budgets([vals])
        budgets._check_not_locked()
        before = {budget.id: budget.discount_pct for budget in budgets}
        res = super().write(vals)
        budgets._check_discount_limit(before)
        return res

    def unlink(self):
        budgets = self._guarded_budgets()
        budgets._check_not_locked()
        before = {budget.id: budget.discount_pct for budget in budgets}
        res = super().unlink()
        budgets._check_discount_limit(before)
        return res
