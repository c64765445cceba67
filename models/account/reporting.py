from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..agency_account_update import UPDATE_STATUSES
from ..const import GROUP_DIRECTOR, GROUP_MANAGER
from ..labels import env_for, selection_label, selection_labels


class AgencyAccount(models.Model):
    """Reporting to management: status updates and their cadence, the
    figures of the account report and portfolio workbook (computed once,
    formatted by QWeb and xlsxwriter), and the weekly digest."""

    _inherit = "agency.account"

    update_ids = fields.One2many("agency.account.update", "account_id", string="Status Updates")
    last_update_status = fields.Selection(UPDATE_STATUSES, compute="_compute_last_update", string="Last Status")
    last_update_date = fields.Date(compute="_compute_last_update")
    update_interval_days = fields.Integer(
        string="Update Every (days)", compute="_compute_update_interval_days", store=True, readonly=False,
        help="How often the account manager reports on this account: every two weeks for strategic "
             "accounts, monthly otherwise, unless changed.",
    )
    date_next_update = fields.Date(string="Next Update Due", copy=False)

    @api.constrains("update_interval_days")
    def _check_update_interval(self):
        if any(account.update_interval_days < 1 for account in self):
            raise ValidationError(self.env._("Status updates are due every day at the most often: the interval is 1 day or more."))

    @api.depends("tier")
    def _compute_update_interval_days(self):
        for account in self:
            account.update_interval_days = 14 if account.tier == "strategic" else 30

    def _compute_last_update(self):
        latest = {}
        for update in self.env["agency.account.update"].search(
                [("account_id", "in", self.ids)], order="date desc, id desc"):
            latest.setdefault(update.account_id.id, update)
        for account in self:
            update = latest.get(account.id)
            account.last_update_status = update.status if update else False
            account.last_update_date = update.date if update else False

    # ------------------------------------------------------------ report data

    @api.model
    def _user_sees_costs(self):
        return self.env.su or self.env.user._agency_sees_costs()

    def _report_sections(self, with_costs):
        """The sections of the report data, in order; another module adds
        its own (and a `_report_section_<name>` method) through super()."""
        sections = ["identity", "health", "update", "pipeline", "delivery", "service", "satisfaction", "revenue",
                    "retainers"]
        return sections + ["costs", "roles"] if with_costs else sections

    def _get_report_data(self, with_costs=None, sections=None):
        """Every figure of the account report and the portfolio workbook, for
        all the accounts at once, with a fixed number of grouped queries (all
        read from the figures layer). Each section is a method
        `_report_section_<name>(data, today, with_costs)` that fills its keys
        for every account; `sections` asks for some of them only (a status
        update freezes five). Cost, budget and margin figures only when
        `with_costs` (by default: executives and above, and finance)."""
        if with_costs is None:
            with_costs = self._user_sees_costs()
        today = fields.Date.context_today(self)
        data = {account.id: {"with_costs": with_costs, "currency": account.currency_id} for account in self}
        if not self:
            return data
        for name in sections or self._report_sections(with_costs):
            if name == "costs" and not with_costs:
                continue
            getattr(self, f"_report_section_{name}")(data, today, with_costs)
        return data

    def _report_section_identity(self, data, today, with_costs):
        for account in self:
            data[account.id].update({
                "name": account.name,
                "client": account.partner_id.display_name,
                "manager": account.user_id.name or "",
                "team": account.team_id.name or "",
                "team_leader": account.team_id.user_id.name or "",
                "members": ", ".join(account.member_ids.mapped("name")),
                "tier": selection_label(account, "tier", account.tier),
                "stage": selection_label(account, "stage", account.stage),
                "industry": account.industry_id.name or "",
                "date_renewal": account.date_renewal,
            })

    def _report_section_health(self, data, today, with_costs):
        """The score, its band and the trend of the last monthly snapshots."""
        for account in self:
            data[account.id].update({
                "health_score": account.health_score,
                "health_band": account.health_band or "none",
                "health_band_label": selection_label(account, "health_band", account.health_band or "none"),
                "health_trend": [],
            })
        for snap in self.env["agency.account.health"].sudo().search(
                [("account_id", "in", self.ids), ("date", ">=", self._figures_trend_since(today))],
                order="date"):
            data[snap.account_id.id]["health_trend"].append((snap.date, snap.score, snap.band))

    def _report_section_update(self, data, today, with_costs):
        """The latest status update."""
        for account in self:
            data[account.id]["update"] = False
        for update in self.env["agency.account.update"].sudo().search(
                [("account_id", "in", self.ids)], order="date desc, id desc"):
            data[update.account_id.id]["update"] = data[update.account_id.id]["update"] or update

    def _report_section_pipeline(self, data, today, with_costs):
        pipeline = self.sudo()._figures_pipeline()
        for account in self:
            stages = pipeline.get(account.id, [])
            data[account.id].update(pipeline=stages, pipeline_value=sum(revenue for _s, _c, revenue in stages))

    def _report_section_delivery(self, data, today, with_costs):
        """The briefs in flight."""
        for account in self:
            data[account.id]["briefs"] = []
        briefs = self.env["agency.brief"].sudo().search(
            [("account_id", "in", self.ids), ("state", "not in", ("closed", "cancelled"))])
        brief_states = selection_labels(briefs, "state")
        for brief in briefs:
            data[brief.account_id.id]["briefs"].append({
                "name": brief.display_name, "state": brief_states[brief.state],
                "progress": brief.progress, "deadline": brief.date_deadline, "late": brief.late_allocation_count,
            })

    def _report_section_service(self, data, today, with_costs):
        """Open requests, breached and complaints; the breach rate of the last 90 days."""
        su = self.sudo()
        for account in self:
            data[account.id].update(open_requests=0, breached_requests=0, open_complaints=0, breach_rate=0.0)
        for account_id, (count, breached, complaints) in su._figures_open_requests().items():
            data[account_id].update(open_requests=count, breached_requests=breached, open_complaints=complaints)
        for account_id, (count, breached) in su._figures_sla(*self._figures_last_ninety_days(today)).items():
            data[account_id]["breach_rate"] = 100.0 * breached / count if count else 0.0

    def _report_section_satisfaction(self, data, today, with_costs):
        su, window = self.sudo(), self._figures_last_twelve_months(today)
        for account in self:
            data[account.id].update(nps=None, csat=None, csat_count=0)
        for account_id, nps in su._figures_nps(*window).items():
            data[account_id]["nps"] = nps
        for account_id, (avg, count) in su._figures_csat(*window).items():
            data[account_id].update(csat=avg, csat_count=count)

    def _report_section_revenue(self, data, today, with_costs):
        """Invoiced revenue over twelve months."""
        revenue = self.sudo()._figures_invoiced(*self._figures_last_twelve_months(today))
        for account in self:
            data[account.id]["invoiced_revenue"] = revenue.get(account.id, 0.0)

    def _report_section_retainers(self, data, today, with_costs):
        """Retainer periods started over twelve months (cost and margin only with costs)."""
        for account in self:
            data[account.id]["retainer"] = {
                "fee": 0.0, "available_hours": 0.0, "worked_hours": 0.0, "periods": 0, "over_periods": 0,
                "cost": 0.0, "margin": 0.0, "over_servicing": account.retainer_over_servicing}
        for account_id, figures in self.sudo()._figures_retainers(*self._figures_last_twelve_months(today)).items():
            if not with_costs:
                figures = dict(figures, cost=0.0, margin=0.0)
            data[account_id]["retainer"].update(figures)

    def _report_section_costs(self, data, today, with_costs):
        """Budget against actual cost and the margin on invoiced work, over
        the approved budgets (only for those who read costs)."""
        budgets = self.sudo()._figures_budgets()
        for account in self:
            items = budgets.get(account.id, [])
            budget = sum(item["reference"] for item in items)
            actual = sum(item["actual"] for item in items)
            invoiced = sum(item["invoiced"] for item in items)
            data[account.id].update({
                "budget_total": budget,
                "actual_cost": actual,
                "budget_burn": 100.0 * actual / budget if budget else 0.0,
                "over_budget": sum(1 for item in items if item["budget"].is_over_budget),
                "margin": invoiced - actual,
                "margin_pct": 100.0 * (invoiced - actual) / invoiced if invoiced else 0.0,
            })

    def _report_section_roles(self, data, today, with_costs):
        """Hours estimated against hours spent, by agency role, over the
        account's budgets (only for those who read costs, as the estimate)."""
        budgets = self.env["agency.budget"].sudo().search([("account_id", "in", self.ids)])
        report = budgets._agency_role_report()
        totals = {account.id: {} for account in self}
        for budget in budgets:
            rows = totals[budget.account_id.id]
            for row in report[budget.id]:
                name = row["role"].complete_name
                entry = rows.setdefault(name, {"role": name, "planned": 0.0, "actual": 0.0})
                entry["planned"] += row["planned"]
                entry["actual"] += row["actual"]
        for account in self:
            data[account.id]["roles"] = sorted(totals[account.id].values(), key=lambda row: row["role"])

    # ------------------------------------------------------------ workbook

    def action_export_portfolio_xlsx(self):
        """The portfolio workbook: for team leaders, directors and finance.
        An Odoo report (OCA report_xlsx): printed, not stored."""
        self._check_portfolio_export()
        return self.env.ref("agency_account_manager.agency_portfolio_xlsx_report").report_action(self)

    def _check_portfolio_export(self):
        if not self.env.su and not (self.env.user.has_group(GROUP_MANAGER) or self.env.user._agency_is_finance()):
            raise AccessError(self.env._("The portfolio workbook is for account managers, directors and finance."))
        self.check_access("read")

    # ------------------------------------------------------------ cadence and digest

    @api.model
    def _cron_update_reminders(self):
        """An activity for each account whose status update is due, once."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("agency_account_manager.mail_activity_type_account_update")
        self._agency_cron_batch("Status update reminders", [
            ("stage", "!=", "lost"), ("user_id", "!=", False),
            "|", ("date_next_update", "=", False), ("date_next_update", "<=", today),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ], lambda due: due._remind_update(activity_type, today))

    def _remind_update(self, activity_type, today):
        for account in self:
            account.activity_schedule(
                activity_type_id=activity_type.id, user_id=account.user_id.id,
                date_deadline=account.date_next_update or today,
                summary=env_for(self, account.user_id)._("Status update due for %(account)s", account=account.name),
            )

    def _get_digest_values(self, since):
        """What the weekly digest reports about these accounts."""
        today = fields.Date.context_today(self)
        Request = self.env["agency.request"].sudo()
        return {
            "turned_red": self.filtered(lambda a: a.health_band == "red" and a.health_band_date
                                        and a.health_band_date >= since and a.health_band_previous != "red"),
            "breaches": Request.search([
                ("account_id", "in", self.ids), ("sla_breached", "=", True),
                "|", ("date_ack_deadline", ">=", since), ("date_resolve_deadline", ">=", since)]),
            "budgets": self.env["agency.budget"].sudo().search([
                ("account_id", "in", self.ids), ("state", "=", "approved"),
                "|", ("is_over_budget", "=", True), ("last_alert_threshold", ">", 0)]),
            "updates_overdue": self.filtered(lambda a: a.date_next_update and a.date_next_update < today),
            "wins": self.env["crm.lead"].sudo().search([
                ("partner_id", "child_of", self.partner_id.ids), ("stage_id.is_won", "=", True),
                ("date_closed", ">=", since)]),
        }

    @api.model
    def _cron_weekly_digest(self):
        """Email directors (or the configured recipients) the week's events
        across the portfolio, and each team leader those of their team."""
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        companies = self.sudo().search([("stage", "!=", "lost")]).company_id
        # One digest per company and week, whatever runs the job and how often.
        self._agency_cron_batch("Weekly digest", [
            ("id", "in", companies.ids), "|", ("agency_digest_date", "=", False), ("agency_digest_date", "<", monday),
        ], lambda todo: self._send_weekly_digests(todo, today), batch_size=20, model=self.env["res.company"].sudo())

    @api.model
    def _send_weekly_digests(self, companies, today):
        since = today - timedelta(days=7)
        for company in companies:
            accounts = self.sudo().search([("stage", "!=", "lost"), ("company_id", "=", company.id)])

            def of_company(users, company=company):
                # Only people who work in the company read its digest.
                return users.filtered(lambda u: company in u.company_ids and not u.share and u.email
                                      and u.id != self.env.ref("base.user_root").id)
            recipients = of_company(company.agency_digest_user_ids or self.env.ref(
                GROUP_DIRECTOR).users)
            mails = [(recipients, accounts, self.env["crm.team"])]
            for team in accounts.team_id.filtered("user_id"):
                mails.append((of_company(team.user_id), accounts.filtered(lambda a, t=team: a.team_id == t), team))
            for users, scope, team in mails:
                if users:
                    scope._send_digest(users, team, since, company)
            company.write({"agency_digest_date": today})

    def _send_digest(self, users, team, since, company):
        """The digest of these accounts to `users` (of the portfolio, or of
        `team`): one email per language, each read in its recipients' own."""
        mails = self.env["mail.mail"]
        for lang, readers in users.grouped(lambda user: user.lang or self.env.lang or "en_US").items():
            env = self.with_context(lang=lang).env
            values = self.with_env(env)._get_digest_values(since)
            title = env._("%(team)s digest", team=team.name) if team else env._("Portfolio digest")
            body = env["ir.qweb"]._render("agency_account_manager.digest_body", {
                **values, "title": title, "since": since, "company": company,
            })
            mails |= self.env["mail.mail"].sudo().create({
                "subject": f"{company.name}: {title}",
                "body_html": body,
                "email_from": company.email_formatted or self.env.user.email_formatted,
                "recipient_ids": [(6, 0, readers.partner_id.ids)],
                "auto_delete": True,
            })
        return mails

    def action_print_report(self):
        return self.env.ref("agency_account_manager.agency_account_report_action").report_action(self)
