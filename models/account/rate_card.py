from odoo import fields, models


class AgencyAccount(models.Model):
    """The client's rate card: the hourly rate agreed per role, kept as the
    account's pricelist so that Sales prices quotations with it."""

    _inherit = "agency.account"

    rate_card_line_ids = fields.One2many("agency.rate.card.line", "account_id")
    rate_card_pricelist_id = fields.Many2one(
        "product.pricelist", readonly=True, copy=False,
        help="Written from the rate card: the client's quotations in this company are priced with it.")

    def _agency_sell_rate(self, role, on_date=None):
        """What an hour of `role` sells for to this client on `on_date`: the
        rate card's rate, else the role's standard rate (Odoo's own pricelist
        computation, on the role's product)."""
        self.ensure_one()
        product = role.sudo().agency_product_id
        if not product:
            return 0.0
        pricelist = self.sudo().rate_card_pricelist_id
        if not pricelist:
            return product.list_price
        return pricelist._get_product_price(
            product, 1.0, currency=pricelist.currency_id, uom=product.uom_id,
            date=on_date or fields.Date.context_today(self))

    def _agency_sync_rate_card(self):
        """Writes the rate card into the account's pricelist (made on first
        use, in the company's currency) and makes it the client's pricelist
        in the account's company. Run after every change of the card."""
        Pricelist = self.env["product.pricelist"].sudo()
        for account in self.sudo().exists():
            lines = account.rate_card_line_ids
            if not lines and not account.rate_card_pricelist_id:
                continue
            pricelist = account.rate_card_pricelist_id
            if not pricelist:
                pricelist = Pricelist.with_context(lang="en_US").create({
                    "name": "Rate card",
                    "company_id": account.company_id.id, "currency_id": account.company_id.currency_id.id,
                })
                # Its name in every language of the database, as Sales shows it to each reader.
                for lang, _name in self.env["res.lang"].get_installed():
                    named = pricelist.with_context(lang=lang)
                    named.name = named.env._("Rate card of %(client)s", client=account.partner_id.name)
                account.rate_card_pricelist_id = pricelist
                account.partner_id.with_company(account.company_id).property_product_pricelist = pricelist
            for line in lines:
                values = {
                    "pricelist_id": pricelist.id, "applied_on": "0_product_variant",
                    "product_id": line.role_id.agency_product_id.id,
                    "product_tmpl_id": line.role_id.agency_product_id.product_tmpl_id.id,
                    "compute_price": "fixed", "fixed_price": line.rate,
                    "date_start": line.date_start and fields.Datetime.to_datetime(line.date_start),
                    "date_end": line.date_end and fields.Datetime.to_datetime(line.date_end).replace(
                        hour=23, minute=59, second=59),
                }
                if line.pricelist_item_id:
                    line.pricelist_item_id.write(values)
                else:
                    line.pricelist_item_id = self.env["product.pricelist.item"].sudo().create(values)
            stale = pricelist.item_ids - lines.pricelist_item_id
            stale.unlink()

    def _agency_rate_card_rows(self):
        """The rate cards of these accounts for the workbook: one row per
        line, with the role's standard rate beside the client's."""
        rows = []
        for line in self.rate_card_line_ids.sorted(lambda l: (l.account_id.name or "", l.role_id.complete_name or "")):
            rows.append({
                "account": line.account_id.display_name, "role": line.role_id.complete_name,
                "rate": line.rate, "standard_rate": line.role_id.agency_standard_rate,
                "currency": line.currency_id, "date_start": line.date_start, "date_end": line.date_end,
            })
        return rows
