from odoo import fields, models

from .const import COST_READERS


class ProjectProject(models.Model):
    """Shows the brief budget in Odoo's own project panel (its stat buttons)."""

    _inherit = "project.project"

    agency_budget_ids = fields.One2many("agency.budget", "project_id", string="Agency Budgets", groups=COST_READERS)

    def _get_stat_buttons(self):
        buttons = super()._get_stat_buttons()
        Budget = self.env["agency.budget"]
        budgets = Budget.search([("project_id", "=", self.id)]) if Budget.has_access("read") else Budget
        if budgets:
            reference = sum(budgets.mapped("reference_amount"))
            actual = sum(budgets.mapped("actual_total"))
            burn = round(100 * actual / reference) if reference else 0
            buttons.append({
                "icon": "money",
                "text": self.env._("Agency Budget"),
                "number": self.env._("%(burn)s%% spent", burn=burn),
                "action_type": "object",
                "action": "action_view_agency_budgets",
                "show": True,
                "sequence": 19,
            })
        return buttons

    def action_view_agency_budgets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("agency_account_manager.agency_budget_action")
        action["domain"] = [("project_id", "=", self.id)]
        return action
