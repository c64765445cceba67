from datetime import timedelta, timezone

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, email_split, format_date, html2plaintext, is_html_empty

from .agency_sla_policy import PRIORITIES
from .const import COST_READERS, GROUP_DIRECTOR, GROUP_EXECUTIVE
from .labels import env_for, selection_labels

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

    # Service levels
    date_received = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, copy=False, agency_system=True)
    sla_policy_id = fields.Many2one(
        "agency.sla.policy", string="Service Level", compute="_compute_sla_policy_id", store=True,
        agency_system=True,
    )
    date_ack_deadline = fields.Datetime(
        string="Acknowledge By", compute="_compute_sla_deadlines", store=True, agency_system=True,
    )
    date_resolve_deadline = fields.Datetime(
        string="Resolve By", compute="_compute_sla_deadlines", store=True, agency_system=True,
    )
    date_acknowledged = fields.Datetime(readonly=True, copy=False, agency_system=True)
    date_resolved = fields.Datetime(readonly=True, copy=False, agency_system=True)
    sla_status = fields.Selection(
        [("on_time", "On Time"), ("at_risk", "At Risk"), ("breached", "Breached")],
        string="Service Level Status", compute="_compute_sla_status", search="_search_sla_status",
    )
    sla_breached = fields.Boolean(
        string="Breached", readonly=True, copy=False, index=True, agency_system=True,
        help="A deadline of the service level was missed. Set when it happens.",
    )
    sla_breach_rate = fields.Float(
        string="Breach Rate (%)", compute="_compute_sla_breach_rate", store=True, aggregator="avg",
        agency_system=True,
    )
    escalated = fields.Boolean(readonly=True, copy=False, agency_system=True)

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

    @api.depends("account_id.tier", "priority", "company_id")
    def _compute_sla_policy_id(self):
        Policy = self.env["agency.sla.policy"]
        for request in self:
            request.sla_policy_id = Policy._find(
                request.company_id, request.account_id.tier or False, request.priority,
            ) if request.account_id else False

    @api.depends("sla_policy_id", "date_received", "company_id.resource_calendar_id")
    def _compute_sla_deadlines(self):
        for request in self:
            policy = request.sla_policy_id
            calendar = request.company_id.resource_calendar_id
            if not policy or not request.date_received:
                request.date_ack_deadline = request.date_resolve_deadline = False
                continue
            request.date_ack_deadline = request._add_working_hours(calendar, policy.ack_hours)
            request.date_resolve_deadline = request._add_working_hours(calendar, policy.resolve_hours)

    def _add_working_hours(self, calendar, hours):
        """The moment `hours` working hours after the request came in,
        in the company's working time (nights, weekends and public
        holidays do not count); plain hours without a calendar."""
        self.ensure_one()
        if not calendar:
            return self.date_received + timedelta(hours=hours)
        return calendar.plan_hours(hours, self.date_received, compute_leaves=True)

    @api.depends("date_ack_deadline", "date_resolve_deadline", "date_acknowledged", "date_resolved", "sla_breached")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        statuses = self._sla_statuses_at(now)
        for request in self:
            request.sla_status = statuses[request.id]

    def _sla_statuses_at(self, now):
        """{id: on_time | at_risk | breached}: at risk when less than a
        quarter of the allowed working hours is left before a deadline still
        open. Working time is read once per calendar for all the requests."""
        open_deadlines = [deadline for request in self for deadline, done in (
            (request.date_ack_deadline, request.date_acknowledged),
            (request.date_resolve_deadline, request.date_resolved)) if deadline and not done and deadline > now]
        work = {}
        if open_deadlines:
            end = max(open_deadlines)
            for calendar in self.company_id.resource_calendar_id:
                intervals = calendar._work_intervals_batch(
                    now.replace(tzinfo=timezone.utc), end.replace(tzinfo=timezone.utc))[False]
                work[calendar.id] = [(start.astimezone(timezone.utc).replace(tzinfo=None),
                                      stop.astimezone(timezone.utc).replace(tzinfo=None))
                                     for start, stop, _meta in intervals]

        def hours_left(request, deadline):
            intervals = work.get(request.company_id.resource_calendar_id.id)
            if intervals is None:
                return (deadline - now).total_seconds() / 3600
            return sum(max(0.0, (min(stop, deadline) - max(start, now)).total_seconds())
                       for start, stop in intervals) / 3600

        result = {}
        for request in self:
            policy = request.sla_policy_id
            status = "on_time"
            for deadline, done, allowed in (
                (request.date_ack_deadline, request.date_acknowledged, policy.ack_hours),
                (request.date_resolve_deadline, request.date_resolved, policy.resolve_hours),
            ):
                if not deadline:
                    continue
                if (done or now) > deadline:
                    status = "breached"
                    break
                if not done and hours_left(request, deadline) < allowed * AT_RISK_SHARE:
                    status = "at_risk"
            result[request.id] = "breached" if request.sla_breached else status
        return result

    @api.model
    def _sla_breached_domain(self, now):
        """The requests whose service level is breached at `now`: recorded as
        breached, or a deadline passed while still unacknowledged or
        unresolved (before the hourly job records it). The one rule of the
        request's status, My Day, health and the report."""
        return [
            "|", "|", ("sla_breached", "=", True),
            "&", ("date_acknowledged", "=", False), ("date_ack_deadline", "<", now),
            "&", ("date_resolved", "=", False), ("date_resolve_deadline", "<", now),
        ]

    def _search_sla_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Unsupported search on the service level status."))
        values = {value} if isinstance(value, str) else set(value)
        now = fields.Datetime.now()
        breached = self._sla_breached_domain(now)
        # "At risk" depends on each request's own window: select the candidates
        # with SQL-friendly bounds, then decide in Python.
        candidates = self.search([("state", "in", OPEN_STATES), ("date_resolve_deadline", "!=", False)])
        at_risk_ids = [rid for rid, status in candidates._sla_statuses_at(now).items() if status == "at_risk"]
        domains = {
            "breached": breached,
            "at_risk": [("id", "in", at_risk_ids)],
            "on_time": ["!", *breached, ("id", "not in", at_risk_ids)],
        }
        domain = []
        for status in values:
            domain = ["|", *domain, *domains[status]] if domain else domains[status]
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    @api.depends("sla_breached")
    def _compute_sla_breach_rate(self):
        for request in self:
            request.sla_breach_rate = 100.0 if request.sla_breached else 0.0

    @api.depends("department_id")
    @api.depends_context("uid")
    def _compute_can_push_back(self):
        for request in self:
            request.can_push_back = request._can_push_back()

    @api.depends_context("uid")
    def _compute_reads_accounts(self):
        self.reads_accounts = self.env.user._agency_reads_accounts()

    def _can_push_back(self):
        self.ensure_one()
        if not self.department_id:
            return False
        lead = self.sudo().department_id.manager_id.user_id
        return self.env.su or self.env.user == lead or self.env.user.has_group(GROUP_DIRECTOR)

    @api.depends("allocation_id")
    def _compute_released(self):
        for request in self:
            request.released = bool(request.allocation_id)

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

    def _update_sla_breached(self, now=None):
        """Record a breach once it happened: a deadline passed before the
        request was acknowledged or resolved."""
        now = now or fields.Datetime.now()
        breached = self.filtered(lambda r: not r.sla_breached and any(
            deadline and (done or now) > deadline for deadline, done in (
                (r.date_ack_deadline, r.date_acknowledged),
                (r.date_resolve_deadline, r.date_resolved),
            )))
        breached.sudo().write({"sla_breached": True})

    # ------------------------------------------------------------ mail gateway

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the request alias: a request on the sender's company
        account, or in triage when the sender is unknown (nothing is lost)."""
        email = (msg_dict.get("email_from") or "")[:MAX_SUBJECT]
        partner = self._agency_sender(msg_dict)
        companies = self._agency_gateway_company(msg_dict)
        account = self.env["agency.account"]
        if partner.commercial_partner_id:
            accounts = account.sudo().search([("partner_id", "=", partner.commercial_partner_id.id)])
            if companies:
                # One alias domain may serve several companies (Odoo gives one
                # to every company that has none): any of them may hold the
                # client's account.
                accounts = accounts.filtered(lambda a: a.company_id in companies)
            account = accounts if len(accounts) == 1 else accounts.filtered(
                lambda a: a.company_id == self.env.company)[:1]
        # An unknown sender lands in the triage of the company written to.
        company = self.env.company if self.env.company in companies else companies[:1]
        body = msg_dict.get("body") or ""
        if len(body) > MAX_BODY:
            body = body[:MAX_BODY] + self.env._("<p>[... the rest of this email was too long to keep]</p>")
        values = {
            "name": (msg_dict.get("subject") or self.env._("(no subject)"))[:MAX_SUBJECT],
            "channel": "email",
            "email_from": email,
            "partner_id": partner.id or False,
            "account_id": account.id or False,
            "state": "new" if account else "triage",
            "description": body,
            "company_id": (account.company_id or company or self.env.company).id,
        }
        values.update(custom_values or {})
        return super(AgencyRequest, self.with_company(values["company_id"])).message_new(
            dict(msg_dict, subject=values["name"], body=body), custom_values=values)

    @api.model
    def _agency_sender(self, msg_dict):
        partner = self.env["res.partner"].sudo().browse(msg_dict.get("author_id") or [])
        email = email_normalize(msg_dict.get("email_from") or "")
        if not partner and email:
            partner = self.env["res.partner"].sudo().search([("email_normalized", "=", email)], limit=1)
        return partner

    @api.model
    def _agency_gateway_company(self, msg_dict):
        """The companies whose alias domain the email was sent to, if any."""
        domains = {address.split("@", 1)[1].lower() for address in email_split(
            ",".join(filter(None, (msg_dict.get("to"), msg_dict.get("recipients"))))) if "@" in address}
        if not domains:
            return self.env["res.company"]
        alias_domains = self.env["mail.alias.domain"].sudo().search([("name", "in", list(domains))])
        return alias_domains.company_ids

    def _agency_reply_allowed(self, msg_dict):
        """A reply threads into this request only from its client (one of the
        client company's contacts) or from a colleague of its company;
        anything else (a forged Message-Id, another client) does not."""
        self.ensure_one()
        sender = self._agency_sender(msg_dict)
        if not sender:
            return False
        clients = (self.account_id.partner_id | self.partner_id).commercial_partner_id
        if sender.commercial_partner_id in clients:
            return True
        users = sender.user_ids.filtered(lambda u: not u.share)
        return any(self.company_id in user.company_ids for user in users)

    def message_update(self, msg_dict, update_vals=None):
        """A client reply to a request waiting on them reopens it."""
        if self.state == "waiting":
            update_vals = dict(update_vals or {}, state="in_progress")
        return super().message_update(msg_dict, update_vals=update_vals)

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

    # ------------------------------------------------------------ scope control

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

    # ------------------------------------------------------------ pushback

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

    # ------------------------------------------------------------ cron

    @api.model
    def _cron_escalate_breaches(self):
        """Escalate each breached request once: an activity for the team
        leader of its account and a message in its thread."""
        now = fields.Datetime.now()
        self._agency_cron_batch("Service-level escalation", [
            ("state", "in", OPEN_STATES), ("escalated", "=", False),
            "|", "&", ("date_acknowledged", "=", False), ("date_ack_deadline", "<", now),
            ("date_resolve_deadline", "<", now),
        ], lambda late: late._escalate(now))

    def _escalate(self, now):
        self._update_sla_breached(now)
        for request in self.filtered("sla_breached"):
            leader = request.account_id.team_id.user_id or request.account_id.user_id
            request.message_post(body=self.env._(
                "Service level breached (%(policy)s): escalated to %(leader)s.",
                policy=request.sla_policy_id.name, leader=leader.name or self.env._("nobody"),
            ))
            if leader:
                request.activity_schedule(
                    "agency_account_manager.mail_activity_type_sla_breach", user_id=leader.id,
                    summary=env_for(self, leader)._("Breached: %(request)s", request=request.display_name),
                )
            request.sudo().escalated = True

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
