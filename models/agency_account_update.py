from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, is_html_empty

from .const import BANDS, COST_READERS
from .labels import selection_label, store_display_name
from .nullable_fields import NullableInteger

# The account's figures on the day an update is written, frozen with it.
UPDATE_FIGURES = ("health_score", "health_band", "budget_burn", "open_requests", "breached_requests",
                  "pipeline_value", "invoiced_revenue")
# The report sections those figures come from: an update computes no other.
UPDATE_SECTIONS = ("health", "costs", "service", "pipeline", "revenue")

UPDATE_STATUSES = [("on_track", "On Track"), ("at_risk", "At Risk"), ("off_track", "Off Track")]


class AgencyAccountUpdate(models.Model):
    """A status update on an account for management, in the spirit of
    Odoo's project updates: the account manager's words, and the figures as
    they were when it was written."""

    _name = "agency.account.update"
    _description = "Account Status Update"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin", "agency.client.readable.mixin",
                "mail.thread"]
    # What the client reads of a published update: never its risks or figures.
    _agency_client_fields = frozenset({
        "name", "account_id", "date", "status", "summary", "wins", "next_steps", "published", "date_published"})
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    account_id = fields.Many2one(required=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", string="Author", default=lambda self: self.env.user, required=True)
    date = fields.Date(default=fields.Date.context_today, required=True)
    status = fields.Selection(UPDATE_STATUSES, tracking=True)
    published = fields.Boolean(
        tracking=True, copy=False,
        help="Published updates show to the client in the portal (status, summary, wins and next steps).",
    )
    date_published = fields.Datetime(readonly=True, copy=False, agency_system=True)
    summary = fields.Html()
    wins = fields.Html()
    risks = fields.Html(string="Risks and Issues")
    next_steps = fields.Html()
    # Figures at the time of writing.
    health_score = NullableInteger(readonly=True, copy=False, agency_system=True, aggregator="avg")
    health_band = fields.Selection(
        BANDS, readonly=True,
        copy=False, agency_system=True,
    )
    budget_burn = fields.Float(
        string="Budget Burn (%)", readonly=True, copy=False, agency_system=True, groups=COST_READERS)
    open_requests = fields.Integer(readonly=True, copy=False, agency_system=True)
    breached_requests = fields.Integer(readonly=True, copy=False, agency_system=True)
    pipeline_value = fields.Monetary(readonly=True, copy=False, agency_system=True)
    invoiced_revenue = fields.Monetary(string="Invoiced (12 months)", readonly=True, copy=False, agency_system=True)

    @api.depends("account_id.name", "date")
    def _compute_name(self):
        store_display_name(self)

    @api.depends("account_id.name", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for update in self:
            update.display_name = f"{update.account_id.name or ''} - {format_date(self.env, update.date)}"

    @api.constrains("status", "summary")
    def _check_status_and_summary(self):
        for update in self:
            if not update.status or is_html_empty(update.summary):
                raise ValidationError(self.env._(
                    "An account update needs a status and a summary: say how the account is doing."))

    @api.model_create_multi
    def create(self, vals_list):
        updates = super().create(vals_list)
        figures = updates.account_id.sudo()._get_report_data(with_costs=True, sections=UPDATE_SECTIONS)
        for update in updates:
            data = figures.get(update.account_id.id, {})
            values = {key: data.get(key) or 0 for key in UPDATE_FIGURES}
            values.update(health_score=data.get("health_score"), health_band=data.get("health_band") or "none")
            update.sudo().write(values)
        for update in updates:
            account = update.account_id
            account.sudo().date_next_update = update.date + timedelta(days=account.update_interval_days or 30)
            due = account.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("agency_account_manager.mail_activity_type_account_update"))
            due.action_feedback(feedback=self.env._("Update posted"))
            account.message_post(body=self.env._(
                "Status update posted: %(status)s.", status=selection_label(update, "status", update.status)))
        return updates

    def write(self, vals):
        if "published" in vals:
            vals = dict(vals)
            stamp = fields.Datetime.now() if vals["published"] else False
            res = super().write(vals)
            self.sudo().write({"date_published": stamp})
            return res
        return super().write(vals)

    def action_publish(self):
        """Show this update to the client in the portal."""
        self.write({"published": True})
        return True

    def action_unpublish(self):
        self.write({"published": False})
        return True
