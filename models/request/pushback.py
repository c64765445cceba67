from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..const import GROUP_DIRECTOR
from ..labels import env_for


class AgencyRequest(models.Model):
    """Department pushback: the head of the department that would do the
    work says the date cannot be made and proposes one; the account person
    renegotiates with the client."""

    _inherit = "agency.request"

    # Department pushback
    pushback_state = fields.Selection(
        [("none", "None"), ("pushed_back", "Pushed Back"), ("renegotiated", "Renegotiated")],
        default="none", required=True, tracking=True, copy=False, readonly=True, agency_system=True,
    )
    pushback_reason = fields.Text(copy=False, readonly=True, agency_system=True)
    pushback_user_id = fields.Many2one(
        "res.users", string="Pushed Back By", readonly=True, copy=False, agency_system=True)
    pushback_date_proposed = fields.Date(
        string="Date the Department Can Make", copy=False, readonly=True, agency_system=True)
    department_lead_time = fields.Integer(related="department_id.agency_lead_time_days")
    can_push_back = fields.Boolean(
        compute="_compute_can_push_back", help="Whether the current user heads the department (or is a director).")

    @api.depends("department_id")
    @api.depends_context("uid")
    def _compute_can_push_back(self):
        for request in self:
            request.can_push_back = request._can_push_back()

    def _can_push_back(self):
        self.ensure_one()
        if not self.department_id:
            return False
        lead = self.sudo().department_id.manager_id.user_id
        return self.env.su or self.env.user == lead or self.env.user.has_group(GROUP_DIRECTOR)


    def _push_back(self, reason, date_proposed=False):
        """A department lead refuses a date shorter than their lead time."""
        self.ensure_one()
        if not self._can_push_back():
            raise AccessError(self.env._(
                "Only the head of %(department)s can push back on this date.",
                department=self.department_id.display_name or self.env._("the department"),
            ))
        if not reason:
            raise UserError(self.env._("Give the client a reason: why can't the department make that date?"))
        lead_time = self.department_id.agency_lead_time_days
        earliest = fields.Date.context_today(self) + timedelta(days=lead_time)
        if not self.date_requested or not lead_time or self.date_requested >= earliest:
            raise UserError(self.env._(
                "%(department)s can push back only on a date shorter than its lead time "
                "(%(days)s days, so before %(earliest)s).",
                department=self.department_id.display_name or self.env._("The department"),
                days=lead_time, earliest=earliest,
            ))
        # The department head may read the request, not edit it: what the
        # pushback records is written by the system once the right is checked.
        system = self.sudo()
        system.write({
            "pushback_state": "pushed_back",
            "pushback_reason": reason,
            "pushback_user_id": self.env.user.id,
            "pushback_date_proposed": date_proposed or earliest,
        })
        system.message_post(body=self.env._(
            "%(who)s pushed back on %(date)s: %(reason)s. They can deliver on %(proposed)s.",
            who=self.env.user.name, date=format_date(self.env, self.date_requested), reason=reason,
            proposed=format_date(self.env, self.pushback_date_proposed),
        ))
        user = self.user_id or self.account_id.user_id or self.env.user
        env = env_for(self, user)
        system.activity_schedule(
            "mail.mail_activity_data_call", user_id=user.id,
            summary=env._("Renegotiate the date with the client"),
            note=env._("Department proposes %(date)s.", date=format_date(env, self.pushback_date_proposed)),
        )
        return True

    def action_open_pushback(self):
        self.ensure_one()
        if not self._can_push_back():
            raise AccessError(self.env._(
                "Only the head of %(department)s can push back on this date.",
                department=self.department_id.display_name or self.env._("the department"),
            ))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Push Back"),
            "res_model": "agency.request.pushback",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_renegotiate(self):
        """The account manager agreed the date the department proposed."""
        return self._renegotiate()

    def _renegotiate(self, new_date=False):
        """The account manager agreed a new date with the client."""
        self.ensure_one()
        if self.pushback_state != "pushed_back":
            raise UserError(self.env._("Nothing to renegotiate: no department pushed back on this request."))
        self.write({"date_requested": new_date or self.pushback_date_proposed})
        self.sudo().write({"pushback_state": "renegotiated"})
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        ).action_feedback(feedback=self.env._("New date agreed: %(date)s",
                                             date=format_date(self.env, self.date_requested)))
        return True
