from odoo import api, fields, models
from odoo.tools import SQL


class AgencyManagerLoad(models.Model):
    """Each account manager's portfolio load: accounts weighted by tier,
    open briefs and requests, and the hours planned on their accounts in
    the next four weeks. One SQL view: the same queries for 2 or 200
    managers."""

    _name = "agency.manager.load"
    _description = "Account Manager Load"
    _inherit = ["agency.sql.report.mixin"]
    _auto = False
    _order = "weighted_accounts desc"
    _depends = {
        "agency.account": ["user_id", "tier", "stage", "active"],
        "agency.brief": ["account_id", "state"],
        "agency.request": ["account_id", "state", "sla_breached"],
        "agency.brief.allocation": ["account_id", "state", "date_due", "planned_hours"],
    }

    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    account_count = fields.Integer(string="Accounts", readonly=True)
    weighted_accounts = fields.Integer(readonly=True, help="Strategic 4, key 3, growth 2, standard 1.")
    open_briefs = fields.Integer(readonly=True)
    open_requests = fields.Integer(readonly=True)
    breached_requests = fields.Integer(readonly=True)
    planned_hours = fields.Float(string="Hours Planned (4 weeks)", readonly=True)
    capacity = fields.Integer(compute="_compute_capacity", help="Maximum weighted accounts for their career level.")
    load_pct = fields.Float(string="Load (%)", compute="_compute_capacity")

    @api.model
    def _select(self):
        # One row per manager and company: a stable 64-bit id from both.
        return SQL("""
            SELECT acc.company_id::bigint * 2147483648 + acc.user_id AS id,
                   acc.user_id, acc.company_id, acc.account_count, acc.weighted_accounts,
                   COALESCE(br.open_briefs, 0) AS open_briefs,
                   COALESCE(rq.open_requests, 0) AS open_requests,
                   COALESCE(rq.breached_requests, 0) AS breached_requests,
                   COALESCE(al.planned_hours, 0) AS planned_hours
        """)

    @api.model
    def _from(self):
        return SQL("""
                  FROM (SELECT user_id, company_id, COUNT(*) AS account_count,
                               SUM(CASE tier WHEN 'strategic' THEN 4 WHEN 'key' THEN 3
                                             WHEN 'growth' THEN 2 ELSE 1 END) AS weighted_accounts
                          FROM agency_account
                         WHERE active AND stage != 'lost' AND user_id IS NOT NULL
                      GROUP BY user_id, company_id) acc
             LEFT JOIN (SELECT a.user_id, a.company_id, COUNT(*) AS open_briefs
                          FROM agency_brief b JOIN agency_account a ON a.id = b.account_id
                         WHERE b.state IN ('draft', 'submitted', 'approved', 'in_progress')
                      GROUP BY a.user_id, a.company_id) br
                    ON br.user_id = acc.user_id AND br.company_id = acc.company_id
             LEFT JOIN (SELECT a.user_id, a.company_id, COUNT(*) AS open_requests,
                               SUM(CASE WHEN r.sla_breached THEN 1 ELSE 0 END) AS breached_requests
                          FROM agency_request r JOIN agency_account a ON a.id = r.account_id
                         WHERE r.state NOT IN ('resolved', 'closed')
                      GROUP BY a.user_id, a.company_id) rq
                    ON rq.user_id = acc.user_id AND rq.company_id = acc.company_id
             LEFT JOIN (SELECT a.user_id, a.company_id, SUM(l.planned_hours) AS planned_hours
                          FROM agency_brief_allocation l JOIN agency_account a ON a.id = l.account_id
                         WHERE l.state IN ('planned', 'in_progress')
                           AND l.date_due >= CURRENT_DATE AND l.date_due < CURRENT_DATE + 28
                      GROUP BY a.user_id, a.company_id) al
                    ON al.user_id = acc.user_id AND al.company_id = acc.company_id
        """)

    def _compute_capacity(self):
        capacities = self.env["agency.account"]._capacities(self.user_id)
        for load in self:
            load.capacity = capacities.get(load.user_id.id, 0)
            load.load_pct = 100.0 * load.weighted_accounts / load.capacity if load.capacity else 0.0
