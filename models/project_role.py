from odoo import api, fields, models

from .const import COST_READERS


class ProjectRole(models.Model):
    """An agency role (OCA project_role: Creative Director, Senior Designer,
    Copywriter...) with what an hour of it costs the agency and its standard
    sell rate. People hold roles through project assignments (in a company,
    or on one project). Each role is sold through a service product of its
    own, priced per hour: its sales price is the standard rate, and a
    client's rate card (agency.rate.card.line) is a pricelist on these
    products."""

    _inherit = "project.role"

    agency_currency_id = fields.Many2one("res.currency", string="Currency", compute="_compute_agency_currency_id")
    agency_cost_rate = fields.Monetary(
        string="Hourly Cost", currency_field="agency_currency_id", groups=COST_READERS,
        help="What an hour of this role costs the agency: estimates value their hours at cost with it.")
    agency_product_id = fields.Many2one(
        "product.product", string="Sold As", readonly=True, copy=False, ondelete="restrict",
        help="The service product quotations sell this role's hours with.")
    agency_standard_rate = fields.Float(
        related="agency_product_id.list_price", readonly=False, string="Standard Rate", groups=COST_READERS,
        help="What an hour of this role sells for where the client's rate card says nothing.")

    @api.depends("company_id")
    def _compute_agency_currency_id(self):
        for role in self:
            role.agency_currency_id = (role.company_id or self.env.company).currency_id

    @api.model_create_multi
    def create(self, vals_list):
        roles = super().create(vals_list)
        hour = self.env.ref("uom.product_uom_hour")
        for role in roles:
            role.agency_product_id = self.env["product.product"].sudo().create({
                "name": role.name, "type": "service", "sale_ok": True, "purchase_ok": False,
                "invoice_policy": "order", "uom_id": hour.id, "uom_po_id": hour.id,
                "company_id": role.company_id.id, "list_price": 0.0,
            })
        # The standard rate is written once the product exists.
        for role, vals in zip(roles, vals_list):
            if vals.get("agency_standard_rate"):
                role.agency_product_id.sudo().list_price = vals["agency_standard_rate"]
        return roles

    def write(self, vals):
        res = super().write(vals)
        if "name" in vals or "company_id" in vals:
            for role in self.filtered("agency_product_id"):
                role.agency_product_id.sudo().write({"name": role.name, "company_id": role.company_id.id})
        return res

    @api.model
    def _agency_roles_of(self, users, projects=None):
        """{(user id, project id or False): role} the role each person works
        in on each of `projects` (their assignment on the project first, then
        in their company, then shared; the first role by name when they hold
        several), and off any project under False. One search."""
        projects = projects or self.env["project.project"]
        assignments = self.env["project.assignment"].sudo().search(
            [("user_id", "in", users.ids), ("project_id", "in", [False, *projects.ids])])
        ranked = sorted(assignments, key=lambda a: (not a.project_id, not a.company_id, a.role_id.complete_name or ""))
        roles = {}
        for assignment in ranked:
            for project_id in [assignment.project_id.id] if assignment.project_id else [False, *projects.ids]:
                roles.setdefault((assignment.user_id.id, project_id), assignment.role_id)
        return roles
