from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

from .account.figures import nps_of
from .const import COST_READERS, GROUP_DIRECTOR, GROUP_INTERN, GROUP_MANAGER
from .labels import store_display_name
from .nullable_fields import NullableFloat

TIER_WEIGHTS = {"strategic": 4, "key": 3, "growth": 2, "standard": 1}


class AgencyScorecard(models.Model):
    """One person's scorecard for a month or a quarter: every figure read
    from the figures layer for the accounts they manage, recorded by the
    system (`_compute_scorecards`), never typed. No salary data."""

    _name = "agency.scorecard"
    _description = "Account Manager Scorecard"
    _inherit = ["agency.system.fields.mixin", "agency.cron.mixin"]
    _order = "date_from desc, user_id"
    _rec_name = "name"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one("res.users", string="Person", required=True, index=True, readonly=True)
    team_id = fields.Many2one("crm.team", readonly=True, index=True,
                              help="The person's sales team when the scorecard was computed: its leader sees it.")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection([("month", "Month"), ("quarter", "Quarter")], required=True, readonly=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    # The rung of the ladder, read in the reader's language (the group's name).
    level_id = fields.Many2one("res.groups", readonly=True, agency_system=True)
    account_count = fields.Integer(
        string="Accounts", readonly=True, agency_system=True,
        help="Accounts the person manages (not lost before the period).")
    strategic_count = fields.Integer(string="Strategic", readonly=True, agency_system=True)
    key_count = fields.Integer(string="Key", readonly=True, agency_system=True)
    load = fields.Integer(string="Weighted Load", readonly=True, agency_system=True,
                          help="Accounts weighted by tier: strategic 4, key 3, growth 2, standard 1.")
    revenue = fields.Monetary(
        readonly=True, agency_system=True,
        help="Invoiced revenue of the accounts in the period (invoices minus credit notes, untaxed).")
    revenue_previous = fields.Monetary(string="Revenue, Previous Period", readonly=True, agency_system=True)
    revenue_growth = NullableFloat(string="Revenue Growth (%)", readonly=True, agency_system=True, aggregator="avg")
    cost = fields.Monetary(readonly=True, agency_system=True, groups=COST_READERS,
                           help="Actual cost booked in the period on the budgets of the accounts.")
    margin = fields.Monetary(readonly=True, agency_system=True, groups=COST_READERS,
                             help="Revenue minus cost in the period.")
    margin_pct = NullableFloat(string="Margin (%)", readonly=True, agency_system=True, groups=COST_READERS,
                              aggregator="avg")
    accounts_lost = fields.Integer(string="Lost", readonly=True, agency_system=True,
                                   help="Accounts moved to Lost during the period.")
    retention = NullableFloat(string="Retention (%)", readonly=True, agency_system=True, aggregator="avg",
                             help="Accounts kept over accounts at the start of the period.")
    nps = NullableFloat(string="NPS", readonly=True, agency_system=True, aggregator="avg",
                       help="NPS of all the answers of the accounts in the period (empty: no answer).")
    nps_answers = fields.Integer(string="NPS Answers", readonly=True, agency_system=True)
    csat = NullableFloat(string="CSAT", readonly=True, agency_system=True, aggregator="avg",
                        help="Average 1-5 answer of the accounts in the period.")
    sla_compliance = NullableFloat(string="Service Levels Met (%)", readonly=True, agency_system=True,
                                  aggregator="avg", help="Requests received in the period not breached.")
    requests = fields.Integer(readonly=True, agency_system=True)
    on_time = NullableFloat(string="Delivered (%)", readonly=True, agency_system=True, aggregator="avg",
                           help="Allocations due in the period that are done.")
    upsell_created = fields.Integer(string="Opportunities Created", readonly=True, agency_system=True)
    upsell_won = fields.Integer(string="Opportunities Won", readonly=True, agency_system=True)
    upsell_revenue = fields.Monetary(string="Revenue Won", readonly=True, agency_system=True)
    updates_posted = fields.Integer(string="Status Updates", readonly=True, agency_system=True)
    updates_on_time = NullableFloat(
        string="Updates on Time (%)", readonly=True, agency_system=True, aggregator="avg",
        help="Status updates posted over those the accounts' cadence asked for in the period (at most 100).")
    date_computed = fields.Datetime(readonly=True, agency_system=True)

    _sql_constraints = [
        ("scorecard_uniq", "unique (user_id, company_id, period_type, date_from)",
         "One scorecard per person, company and period."),
    ]

    @api.depends("user_id.name", "date_from", "period_type")
    def _compute_name(self):
        store_display_name(self)

    @api.depends("user_id.name", "date_from", "period_type")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for card in self:
            card.display_name = f"{card.user_id.name or ''} {card._period_label()}"

    def _period_label(self):
        self.ensure_one()
        if not self.date_from:
            return ""
        return format_date(self.env, self.date_from, date_format="QQQ y" if self.period_type == "quarter" else "MMMM y")

    # ------------------------------------------------------------ periods

    @api.model
    def _period_bounds(self, period_type, day):
        """(first day, last day) of the month or quarter holding `day`."""
        if period_type == "quarter":
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
            return start, start + relativedelta(months=3, days=-1)
        start = day.replace(day=1)
        return start, start + relativedelta(months=1, days=-1)

    # ------------------------------------------------------------ computing

    @api.model
    def _compute_scorecards(self, users, period_type, day, company=None):
        """Create or refresh the scorecards of `users` for the period holding
        `day`, all at once: each figure family is one grouped query over all
        their accounts (the figures layer), never one per person."""
        company = company or self.env.company
        date_from, date_to = self._period_bounds(period_type, day)
        length = relativedelta(months=3 if period_type == "quarter" else 1)
        prev_from, prev_to = date_from - length, date_from - relativedelta(days=1)
        accounts = self.env["agency.account"].sudo().with_context(active_test=False).search([
            ("user_id", "in", users.ids), ("company_id", "=", company.id),
            "|", ("date_lost", "=", False), ("date_lost", ">=", date_from)])
        by_user = defaultdict(lambda: self.env["agency.account"])
        for account in accounts:
            by_user[account.user_id.id] |= account
        revenue = accounts._figures_invoiced(date_from, date_to)
        previous = accounts._figures_invoiced(prev_from, prev_to)
        nps = accounts._figures_nps_counts(date_from, date_to)
        csat = accounts._figures_csat(date_from, date_to)
        sla = accounts._figures_sla(date_from, date_to)
        delivery = accounts._figures_delivery(date_from, date_to)
        upsell = accounts._figures_upsell(date_from, date_to)
        updates = accounts._figures_updates(date_from, date_to)
        cost = defaultdict(float, {account_id: sum(item["actual"] for item in items)
                                   for account_id, items in accounts._figures_budgets(date_from, date_to).items()})
        existing = {(card.user_id.id, card.date_from): card for card in self.sudo().search([
            ("user_id", "in", users.ids), ("company_id", "=", company.id), ("period_type", "=", period_type),
            ("date_from", "=", date_from)])}
        days = (date_to - date_from).days + 1
        levels = {user_id: self.env.ref(xmlid).id for user_id, xmlid in users._agency_levels().items()}
        now = fields.Datetime.now()
        to_create = []
        for user in users:
            mine = by_user[user.id]
            ids = mine.ids
            lost = mine.filtered(lambda a: a.date_lost and date_from <= a.date_lost <= date_to)
            tiers = [a.tier for a in mine]
            rev = sum(revenue.get(i, 0.0) for i in ids)
            prev = sum(previous.get(i, 0.0) for i in ids)
            spent = sum(cost[i] for i in ids)
            counts = defaultdict(int)
            for i in ids:
                for category, count in nps.get(i, {}).items():
                    counts[category] += count
            csat_count = sum(csat.get(i, (0, 0))[1] for i in ids)
            received = sum(sla.get(i, (0, 0))[0] for i in ids)
            breached = sum(sla.get(i, (0, 0))[1] for i in ids)
            due = sum(delivery.get(i, (0, 0))[0] for i in ids)
            done = sum(delivery.get(i, (0, 0))[1] for i in ids)
            expected = sum(max(1, days // (a.update_interval_days or 30)) for a in mine)
            posted = sum(updates.get(i, 0) for i in ids)
            values = {
                "level_id": levels.get(user.id, False),
                "team_id": user.sale_team_id.id,
                "account_count": len(mine),
                "strategic_count": tiers.count("strategic"),
                "key_count": tiers.count("key"),
                "load": sum(TIER_WEIGHTS.get(tier, 1) for tier in tiers),
                "revenue": rev,
                "revenue_previous": prev,
                "revenue_growth": 100.0 * (rev - prev) / prev if prev else False,
                "cost": spent,
                "margin": rev - spent,
                "margin_pct": 100.0 * (rev - spent) / rev if rev else False,
                "accounts_lost": len(lost),
                "retention": 100.0 * (len(mine) - len(lost)) / len(mine) if mine else False,
                "nps": nps_of(counts) if sum(counts.values()) else False,
                "nps_answers": sum(counts.values()),
                "csat": (sum(csat.get(i, (0, 0))[0] * csat.get(i, (0, 0))[1] for i in ids) / csat_count
                         if csat_count else False),
                "requests": received,
                "sla_compliance": 100.0 * (received - breached) / received if received else False,
                "on_time": 100.0 * done / due if due else False,
                "upsell_created": sum(upsell.get(i, (0, 0, 0))[0] for i in ids),
                "upsell_won": sum(upsell.get(i, (0, 0, 0))[1] for i in ids),
                "upsell_revenue": sum(upsell.get(i, (0, 0, 0.0))[2] for i in ids),
                "updates_posted": posted,
                "updates_on_time": min(100.0, 100.0 * posted / expected) if expected else False,
                "date_computed": now,
            }
            card = existing.get((user.id, date_from))
            if card:
                card.sudo().write(values)
            else:
                to_create.append(dict(values, user_id=user.id, company_id=company.id, period_type=period_type,
                                      date_from=date_from, date_to=date_to))
        self.sudo().create(to_create)
        return self.sudo().search([("user_id", "in", users.ids), ("company_id", "=", company.id),
                                   ("period_type", "=", period_type), ("date_from", "=", date_from)])

    @api.model
    def _ladder_users(self, company):
        return self.env["res.users"].search([
            ("share", "=", False), ("company_ids", "in", company.id),
            ("groups_id", "in", self.env.ref(GROUP_INTERN).id)])

    def action_compute_current(self):
        """Directors and team leaders: refresh this month's and this
        quarter's scorecards of the people they may see. A list-header
        button: `self` is the selection, possibly empty, and is not used."""
        if not self.env.user.has_group(GROUP_MANAGER):
            raise AccessError(self.env._("Only team leaders and directors compute scorecards."))
        users = self._ladder_users(self.env.company)
        if not self.env.user.has_group(GROUP_DIRECTOR):
            users = users.filtered(lambda u: u.sale_team_id.user_id == self.env.user or u == self.env.user)
        today = fields.Date.context_today(self)
        for period_type in ("month", "quarter"):
            self._compute_scorecards(users, period_type, today)
        self.env["agency.promotion.readiness"]._refresh(users, self.env.company)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def _cron_compute_scorecards(self):
        """Daily: the running and the last closed month and quarter of every
        company, then promotion readiness. Idempotent (upserts)."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("active", "=", True)]):
            users = self._ladder_users(company)
            for period_type, back in (("month", relativedelta(months=1)), ("quarter", relativedelta(months=3))):
                for day in (today, today - back):
                    self._compute_scorecards(users, period_type, day, company)
            self.env["agency.promotion.readiness"]._refresh(users, company)

    # ------------------------------------------------------------ links

    def _action_records(self, model, domain, name):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "name": name, "res_model": model,
                "views": [[False, "list"], [False, "form"]], "domain": domain, "context": {"create": False}}

    def _accounts_domain(self):
        return [("account_id.user_id", "=", self.user_id.id), ("company_id", "=", self.company_id.id)]

    def action_view_accounts(self):
        return self._action_records("agency.account", [("user_id", "=", self.user_id.id),
                                                       ("company_id", "=", self.company_id.id)],
                                    self.env._("Accounts"))

    def action_view_requests(self):
        end = fields.Datetime.to_datetime(self.date_to) + relativedelta(days=1)
        return self._action_records("agency.request", self._accounts_domain() + [
            ("date_received", ">=", self.date_from), ("date_received", "<", end)], self.env._("Requests"))

    def action_view_allocations(self):
        return self._action_records("agency.brief.allocation", self._accounts_domain() + [
            ("date_due", ">=", self.date_from), ("date_due", "<=", self.date_to)], self.env._("Work Due"))

    def action_view_surveys(self):
        end = fields.Datetime.to_datetime(self.date_to) + relativedelta(days=1)
        return self._action_records("agency.survey", self._accounts_domain() + [
            ("state", "=", "answered"), ("date_answered", ">=", self.date_from), ("date_answered", "<", end)],
            self.env._("Answers"))

    def action_view_updates(self):
        return self._action_records("agency.account.update", self._accounts_domain() + [
            ("date", ">=", self.date_from), ("date", "<=", self.date_to)], self.env._("Status Updates"))

    def action_open_review(self):
        self.ensure_one()
        self.check_access("read")
        self.env["agency.review"].check_access("create")
        return {"type": "ir.actions.act_window", "res_model": "agency.review", "views": [[False, "form"]],
                "context": {"default_user_id": self.user_id.id, "default_scorecard_id": self.id}}

