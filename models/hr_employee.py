from odoo import models


class HrEmployee(models.Model):
    """A department head's user may change or leave: the Delivery
    Department Head group follows (see hr.department)."""

    _inherit = "hr.employee"

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "active"} & set(vals) and self.env["hr.department"].sudo().search_count(
                [("manager_id", "in", self.ids), ("agency_delivers_client_work", "=", True)], limit=1):
            self.env["hr.department"]._agency_sync_department_heads()
        return res
