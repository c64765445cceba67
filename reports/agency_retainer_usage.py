from odoo import api, fields, models
from odoo.tools import SQL


class AgencyRetainerUsage(models.Model):
    """Retainer hours by period and department: the hours each department
    was included for (rollover not split by department) against the hours
    its people logged on the retainer's projects within the period."""

    _name = "agency.retainer.usage"
    _description = "Retainer Usage by Department"
    _inherit = ["agency.sql.report.mixin"]
    _auto = False
    _order = "date_from desc, account_id, department_id"
    _depends = {
        "agency.retainer.period": ["retainer_id", "account_id", "company_id", "user_id", "date_from", "date_to"],
        "agency.retainer.line": ["retainer_id", "department_id", "hours"],
        "account.analytic.line": ["project_id", "date", "unit_amount", "department_id"],
    }

    period_id = fields.Many2one("agency.retainer.period", readonly=True)
    retainer_id = fields.Many2one("agency.retainer", readonly=True)
    account_id = fields.Many2one("agency.account", string="Client Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    date_from = fields.Date(string="Period Start", readonly=True)
    included_hours = fields.Float(string="Included", readonly=True)
    worked_hours = fields.Float(string="Worked", readonly=True)
    over_hours = fields.Float(string="Over", readonly=True)

    @api.model
    def _select(self):
        return SQL("""
            WITH included AS (
                SELECT p.id AS period_id, rl.department_id, SUM(rl.hours) AS hours
                  FROM agency_retainer_period p
                  JOIN agency_retainer_line rl ON rl.retainer_id = p.retainer_id
              GROUP BY p.id, rl.department_id
            ), worked AS (
                SELECT p.id AS period_id, l.department_id, SUM(l.unit_amount) AS hours
                  FROM agency_retainer_period p
                  JOIN agency_retainer_project_rel rel ON rel.retainer_id = p.retainer_id
                  JOIN account_analytic_line l
                    ON l.project_id = rel.project_id AND l.date BETWEEN p.date_from AND p.date_to
              GROUP BY p.id, l.department_id
            ), keys AS (
                SELECT period_id, department_id FROM included
                 UNION
                SELECT period_id, department_id FROM worked
            )
            SELECT k.period_id::bigint * 2147483648 + COALESCE(k.department_id, 0) AS id,
                   k.period_id, p.retainer_id, p.account_id, p.company_id, p.user_id, k.department_id,
                   p.date_from,
                   COALESCE(i.hours, 0) AS included_hours,
                   COALESCE(w.hours, 0) AS worked_hours,
                   COALESCE(w.hours, 0) - COALESCE(i.hours, 0) AS over_hours
        """)

    @api.model
    def _from(self):
        return SQL("""
              FROM keys k
              JOIN agency_retainer_period p ON p.id = k.period_id
         LEFT JOIN included i ON i.period_id = k.period_id AND i.department_id IS NOT DISTINCT FROM k.department_id
         LEFT JOIN worked w ON w.period_id = k.period_id AND w.department_id IS NOT DISTINCT FROM k.department_id
        """)
