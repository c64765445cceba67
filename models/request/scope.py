from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from ..const import COST_READERS, GROUP_EXECUTIVE
from ..labels import env_for


class AgencyRequest(models.Model):
    """Scope control: change and new work reaches the departments only in
    scope or priced by an accepted change order."""

    _inherit = "agency.request"

    # Scope control
    scope = fields.Selection(
        [("in_scope", "In Scope"), ("out_of_scope", "Out of Scope")], tracking=True,
        help="Change and new-work requests: whether the agreed scope covers it.",
    )
    department_id = fields.Many2one(
        "hr.department", check_company=True, ondelete="restrict",
        domain="[('agency_delivers_client_work', '=', True)]",
        help="Who would do the work once it is released.",
    )
    work_partner_id = fields.Many2one("res.partner", string="External Partner")
    date_requested = fields.Date(string="Wanted By", tracking=True, help="The date the client asks for.")
    planned_hours = fields.Float()
    estimated_cost = fields.Monetary(currency_field="currency_id", tracking=True, groups=COST_READERS)
    change_order_id = fields.Many2one(
        "sale.order", readonly=True, copy=False, check_company=True, tracking=True, agency_system=True,
    )
    change_order_state = fields.Selection(related="change_order_id.state", string="Change Order Status")
    allocation_id = fields.Many2one(
        "agency.brief.allocation", string="Released As", readonly=True, copy=False, agency_system=True)
    released = fields.Boolean(compute="_compute_released", store=True, agency_system=True)

    @api.depends("allocation_id")
    def _compute_released(self):
        for request in self:
            request.released = bool(request.allocation_id)


    def _check_can_release(self):
        if not self.env.su and not self.env.user.has_group(GROUP_EXECUTIVE):
            raise AccessError(self.env._("Only an Account Executive or above can send work to the departments."))
        for request in self:
            if request.request_type not in ("change", "new_work"):
                raise UserError(self.env._("Only change and new-work requests are released to the departments."))
            if request.released:
                raise UserError(self.env._("%(request)s was already released.", request=request.display_name))
            if not request.scope:
                raise UserError(self.env._(
                    "Classify %(request)s as in scope or out of scope first.", request=request.display_name,
                ))
            if request.scope == "out_of_scope" and request.change_order_state != "sale":
                raise UserError(self.env._(
                    "%(request)s is out of scope: it reaches the departments only once the client "
                    "accepts its change order (the quotation is confirmed).", request=request.display_name,
                ))
            if request.brief_id.state not in ("approved", "in_progress"):
                raise UserError(self.env._(
                    "Link %(request)s to an approved brief to release its work.", request=request.display_name,
                ))
            if not (request.department_id or request.work_partner_id):
                raise UserError(self.env._(
                    "Say which department or partner does the work of %(request)s.", request=request.display_name,
                ))
            if request.pushback_state == "pushed_back":
                raise UserError(self.env._(
                    "The department pushed back on the date of %(request)s: renegotiate it with the client first.",
                    request=request.display_name,
                ))

    def action_release(self):
        """Send the work to the departments: an allocation (and so a task)
        on the brief."""
        self._check_can_release()
        for request in self:
            allocation = self.env["agency.brief.allocation"].create(request._prepare_allocation_vals())
            request.sudo().allocation_id = allocation
            request.message_post(body=self.env._(
                "Released to %(who)s as a task on brief %(brief)s.",
                who=request.allocation_id.provider_name, brief=request.brief_id.display_name,
            ))
            if request.state in ("new", "acknowledged"):
                request.write({"state": "in_progress"})
        return True

    def _prepare_allocation_vals(self):
        self.ensure_one()
        brief = self.brief_id
        date_due = self.date_requested or brief.date_deadline
        if brief.date_deadline and date_due and date_due > brief.date_deadline:
            date_due = brief.date_deadline
        return {
            "brief_id": brief.id,
            "name": self.name,
            "department_id": self.department_id.id,
            "partner_id": False if self.department_id else self.work_partner_id.id,
            "planned_hours": self.planned_hours,
            "date_due": date_due,
            "description": html2plaintext(self.description or ""),
        }

    def action_create_change_order(self):
        """Draft the quotation that prices out-of-scope work."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(GROUP_EXECUTIVE):
            raise AccessError(self.env._("Only an Account Executive or above can draft change orders."))
        if self.scope != "out_of_scope":
            raise UserError(self.env._("Only out-of-scope work needs a change order."))
        if self.change_order_id and self.change_order_id.state != "cancel":
            raise UserError(self.env._("%(request)s already has a change order.", request=self.display_name))
        product = self.env.ref("agency_account_manager.product_change_order")
        order = self.env["sale.order"].create({
            "partner_id": self.account_id.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "team_id": self.account_id.team_id.id,
            "origin": self.display_name,
            "order_line": [(0, 0, {
                "product_id": product.id,
                "name": self.env._("Change order: %(what)s", what=self.name),
                "product_uom_qty": 1,
                "price_unit": self.estimated_cost,
            })],
        })
        self.sudo().change_order_id = order
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "views": [(False, "form")],
        }

    def _release_accepted_change_orders(self):
        """Called when quotations are confirmed: the out-of-scope work they
        price goes to the departments."""
        to_release = self.filtered(lambda r: not r.released and r.scope == "out_of_scope")
        for request in to_release:
            try:
                with self.env.cr.savepoint():
                    request.sudo().action_release()
            except UserError as error:
                request.message_post(body=self.env._(
                    "The change order was accepted but the work could not be released: %(error)s",
                    error=str(error),
                ))
                user = request.user_id or self.env.user
                request.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=user.id,
                    summary=env_for(self, user)._("Release the accepted change order"),
                )
