import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from .agency_sla_policy import PRIORITIES
from .labels import selection_labels

REQUEST_TYPES = [
    ("question", "Question"),
    ("complaint", "Complaint"),
    ("change", "Change Request"),
    ("new_work", "New Work"),
]
REQUEST_STATES = [
    ("triage", "Triage"),
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In Progress"),
    ("waiting", "Waiting on Client"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]
OPEN_STATES = ("triage", "new", "acknowledged", "in_progress", "waiting")
# Which states a request may come from to reach each state, whatever the
# way in (buttons, kanban drag and drop, JSON-RPC, the mail gateway).
REQUEST_TRANSITIONS = {
    "triage": (),
    "new": ("triage",),
    "acknowledged": ("new",),
    "in_progress": ("new", "acknowledged", "waiting", "resolved", "closed"),
    "waiting": ("acknowledged", "in_progress"),
    "resolved": ("new", "acknowledged", "in_progress", "waiting"),
    "closed": ("resolved",),
}
# What the account's health reads of a request.
HEALTH_INPUTS = {"state", "account_id", "request_type", "sla_breached", "date_received"}
# Inbound email is stored within these sizes (a 5 MB body is no request).
MAX_SUBJECT = 250
MAX_BODY = 100_000
# What a client may raise from the portal.
PORTAL_TYPES = ("question", "complaint", "change")
# Share of the service-level window left under which a request is "at risk".
AT_RISK_SHARE = 0.25


class AgencyRequest(models.Model):
    """Whatever a client asks or complains about: logged, answered within
    the service level of their tier, and, for change and new work, kept
    from reaching the departments until it is in scope or paid for."""

    _name = "agency.request"
    _description = "Client Request"
    _inherit = ["agency.system.fields.mixin", "agency.client.readable.mixin", "agency.cron.mixin", "portal.mixin",
                "mail.thread", "mail.activity.mixin"]
    # What the client reads of their requests from the portal (agency.client.readable.mixin).
    _agency_client_fields = frozenset({
        "reference", "name", "request_type", "priority", "account_id", "partner_id", "description", "state", "resolution",
        "date_received", "date_resolve_deadline", "date_resolved", "access_url"})
    # The portal link's token from the start: the client's pages only read
    # (they run on a read-only cursor, a replica when there is one).
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))
    _order = "priority desc, date_received desc, id desc"
    _check_company_auto = True
    _primary_email = "email_from"

    reference = fields.Char(readonly=True, copy=False, default="/", index="trigram")
    name = fields.Char(string="Subject", required=True, tracking=True)
    request_type = fields.Selection(REQUEST_TYPES, string="Type", required=True, default="question", tracking=True)
    channel = fields.Selection(
        [("email", "Email"), ("portal", "Client Portal"), ("phone", "Phone"), ("meeting", "Meeting"),
         ("other", "Other")],
        required=True, default="phone",
    )
    account_id = fields.Many2one(
        "agency.account", string="Client Account", index=True, tracking=True, check_company=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one("res.partner", string="Client Contact", index="btree_not_null")
    email_from = fields.Char(string="From")
    message_id = fields.Char(
        string="Email Message-Id", readonly=True, copy=False, index="btree_not_null", agency_system=True,
        help="The Message-Id of the email that opened the request: one email opens one request, "
             "even when two servers fetch it at the same time.")
    brief_id = fields.Many2one(
        "agency.brief", index="btree_not_null", check_company=True,
        domain="[('account_id', '=', account_id)]",
    )
    project_id = fields.Many2one("project.project", check_company=True, index="btree_not_null")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
        compute="_compute_company_id", store=True, readonly=False, precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    priority = fields.Selection(PRIORITIES, required=True, default="1", tracking=True)
    description = fields.Html()
    user_id = fields.Many2one(
        "res.users", string="Owner", tracking=True, index=True, domain="[('share', '=', False)]",
        compute="_compute_user_id", store=True, readonly=False, precompute=True,
    )
    state = fields.Selection(REQUEST_STATES, required=True, default="new", tracking=True, group_expand=True, index=True)
    resolution = fields.Html()
    root_cause = fields.Text(help="For complaints: why it happened, so it does not happen again.")

    reads_accounts = fields.Boolean(
        compute="_compute_reads_accounts",
        help="Whether the current user opens client accounts and briefs (a department head does not).")

    # ------------------------------------------------------------ computes

    @api.depends("account_id")
    def _compute_company_id(self):
        """The account's company; in triage (no account yet), the company
        the request was logged in (the default)."""
        for request in self:
            if request.account_id:
                request.company_id = request.account_id.company_id

    @api.depends("account_id")
    def _compute_user_id(self):
        for request in self:
            if request.account_id.user_id:
                request.user_id = request.account_id.user_id

    @api.depends_context("uid")
    def _compute_reads_accounts(self):
        self.reads_accounts = self.env.user._agency_reads_accounts()

    # ------------------------------------------------------------ constraints

    @api.constrains("request_type", "state", "resolution")
    def _check_complaint_resolution(self):
        for request in self:
            if request.request_type == "complaint" and request.state in ("resolved", "closed") \
                    and is_html_empty(request.resolution):
                raise ValidationError(self.env._(
                    "Complaint %(request)s cannot be resolved or closed without a resolution: "
                    "write what was done for the client.", request=request.display_name,
                ))

    @api.constrains("state", "account_id")
    def _check_account(self):
        for request in self:
            if request.state != "triage" and not request.account_id:
                raise ValidationError(self.env._(
                    "Request %(request)s needs a client account (only requests in triage may have none).",
                    request=request.display_name,
                ))

    @api.constrains("account_id")
    def _check_account_active(self):
        self.account_id._check_active_for_new_work()

    @api.constrains("estimated_cost", "planned_hours")
    def _check_amounts(self):
        for request in self:
            if request.estimated_cost < 0 or request.planned_hours < 0:
                raise ValidationError(self.env._("Estimated cost and hours cannot be negative."))

    # ------------------------------------------------------------ CRUD

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"{request.reference} {request.name}" if request.reference != "/" else request.name

    _sql_constraints = [
        ("message_id_uniq", "unique (message_id)", "This email already opened a request."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "new") not in ("triage", "new") for vals in vals_list):
            raise UserError(self.env._("A request starts as new (or in triage): move it on from there."))
        for vals in vals_list:
            if not self.env.su and vals.get("reference", "/") != "/":
                raise UserError(self.env._("The request's reference is given by its sequence, not by hand."))
            if vals.get("reference", "/") == "/":
                vals["reference"] = self.env["ir.sequence"].next_by_code("agency.request") or "/"
            # A request is in its account's company, whichever company is selected.
            if vals.get("account_id") and not vals.get("company_id"):
                vals["company_id"] = self.env["agency.account"].sudo().browse(vals["account_id"]).company_id.id
        requests = super().create(vals_list)
        requests.account_id._agency_health_changed()
        return requests

    def write(self, vals):
        changing = self.browse()
        if "state" in vals:
            changing = self.filtered(lambda r: r.state != vals["state"])
            changing._check_state_change(vals["state"])
        accounts = self.account_id
        res = super().write(vals)
        if changing:
            changing._record_state_dates(vals["state"])
        if HEALTH_INPUTS.intersection(vals):
            (accounts | self.account_id)._agency_health_changed()
        return res

    def _check_state_change(self, state):
        labels = selection_labels(self, "state")
        for request in self:
            if request.state not in REQUEST_TRANSITIONS.get(state, ()):
                raise UserError(self.env._(
                    "Request %(request)s is %(state)s: it cannot go to %(new)s from there.",
                    request=request.display_name, state=labels[request.state], new=labels[state],
                ))

    def _record_state_dates(self, state):
        """When the request was acknowledged and resolved, and whether that
        breached its service level: the system's record, whoever moved it."""
        now = fields.Datetime.now()
        system = self.sudo()
        if state not in ("triage", "new"):
            system.filtered(lambda r: not r.date_acknowledged).write({"date_acknowledged": now})
        if state in ("resolved", "closed"):
            system.filtered(lambda r: not r.date_resolved).write({"date_resolved": now})
        elif state in OPEN_STATES:
            system.filtered("date_resolved").write({"date_resolved": False})
        self._update_sla_breached(now)

    # ------------------------------------------------------------ workflow

    def action_acknowledge(self):
        self.write({"state": "acknowledged"})
        return True

    def action_start(self):
        self.write({"state": "in_progress"})
        return True

    def action_wait(self):
        self.write({"state": "waiting"})
        return True

    def action_resolve(self):
        self.write({"state": "resolved"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_reopen(self):
        self.write({"state": "in_progress"})
        return True

    def action_confirm_triage(self):
        for request in self:
            if not request.account_id:
                raise UserError(self.env._("Choose the client account of %(request)s first.", request=request.name))
        self.write({"state": "new"})
        return True

    # ------------------------------------------------------------ portal

    def _compute_access_url(self):
        for request in self:
            request.access_url = f"/my/requests/{request.id}"

    @api.model
    def _agency_portal_create(self, account, partner, values):
        """A request raised by a client contact in the portal: on their
        account, with the same service levels, classification and routing as
        an email (the classification is the contact's choice among the
        portal's types). The contact follows it."""
        request = self.sudo().with_company(account.company_id).create({
            "name": (values.get("name") or "").strip()[:MAX_SUBJECT] or self.env._("(no subject)"),
            "request_type": values.get("request_type") if values.get("request_type") in PORTAL_TYPES else "question",
            "description": (values.get("description") or "")[:MAX_BODY],
            "channel": "portal",
            "account_id": account.id,
            "partner_id": partner.id,
            "email_from": partner.email_formatted,
            "company_id": account.company_id.id,
        })
        request.message_subscribe(partner_ids=partner.ids)
        return request
