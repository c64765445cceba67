from odoo import api, models
from odoo.tools import email_normalize, email_split

from ..agency_request import MAX_BODY, MAX_SUBJECT


class AgencyRequest(models.Model):
    """The inbound mail gateway: a client's email opens a request, a reply
    is added to it (only from the client's own people)."""

    _inherit = "agency.request"


    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the request alias: a request on the sender's company
        account, or in triage when the sender is unknown (nothing is lost)."""
        message_id = (msg_dict.get("message_id") or "").strip()[:MAX_SUBJECT] or False
        if message_id:
            # Fetched again (a retry, another server that saw it first): the
            # request it opened, never a second one. Two servers at the very
            # same moment meet the unique index; the later one's mail is
            # fetched again and lands here.
            existing = self.sudo().with_context(active_test=False).search([("message_id", "=", message_id)], limit=1)
            if existing:
                return existing.with_env(self.env)
        email = (msg_dict.get("email_from") or "")[:MAX_SUBJECT]
        partner = self._agency_sender(msg_dict)
        companies = self._agency_gateway_company(msg_dict)
        account = self.env["agency.account"]
        if partner.commercial_partner_id:
            accounts = account.sudo().search([("partner_id", "=", partner.commercial_partner_id.id)])
            if companies:
                # One alias domain may serve several companies (Odoo gives one
                # to every company that has none): any of them may hold the
                # client's account.
                accounts = accounts.filtered(lambda a: a.company_id in companies)
            account = accounts if len(accounts) == 1 else accounts.filtered(
                lambda a: a.company_id == self.env.company)[:1]
        # An unknown sender lands in the triage of the company written to.
        company = self.env.company if self.env.company in companies else companies[:1]
        body = msg_dict.get("body") or ""
        if len(body) > MAX_BODY:
            body = body[:MAX_BODY] + self.env._("<p>[... the rest of this email was too long to keep]</p>")
        values = {
            "name": (msg_dict.get("subject") or self.env._("(no subject)"))[:MAX_SUBJECT],
            "channel": "email",
            "email_from": email,
            "partner_id": partner.id or False,
            "account_id": account.id or False,
            "state": "new" if account else "triage",
            "description": body,
            "company_id": (account.company_id or company or self.env.company).id,
            "message_id": message_id,
        }
        values.update(custom_values or {})
        return super(AgencyRequest, self.with_company(values["company_id"])).message_new(
            dict(msg_dict, subject=values["name"], body=body), custom_values=values)

    @api.model
    def _agency_sender(self, msg_dict):
        partner = self.env["res.partner"].sudo().browse(msg_dict.get("author_id") or [])
        email = email_normalize(msg_dict.get("email_from") or "")
        if not partner and email:
            partner = self.env["res.partner"].sudo().search([("email_normalized", "=", email)], limit=1)
        return partner

    @api.model
    def _agency_gateway_company(self, msg_dict):
        """The companies whose alias domain the email was sent to, if any."""
        domains = {address.split("@", 1)[1].lower() for address in email_split(
            ",".join(filter(None, (msg_dict.get("to"), msg_dict.get("recipients"))))) if "@" in address}
        if not domains:
            return self.env["res.company"]
        alias_domains = self.env["mail.alias.domain"].sudo().search([("name", "in", list(domains))])
        return alias_domains.company_ids

    def _agency_reply_allowed(self, msg_dict):
        """A reply threads into this request only from its client (one of the
        client company's contacts) or from a colleague of its company;
        anything else (a forged Message-Id, another client) does not."""
        self.ensure_one()
        sender = self._agency_sender(msg_dict)
        if not sender:
            return False
        clients = (self.account_id.partner_id | self.partner_id).commercial_partner_id
        if sender.commercial_partner_id in clients:
            return True
        users = sender.user_ids.filtered(lambda u: not u.share)
        return any(self.company_id in user.company_ids for user in users)

    def message_update(self, msg_dict, update_vals=None):
        """A client reply to a request waiting on them reopens it."""
        if self.state == "waiting":
            update_vals = dict(update_vals or {}, state="in_progress")
        return super().message_update(msg_dict, update_vals=update_vals)
