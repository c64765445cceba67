from odoo import api, fields, models
from odoo.tools import SQL


class AgencyWhitespace(models.Model):
    """The whitespace grid: every service of the agency against every
    client account, sold, in the pipeline or not yet offered."""

    _name = "agency.whitespace"
    _description = "Whitespace (Services per Account)"
    _inherit = ["agency.sql.report.mixin"]
    _auto = False
    _order = "account_id, service_sequence, service_id"
    _depends = {
        "agency.account": ["partner_id", "company_id", "user_id", "service_tag_ids", "active"],
        "agency.service.tag": ["sequence", "active"],
        "crm.lead": ["partner_id", "agency_service_tag_id", "company_id", "stage_id", "active", "type"],
        "res.partner": ["commercial_partner_id"],
    }

    account_id = fields.Many2one("agency.account", string="Client Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    service_id = fields.Many2one("agency.service.tag", readonly=True)
    service_sequence = fields.Integer(readonly=True)
    status = fields.Selection(
        [("sold", "Sold"), ("pipeline", "In the Pipeline"), ("not_offered", "Not Yet Offered")], readonly=True,
    )
    sold_count = fields.Integer(string="Sold", readonly=True)
    pipeline_count = fields.Integer(string="In Pipeline", readonly=True)
    open_count = fields.Integer(string="Not Offered", readonly=True)

    @api.model
    def _select(self):
        # A stable id per (service, account), in 64 bits: no overflow, no
        # collision, the same row whatever else changes.
        return SQL("""
            SELECT s.id::bigint * 2147483648 + a.id AS id,
                   a.id AS account_id, a.company_id, a.user_id,
                   s.id AS service_id, s.sequence AS service_sequence,
                   CASE WHEN sold.agency_account_id IS NOT NULL THEN 'sold'
                        WHEN pipe.in_pipeline THEN 'pipeline'
                        ELSE 'not_offered' END AS status,
                   CASE WHEN sold.agency_account_id IS NOT NULL THEN 1 ELSE 0 END AS sold_count,
                   CASE WHEN sold.agency_account_id IS NULL AND pipe.in_pipeline THEN 1 ELSE 0 END AS pipeline_count,
                   CASE WHEN sold.agency_account_id IS NULL AND NOT pipe.in_pipeline THEN 1 ELSE 0 END AS open_count
        """)

    @api.model
    def _from(self):
        # One answer per account and service, however many opportunities
        # (with or without a company) the client has for it.
        return SQL("""
              FROM agency_account a
              JOIN res_partner client ON client.id = a.partner_id
        CROSS JOIN agency_service_tag s
         LEFT JOIN agency_account_agency_service_tag_rel sold
                ON sold.agency_account_id = a.id AND sold.agency_service_tag_id = s.id
        CROSS JOIN LATERAL (
                SELECT EXISTS (
                    SELECT 1
                      FROM crm_lead l
                      JOIN res_partner p ON p.id = l.partner_id
                 LEFT JOIN crm_stage st ON st.id = l.stage_id
                     WHERE l.active AND l.type = 'opportunity' AND l.agency_service_tag_id = s.id
                       AND COALESCE(st.is_won, FALSE) = FALSE
                       AND COALESCE(p.commercial_partner_id, p.id) = COALESCE(client.commercial_partner_id, client.id)
                       AND (l.company_id IS NULL OR l.company_id = a.company_id)
                ) AS in_pipeline
              ) pipe
        """)

    @api.model
    def _where(self):
        return SQL("WHERE a.active AND s.active")

    def action_create_upsell(self):
        """One click: an upsell opportunity for this account and service,
        assigned to the account manager."""
        self.ensure_one()
        account = self.account_id
        lead = account._create_upsell(self.service_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "views": [(False, "form")],
            "name": self.env._("Upsell for %(account)s", account=account.name),
        }
