from odoo import fields, models
from odoo.exceptions import UserError


class ProjectTask(models.Model):
    """Links a task to the brief allocation it delivers."""

    _inherit = "project.task"

    agency_allocation_id = fields.Many2one(
        "agency.brief.allocation", string="Brief Allocation", index="btree_not_null",
        copy=False, ondelete="set null", readonly=True,
    )
    agency_brief_id = fields.Many2one(
        related="agency_allocation_id.brief_id", string="Brief", store=True, index="btree_not_null",
    )

    def write(self, vals):
        # A portal collaborator meets Odoo's own check first (an AccessError
        # for any field outside the portal's writable set, this one included).
        if "agency_allocation_id" in vals and not self.env.su and not self.env.user._is_portal():
            raise UserError(self.env._("Which brief allocation a task delivers is set when the brief is approved."))
        res = super().write(vals)
        if {"state", "active", "date_deadline"}.intersection(vals):
            # The allocation follows its task: its account's delivery health too.
            self.sudo().agency_allocation_id.account_id._agency_health_changed()
        return res
