from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date
from odoo.tools.misc import formatLang

from .const import GROUP_DEPARTMENT_HEAD


class HrDepartment(models.Model):
    """Marks the departments that deliver client work (Creative, Design,
    Marketing, Production...): briefs allocate work to them."""

    _inherit = "hr.department"

    agency_delivers_client_work = fields.Boolean(
        string="Delivers Client Work",
        help="Account managers can allocate brief work to this department.",
    )
    agency_lead_time_days = fields.Integer(
        string="Lead Time (days)",
        help="How many days the department needs for a new piece of work; it may push back "
             "on a client date shorter than that.",
    )
    agency_weekly_capacity_hours = fields.Float(
        string="Weekly Capacity (hours)",
        help="Hours of client work the department can deliver in a week; 0: not planned.",
    )

    @api.model
    def _agency_ensure_delivery_departments(self, names):
        """At install: the delivery departments, reusing the firm's own
        department of the same name (in the current company, or shared)
        rather than adding a second one. Run again on upgrade it changes
        nothing: the departments are the firm's to rename or unmark."""
        IrModelData = self.env["ir.model.data"].sudo()
        for xmlid, name in names:
            if IrModelData._xmlid_to_res_id(f"agency_account_manager.{xmlid}", raise_if_not_found=False):
                continue
            department = self.with_context(active_test=False).search([
                ("name", "=ilike", name), ("company_id", "in", [self.env.company.id, False])], limit=1)
            if department:
                department.agency_delivers_client_work = True
            else:
                department = self.create({"name": name, "agency_delivers_client_work": True})
            IrModelData.create({
                "module": "agency_account_manager", "name": xmlid, "model": self._name,
                "res_id": department.id, "noupdate": True,
            })

    @api.model_create_multi
    def create(self, vals_list):
        departments = super().create(vals_list)
        if any(vals.get("manager_id") for vals in vals_list):
            self._agency_sync_department_heads()
        return departments

    def write(self, vals):
        res = super().write(vals)
        if {"manager_id", "agency_delivers_client_work", "active", "company_id"} & set(vals):
            self._agency_sync_department_heads()
        return res

    @api.model
    def _agency_sync_department_heads(self):
        """The Delivery Department Head group holds exactly the users of the
        managers of the departments that deliver client work: whoever heads
        one gets its screens (and loses them with the department). Run on
        every change of a manager, at install and on upgrade."""
        group = self.env.ref(GROUP_DEPARTMENT_HEAD, raise_if_not_found=False)
        if not group:
            return
        group = group.sudo()
        departments = self.sudo().search([("agency_delivers_client_work", "=", True)])
        heads = departments.manager_id.user_id.filtered(lambda user: not user.share and user.active)
        members = group.with_context(active_test=False).users
        changes = [Command.link(user.id) for user in heads - members] + [
            Command.unlink(user.id) for user in members - heads]
        if changes:
            group.write({"users": changes})

    @api.constrains("agency_lead_time_days", "agency_weekly_capacity_hours")
    def _check_agency_figures(self):
        for department in self:
            if department.agency_lead_time_days < 0 or department.agency_weekly_capacity_hours < 0:
                raise ValidationError(self.env._(
                    "Lead time and weekly capacity of %(department)s cannot be negative.", department=department.name))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_agency_work(self):
        for model in ("agency.brief.allocation", "agency.request"):
            used = self.env[model].sudo().search([("department_id", "in", self.ids)], limit=1)
            if used:
                raise UserError(self.env._(
                    "%(department)s has client work (%(what)s): it cannot be deleted. Archive it instead.",
                    department=used.department_id.name, what=used.display_name,
                ))

    def _agency_week_loads(self, date_from, weeks, exclude_ids=()):
        """Planned hours of the department per week (Monday), one grouped query."""
        self.ensure_one()
        monday = date_from - timedelta(days=date_from.weekday())
        groups = self.env["agency.brief.allocation"].sudo()._read_group([
            ("department_id", "=", self.id), ("state", "in", ("planned", "in_progress")),
            ("id", "not in", list(exclude_ids)),
            ("date_due", ">=", monday), ("date_due", "<", monday + timedelta(weeks=weeks))],
            ["date_due:day"], ["planned_hours:sum"])
        # Weeks start on Monday here, whatever the user's language says.
        loads = {}
        for day, hours in groups:
            day = day.date() if hasattr(day, "date") else day
            week = day - timedelta(days=day.weekday())
            loads[week] = loads.get(week, 0.0) + hours
        return loads

    def _agency_capacity_warning(self, date_due, hours, exclude_ids=()):
        """'Not by that date, earliest on ...' when the work does not fit the
        week it is due in; empty when it fits or nothing is planned."""
        self.ensure_one()
        capacity = self.agency_weekly_capacity_hours
        if not date_due or not hours:
            return ""
        if not capacity:
            return self.env._(
                "%(department)s has no weekly capacity set, so nobody can tell whether %(hours)s hours fit: "
                "set its capacity under Configuration > Delivery Departments.",
                department=self.name, hours=hours)
        loads = self._agency_week_loads(date_due, 53, exclude_ids)
        monday = date_due - timedelta(days=date_due.weekday())
        if loads.get(monday, 0.0) + hours <= capacity:
            return ""
        for week in range(1, 53):
            start = monday + timedelta(weeks=week)
            if loads.get(start, 0.0) + hours <= capacity:
                return self.env._(
                    "%(department)s is full the week of %(date)s (%(load)s of %(capacity)s hours planned): "
                    "not by that date, earliest on %(earliest)s.",
                    department=self.name, date=format_date(self.env, date_due),
                    load=formatLang(self.env, loads.get(monday, 0.0), digits=1),
                    capacity=formatLang(self.env, capacity, digits=1), earliest=format_date(self.env, start),
                )
        return self.env._("%(department)s has no room for %(hours)s hours in the coming year.",
                          department=self.name, hours=formatLang(self.env, hours, digits=1))
