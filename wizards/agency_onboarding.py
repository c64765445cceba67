from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AgencyOnboarding(models.TransientModel):
    """One step for a firm already on Odoo: propose an account for each
    customer company with sales history, let the director untick or change
    rows, and create the accounts in one batch. The work is done by
    agency.account._onboarding_candidates / _onboarding_create."""

    _name = "agency.onboarding"
    _description = "Onboard Client Accounts"

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Sales Since", required=True,
                            default=lambda self: fields.Date.context_today(self) - relativedelta(years=1))
    min_invoiced = fields.Monetary(string="Invoiced at Least", default=1.0)
    with_orders = fields.Boolean(string="Or Confirmed Orders", default=True)
    with_opportunities = fields.Boolean(string="Or Open Opportunities", default=True)
    strategic_min = fields.Monetary(string="Strategic from", default=100000.0)
    key_min = fields.Monetary(string="Key from", default=30000.0)
    growth_min = fields.Monetary(string="Growth from", default=5000.0)
    line_ids = fields.One2many("agency.onboarding.line", "wizard_id", string="Proposed Accounts")
    state = fields.Selection([("criteria", "Criteria"), ("review", "Review")], default="criteria")

    def action_propose(self):
        self.ensure_one()
        proposals = self.env["agency.account"]._onboarding_candidates(
            self.company_id, self.date_from, self.min_invoiced, self.with_orders, self.with_opportunities,
            (self.strategic_min, self.key_min, self.growth_min))
        self.line_ids = [(5, 0, 0)] + [(0, 0, dict(vals, service_tag_ids=[(6, 0, vals["service_tag_ids"])]))
                                       for vals in proposals]
        self.state = "review"
        return self._reopen()

    def action_create_accounts(self):
        self.ensure_one()
        accounts = self.env["agency.account"]._onboarding_create(self.company_id, [{
            "partner_id": line.partner_id.id, "user_id": line.user_id.id, "team_id": line.team_id.id,
            "tier": line.tier, "service_tag_ids": line.service_tag_ids.ids, "date_start": line.date_start,
        } for line in self.line_ids.filtered("selected")])
        action = self.env["ir.actions.act_window"]._for_xml_id("agency_account_manager.agency_account_action")
        action.update({"domain": [("id", "in", accounts.ids)], "context": {}, "view_mode": "list,form",
                       "views": [(False, "list"), (False, "form")]})
        return action

    def _reopen(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "views": [(False, "form")], "target": "new"}
