from odoo import api, fields, models
from odoo.exceptions import UserError


class AgencyAccountReassign(models.TransientModel):
    """Moves accounts to another account manager with their open
    opportunities, activities and followers, and says so in the chatter."""

    _name = "agency.account.reassign"
    _description = "Reassign Client Accounts"

    account_ids = fields.Many2many("agency.account", string="Accounts", required=True)
    user_id = fields.Many2one("res.users", string="New Account Manager", required=True,
                              domain="[('share', '=', False)]")
    reason = fields.Text()
    capacity_warning = fields.Char(compute="_compute_capacity_warning")
    summary = fields.Text(compute="_compute_summary", help="What the reassignment will do, account by account.")

    @api.depends("account_ids", "user_id")
    def _compute_summary(self):
        for wizard in self:
            new = wizard.user_id
            wizard.summary = "\n".join(
                self.env._("%(account)s: from %(old)s to %(new)s", account=account.display_name,
                           old=account.user_id.name or self.env._("nobody"), new=new.name or "?")
                for account in wizard.account_ids
            ) if new else False

    @api.depends("account_ids", "user_id")
    def _compute_capacity_warning(self):
        for wizard in self:
            wizard.capacity_warning = wizard.account_ids._capacity_warning(wizard.user_id) or False

    def action_confirm(self):
        self.ensure_one()
        new = self.user_id
        if new.share:
            raise UserError(self.env._(
                "%(user)s is a portal user: only internal users can manage client accounts.", user=new.name))
        # The user must be allowed to change these accounts; what follows
        # (the account may leave their team, with its followers) runs as the
        # system once that is checked.
        self.account_ids.check_access("write")
        for account in self.account_ids.sudo().filtered(lambda a: a.user_id != new):
            old = account.user_id
            client = account.partner_id.commercial_partner_id
            leads = self.env["crm.lead"].sudo().search([
                ("partner_id", "child_of", client.id), ("user_id", "=", old.id), ("active", "=", True),
                ("stage_id.is_won", "=", False), ("company_id", "in", [account.company_id.id, False])])
            briefs = account.brief_ids.filtered(lambda b: b.state not in ("closed", "cancelled") and b.user_id == old)
            requests = self.env["agency.request"].sudo().search([
                ("account_id", "=", account.id), ("user_id", "=", old.id), ("state", "not in", ("resolved", "closed"))])
            records = [(account._name, account.ids), ("crm.lead", leads.ids),
                       ("agency.brief", briefs.ids), ("agency.request", requests.ids)]
            activities = self.env["mail.activity"].sudo()
            for model, ids in records:
                if ids:
                    activities |= activities.search([("res_model", "=", model), ("res_id", "in", ids),
                                                     ("user_id", "=", old.id)])
            account.user_id = new
            leads.write({"user_id": new.id})
            briefs.write({"user_id": new.id})
            requests.write({"user_id": new.id})
            activities.write({"user_id": new.id})
            for record in (account, leads, briefs, requests):
                if record:
                    record.message_subscribe(partner_ids=new.partner_id.ids)
                    if old and old not in account.member_ids:
                        record.message_unsubscribe(partner_ids=old.partner_id.ids)
            account.message_post(body=self.env._(
                "Account reassigned from %(old)s to %(new)s, with %(leads)s open opportunities, "
                "%(activities)s activities, %(briefs)s briefs and %(requests)s requests.%(reason)s",
                old=old.name or self.env._("nobody"), new=new.name, leads=len(leads), activities=len(activities),
                briefs=len(briefs), requests=len(requests),
                reason=self.env._(" Reason: %(reason)s", reason=self.reason) if self.reason else "",
            ))
        return {"type": "ir.actions.act_window_close"}
