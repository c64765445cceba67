from collections import defaultdict
from datetime import timedelta

from odoo import models


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

    def _figures_nps(self, date_from, date_to):
        """{account id: NPS} of the answers from date_from to date_to."""
        counts = defaultdict(lambda: defaultdict(int))
        for account, category, count in self.env["agency.survey"].sudo()._read_group(
                self._figures_answers_domain("nps", date_from, date_to), ["account_id", "nps_category"], ["__count"]):
            counts[account.id][category] += count
        return {account_id: 100.0 * (c["promoter"] - c["detractor"]) / sum(c.values())
                for account_id, c in counts.items() if sum(c.values())}
