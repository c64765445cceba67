from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..const import COST_READERS


class AgencyBudget(models.Model):
    """The estimate by role: hours of each agency role at the client's
    rate card and at cost, outside costs with their mark-up, the margin,
    the lines proposed from the brief's work-back schedule, and the hours
    spent by role."""

    _inherit = "agency.budget"

    estimate_cost = fields.Monetary(
        compute="_compute_estimate_margin", store=True, string="Estimate at Cost", agency_system=True,
        groups=COST_READERS, help="What the estimated work costs the agency: hours at cost, outside costs.")
    estimate_margin = fields.Monetary(
        compute="_compute_estimate_margin", store=True, string="Estimated Margin", agency_system=True,
        groups=COST_READERS)
    estimate_margin_pct = fields.Float(
        compute="_compute_estimate_margin", store=True, string="Estimated Margin (%)", agency_system=True,
        groups=COST_READERS, help="The estimate at price less the estimate at cost, over the price.")

    @api.depends("line_ids.amount", "line_ids.cost_amount")
    def _compute_estimate_margin(self):
        for budget in self:
            price = sum(budget.line_ids.mapped("amount"))
            cost = sum(budget.line_ids.sudo().mapped("cost_amount"))
            budget.estimate_cost = cost
            budget.estimate_margin = price - cost
            budget.estimate_margin_pct = 100.0 * (price - cost) / price if price else 0.0

    def _agency_price_date(self):
        """The date the client's rates are read at: the day the line is
        written, as the quotation made from it is priced on its own day."""
        self.ensure_one()
        return fields.Date.context_today(self)

    def action_propose_from_schedule(self):
        """Adds to the estimate the hours of the brief's work-back schedule,
        one line per role (the allocation's role, else the role its
        assignee holds) and one per department for work no role is known
        for. Run again, it brings the hours of the proposed lines up to date
        and adds what is new; lines typed by hand are left alone."""
        self.check_access("write")
        for budget in self:
            if budget.state != "draft":
                raise UserError(self.env._("Propose the estimate of a draft budget: %(budget)s is approved.",
                                           budget=budget.display_name))
            allocations = budget.brief_id.allocation_ids.filtered(lambda a: a.state != "cancelled")
            held = self.env["project.role"]._agency_roles_of(allocations.user_id, budget.project_id)
            hours = defaultdict(float)
            for allocation in allocations:
                role = allocation.role_id or held.get((allocation.user_id.id, budget.project_id.id))
                key = ("role", role.id) if role else ("department", allocation.department_id.id or 0)
                hours[key] += allocation.planned_hours
            commands = []
            for (kind, key_id), total in hours.items():
                existing = budget.line_ids.filtered(
                    lambda l, k=kind, i=key_id: l.from_schedule and (
                        l.role_id.id == i if k == "role" else (not l.role_id and l.department_id.id == (i or False))))
                if existing:
                    commands.append(Command.update(existing[0].id, {"planned_hours": total}))
                    continue
                values = {"category": "agency_hours", "planned_hours": total, "from_schedule": True}
                if kind == "role":
                    values["role_id"] = key_id
                else:
                    department = self.env["hr.department"].browse(key_id)
                    values.update(department_id=department.id or False, name=department.name or False)
                commands.append(Command.create(values))
            if commands:
                budget.line_ids = commands
        return True

    def _get_role_actuals(self):
        """{budget id: {role id: hours}} the timesheets on each budget's
        project, by the role the person who logged them holds there (one
        grouped read of the timesheets, one search of the roles held)."""
        result = defaultdict(lambda: defaultdict(float))
        budgets = self.filtered("project_id")
        if not budgets:
            return result
        rows = self.env["account.analytic.line"].sudo()._read_group(
            [("project_id", "in", budgets.project_id.ids), ("user_id", "!=", False)],
            ["project_id", "user_id"], ["unit_amount:sum"])
        roles = self.env["project.role"]._agency_roles_of(
            self.env["res.users"].browse({user.id for _project, user, _hours in rows}), budgets.project_id)
        by_project = defaultdict(list)
        for budget in budgets:
            by_project[budget.project_id.id].append(budget.id)
        for project, user, hours in rows:
            role = roles.get((user.id, project.id))
            if role:
                for budget_id in by_project[project.id]:
                    result[budget_id][role.id] += hours
        return result

    def _agency_role_report(self):
        """Estimate against actual by role, for the budget form and the
        account report: [{role, planned, actual}] per budget id."""
        actuals = self._get_role_actuals()
        report = {}
        for budget in self:
            rows = defaultdict(lambda: {"planned": 0.0, "actual": 0.0})
            for line in budget.line_ids.filtered("role_id"):
                rows[line.role_id]["planned"] += line.planned_hours
            for role_id, hours in actuals.get(budget.id, {}).items():
                rows[self.env["project.role"].browse(role_id)]["actual"] += hours
            report[budget.id] = [dict(values, role=role) for role, values in
                                 sorted(rows.items(), key=lambda item: item[0].complete_name or "")]
        return report
