from datetime import timedelta, timezone

from odoo import api, fields, models

from ..agency_request import AT_RISK_SHARE, OPEN_STATES
from ..labels import env_for


class AgencyRequest(models.Model):
    """The service-level engine: the deadlines of a request in the company's
    working time, its status (on time, at risk, breached) and the job that
    records and escalates breaches."""

    _inherit = "agency.request"

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
