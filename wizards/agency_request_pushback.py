from odoo import fields, models


class AgencyRequestPushback(models.TransientModel):
    """A department lead explains why the client's date cannot be met."""

    _name = "agency.request.pushback"
    _description = "Push Back on a Client Date"

    request_id = fields.Many2one("agency.request", required=True)
    date_requested = fields.Date(related="request_id.date_requested", string="Client Wants It By")
    lead_time = fields.Integer(related="request_id.department_lead_time", string="Department Lead Time (days)")
    reason = fields.Text(required=True)
    date_proposed = fields.Date(string="We Can Deliver On")

    def action_confirm(self):
        self.ensure_one()
        self.request_id._push_back(self.reason, self.date_proposed)
        return {"type": "ir.actions.act_window_close"}
