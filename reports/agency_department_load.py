from odoo import api, fields, models
from odoo.tools import SQL


class AgencyDepartmentLoad(models.Model):
    """Hours planned on each delivery department per week (by the week an
    allocation is due) against the department's capacity for that week: one
    row per department and week, weeks without work included (from four
    weeks back to half a year ahead, and any week with work), so that
    grouping by month or quarter sums capacity and load the same way."""

    _name = "agency.department.load"
    _description = "Department Weekly Load"
    _inherit = ["agency.sql.report.mixin"]
    _auto = False
    _order = "week, department_id"
    _depends = {
        "agency.brief.allocation": ["department_id", "state", "date_due", "planned_hours"],
        "hr.department": ["company_id", "agency_weekly_capacity_hours", "agency_delivers_client_work"],
    }

    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    week = fields.Date(string="Week Of", readonly=True)
    planned_hours = fields.Float(string="Planned", readonly=True)
    capacity_hours = fields.Float(string="Capacity", readonly=True)
    free_hours = fields.Float(string="Free", readonly=True)

    @api.model
    def _select(self):
        # One row per department and week: a stable 64-bit id from both.
        return SQL("""
            WITH work AS (
                SELECT l.department_id, date_trunc('week', l.date_due)::date AS week,
                       SUM(l.planned_hours) AS hours
                  FROM agency_brief_allocation l
                 WHERE l.state IN ('planned', 'in_progress') AND l.department_id IS NOT NULL
              GROUP BY l.department_id, date_trunc('week', l.date_due)
            ), weeks AS (
                SELECT d.id AS department_id, s.week::date AS week
                  FROM hr_department d
            CROSS JOIN generate_series(date_trunc('week', CURRENT_DATE) - interval '4 weeks',
                                       date_trunc('week', CURRENT_DATE) + interval '26 weeks',
                                       interval '1 week') AS s(week)
                 WHERE d.agency_delivers_client_work
                 UNION
                SELECT department_id, week FROM work
            )
            SELECT w.department_id::bigint * 2147483648 + (w.week - DATE '1970-01-05') AS id,
                   w.department_id, d.company_id, w.week,
                   COALESCE(work.hours, 0) AS planned_hours,
                   COALESCE(d.agency_weekly_capacity_hours, 0) AS capacity_hours,
                   COALESCE(d.agency_weekly_capacity_hours, 0) - COALESCE(work.hours, 0) AS free_hours
        """)

    @api.model
    def _from(self):
        return SQL("""
              FROM weeks w
              JOIN hr_department d ON d.id = w.department_id
         LEFT JOIN work ON work.department_id = w.department_id AND work.week = w.week
        """)
