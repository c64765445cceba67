from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..labels import selection_label


class AgencyBudget(models.Model):
    """The quotation made from the estimate, in one click: one line per
    role (its hours at the client's rate, on the role's product) and one
    per other line of the estimate, on the client's rate card. Quoting
    again after the quotation was sent makes its next revision (OCA
    sale_order_revision): the old one is kept, superseded."""

    _inherit = "agency.budget"

    quotation_ids = fields.One2many(
        "sale.order", "agency_budget_id", string="Quotation Revisions", context={"active_test": False},
        domain=["|", ("active", "=", False), ("active", "=", True)],
        help="Every version of the quotation made from this estimate, the current one and those it superseded.")
    quotation_count = fields.Integer(compute="_compute_quotation_count", string="Revisions")

    @api.depends("quotation_ids")
    def _compute_quotation_count(self):
        counts = dict(self.env["sale.order"].with_context(active_test=False)._read_group(
            [("agency_budget_id", "in", self.ids)], ["agency_budget_id"], ["__count"]))
        for budget in self:
            budget.quotation_count = counts.get(budget, 0)

    def write(self, vals):
        res = super().write(vals)
        if vals.get("sale_order_id"):
            # A quotation picked by hand becomes this estimate's: its discount is checked as any other.
            for budget in self:
                order = budget.sale_order_id
                if order.sudo().agency_budget_id != budget:
                    order.check_access("write")
                    order.sudo().agency_budget_id = budget
            self.sale_order_id._agency_check_discount()
        return res

    def action_quote(self):
        """Writes the estimate into the quotation: a new one, or the draft
        one again, or (once it was sent) its next revision."""
        self.ensure_one()
        self.check_access("write")
        if not self.line_ids:
            raise UserError(self.env._("%(budget)s has no lines: estimate the work before quoting it.",
                                       budget=self.display_name))
        order = self.sale_order_id
        if order.state == "sale":
            raise UserError(self.env._(
                "%(order)s is confirmed: agree a change order for work beyond it.", order=order.name))
        if order.state == "sent":
            order.create_revision()
            order = order.current_revision_id
        elif order.state == "cancel":
            order = self.env["sale.order"]
        lines = [Command.create(values) for values in self._agency_quotation_lines(self.account_id.partner_id)]
        if not order:
            order = self.env["sale.order"].create(dict(self._agency_quotation_values(), order_line=lines))
        else:
            # The new lines first, then the old ones go: the quotation is never
            # emptier than the estimate, and its discount is checked on what it becomes.
            old_lines = order.order_line
            order.write({"order_line": lines})
            old_lines.unlink()
        if self.sale_order_id != order:
            self.sale_order_id = order
        return {
            "type": "ir.actions.act_window", "res_model": "sale.order", "res_id": order.id,
            "views": [(False, "form")], "target": "current",
        }

    def action_view_quotations(self):
        """Every revision of the quotation made from this estimate."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations_with_onboarding")
        action.update({
            "domain": [("agency_budget_id", "=", self.id), "|", ("active", "=", False), ("active", "=", True)],
            "context": {"active_test": False, "create": False},
        })
        return action

    def _agency_quotation_values(self):
        self.ensure_one()
        account = self.account_id
        pricelist = account.rate_card_pricelist_id or account.partner_id.with_company(
            self.company_id).property_product_pricelist
        return {
            "partner_id": account.partner_id.id, "company_id": self.company_id.id,
            "pricelist_id": pricelist.id, "origin": self.brief_id.name, "agency_budget_id": self.id,
            "user_id": account.user_id.id or self.env.user.id, "team_id": account.team_id.id,
        }

    def _agency_quotation_lines(self, partner):
        """One order line per estimate line, in the client's language: a
        role's hours on its product (priced by the client's pricelist, as
        the line's sell rate), any other line once at its price."""
        self.ensure_one()
        lang = partner.lang or self.env.lang
        product = self.env.ref("agency_account_manager.product_estimate").with_context(lang=lang)
        values = []
        for line in self.line_ids.sudo():
            common = {"agency_budget_line_id": line.id}
            if line.role_id:
                # Priced by Odoo on the client's pricelist (the rate card), as the line's sell rate was.
                role_product = line.role_id.agency_product_id.with_context(lang=lang)
                values.append(dict(common, product_id=role_product.id, product_uom_qty=line.planned_hours,
                                   product_uom=role_product.uom_id.id, name=line.name or role_product.display_name))
            else:
                label = selection_label(line.with_context(lang=lang), "category", line.category)
                values.append(dict(common, product_id=product.id, product_uom_qty=1.0, price_unit=line.amount,
                                   name=line.name or label))
        return values
