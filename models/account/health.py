import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.tools import format_amount, format_date
from odoo.tools.misc import formatLang

from ..const import BANDS, COST_READERS
from ..nullable_fields import NullableFloat, NullableInteger

FACTORS = [
    ("satisfaction", "Satisfaction"),
    ("delivery", "Delivery"),
    ("responsiveness", "Responsiveness"),
    ("budget", "Budget"),
    ("engagement", "Engagement"),
    ("commercial", "Commercial"),
]
_logger = logging.getLogger(__name__)
# Factors whose facts state cost or money owed: shown only to those who read costs.
COST_FACTORS = ("budget", "commercial")


class AgencyAccount(models.Model):
    """Account health: a 0-100 score from weighted factors that explain
    themselves, recomputed daily with a fixed number of grouped queries."""

    _inherit = "agency.account"

    health_score = NullableInteger(
        readonly=True, copy=False, aggregator="avg", agency_system=True,
        help="0 to 100; empty when there is not enough data (left out of averages).")
    health_band = fields.Selection(
        BANDS, default="none", readonly=True, copy=False, index=True, tracking=True, agency_system=True)
    # Every factor's facts, cost ones included: what health_details_html shows
    # each reader is filtered by what they may read.
    health_details = fields.Json(readonly=True, copy=False, agency_system=True, groups=COST_READERS)
    health_details_html = fields.Html(compute="_compute_health_details_html", string="Why This Score")
    health_reason = fields.Char(
        compute="_compute_health_details_html",
        help="The weakest factor of the score and its facts, as far as you may read them.")
    health_date = fields.Datetime(string="Health Computed On", readonly=True, copy=False, agency_system=True)
    # When the band last changed, and from what (the weekly digest reports it).
    health_band_previous = fields.Selection(BANDS, readonly=True, copy=False, default="none", agency_system=True)
    health_band_date = fields.Date(string="Band Since", readonly=True, copy=False, agency_system=True)
    health_snapshot_ids = fields.One2many("agency.account.health", "account_id", string="Health Trend")
    survey_ids = fields.One2many("agency.survey", "account_id", string="Surveys")
    nps_interval_months = fields.Integer(
        string="NPS Every (months)", default=3, help="How often the client gets the NPS question; 0: never.",
    )
    date_next_nps = fields.Date(string="Next NPS Survey", copy=False)
    nps_score = NullableFloat(compute="_compute_nps_score", string="NPS (12 months)")

    @api.depends_context("uid", "lang")
    def _compute_health_details_html(self):
        """The explanation of the score in the reader's language, as far as
        they may read it (template agency_account_manager.health_explanation),
        and its weakest factor in one line."""
        QWeb = self.env["ir.qweb"]
        for account in self:
            items = account._health_explanation()
            scored = [item for item in items if item["score"] is not None and item["weight"]]
            weakest = min(scored, key=lambda item: item["score"]) if scored else None
            account.health_reason = "%s: %s" % (weakest["label"], weakest["facts"]) \
                if weakest and account.health_band != "none" else False
            account.health_details_html = QWeb._render(
                "agency_account_manager.health_explanation", {"items": items}) if items else False

    def _health_explanation(self):
        """Each factor of the stored score as the reader reads it: label,
        score, weight and facts, rendered now in the reader's language from
        the facts stored as data; cost facts only for those who read costs."""
        self.ensure_one()
        sees_costs = self.env.su or self.env.user._agency_sees_costs()
        Snapshot = self.env["agency.account.health"]
        items = []
        for item in self.sudo().health_details or []:
            factor = item["factor"]
            score, facts = item.get("score"), item.get("facts")
            if not sees_costs and factor in COST_FACTORS:
                score = None if factor == "budget" else score
                text = self.env._("Visible to account executives and finance")
            elif isinstance(facts, str):  # computed before the facts were stored as data
                text = facts
            else:
                text = "; ".join(self._health_fact_text(fact) for fact in facts or [])
            items.append({
                "factor": factor,
                "label": Snapshot._fields[factor]._description_string(self.env) if factor in Snapshot._fields
                else factor,
                "score": score,
                "weight": item.get("weight") or 0,
                "facts": text or self.env._("No data: left out, weights rescaled"),
            })
        return items

    def _health_fact_text(self, fact):
        """One fact of a health factor (a dict: its code and its figures) as
        a sentence in the reader's language, numbers and money in its format."""
        env = self.env

        def number(value, digits=0):
            return formatLang(env, value, digits=digits)
        code = fact["code"]
        if code == "csat":
            return env._("CSAT %(avg)s/5 from 1 answer", avg=number(fact["avg"], 1)) if fact["count"] == 1 else \
                env._("CSAT %(avg)s/5 from %(count)s answers", avg=number(fact["avg"], 1), count=fact["count"])
        if code == "nps":
            return env._("NPS %(nps)s", nps=("+" if round(fact["nps"]) > 0 else "") + number(fact["nps"]))
        if code == "late_work":
            return env._("%(late)s late of 1 allocation", late=fact["late"]) if fact["total"] == 1 else \
                env._("%(late)s late of %(total)s allocations", late=fact["late"], total=fact["total"])
        if code == "breached":
            return env._("%(rate)s%% of 1 request breached", rate=number(fact["rate"])) if fact["count"] == 1 else \
                env._("%(rate)s%% of %(count)s requests breached", rate=number(fact["rate"]), count=fact["count"])
        if code == "complaints":
            return env._("1 open complaint") if fact["count"] == 1 else \
                env._("%(count)s open complaints", count=fact["count"])
        if code == "budgets":
            budgets = env._("1 budget") if fact["count"] == 1 else env._("%(count)s budgets", count=fact["count"])
            return env._("%(budgets)s: spend %(overrun)s points ahead of progress on average; %(over)s over budget",
                         budgets=budgets, overrun=number(fact["overrun"]), over=fact["over"])
        if code == "retainer_over_servicing":
            return env._("Retainer over-serviced three periods in a row")
        if code == "last_contact":
            return env._("%(days)s days since the last contact", days=fact["days"])
        if code == "invoiced":
            currency = env["res.currency"].browse(fact["currency_id"])
            return env._("Invoiced %(now)s in the last 90 days vs %(before)s before; %(late)s overdue",
                         now=format_amount(env, fact["now"], currency),
                         before=format_amount(env, fact["before"], currency),
                         late=format_amount(env, fact["late"], currency))
        return code

    def _compute_nps_score(self):
        scores = self._figures_nps(*self._figures_last_twelve_months(fields.Date.context_today(self)))
        for account in self:
            # No answer in twelve months: empty ("No data"), not an NPS of 0.
            account.nps_score = scores.get(account.id, False)

    # ------------------------------------------------------------ factors

    def _health_factor_satisfaction(self, today):
        since, today = self._figures_last_twelve_months(today)
        csat = self._figures_csat(since, today)
        nps = self._figures_nps(since, today)
        result = {}
        for account in self:
            parts, facts = [], []
            if account.id in csat:
                avg, count = csat[account.id]
                parts.append((avg - 1) / 4 * 100)
                facts.append({"code": "csat", "avg": avg, "count": count})
            if account.id in nps:
                parts.append((nps[account.id] + 100) / 2)
                facts.append({"code": "nps", "nps": nps[account.id]})
            if parts:
                result[account.id] = (sum(parts) / len(parts), facts)
        return result

    def _health_factor_delivery(self, today):
        return {
            account_id: (100.0 * (1 - late / total), [{"code": "late_work", "late": late, "total": total}])
            for account_id, (total, late) in self._figures_late_work(today).items()
        }

    def _health_factor_responsiveness(self, today):
        recent = self._figures_sla(*self._figures_last_ninety_days(today))
        complaints = {account_id: values[2] for account_id, values in self._figures_open_requests().items()
                      if values[2]}
        result = {}
        for account_id in set(recent) | set(complaints):
            count, breached = recent.get(account_id, (0, 0))
            rate = 100.0 * breached / count if count else 0.0
            open_complaints = complaints.get(account_id, 0)
            score = max(0.0, 100.0 - rate - 15 * open_complaints)
            result[account_id] = (score, [{"code": "breached", "rate": rate, "count": count},
                                          {"code": "complaints", "count": open_complaints}])
        return result

    def _health_factor_budget(self, today):
        by_account = {
            account_id: [(100.0 * item["actual"] / item["reference"] if item["reference"] else 0.0,
                          item["budget"].brief_id.progress, item["over"]) for item in items]
            for account_id, items in self._figures_budgets(brief_states=("approved", "in_progress")).items()}
        result = {}
        for account_id, items in by_account.items():
            overrun = sum(max(0.0, burn - progress) for burn, progress, _over in items) / len(items)
            over = sum(1 for *_rest, is_over in items if is_over)
            score = max(0.0, 100.0 - overrun)
            if over:
                score = min(score, 30.0)
            result[account_id] = (score, [{"code": "budgets", "count": len(items), "overrun": overrun, "over": over}])
        # A retainer over-serviced period after period loses money like a budget overrun.
        for account in self.filtered("retainer_over_servicing"):
            score, facts = result.get(account.id, (100.0, []))
            result[account.id] = (min(score, 40.0), facts + [{"code": "retainer_over_servicing"}])
        return result

    def _health_factor_engagement(self, today):
        result = {}
        for account_id, date in self._figures_last_contact().items():
            days = (fields.Datetime.to_datetime(today) - date).days if date else None
            if days is None:
                continue
            score = 100 if days <= 14 else 75 if days <= 30 else 50 if days <= 60 else 25 if days <= 90 else 0
            result[account_id] = (float(score), [{"code": "last_contact", "days": max(days, 0)}])
        return result

    def _health_factor_commercial(self, today):
        recent = self._figures_invoiced(*self._figures_last_ninety_days(today))
        prior = self._figures_invoiced(*self._figures_ninety_days_before(today))
        overdue = self._figures_overdue(today)
        result = {}
        for account in self:
            now, before, late = recent.get(account.id, 0.0), prior.get(account.id, 0.0), overdue.get(account.id, 0.0)
            if not (now or before or late):
                continue
            score = min(100.0, 50.0 * now / before) if before else (100.0 if now else 50.0)
            billed = now + before
            if late > 0:
                score = max(0.0, score - min(50.0, 100.0 * late / (billed or late)))
            result[account.id] = (score, [{"code": "invoiced", "now": now, "before": before, "late": late,
                                           "currency_id": account.currency_id.id}])
        return result

    # ------------------------------------------------------------ score

    def _health_weights(self, company):
        return {factor: getattr(company, f"agency_health_weight_{factor}") for factor, _label in FACTORS}

    def _compute_health_values(self, today=None):
        """{account id: (score or None, band, details)} for all accounts: each
        factor is one or a few grouped queries over all of them; a factor
        without data is left out and the weights rescaled."""
        today = today or fields.Date.context_today(self)
        factor_values = {factor: getattr(self, f"_health_factor_{factor}")(today) for factor, _label in FACTORS}
        result = {}
        for account in self:
            company = account.company_id
            weights = self._health_weights(company)
            details, total, weight_sum = [], 0.0, 0.0
            for factor, _label in FACTORS:
                score, facts = factor_values[factor].get(account.id, (None, []))
                details.append({"factor": factor, "score": score, "weight": weights[factor], "facts": facts})
                if score is not None and weights[factor] > 0:
                    total += weights[factor] * score
                    weight_sum += weights[factor]
            score = round(total / weight_sum) if weight_sum else None
            result[account.id] = (score, self._health_band(score, company), details)
        return result

    @api.model
    def _health_band(self, score, company):
        if score is None:
            return "none"
        if score >= company.agency_health_green_min:
            return "green"
        if score >= company.agency_health_amber_min:
            return "amber"
        return "red"

    @api.constrains("nps_interval_months")
    def _check_nps_interval(self):
        if any(account.nps_interval_months < 0 for account in self):
            raise ValidationError(self.env._("The NPS interval is a number of months, zero (never) or more."))

    def _agency_health_changed(self):
        """Something the health of these accounts reads changed (a request,
        a survey answer, a piece of work, a budget): recompute it once, at
        the end of the transaction, so that the score and its explanation
        shown on the account are always those the report would print."""
        accounts = self.filtered("id")
        if not accounts:
            return
        precommit = self.env.cr.precommit
        if "agency.health.pending" not in precommit.data:
            env = self.env

            @precommit.add
            def _recompute_pending_health():
                ids = precommit.data.pop("agency.health.pending", set())
                pending = env["agency.account"].sudo().browse(ids).exists()
                if pending:
                    pending._recompute_health()
        precommit.data.setdefault("agency.health.pending", set()).update(accounts.ids)

    def _recompute_health(self, today=None):
        today = today or fields.Date.context_today(self)
        values = self._compute_health_values(today)
        month = today.replace(day=1)
        previous = {account.id: (account.health_score, account.health_band) for account in self}
        for account in self.sudo():
            score, band, details = values[account.id]
            vals = {"health_score": score, "health_band": band, "health_details": details,
                    "health_date": fields.Datetime.now()}
            if band != account.health_band:
                vals.update(health_band_previous=account.health_band, health_band_date=today)
            # The band's tracking message is stored as text: in the language
            # of the account manager who reads it, not of the job.
            account.with_context(lang=account.user_id.lang or self.env.lang).write(vals)
        Snapshot = self.env["agency.account.health"].sudo()
        existing = {s.account_id.id: s for s in Snapshot.search([("account_id", "in", self.ids), ("date", "=", month)])}
        to_create = []
        for account in self:
            score, band, details = values[account.id]
            snapshot_vals = {"score": score, "band": band, **{d["factor"]: d["score"] for d in details}}
            if account.id in existing:
                existing[account.id].write(snapshot_vals)
            else:
                to_create.append({"account_id": account.id, "date": month, **snapshot_vals})
        Snapshot.create(to_create)
        self._run_playbooks(previous, values)
        return values

    def _run_playbooks(self, previous, values):
        """Activities from the playbooks, once per event: when an account
        turns red, or its score drops by the configured number of points."""
        playbooks = self.env["agency.playbook"].sudo().search([("active", "=", True)])
        if not playbooks:
            return
        for account in self:
            old_score, old_band = previous[account.id]
            score, band, _details = values[account.id]
            if score is None or old_band == "none":
                continue
            events = set()
            if band == "red" and old_band != "red":
                events.add("turned_red")
            if old_score - score >= account.company_id.agency_health_drop_points:
                events.add("dropped")
            for playbook in playbooks.filtered(lambda p: p.trigger in events and p.company_id in (
                    account.company_id, self.env["res.company"])):
                playbook._apply(account, old_score, score)

    @api.model
    def _cron_recompute_health(self):
        """Daily: score every account not scored yet today (lost clients
        keep their last health) and take the month's snapshot."""
        start_of_day = fields.Datetime.to_datetime(fields.Date.context_today(self))
        # Small batches: each holds its accounts only for the moment it scores them.
        self._agency_cron_batch("Account health", [
            ("stage", "!=", "lost"), "|", ("health_date", "=", False), ("health_date", "<", start_of_day),
        ], lambda accounts: accounts._recompute_health(), batch_size=50)

    def action_recompute_health(self):
        self.check_access("write")
        self._recompute_health()
        return True

    def action_view_health_trend(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Health Trend"),
            "res_model": "agency.account.health",
            "view_mode": "graph,list",
            "domain": [("account_id", "=", self.id)],
            "context": {"graph_measure": "score", "graph_groupbys": ["date:month"]},
        }

    # ------------------------------------------------------------ NPS schedule

    def _nps_blockers(self, min_days):
        """{account id: reason} for the accounts that must not be asked the
        NPS question now: one is still waiting for an answer, or the client
        answered fewer than `min_days` ago. Two grouped queries."""
        Survey = self.env["agency.survey"].sudo()
        today = fields.Datetime.now()
        reasons = {}
        for account, sent in Survey._read_group(
                [("account_id", "in", self.ids), ("survey_type", "=", "nps"), ("state", "=", "sent")],
                ["account_id"], ["date_sent:max"]):
            reasons[account.id] = self.env._(
                "%(account)s: the NPS question sent on %(date)s is still waiting for an answer.",
                account=account.display_name, date=format_date(self.env, sent))
        for account, answered in Survey._read_group(
                [("account_id", "in", self.ids), ("survey_type", "=", "nps"), ("state", "=", "answered"),
                 ("date_answered", ">", today - timedelta(days=min_days))],
                ["account_id"], ["date_answered:max"]):
            reasons.setdefault(account.id, self.env._(
                "%(account)s: the client answered the NPS question on %(date)s; ask again at the "
                "earliest %(days)s days after an answer.",
                account=account.display_name, date=format_date(self.env, answered), days=min_days))
        return reasons

    def action_send_nps(self):
        """Ask the client the NPS question now."""
        self.check_access("write")
        blockers = {}
        for company, accounts in self.grouped("company_id").items():
            blockers.update(accounts._nps_blockers(company.agency_nps_min_days))
        problems = list(blockers.values()) + [
            self.env._("%(account)s: the client %(client)s has no email address.",
                       account=account.display_name, client=account.partner_id.display_name)
            for account in self if not account.partner_id.email]
        if problems:
            raise UserError("\n".join(problems))
        self.env["agency.survey"].sudo()._create_and_send([
            {"survey_type": "nps", "account_id": account.id, "partner_id": account.partner_id.id}
            for account in self])
        for account in self:
            account.date_next_nps = fields.Date.context_today(self) + timedelta(
                days=30 * (account.nps_interval_months or 3))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("NPS question sent"),
                "message": ", ".join(self.partner_id.mapped("email")),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_send_nps(self):
        """Send the NPS question to every account whose date has come."""
        today = fields.Date.context_today(self)
        self._agency_cron_batch("NPS surveys", [
            ("nps_interval_months", ">", 0), ("stage", "in", ("onboarding", "active", "at_risk")),
            "|", ("date_next_nps", "=", False), ("date_next_nps", "<=", today),
        ], lambda due: due._send_scheduled_nps(today))

    def _send_scheduled_nps(self, today):
        due = self
        # Never ask again sooner than the account's interval after an answer,
        # nor while a question is still waiting for one.
        blocked = {}
        for interval, accounts in due.grouped("nps_interval_months").items():
            blocked.update(accounts._nps_blockers(30 * interval))
        to_ask = due.filtered(lambda a: a.id not in blocked and a.partner_id.email)
        self.env["agency.survey"]._create_and_send([
            {"survey_type": "nps", "account_id": account.id, "partner_id": account.partner_id.id}
            for account in to_ask])
        for account in due:
            account.date_next_nps = today + timedelta(days=30 * account.nps_interval_months)
        _logger.info("NPS: %s accounts due, %s asked, %s skipped (recent or open survey)",
                     len(due), len(to_ask), len(blocked))
