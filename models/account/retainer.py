from collections import defaultdict

from odoo import fields, models

from ..const import COST_READERS

# Closed periods over-serviced in a row that flag an account.
OVER_SERVICED_RUN = 3


class AgencyAccount(models.Model):
    """Retainers of an account: its over-servicing flag (read by health and
    the account report) and the retainer figures of the figures layer."""

    _inherit = "agency.account"

    retainer_ids = fields.One2many("agency.retainer", "account_id", string="Retainers", groups=COST_READERS)
    retainer_over_servicing = fields.Boolean(
        string="Over-Serviced Retainer", readonly=True, copy=False, agency_system=True,
        help=f"The last {OVER_SERVICED_RUN} closed periods of one of its retainers used more hours than available.")

    def _update_retainer_flag(self, today):
        periods = self.env["agency.retainer.period"].sudo().search(
            [("account_id", "in", self.ids), ("date_to", "<", today), ("retainer_id.state", "=", "active")],
            order="retainer_id, date_from desc")
        last = defaultdict(list)
        for period in periods:
            if len(last[period.retainer_id]) < OVER_SERVICED_RUN:
                last[period.retainer_id].append(period.over_hours > 0)
        flagged = {retainer.account_id.id for retainer, overs in last.items()
                   if len(overs) == OVER_SERVICED_RUN and all(overs)}
        changed = self.filtered(lambda a: a.retainer_over_servicing != (a.id in flagged))
        changed.filtered(lambda a: a.id in flagged).sudo().write({"retainer_over_servicing": True})
        changed.filtered(lambda a: a.id not in flagged).sudo().write({"retainer_over_servicing": False})
        if changed:
            changed._agency_health_changed()

    def _figures_retainers(self, date_from, date_to):
        """{account id: {"fee", "available_hours", "worked_hours", "cost",
        "margin", "over_periods", "periods"}} of the retainer periods that
        start in [date_from, date_to], from their recorded figures: one
        grouped query."""
        result = {}
        groups = self.env["agency.retainer.period"].sudo()._read_group(
            [("account_id", "in", self.ids), ("date_from", ">=", date_from), ("date_from", "<=", date_to)],
            ["account_id"], ["fee:sum", "available_hours:sum", "worked_hours:sum", "cost:sum", "margin:sum",
                             "__count"])
        overs = dict(self.env["agency.retainer.period"].sudo()._read_group(
            [("account_id", "in", self.ids), ("date_from", ">=", date_from), ("date_from", "<=", date_to),
             ("over_hours", ">", 0)], ["account_id"], ["__count"]))
        for account, fee, available, worked, cost, margin, count in groups:
            result[account.id] = {"fee": fee, "available_hours": available, "worked_hours": worked, "cost": cost,
                                  "margin": margin, "periods": count, "over_periods": overs.get(account, 0)}
        return result
