from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """Starts briefs from opportunities."""

    _inherit = "crm.lead"

    agency_brief_ids = fields.One2many("agency.brief", "lead_id", string="Briefs")
    agency_brief_count = fields.Integer(compute="_compute_agency_brief_count", string="Brief Count")
    agency_service_tag_id = fields.Many2one(
        "agency.service.tag", string="Agency Service", index="btree_not_null",
        help="The service this opportunity sells: it shows in the account's whitespace grid.",
    )

    @api.depends("agency_brief_ids")
    def _compute_agency_brief_count(self):
        counts = dict(self.env["agency.brief"]._read_group(
            [("lead_id", "in", self.ids)], ["lead_id"], ["__count"],
        ))
        for lead in self:
            lead.agency_brief_count = counts.get(lead, 0)

    def _get_agency_account(self):
        self.ensure_one()
        client = self.partner_id.commercial_partner_id
        if not client:
            return self.env["agency.account"]
        return self.env["agency.account"].search([
            ("partner_id", "=", client.id),
            ("company_id", "=", (self.company_id or self.env.company).id),
        ], limit=1)

    def action_create_agency_brief(self):
        self.ensure_one()
        account = self._get_agency_account()
        if not account:
            raise UserError(self.env._(
                "%(client)s has no client account yet. Create the account first "
                "(Accounts > Client Accounts), then the brief.",
                client=self.partner_id.commercial_partner_id.display_name or self.env._("This opportunity's customer"),
            ))
        orders = self.order_ids.filtered(lambda o: o.state != "cancel")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Brief"),
            "res_model": "agency.brief",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_account_id": account.id,
                "default_lead_id": self.id,
                "default_title": self.name,
                "default_budget_indication": self.expected_revenue,
                "default_date_deadline": self.date_deadline,
                "default_sale_order_id": orders[:1].id,
            },
        }

    def action_view_agency_briefs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("agency_account_manager.agency_brief_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id, "default_account_id": self._get_agency_account().id}
        return action
