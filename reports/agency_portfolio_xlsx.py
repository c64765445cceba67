from odoo import models


class AgencyPortfolioXlsx(models.AbstractModel):
    """The portfolio workbook, printed like any Odoo report (Print menu of
    the account list) through OCA's report_xlsx: one sheet per area, from
    the figures of the account report; nothing is stored per export."""

    _name = "report.agency_account_manager.portfolio_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Portfolio Workbook"

    def generate_xlsx_report(self, workbook, data, objs):
        objs._check_portfolio_export()
        objs._write_portfolio_workbook(workbook)
