from odoo import models

from .const import GROUP_DIRECTOR, GROUP_EXECUTIVE, GROUP_FINANCE, GROUP_MANAGER, GROUPS_RECONCILE


class ResUsers(models.Model):
    """The one place the addon asks where a user stands on the ladder."""

    _inherit = "res.users"

    def _agency_is_finance(self):
        self.ensure_one()
        return self.has_group(GROUP_FINANCE)

    def _agency_can_reconcile(self):
        self.ensure_one()
        return any(self.has_group(group) for group in GROUPS_RECONCILE)

    def _agency_sees_costs(self):
        """Cost, margin, burn and budget figures: executives and up, finance."""
        self.ensure_one()
        return self.has_group(GROUP_EXECUTIVE) or self._agency_is_finance()

    def _agency_discount_limit(self, company):
        """The largest discount below the estimate this user may grant in
        `company`, in % (None: no limit)."""
        self.ensure_one()
        company = company.sudo()
        if self.has_group(GROUP_DIRECTOR):
            return None
        if self.has_group(GROUP_MANAGER):
            return company.agency_discount_limit_manager
        if self.has_group(GROUP_EXECUTIVE):
            return company.agency_discount_limit_executive
        return 0.0
