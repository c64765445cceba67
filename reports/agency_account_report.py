from odoo import api, models


class AgencyAccountReport(models.AbstractModel):
    """Feeds the account report with the figures computed once for all."""

    _name = "report.agency_account_manager.report_agency_account"
    _description = "Account Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["agency.account"].browse(docids)
        return {"docs": docs, "figures": docs._get_report_data(), "doc_model": "agency.account"}
