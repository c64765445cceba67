from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AgencyRetainerLine(models.Model):
    """Hours a retainer includes each period, for one department."""

    _name = "agency.retainer.line"
    _description = "Retainer Included Hours"
    _inherit = ["agency.account.child.mixin"]
    _order = "retainer_id, id"

    retainer_id = fields.Many2one("agency.retainer", required=True, index=True, ondelete="cascade")
    account_id = fields.Many2one(related="retainer_id.account_id", store=True, precompute=True)
    department_id = fields.Many2one(
        "hr.department", required=True, check_company=True, domain="[('agency_delivers_client_work', '=', True)]")
    service_tag_id = fields.Many2one("agency.service.tag", string="Service")
    hours = fields.Float(string="Hours per Period", required=True)

    @api.constrains("hours")
    def _check_hours(self):
        if any(line.hours <= 0 for line in self):
            raise ValidationError(self.env._("Included hours must be above zero."))

    def write(self, vals):
        self.retainer_id._check_terms_open()
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["agency.retainer"].browse(
            [vals["retainer_id"] for vals in vals_list if vals.get("retainer_id")])._check_terms_open()
        return super().create(vals_list)

    def unlink(self):
        self.retainer_id._check_terms_open()
        return super().unlink()
