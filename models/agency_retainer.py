from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .const import GROUP_EXECUTIVE, GROUP_MANAGER
from .labels import selection_labels

RETAINER_STATES = [("draft", "Draft"), ("active", "Active"), ("paused", "Paused"), ("ended", "Ended")]
# Which states a retainer may come from to reach each state, whatever writes it.
RETAINER_TRANSITIONS = {
    "draft": (),
    "active": ("draft", "paused"),
    "paused": ("active",),
    "ended": ("draft", "active", "paused"),
}
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3}


class AgencyRetainer(models.Model):
    """A retainer agreement: the client pays a fixed fee each period for a
    scope of hours; timesheets of its projects measure what the agency
    actually spends, period by period (agency.retainer.period)."""

    _name = "agency.retainer"
    _description = "Retainer Agreement"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin", "agency.cron.mixin", "mail.thread",
                "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    account_id = fields.Many2one(required=True, ondelete="restrict", tracking=True)
    partner_id = fields.Many2one(related="account_id.partner_id", string="Client", store=True)
    user_id = fields.Many2one(related="account_id.user_id", string="Account Manager", store=True)
    state = fields.Selection(RETAINER_STATES, default="draft", required=True, tracking=True, copy=False)
    date_start = fields.Date(required=True, default=lambda self: fields.Date.today().replace(day=1), tracking=True)
    date_end = fields.Date(tracking=True, help="Leave empty for a rolling retainer.")
    billing_period = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly")], required=True, default="monthly", tracking=True)
    fee = fields.Monetary(string="Fee per Period", required=True, tracking=True)
    line_ids = fields.One2many("agency.retainer.line", "retainer_id", string="Included Hours", copy=True)
    included_hours = fields.Float(
        compute="_compute_included_hours", store=True, string="Included Hours per Period", agency_system=True)
    rollover_rule = fields.Selection(
        [("none", "No Rollover"), ("one_period", "Unused Hours Carry One Period"),
         ("capped", "Unused Hours Carry One Period, Capped")],
        required=True, default="none", tracking=True)
    rollover_cap = fields.Float(string="Rollover Cap (hours)")
    overage_rate = fields.Monetary(string="Overage Rate per Hour", tracking=True)
    bill_overage = fields.Boolean(
        string="Bill Approved Overage", help="Hours worked beyond the available hours, once approved, are invoiced.")
    project_ids = fields.Many2many(
        "project.project", "agency_retainer_project_rel", "retainer_id", "project_id",
        string="Projects", check_company=True,
        help="Timesheets on these projects count against the retainer.")
    product_id = fields.Many2one(
        "product.product", string="Invoiced As", required=True, check_company=True,
        default=lambda self: self.env.ref("agency_account_manager.product_retainer_fee", raise_if_not_found=False),
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]")
    period_ids = fields.One2many("agency.retainer.period", "retainer_id", string="Periods")
    period_count = fields.Integer(compute="_compute_period_count")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, agency_system=True)
    date_run = fields.Date(string="Last Run", readonly=True, copy=False, agency_system=True)
    note = fields.Html()

    _sql_constraints = [
        ("fee_positive", "CHECK (fee >= 0)", "The fee of a retainer cannot be negative."),
    ]

    @api.depends("line_ids.hours")
    def _compute_included_hours(self):
        for retainer in self:
            retainer.included_hours = sum(retainer.line_ids.mapped("hours"))

    def _compute_period_count(self):
        counts = dict(self.env["agency.retainer.period"]._read_group(
            [("retainer_id", "in", self.ids)], ["retainer_id"], ["__count"]))
        for retainer in self:
            retainer.period_count = counts.get(retainer, 0)

    @api.constrains("date_start", "date_end", "rollover_cap", "overage_rate")
    def _check_dates_and_amounts(self):
        for retainer in self:
            if retainer.date_end and retainer.date_end < retainer.date_start:
                raise ValidationError(self.env._("A retainer cannot end before it starts."))
            if retainer.rollover_cap < 0 or retainer.overage_rate < 0:
                raise ValidationError(self.env._("Rollover caps and overage rates cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(self.env._("A retainer starts as a draft: activate it once it is agreed."))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("agency.retainer") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            self._check_state_change(vals["state"])
        if {"fee", "billing_period", "date_start", "rollover_rule", "rollover_cap", "overage_rate",
                "bill_overage", "project_ids", "line_ids"} & set(vals):
            self._check_terms_open()
        res = super().write(vals)
        if vals.get("state") == "active":
            self.sudo().write({"approved_by_id": self.env.uid})
            self._generate_periods()
        return res

    def _check_terms_open(self):
        """An ended retainer's terms are history, whatever changes them."""
        if not self.env.su and any(retainer.state == "ended" for retainer in self):
            raise UserError(self.env._("An ended retainer is history: its terms cannot change."))

    def _check_state_change(self, state):
        """The ladder and the workflow hold however the state is written:
        executives run retainers; a fee above the company's limit for
        executives is activated by a manager or above."""
        if self.env.su:
            return
        user = self.env.user
        if not user.has_group(GROUP_EXECUTIVE):
            raise AccessError(self.env._("Only an Account Executive or above can change a retainer's status."))
        labels = selection_labels(self, "state")
        for retainer in self:
            if retainer.state not in RETAINER_TRANSITIONS[state]:
                raise UserError(self.env._(
                    "Retainer %(retainer)s is %(state)s: it cannot become %(new)s from there.",
                    retainer=retainer.name, state=labels[retainer.state], new=labels[state]))
            if state == "active":
                retainer.account_id._check_active_for_new_work()
                if not retainer.line_ids or not retainer.fee:
                    raise UserError(self.env._(
                        "Retainer %(retainer)s needs a fee and its included hours before it is activated.",
                        retainer=retainer.name))
                limit = retainer.company_id.agency_retainer_limit_executive
                if limit and retainer.fee > limit and not user.has_group(GROUP_MANAGER):
                    raise AccessError(self.env._(
                        "A fee of %(fee)s is above %(limit)s: an Account Manager or above activates this retainer.",
                        fee=retainer.currency_id.format(retainer.fee), limit=retainer.currency_id.format(limit)))

    # ------------------------------------------------------------ actions

    def action_activate(self):
        self.write({"state": "active"})
        return True

    def action_pause(self):
        self.write({"state": "paused"})
        return True

    def action_end(self):
        self.write({"state": "ended"})
        return True

    def action_view_periods(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("agency_account_manager.agency_retainer_period_action")
        action["domain"] = [("retainer_id", "=", self.id)]
        action["context"] = {"default_retainer_id": self.id}
        return action

    def action_invoice_due(self):
        """Invoice the periods due now (the job does it every day)."""
        self.check_access("write")
        self.period_ids._invoice_due(fields.Date.context_today(self))
        return True

    # ------------------------------------------------------------ periods

    def _period_bounds(self, until):
        """(date_from, date_to) of every period from the start up to `until`
        (or the end date), in billing-period steps."""
        self.ensure_one()
        step = relativedelta(months=PERIOD_MONTHS[self.billing_period])
        start, last = self.date_start, min(self.date_end or until, until)
        bounds = []
        while start <= last:
            end = start + step - relativedelta(days=1)
            if self.date_end:
                end = min(end, self.date_end)
            bounds.append((start, end))
            start = start + step
        return bounds

    def _generate_periods(self, until=None):
        """Create the periods of active retainers up to the one running at
        `until` (today), once: a second run creates nothing."""
        today = until or fields.Date.context_today(self)
        existing = {(p.retainer_id.id, p.date_from) for p in self.env["agency.retainer.period"].sudo().search(
            [("retainer_id", "in", self.ids)])}
        vals_list = [{
            "retainer_id": retainer.id, "date_from": date_from, "date_to": date_to,
            "fee": retainer.fee, "included_hours": retainer.included_hours,
        } for retainer in self.filtered(lambda r: r.state == "active")
            for date_from, date_to in retainer._period_bounds(today)
            if (retainer.id, date_from) not in existing]
        return self.env["agency.retainer.period"].sudo().create(vals_list)

    @api.model
    def _cron_run_retainers(self):
        """Daily: open the periods that started, update what was worked,
        alert on over-servicing and invoice what is due; in batches, each
        step idempotent (a second run the same day does nothing more)."""
        today = fields.Date.context_today(self)

        def run(retainers):
            retainers._generate_periods(today)
            periods = retainers.period_ids.filtered(lambda p: p.date_from <= today)
            periods._update_figures()
            periods._check_over_servicing(today)
            periods._invoice_due(today)
            retainers.sudo().write({"date_run": today})
        self._agency_cron_batch("Retainers", [
            ("state", "=", "active"), "|", ("date_run", "=", False), ("date_run", "<", today),
        ], run, batch_size=200)
