from odoo import api, models


class AgencyAccountReport(models.AbstractModel):
    """Feeds the account report with the figures computed once for all."""

    _name = "report.agency_account_manager.report_agency_account"
    _description = "Account Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["agency.account"].browse(docids)
        # The client's copy (portal) never shows a cost, whoever renders it.
        client_copy = bool((data or {}).get("agency_client_copy"))
        published = {}
        if client_copy:
            for update in self.env["agency.account.update"].sudo().search(
                    [("account_id", "in", docs.ids), ("published", "=", True)], order="date asc, id asc"):
                published[update.account_id.id] = update
        return {"docs": docs, "figures": docs._get_report_data(with_costs=False if client_copy else None),
                "doc_model": "agency.account", "client_copy": client_copy, "published_updates": published}
