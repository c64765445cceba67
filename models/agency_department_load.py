from odoo import fields, models, tools
from odoo.tools import SQL


class AgencyDepartmentLoad(models.Model):
    """Hours planned on each delivery department per week (by the week an
    allocation is due), against the department's weekly capacity."""

    _name = "agency.department.load"
    _description = "Department Weekly Load"
    _auto = False
    _order = "week desc, department_id"
    _depends = {
        "agency.brief.allocation": ["department_id", "state", "date_due", "planned_hours"],
        "hr.department": ["company_id", "agency_weekly_capacity_hours"],
    }

    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    week = fields.Date(string="Week Of", readonly=True)
    planned_hours = fields.Float(readonly=True)
    capacity_hours = fields.Float(string="Capacity", readonly=True, aggregator="max")
    free_hours = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE VIEW %(table)s AS (
                SELECT MIN(l.id) AS id, l.department_id, d.company_id,
                       date_trunc('week', l.date_due)::date AS week,
                       SUM(l.planned_hours) AS planned_hours,
                       MAX(COALESCE(d.agency_weekly_capacity_hours, 0)) AS capacity_hours,
                       MAX(COALESCE(d.agency_weekly_capacity_hours, 0)) - SUM(l.planned_hours) AS free_hours
                  FROM agency_brief_allocation l
                  JOIN hr_department d ON d.id = l.department_id
                 WHERE l.state IN ('planned', 'in_progress')
              GROUP BY l.department_id, d.company_id, date_trunc('week', l.date_due)
            )
        """, table=SQL.identifier(self._table)))
