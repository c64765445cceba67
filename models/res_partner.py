from odoo import api, fields, models

from .const import ACCOUNT_READERS


class ResPartner(models.Model):
    """Shows a client's agency account and account manager on its contacts."""

    _inherit = "res.partner"

    agency_account_ids = fields.One2many(
        "agency.account", "partner_id", string="Client Accounts", groups=ACCOUNT_READERS,
    )
    agency_account_id = fields.Many2one(
        "agency.account", string="Client Account", compute="_compute_agency_account",
        groups=ACCOUNT_READERS,
        help="The agency account of this contact's company in the current company.",
    )
    agency_account_manager_id = fields.Many2one(
        "res.users", string="Account Manager", compute="_compute_agency_account",
        groups=ACCOUNT_READERS,
    )

    @api.depends_context("company", "uid")
    @api.depends("commercial_partner_id")
    def _compute_agency_account(self):
        accounts = self.env["agency.account"].search([
            ("partner_id", "in", self.commercial_partner_id.ids),
            ("company_id", "=", self.env.company.id),
        ])
        by_client = {account.partner_id.id: account for account in accounts}
        for partner in self:
            account = by_client.get(partner.commercial_partner_id.id, self.env["agency.account"])
            partner.agency_account_id = account
            partner.agency_account_manager_id = account.user_id

    def action_open_agency_account(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "agency_account_manager.agency_account_action"
        )
        account = self.agency_account_id
        action.update({"views": [(False, "form")], "view_mode": "form"})
        if account:
            action["res_id"] = account.id
        else:
            action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
