from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields, models

from ..agency_budget import actual_cost

# The windows every figure is read over, defined once (README, "Definitions").
RECENT_DAYS = 90       # service levels, delivery and revenue: "the last 90 days"
TREND_MONTHS = 6       # the health trend of the report: six monthly snapshots


class AgencyAccount(models.Model):
    """The figures layer: each figure that health, the account report, the
    workbook, status updates, account plans and the digest show is computed
    here, once, for a recordset of accounts and a period, in one grouped
    query. Definitions (README, "Definitions"):

    - invoiced revenue: posted customer invoices minus posted credit notes,
      untaxed, in company currency, by invoice date, both ends included;
    - overdue: what is still due on posted customer invoices and credit notes
      whose due date has passed;
    - CSAT: the average of the 1-5 answers, with their count;
    - NPS: % promoters (9-10) minus % detractors (0-6) of the 0-10 answers.
    """

    _inherit = "agency.account"

    @staticmethod
    def _figures_last_twelve_months(today):
        """(first day, last day) of the twelve months that end on `today` (the
        reader's date): the window of satisfaction and revenue everywhere
        (the form, health, the report)."""
        return today - timedelta(days=364), today

    @staticmethod
    def _figures_last_ninety_days(today):
        """(first day, last day) of the 90 days that end on `today`: the window
        of service levels, delivery and recent revenue everywhere."""
        return today - timedelta(days=RECENT_DAYS - 1), today

    @classmethod
    def _figures_ninety_days_before(cls, today):
        """The 90 days before the last 90: what recent revenue is compared with."""
        start, _today = cls._figures_last_ninety_days(today)
        return start - timedelta(days=RECENT_DAYS), start - timedelta(days=1)

    @staticmethod
    def _figures_trend_since(today):
        """First day of the oldest month of the health trend."""
        return today.replace(day=1) - relativedelta(months=TREND_MONTHS - 1)

    def _figures_by_client(self, groups):
        """Sum (commercial partner, company, amount) groups onto the accounts."""
        account_of = {(account.partner_id.commercial_partner_id.id, account.company_id.id): account.id
                      for account in self}
        result = defaultdict(float)
        for partner, company, amount in groups:
            account_id = account_of.get((partner.id, company.id))
            if account_id:
                result[account_id] += amount
        return result

    def _figures_move_domain(self):
        return [("commercial_partner_id", "in", self.partner_id.commercial_partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")]

    def _figures_invoiced(self, date_from, date_to):
        """{account id: invoiced revenue} from date_from to date_to."""
        if not self:
            return {}
        return self._figures_by_client(self.env["account.move"].sudo()._read_group(
            self._figures_move_domain() + [("invoice_date", ">=", date_from), ("invoice_date", "<=", date_to)],
            ["commercial_partner_id", "company_id"], ["amount_untaxed_signed:sum"]))

    def _figures_overdue(self, today):
        """{account id: amount overdue} on `today`."""
        if not self:
            return {}
        return self._figures_by_client(self.env["account.move"].sudo()._read_group(
            self._figures_move_domain() + [("payment_state", "in", ("not_paid", "partial")),
                                           ("invoice_date_due", "<", today)],
            ["commercial_partner_id", "company_id"], ["amount_residual_signed:sum"]))

    def _figures_answers_domain(self, survey_type, date_from, date_to):
        return [("account_id", "in", self.ids), ("survey_type", "=", survey_type), ("state", "=", "answered"),
                ("date_answered", ">=", date_from), ("date_answered", "<", date_to + timedelta(days=1))]

    def _figures_csat(self, date_from, date_to):
        """{account id: (average 1-5, number of answers)} answered from
        date_from to date_to."""
        return {account.id: (avg, count) for account, avg, count in self.env["agency.survey"].sudo()._read_group(
            self._figures_answers_domain("csat", date_from, date_to), ["account_id"], ["score:avg", "__count"])}

    def _figures_nps_counts(self, date_from, date_to):
        """{account id: {"promoter": n, "passive": n, "detractor": n}} of the
        NPS answers from date_from to date_to."""
        counts = defaultdict(lambda: defaultdict(int))
        for account, category, count in self.env["agency.survey"].sudo()._read_group(
                self._figures_answers_domain("nps", date_from, date_to), ["account_id", "nps_category"], ["__count"]):
            counts[account.id][category] += count
        return counts

    def _figures_nps(self, date_from, date_to):
        """{account id: NPS} of the answers from date_from to date_to."""
        return {account_id: nps_of(c) for account_id, c in self._figures_nps_counts(date_from, date_to).items()
                if sum(c.values())}

    @staticmethod
    def _figures_split(groups):
        """{account id: (total, of which flagged)} from (account, flag, count)
        groups: one grouped query instead of one per flag."""
        result = defaultdict(lambda: [0, 0])
        for account, flag, count in groups:
            result[account.id][0] += count
            if flag:
                result[account.id][1] += count
        return {account_id: tuple(counts) for account_id, counts in result.items()}

    def _figures_sla(self, date_from, date_to):
        """{account id: (requests received, of which breached)} from date_from
        to date_to (triage included once it has an account). Breached as the
        request's own status says it (`_sla_breached_domain`), so health,
        the report and My Day never disagree about one request."""
        Request = self.env["agency.request"].sudo()
        domain = [("account_id", "in", self.ids), ("date_received", ">=", date_from),
                  ("date_received", "<", date_to + timedelta(days=1))]
        breached = dict(Request._read_group(
            domain + Request._sla_breached_domain(fields.Datetime.now()), ["account_id"], ["__count"]))
        return {account.id: (count, breached.get(account, 0))
                for account, count in Request._read_group(domain, ["account_id"], ["__count"])}

    def _figures_open_requests(self):
        """{account id: (open requests, of which breached, open complaints)}."""
        Request = self.env["agency.request"].sudo()
        domain = [("account_id", "in", self.ids), ("state", "not in", ("resolved", "closed"))]
        breached = dict(Request._read_group(
            domain + Request._sla_breached_domain(fields.Datetime.now()), ["account_id"], ["__count"]))
        complaints = dict(Request._read_group(
            domain + [("request_type", "=", "complaint")], ["account_id"], ["__count"]))
        return {account.id: (count, breached.get(account, 0), complaints.get(account, 0))
                for account, count in Request._read_group(domain, ["account_id"], ["__count"])}

    def _figures_delivery(self, date_from, date_to):
        """{account id: (allocations due from date_from to date_to, of which
        done)}; cancelled work and work of briefs not approved are left out."""
        return self._figures_split(
            (account, state == "done", count) for account, state, count in
            self.env["agency.brief.allocation"].sudo()._read_group(
                [("account_id", "in", self.ids), ("date_due", ">=", date_from), ("date_due", "<=", date_to),
                 ("state", "!=", "cancelled"),
                 ("brief_id.state", "in", ("approved", "in_progress", "delivered", "closed"))],
                ["account_id", "state"], ["__count"]))

    def _figures_upsell(self, date_from, date_to):
        """{account id: (opportunities created, opportunities won, revenue
        won)} of the client from date_from to date_to: created by creation
        date, won by closing date in a won stage."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        base = [("type", "=", "opportunity"), ("partner_id", "child_of", self.partner_id.commercial_partner_id.ids),
                ("company_id", "in", self.company_id.ids)]
        end = date_to + timedelta(days=1)
        created = self._figures_by_client(
            (partner.commercial_partner_id, company, count) for partner, company, count in Lead._read_group(
                base + [("create_date", ">=", date_from), ("create_date", "<", end)],
                ["partner_id", "company_id"], ["__count"]))
        won_groups = Lead._read_group(
            base + [("stage_id.is_won", "=", True), ("date_closed", ">=", date_from), ("date_closed", "<", end)],
            ["partner_id", "company_id"], ["__count", "expected_revenue:sum"])
        won = self._figures_by_client((p.commercial_partner_id, c, n) for p, c, n, _amount in won_groups)
        revenue = self._figures_by_client((p.commercial_partner_id, c, amount) for p, c, _n, amount in won_groups)
        return {account_id: (int(created.get(account_id, 0)), int(won.get(account_id, 0)),
                             revenue.get(account_id, 0.0))
                for account_id in set(created) | set(won)}

    def _figures_budgets(self, date_from=None, date_to=None, brief_states=None):
        """{account id: [{budget, reference, actual, invoiced, over}]} of the
        approved budgets (of briefs in `brief_states` when given): the amount
        spend is measured against (agreed, or the estimate), the actual cost
        and the revenue invoiced on the project, from date_from to date_to
        (all time by default), with one pass over the analytic lines."""
        domain = [("account_id", "in", self.ids), ("state", "=", "approved")]
        if brief_states:
            domain.append(("brief_id.state", "in", brief_states))
        budgets = self.env["agency.budget"].sudo().search(domain)
        actuals = budgets._get_actuals(date_from, date_to)
        result = defaultdict(list)
        for budget in budgets:
            figures = actuals.get(budget.id, {})
            actual = actual_cost(figures)
            result[budget.account_id.id].append({
                "budget": budget, "reference": budget.reference_amount, "actual": actual,
                "invoiced": figures.get("invoiced_revenue", 0.0),
                "over": actual > budget.reference_amount > 0,
            })
        return result

    def _figures_pipeline(self):
        """{account id: [(stage name, opportunities, expected revenue)]} of the
        open opportunities of the clients and their contacts, by stage."""
        account_of = {(a.partner_id.commercial_partner_id.id, a.company_id.id): a.id for a in self}
        partners = self.env["res.partner"].with_context(active_test=False)._search(
            [("id", "child_of", self.partner_id.ids)])
        result = defaultdict(list)
        for partner, company, stage, count, revenue in self.env["crm.lead"].sudo()._read_group(
                [("partner_id", "in", partners), ("type", "=", "opportunity"), ("active", "=", True),
                 ("stage_id.is_won", "=", False), ("company_id", "in", self.company_id.ids + [False])],
                ["partner_id", "company_id", "stage_id"], ["__count", "expected_revenue:sum"]):
            for company_id in ([company.id] if company else self.company_id.ids):
                account_id = account_of.get((partner.commercial_partner_id.id, company_id))
                if account_id:
                    result[account_id].append((stage.name, count, revenue))
        return result

    def _figures_late_work(self, today):
        """{account id: (allocations, of which late)} of approved briefs: due
        in the last 90 days or still open."""
        Allocation = self.env["agency.brief.allocation"].sudo()
        domain = [("account_id", "in", self.ids), ("brief_id.state", "in", ("approved", "in_progress", "delivered")),
                  "|", ("date_due", ">=", self._figures_last_ninety_days(today)[0]),
                  ("state", "in", ("planned", "in_progress"))]
        # Lateness is computed (searchable, not stored): one count each.
        late = dict(Allocation._read_group(domain + [("is_late", "=", True)], ["account_id"], ["__count"]))
        return {account.id: (total, late.get(account, 0))
                for account, total in Allocation._read_group(domain, ["account_id"], ["__count"])}

    def _figures_last_contact(self):
        """{account id: when the account last had an email, a logged note or
        a done activity in its chatter}."""
        return dict(self.env["mail.message"].sudo()._read_group(
            [("model", "=", "agency.account"), ("res_id", "in", self.ids),
             "|", ("message_type", "in", ("email", "comment")), ("mail_activity_type_id", "!=", False)],
            ["res_id"], ["date:max"]))

    def _figures_updates(self, date_from, date_to):
        """{account id: status updates posted from date_from to date_to}."""
        return {account.id: count for account, count in self.env["agency.account.update"].sudo()._read_group(
            [("account_id", "in", self.ids), ("date", ">=", date_from), ("date", "<=", date_to)],
            ["account_id"], ["__count"])}


def nps_of(counts):
    """NPS of {category: number of answers}: % promoters minus % detractors."""
    total = sum(counts.values())
    return 100.0 * (counts.get("promoter", 0) - counts.get("detractor", 0)) / total if total else None
