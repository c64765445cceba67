from odoo import models


class PortalWizardUser(models.TransientModel):
    """Portal access granted to a client's contact (Odoo's portal wizard,
    opened by *Grant Portal Access* on an account or from the contact)."""

    _inherit = "portal.wizard.user"

    def action_grant_access(self):
        res = super().action_grant_access()
        # The contact sees the accounts of their company in every agency
        # company that holds one, not only in the company of the grant.
        self.partner_id.with_context(active_test=False).user_ids._agency_allow_client_companies()
        return res
