from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..const import GROUP_EXECUTIVE, LEVEL_KEYS

# Weight of an account in its manager's portfolio; the SQL view of
# agency.manager.load uses the same weights.
TIER_WEIGHTS = {"strategic": 4, "key": 3, "growth": 2, "standard": 1}


class AgencyAccount(models.Model):
    """Growing accounts and managing the load: plans, competitors, market
    notes, upsell opportunities and the capacity of account managers."""

    _inherit = "agency.account"

    plan_ids = fields.One2many("agency.account.plan", "account_id", string="Account Plans")
    competitor_share_ids = fields.One2many("agency.account.competitor", "account_id", string="Competitors")
    market_note_ids = fields.Many2many(
        "agency.market.note", compute="_compute_market_note_ids", string="Market Notes",
        help="Trend notes about this client's industry.",
    )

    def _compute_market_note_ids(self):
        notes = self.env["agency.market.note"].search([("industry_id", "in", self.industry_id.ids)])
        by_industry = defaultdict(lambda: self.env["agency.market.note"])
        for note in notes:
            by_industry[note.industry_id.id] |= note
        for account in self:
            account.market_note_ids = by_industry[account.industry_id.id]

    @api.model
    def _capacities(self, users):
        """Maximum weighted accounts of each user, by their highest level."""
        company = self.env.company
        return {user_id: company[f"agency_capacity_{LEVEL_KEYS[level]}"]
                for user_id, level in users._agency_levels().items()}

    def _weighted_load(self, users):
        """Weighted accounts per user today (one grouped query)."""
        load = defaultdict(int)
        for user, tier, count in self.sudo()._read_group(
                [("user_id", "in", users.ids), ("stage", "!=", "lost")], ["user_id", "tier"], ["__count"]):
            load[user.id] += TIER_WEIGHTS.get(tier, 1) * count
        return load

    def _capacity_warning(self, user):
        """A message when giving these accounts to `user` takes them past
        the capacity of their level; empty when it fits."""
        if not user:
            return ""
        load = self._weighted_load(user)[user.id]
        added = sum(TIER_WEIGHTS.get(a.tier, 1) for a in self if a.user_id != user)
        capacity = self._capacities(user).get(user.id)
        if capacity and load + added > capacity:
            return self.env._(
                "%(user)s would manage %(load)s weighted accounts, beyond the %(capacity)s of their level.",
                user=user.name, load=load + added, capacity=capacity,
            )
        return ""

    @api.onchange("user_id")
    def _onchange_user_id_capacity(self):
        warning = self._origin._capacity_warning(self.user_id) if self._origin else \
            self._capacity_warning(self.user_id)
        if warning:
            return {"warning": {"title": self.env._("Over capacity"), "message": warning}}
        return None

    def _prepare_upsell_vals(self, service):
        self.ensure_one()
        return {
            "name": self.env._("Upsell: %(service)s for %(account)s", service=service.name, account=self.name),
            "type": "opportunity",
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
            "agency_service_tag_id": service.id,
        }

    def _create_upsell(self, service):
        """The upsell opportunity for a service the client does not buy yet,
        assigned to the account manager."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(GROUP_EXECUTIVE):
            raise AccessError(self.env._("Only an Account Executive or above can open upsell opportunities."))
        self.check_access("read")
        # The opportunity is the account manager's, whoever clicks: CRM's own
        # rules would refuse an executive creating it for someone else.
        return self.env["crm.lead"].sudo().create(self._prepare_upsell_vals(service)).sudo(False)

    def action_view_plans(self):
        return self._action_open("agency_account_manager.agency_account_plan_action", [("account_id", "=", self.id)],
                                 {"default_account_id": self.id})
