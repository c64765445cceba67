from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_date

from .agency_promotion_criterion import TARGET_LEVELS
from .nullable_fields import NullableFloat


class AgencyPromotionReadiness(models.Model):
    """Per person, each criterion of the next level of the ladder: the
    value reached, the threshold, whether it is met and the evidence (the
    scorecards behind it). Recorded by the system (`_refresh`)."""

    _name = "agency.promotion.readiness"
    _description = "Promotion Readiness"
    _order = "user_id, criterion_id"

    user_id = fields.Many2one("res.users", string="Person", required=True, index=True, readonly=True)
    team_id = fields.Many2one("crm.team", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    target_level = fields.Selection(TARGET_LEVELS, string="Next Level", readonly=True)
    criterion_id = fields.Many2one("agency.promotion.criterion", required=True, readonly=True, ondelete="cascade")
    kind = fields.Selection(related="criterion_id.kind", string="Measure")
    value = NullableFloat(string="Reached", readonly=True)
    threshold = fields.Float(readonly=True)
    met = fields.Boolean(readonly=True)
    # What the value rests on, as data (kind and figures), read as a
    # sentence in the reader's language.
    evidence_data = fields.Json(readonly=True)
    evidence = fields.Char(compute="_compute_evidence")
    scorecard_ids = fields.Many2many("agency.scorecard", string="Scorecards", readonly=True)

    @api.depends("evidence_data", "scorecard_ids")
    @api.depends_context("lang")
    def _compute_evidence(self):
        # The scorecards every row names, checked once for all of them.
        Scorecard = self.env["agency.scorecard"].sudo()
        existing = set(Scorecard.browse(
            {card_id for row in self for card_id in (row.evidence_data or {}).get("scorecards", [])}).exists().ids)
        for readiness in self:
            data = readiness.evidence_data or {}
            kind = data.get("kind")
            cards = Scorecard.browse([card_id for card_id in data.get("scorecards", []) if card_id in existing])
            quarters = ", ".join(card._period_label() for card in cards)
            if kind == "since":
                readiness.evidence = self.env._("At the current level since %(date)s",
                                                date=format_date(self.env, fields.Date.to_date(data["date"])))
            elif kind == "missing":
                readiness.evidence = self.env._("%(found)s of the %(needed)s closed quarterly scorecards needed",
                                                found=data["found"], needed=data["needed"])
            elif kind == "no_data":
                readiness.evidence = self.env._("No data in %(quarters)s", quarters=quarters)
            elif kind == "average":
                readiness.evidence = self.env._("Average of %(quarters)s", quarters=quarters)
            else:
                readiness.evidence = False

    @api.model
    def _next_level(self, user):
        """The step a person on the ladder may be promoted to (None: at the
        top, or not on the ladder)."""
        level = user._agency_level()
        return user._agency_next_level(level) if level else None

    @api.model
    def _refresh(self, users, company):
        """Re-check every criterion of the next level of `users` in
        `company` from their closed quarterly scorecards."""
        today = fields.Date.context_today(self)
        criteria = self.env["agency.promotion.criterion"].sudo().search([("company_id", "=", company.id)])
        cards = defaultdict(list)
        for card in self.env["agency.scorecard"].sudo().search([
                ("user_id", "in", users.ids), ("company_id", "=", company.id), ("period_type", "=", "quarter"),
                ("date_to", "<", today)], order="date_from desc"):
            cards[card.user_id.id].append(card)
        self.sudo().search([("user_id", "in", users.ids), ("company_id", "=", company.id)]).unlink()
        rows = []
        for user in users:
            target = self._next_level(user)
            for criterion in criteria.filtered(lambda c, t=target: c.target_level == t):
                rows.append(self._check(user, company, criterion, cards[user.id][:criterion.quarters], today))
        return self.sudo().create(rows)

    def _check(self, user, company, criterion, cards, today):
        values = {"user_id": user.id, "team_id": user.sale_team_id.id, "company_id": company.id,
                  "target_level": criterion.target_level, "criterion_id": criterion.id,
                  "threshold": criterion.value, "scorecard_ids": [(6, 0, [c.id for c in cards])]}
        if criterion.kind == "months_at_level":
            since = user.agency_level_since or fields.Date.to_date(user.create_date)
            delta = relativedelta(today, since)
            months = delta.years * 12 + delta.months
            return dict(values, value=months, met=months >= criterion.value,
                        evidence_data={"kind": "since", "date": fields.Date.to_string(since)})
        if len(cards) < criterion.quarters:
            return dict(values, value=0.0, met=False, evidence_data={
                "kind": "missing", "found": len(cards), "needed": criterion.quarters})
        # A quarter with nothing to measure (no answer, no request) is left
        # out of the average, not counted as 0.
        measured = [card for card in cards if card[criterion.kind] is not False]
        if not measured:
            return dict(values, value=False, met=False, evidence_data={
                "kind": "no_data", "scorecards": [card.id for card in cards]})
        average = sum(card[criterion.kind] for card in measured) / len(measured)
        return dict(values, value=average, met=average >= criterion.value, evidence_data={
            "kind": "average", "scorecards": [card.id for card in measured]})
