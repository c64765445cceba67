from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_date, format_datetime

from .agency_request import OPEN_STATES
from .const import GROUP_DIRECTOR, GROUP_MANAGER

HIGH, MEDIUM, LOW = 3, 2, 1
# kind: (severity, reads costs)
KINDS = {
    "request_breached": (HIGH, False),
    "complaint": (HIGH, False),
    "allocation_late": (HIGH, False),
    "budget_over": (HIGH, True),
    "detractor": (HIGH, False),
    "health_red": (HIGH, False),
    "request_at_risk": (MEDIUM, False),
    "pushback": (MEDIUM, False),
    "budget_alert": (MEDIUM, True),
    "budget_forecast": (MEDIUM, True),
    "renewal": (MEDIUM, False),
    "update_due": (MEDIUM, False),
    "health_drop": (MEDIUM, False),
    "activity_overdue": (MEDIUM, False),
    "quotation": (LOW, False),
    "survey_unanswered": (LOW, False),
}
# Activities that already are an item of their own kind.
OWN_ACTIVITY_TYPES = (
    "agency_account_manager.mail_activity_type_budget_alert",
    "agency_account_manager.mail_activity_type_account_update",
    "agency_account_manager.mail_activity_type_late_allocation",
    "agency_account_manager.mail_activity_type_sla_breach",
)
# Records of an account whose overdue activities need an account person.
ACTIVITY_MODELS = ("agency.account", "agency.brief", "agency.request", "agency.budget", "agency.account.update")
BAND_ORDER = {"green": 3, "amber": 2, "red": 1, "none": 0}
# Answers and expiries older than this are history, not news.
RECENT_DAYS = 30


class AgencyAttention(models.AbstractModel):
    """What needs an account person now, across their accounts ("My Day").

    Attention items are computed, never stored: each kind reads its source
    model through the user's own environment (so company rules and the
    ladder apply) with the source's own logic (a request's service-level
    status, an allocation's lateness), in a fixed number of queries however
    many accounts. My Day, the account cards and form, and the morning email
    all read ``_get_items``."""

    _name = "agency.attention"
    _description = "Attention Items"
    _inherit = ["agency.cron.mixin"]

    @api.model
    def _kind_labels(self):
        return {
            "request_breached": self.env._("Breached requests"),
            "complaint": self.env._("Open complaints"),
            "allocation_late": self.env._("Late work"),
            "budget_over": self.env._("Over budget"),
            "detractor": self.env._("Detractors"),
            "health_red": self.env._("Health red"),
            "request_at_risk": self.env._("Requests at risk"),
            "pushback": self.env._("Dates pushed back"),
            "budget_alert": self.env._("Budget alerts"),
            "budget_forecast": self.env._("Forecast over budget"),
            "renewal": self.env._("Renewals soon"),
            "update_due": self.env._("Status updates due"),
            "health_drop": self.env._("Health dropped"),
            "activity_overdue": self.env._("Overdue activities"),
            "quotation": self.env._("Waiting for the client"),
            "survey_unanswered": self.env._("Surveys not answered"),
        }

    # ------------------------------------------------------------ items

    @api.model
    def _get_items(self, accounts):
        """Attention items of `accounts` (those of them the user may read),
        most severe first, then oldest: a list of dicts with kind, severity,
        account, date, a one-line reason, the record and its quick action."""
        accounts = accounts._filtered_access("read")
        if not accounts:
            return []
        today = fields.Date.context_today(self)
        found = []
        for collect in self._item_collectors():
            found += collect(accounts, today)
        labels = self._kind_labels()
        names = {account.id: account.display_name for account in accounts}
        # One item per record, with every reason it needs attention (a
        # complaint that also missed its service level is one line, not two),
        # under its most severe kind; its quick action is the first offered.
        by_record = {}
        for item in sorted(found, key=lambda i: -KINDS[i["kind"]][0]):
            record = (item["res_model"], item["res_id"])
            merged = by_record.get(record)
            if merged is None:
                by_record[record] = dict(item, kinds=[item["kind"]], reasons=[item["reason"]])
                continue
            merged["kinds"].append(item["kind"])
            merged["reasons"].append(item["reason"])
            if not merged["action"].get("method") and item["action"].get("method"):
                merged["action"] = item["action"]
        items = list(by_record.values())
        for item in items:
            item["severity"] = KINDS[item["kind"]][0]
            item["kind_label"] = labels[item["kind"]]
            item["kind_labels"] = [labels[kind] for kind in item["kinds"]]
            item["reason"] = " ".join(item["reasons"])
            item["account_name"] = names[item["account_id"]]
            item["key"] = f"{item['res_model']}:{item['res_id']}"
        return sorted(items, key=lambda i: (-i["severity"], i["date"] or today, i["account_name"], i["key"]))

    def _item_collectors(self):
        """The collectors of the kinds the user may see; another module adds
        its own (each returns items of `accounts` at `today`)."""
        collectors = [self._items_requests, self._items_allocations, self._items_renewals_updates_health,
                      self._items_surveys, self._items_quotations, self._items_activities]
        if self.env.user._agency_sees_costs():
            collectors.append(self._items_budgets)
        return collectors

    def _item(self, kind, account_id, record, date, reason, action=None):
        return {
            "kind": kind, "account_id": account_id, "res_model": record._name, "res_id": record.id,
            "date": fields.Date.to_date(date) if isinstance(date, datetime) else date,
            "reason": reason, "action": action or {"label": self.env._("Open")},
        }

    def _items_requests(self, accounts, today):
        requests = self.env["agency.request"].search_fetch(
            [("account_id", "in", accounts.ids), ("state", "in", OPEN_STATES)],
            ["account_id", "name", "reference", "request_type", "state", "date_received", "date_ack_deadline",
             "date_resolve_deadline", "date_acknowledged", "date_resolved", "sla_breached", "sla_policy_id",
             "company_id", "pushback_state", "pushback_date_proposed"],
        )
        statuses = requests._sla_statuses_at(fields.Datetime.now())
        acknowledge = {"label": self.env._("Acknowledge"), "method": "action_acknowledge"}
        items = []
        for request in requests:
            action = acknowledge if request.state == "new" else None
            status = statuses[request.id]
            deadline = request.date_ack_deadline if not request.date_acknowledged else request.date_resolve_deadline
            if request.request_type == "complaint":
                items.append(self._item("complaint", request.account_id.id, request, request.date_received,
                                        self.env._("Complaint %(request)s is open since %(date)s.",
                                                   request=request.display_name,
                                                   date=format_date(self.env, request.date_received)), action))
            if status == "breached":
                items.append(self._item("request_breached", request.account_id.id, request, deadline or request.date_received,
                                        self.env._("%(request)s missed its service level.",
                                                   request=request.display_name), action))
            elif status == "at_risk":
                items.append(self._item("request_at_risk", request.account_id.id, request, deadline,
                                        self.env._("%(request)s is due %(deadline)s: under a quarter of its time left.",
                                                   request=request.display_name,
                                                   deadline=format_datetime(self.env, deadline, dt_format="short")),
                                        action))
            if request.pushback_state == "pushed_back":
                items.append(self._item("pushback", request.account_id.id, request, request.pushback_date_proposed,
                                        self.env._("The department pushed back %(request)s: it proposes %(date)s.",
                                                   request=request.display_name,
                                                   date=format_date(self.env, request.pushback_date_proposed) or "-")))
        return items

    def _items_allocations(self, accounts, today):
        allocations = self.env["agency.brief.allocation"].search_fetch(
            [("account_id", "in", accounts.ids), ("is_late", "=", True)],
            ["account_id", "name", "brief_id", "date_due", "department_id", "partner_id"],
        )
        return [self._item("allocation_late", allocation.account_id.id, allocation, allocation.date_due,
                           self.env._("%(work)s of %(brief)s was due %(date)s (%(days)s days late).",
                                      work=allocation.name, brief=allocation.brief_id.display_name,
                                      date=format_date(self.env, allocation.date_due),
                                      days=(today - allocation.date_due).days))
                for allocation in allocations]

    def _items_budgets(self, accounts, today):
        budgets = self.env["agency.budget"].search_fetch(
            [("account_id", "in", accounts.ids), ("state", "=", "approved")],
            ["account_id", "name", "is_over_budget", "last_alert_threshold", "date_checked", "activity_ids"],
        )
        alert_type = self.env.ref(OWN_ACTIVITY_TYPES[0])
        items = []
        for budget in budgets:
            if not budget.is_over_budget and budget.is_forecast_over:
                # actual figures of all the budgets at once (one pass)
                items.append(self._item(
                    "budget_forecast", budget.account_id.id, budget, today,
                    self.env._("%(budget)s is forecast to cost %(forecast)s, above the agreed %(agreed)s.",
                               budget=budget.display_name,
                               forecast=format_amount(self.env, budget.forecast_total, budget.currency_id),
                               agreed=format_amount(self.env, budget.reference_amount,
                                                    budget.currency_id))))
            if not budget.is_over_budget and alert_type not in budget.activity_ids.activity_type_id:
                continue
            if budget.is_over_budget:
                items.append(self._item("budget_over", budget.account_id.id, budget, budget.date_checked,
                                        self.env._("%(budget)s spent more than agreed.", budget=budget.display_name)))
            else:
                items.append(self._item("budget_alert", budget.account_id.id, budget, budget.date_checked,
                                        self.env._("%(budget)s passed %(threshold)s%% of its budget.",
                                                   budget=budget.display_name,
                                                   threshold=budget.last_alert_threshold)))
        return items

    def _items_renewals_updates_health(self, accounts, today):
        items = []
        for account in accounts:
            horizon = today + timedelta(days=account.company_id.agency_renewal_horizon_days)
            if account.date_renewal and today <= account.date_renewal <= horizon and account.stage != "lost":
                items.append(self._item("renewal", account.id, account, account.date_renewal,
                                        self.env._("The contract renews on %(date)s (in %(days)s days).",
                                                   date=format_date(self.env, account.date_renewal),
                                                   days=(account.date_renewal - today).days)))
            if account.date_next_update and account.date_next_update <= today:
                items.append(self._item(
                    "update_due", account.id, account, account.date_next_update,
                    self.env._("A status update was due on %(date)s.",
                               date=format_date(self.env, account.date_next_update)),
                    {"label": self.env._("Post update"), "window": {
                        "type": "ir.actions.act_window", "res_model": "agency.account.update",
                        "views": [[False, "form"]], "target": "current",
                        "context": {"default_account_id": account.id}}}))
            if account.health_band == "red":
                items.append(self._item("health_red", account.id, account, account.health_band_date,
                                        self.env._("Weakest factor: %(reason)s.", reason=account.health_reason)
                                        if account.health_reason else self.env._("Health is red.")))
            elif (BAND_ORDER.get(account.health_band, 0) < BAND_ORDER.get(account.health_band_previous, 0)
                  and account.health_band != "none" and account.health_band_date
                  and account.health_band_date >= today - timedelta(days=RECENT_DAYS)):
                items.append(self._item("health_drop", account.id, account, account.health_band_date,
                                        self.env._("Weakest factor: %(reason)s.", reason=account.health_reason)
                                        if account.health_reason else self.env._("Health dropped.")))
        return items

    def _items_surveys(self, accounts, today):
        since = datetime.combine(today - timedelta(days=RECENT_DAYS), time.min)
        surveys = self.env["agency.survey"].search_fetch(
            [("account_id", "in", accounts.ids), "|",
             "&", ("nps_category", "=", "detractor"), ("date_answered", ">=", since),
             "&", ("state", "=", "expired"), ("date_expiry", ">=", since)],
            ["account_id", "partner_id", "score", "state", "nps_category", "date_answered", "date_expiry"],
        )
        items = []
        for survey in surveys:
            if survey.nps_category == "detractor":
                items.append(self._item("detractor", survey.account_id.id, survey, survey.date_answered,
                                        self.env._("%(client)s answered %(score)s out of 10.",
                                                   client=survey.partner_id.display_name, score=survey.score)))
            else:
                items.append(self._item("survey_unanswered", survey.account_id.id, survey, survey.date_expiry,
                                        self.env._("%(client)s did not answer the survey.",
                                                   client=survey.partner_id.display_name)))
        return items

    def _items_quotations(self, accounts, today):
        """Quotations and change orders sent to the client and not yet
        accepted. Read as the system, limited to the accounts the user
        sees: a salesperson's own-documents rule must not hide them."""
        by_client = {(account.partner_id.commercial_partner_id.id, account.company_id.id): account
                     for account in accounts}
        orders = self.env["sale.order"].sudo().search_fetch(
            [("state", "=", "sent"), ("partner_id.commercial_partner_id", "in", [c for c, _co in by_client]),
             ("company_id", "in", accounts.company_id.ids)],
            ["name", "partner_id", "company_id", "date_order", "agency_account_id"],
        )
        items = []
        for order in orders:
            account = order.agency_account_id if order.agency_account_id in accounts else by_client.get(
                (order.partner_id.commercial_partner_id.id, order.company_id.id))
            if account:
                items.append(self._item("quotation", account.id, order.with_env(self.env), order.date_order,
                                        self.env._("%(order)s was sent on %(date)s and waits for the client.",
                                                   order=order.name, date=format_date(self.env, order.date_order))))
        return items

    def _items_activities(self, accounts, today):
        """Overdue activities on an account and on its briefs, requests,
        budgets and status updates (not those that are items of their own)."""
        models = [name for name in ACTIVITY_MODELS
                  if name != "agency.budget" or self.env.user._agency_sees_costs()]
        own_types = [self.env.ref(xmlid).id for xmlid in OWN_ACTIVITY_TYPES]
        records = SQL(" UNION ALL ").join(
            SQL("SELECT %s AS model, id, %s AS account_id FROM %s", name,
                SQL.identifier("id" if name == "agency.account" else "account_id"),
                SQL.identifier(self.env[name]._table))
            for name in models)
        self.env["mail.activity"].flush_model()
        rows = self.env.execute_query(SQL("""
            SELECT a.id, r.account_id
              FROM mail_activity a
              JOIN (%(records)s) r ON r.model = a.res_model AND r.id = a.res_id
             WHERE a.active AND a.date_deadline < %(today)s AND r.account_id = ANY(%(accounts)s)
               AND a.activity_type_id != ALL(%(own)s)
        """, records=records, today=today, accounts=accounts.ids, own=own_types))
        account_of = dict(rows)
        activities = self.env["mail.activity"].sudo().browse(list(account_of))
        items = []
        for activity in activities:
            record = self.env[activity.res_model].browse(activity.res_id)
            items.append(self._item(
                "activity_overdue", account_of[activity.id], record, activity.date_deadline,
                self.env._("%(activity)s for %(user)s was due %(date)s: %(record)s.",
                           activity=activity.summary or activity.activity_type_id.name,
                           user=activity.user_id.name, date=format_date(self.env, activity.date_deadline),
                           record=activity.res_name)))
        return items

    # ------------------------------------------------------------ My Day

    @api.model
    def _scopes(self):
        scopes = [("mine", self.env._("My accounts"))]
        if self.env.user.has_group(GROUP_MANAGER):
            scopes.append(("team", self.env._("My teams")))
        if self.env.user.has_group(GROUP_DIRECTOR):
            scopes.append(("company", self.env._("Company")))
        return scopes

    @api.model
    def _scope_accounts(self, scope):
        uid = self.env.uid
        domain = {
            "mine": ["|", ("user_id", "=", uid), ("member_ids", "in", uid)],
            "team": ["|", "|", ("team_id.user_id", "=", uid), ("user_id", "=", uid), ("member_ids", "in", uid)],
            "company": [("company_id", "in", self.env.companies.ids)],
        }[scope]
        return self.env["agency.account"].search(domain + [("stage", "!=", "lost")])

    @api.model
    @api.readonly
    def get_my_day(self, scope="mine"):
        """What My Day shows: the scopes the user may switch to, counters per
        kind and the items grouped by account, most pressing account first."""
        scopes = dict(self._scopes())
        if scope not in scopes:
            raise UserError(self.env._("You cannot see that scope of accounts."))
        accounts = self._scope_accounts(scope)
        items = self._get_items(accounts)
        counts = Counter(kind for item in items for kind in item["kinds"])
        labels = self._kind_labels()
        groups = defaultdict(list)
        for item in items:
            # In the reader's date format, as the forms show dates.
            item["date"] = item["date"] and format_date(self.env, item["date"])
            groups[item["account_id"]].append(item)
        bands = {account.id: account.health_band for account in accounts}
        return {
            "scope": scope,
            "scopes": [{"key": key, "label": label} for key, label in scopes.items()],
            "account_count": len(accounts),
            "counters": [{"kind": kind, "label": labels[kind], "count": counts[kind], "severity": severity}
                         for kind, (severity, _costs) in KINDS.items() if counts[kind]],
            "groups": [{"account_id": account_id, "account_name": group[0]["account_name"],
                        "band": bands[account_id], "items": group}
                       for account_id, group in groups.items()],
        }

    # ------------------------------------------------------------ morning email

    @api.model
    def _cron_send_morning_email(self):
        """Daily: each user who asked for it gets the items of their accounts,
        when there are any; once a day, batched, safe to run twice."""
        today = fields.Date.context_today(self)
        self._agency_cron_batch("My Day email", [
            ("agency_my_day_email", "=", True), ("share", "=", False),
            "|", ("agency_my_day_sent", "=", False), ("agency_my_day_sent", "<", today),
        ], lambda users: self._send_morning_email(users, today), model=self.env["res.users"])

    @api.model
    def _send_morning_email(self, users, today):
        mails = []
        for user in users.filtered("email"):
            attention = self.with_user(user).with_context(lang=user.lang)
            items = attention._get_items(attention._scope_accounts("mine"))
            if items:
                body = self.env["ir.qweb"].with_context(lang=user.lang)._render(
                    "agency_account_manager.my_day_email", {"items": items, "user": user, "today": today})
                mails.append({
                    "subject": self.with_context(lang=user.lang).env._(
                        "My Day, %(date)s: %(count)s items", date=format_date(attention.env, today), count=len(items)),
                    "body_html": body,
                    "email_to": user.email_formatted,
                    "email_from": user.company_id.email_formatted or self.env.user.email_formatted,
                    "recipient_ids": [(4, user.partner_id.id)],
                    "auto_delete": True,
                })
        self.env["mail.mail"].sudo().create(mails)
        users.sudo().write({"agency_my_day_sent": today})
