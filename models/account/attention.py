from odoo import api, fields, models

from ..const import COST_READERS


class AgencyAccount(models.Model):
    """Why an account needs attention, on its card and its form: read from
    the same attention items as My Day, for all the accounts shown at once."""

    _inherit = "agency.account"

    attention_count = fields.Integer(string="Needs Attention", compute="_compute_attention")
    attention_complaints = fields.Integer(string="Open Complaints", compute="_compute_attention")
    attention_late = fields.Integer(string="Late Work", compute="_compute_attention")
    attention_over_budget = fields.Boolean(string="Over Budget", compute="_compute_attention", groups=COST_READERS)
    attention_renewal_soon = fields.Boolean(string="Renewal Soon", compute="_compute_attention")
    attention_html = fields.Html(string="Attention Items", compute="_compute_attention", sanitize=False)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_attention(self):
        accounts = self.filtered("id")
        items = self.env["agency.attention"]._get_items(accounts) if accounts else []
        by_account = {}
        for item in items:
            by_account.setdefault(item["account_id"], []).append(item)
        sees_costs = self.env.user._agency_sees_costs()
        for account in self:
            mine = by_account.get(account.id, [])
            kinds = [kind for item in mine for kind in item["kinds"]]
            account.attention_count = len(mine)
            account.attention_complaints = kinds.count("complaint")
            account.attention_late = kinds.count("allocation_late")
            account.attention_over_budget = sees_costs and "budget_over" in kinds
            account.attention_renewal_soon = "renewal" in kinds
            account.attention_html = self.env["ir.qweb"]._render(
                "agency_account_manager.attention_items", {"items": mine}) if mine else False
