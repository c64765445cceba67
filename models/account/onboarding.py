from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..const import GROUP_DIRECTOR

ONBOARDING_BATCH = 500


class AgencyAccount(models.Model):
    """Onboarding a firm already on Odoo: propose an account for each
    customer company with sales history, pre-filled from what Odoo knows,
    then create the chosen ones in batches."""

    _inherit = "agency.account"

    @api.model
    def _onboarding_candidates(self, company, date_from, min_invoiced=0.0, with_orders=True,
                               with_opportunities=True, bands=(100000.0, 30000.0, 5000.0)):
        """Customer companies of `company` without an account, with invoiced
        revenue of at least `min_invoiced` since `date_from` (or confirmed
        orders, or open opportunities): a list of dicts ready for accounts.
        A fixed number of grouped queries, however many customers."""
        if not self.env.user.has_group(GROUP_DIRECTOR):
            raise AccessError(self.env._("Only an Account Director onboards client accounts."))
        Move, Order, Lead = (self.env[m].sudo() for m in ("account.move", "sale.order", "crm.lead"))
        invoiced = defaultdict(float)
        for partner, amount in Move._read_group(
                [("company_id", "=", company.id), ("move_type", "in", ("out_invoice", "out_refund")),
                 ("state", "=", "posted"), ("invoice_date", ">=", date_from)],
                ["commercial_partner_id"], ["amount_untaxed_signed:sum"]):
            invoiced[partner] += amount
        orders = {}
        sellers, teams = defaultdict(Counter), defaultdict(Counter)
        first_order = {}
        for partner, user, team, count, first in Order._read_group(
                [("company_id", "=", company.id), ("state", "=", "sale"), ("date_order", ">=", date_from)],
                ["partner_id", "user_id", "team_id"], ["__count", "date_order:min"]):
            partner = partner.commercial_partner_id
            orders[partner] = orders.get(partner, 0) + count
            if user:
                sellers[partner][user] += count
            if team:
                teams[partner][team] += count
            first_order[partner] = min(first_order.get(partner, first), first)
        opportunities = {}
        for partner, count in Lead._read_group(
                [("company_id", "in", (company.id, False)), ("type", "=", "opportunity"), ("active", "=", True),
                 ("stage_id.is_won", "=", False), ("partner_id", "!=", False)],
                ["partner_id"], ["__count"]):
            partner = partner.commercial_partner_id
            opportunities[partner] = opportunities.get(partner, 0) + count
        services = defaultdict(set)
        for partner, product in self.env["sale.order.line"].sudo()._read_group(
                [("order_id.company_id", "=", company.id), ("order_id.state", "=", "sale"),
                 ("order_id.date_order", ">=", date_from),
                 ("product_id.categ_id.agency_service_tag_id", "!=", False)],
                ["order_partner_id", "product_id"], []):
            services[partner.commercial_partner_id].add(product.categ_id.agency_service_tag_id.id)
        candidates = {p for p, amount in invoiced.items() if amount >= max(min_invoiced, 0.01)}
        if with_orders:
            candidates |= set(orders)
        if with_opportunities:
            candidates |= set(opportunities)
        existing = set(self.sudo().with_context(active_test=False).search(
            [("company_id", "=", company.id)]).partner_id.ids)
        strategic, key, growth = bands
        result = []
        for partner in candidates:
            if partner.id in existing or not partner.is_company and partner.parent_id:
                continue
            revenue = invoiced.get(partner, 0.0)
            tier = "strategic" if revenue >= strategic else "key" if revenue >= key else \
                "growth" if revenue >= growth else "standard"
            seller = sellers[partner].most_common(1)[0][0] if sellers[partner] else partner.user_id
            team = teams[partner].most_common(1)[0][0] if teams[partner] else self.env["crm.team"]
            result.append({
                "partner_id": partner.id, "invoiced": revenue, "order_count": orders.get(partner, 0),
                "opportunity_count": opportunities.get(partner, 0),
                "user_id": seller.id if seller and not seller.share else False,
                "team_id": team.id if team and team.company_id in (company, self.env["res.company"]) else False,
                "tier": tier, "service_tag_ids": sorted(services[partner]),
                "date_start": fields.Date.to_date(first_order[partner]) if partner in first_order else False,
            })
        return sorted(result, key=lambda vals: (-vals["invoiced"], -vals["order_count"]))

    @api.model
    def _onboarding_create(self, company, proposals):
        """Create the accounts of `proposals` (dicts of `_onboarding_candidates`)
        in batches; returns them."""
        if not self.env.user.has_group(GROUP_DIRECTOR):
            raise AccessError(self.env._("Only an Account Director onboards client accounts."))
        accounts = self.browse()
        Account = self.with_company(company).with_context(tracking_disable=True, mail_create_nosubscribe=True)
        for start in range(0, len(proposals), ONBOARDING_BATCH):
            accounts |= Account.create([{
                "partner_id": vals["partner_id"], "company_id": company.id,
                "user_id": vals.get("user_id") or self.env.user.id,
                "team_id": vals.get("team_id"), "tier": vals.get("tier") or "standard",
                "service_tag_ids": [(6, 0, vals.get("service_tag_ids") or [])],
                "date_start": vals.get("date_start"), "stage": "active",
            } for vals in proposals[start:start + ONBOARDING_BATCH]])
        return accounts
