from odoo import fields, models
from ..models.labels import selection_label

BAND_COLOURS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
# A language's strftime date format as an Excel number format.
EXCEL_DATE_CODES = {"%d": "dd", "%e": "d", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%b": "mmm", "%B": "mmmm",
                    "%a": "ddd", "%A": "dddd"}


def excel_date_format(posix):
    """'%d/%m/%Y' -> 'dd/mm/yyyy'."""
    result = posix or "%Y-%m-%d"
    for code, excel in EXCEL_DATE_CODES.items():
        result = result.replace(code, excel)
    return result


class AgencyPortfolioXlsx(models.AbstractModel):
    """The portfolio workbook, printed like any Odoo report (Print menu of
    the account list) through OCA's report_xlsx: one sheet per area, from
    the figures of the account report (agency.account._get_report_data),
    every label in the reader's language; nothing is stored per export."""

    _name = "report.agency_account_manager.portfolio_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Portfolio Workbook"

    def generate_xlsx_report(self, workbook, data, objs):
        objs._check_portfolio_export()
        self._write_workbook(workbook, objs)

    def _formats(self, book):
        """Cell formats: money in the company currency, dates in the reader's
        language's date format."""
        currency = self.env.company.currency_id
        date_format = excel_date_format(self.env["res.lang"]._get_data(code=self.env.lang or "en_US").date_format)
        return {
            "header": book.add_format({"bold": True, "bg_color": "#714B67", "font_color": "#FFFFFF", "border": 1}),
            "money": book.add_format({"num_format": self._report_xlsx_currency_format(currency)}),
            "pct": book.add_format({"num_format": "0.0"}),
            "date": book.add_format({"num_format": date_format}),
            "bands": {band: book.add_format({"bg_color": colour}) for band, colour in BAND_COLOURS.items()},
        }

    def _write_sheet(self, book, formats, name, columns, rows):
        """One sheet: `columns` are (title, width, format), `rows` tuples of
        values; a (value, band) tuple is a cell coloured by its band, and no
        value an empty cell (never 0 or FALSE)."""
        ws = book.add_worksheet(name)
        for col, (title, width, _fmt) in enumerate(columns):
            ws.write(0, col, title, formats["header"])
            ws.set_column(col, col, width)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                fmt = columns[col][2]
                if isinstance(value, tuple):
                    band = formats["bands"].get(value[1])
                    if value[0] is None or value[0] is False:
                        ws.write_blank(row, col, None, band)
                    else:
                        ws.write(row, col, value[0], band)
                elif value is None or value is False:
                    ws.write_blank(row, col, None)
                elif fmt == "date":
                    ws.write_datetime(row, col, fields.Datetime.to_datetime(value), formats["date"])
                elif fmt in ("money", "pct"):
                    ws.write_number(row, col, value, formats[fmt])
                else:
                    ws.write(row, col, value)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        return ws

    def _write_workbook(self, book, accounts):
        """The accounts in `book`, one sheet per area; cost columns only for
        those who read costs."""
        data = accounts._get_report_data()
        with_costs = accounts._user_sees_costs()
        formats = self._formats(book)
        rows = [data[account.id] for account in accounts.sorted("name")]
        Account = self.env["agency.account"]
        Update = self.env["agency.account.update"]

        def sheet(name, columns, values):
            return self._write_sheet(book, formats, name, columns, values)

        sheet(self.env._("Overview"), [
            (self.env._("Account"), 28, None), (self.env._("Client"), 24, None), (self.env._("Manager"), 18, None), (self.env._("Team"), 18, None),
            (self.env._("Tier"), 10, None), (self.env._("Stage"), 12, None), (self.env._("Health"), 9, None), (self.env._("Band"), 9, None),
            (self.env._("Renewal"), 12, "date"), (self.env._("Last Status"), 12, None),
        ], [(
            d["name"], d["client"], d["manager"], d["team"], d["tier"], d["stage"],
            (d["health_score"], d["health_band"]),
            (selection_label(Account, "health_band", d["health_band"]), d["health_band"]),
            d["date_renewal"], selection_label(Update, "status", d["update"].status) if d["update"] else "",
        ) for d in rows])
        sheet(self.env._("Pipeline"), [(self.env._("Account"), 28, None), (self.env._("Stage"), 18, None), (self.env._("Opportunities"), 14, None),
                              (self.env._("Expected Revenue"), 18, "money")],
              [(d["name"], stage, count, revenue) for d in rows for stage, count, revenue in d["pipeline"]])
        sheet(self.env._("Delivery"), [(self.env._("Account"), 28, None), (self.env._("Brief"), 36, None), (self.env._("Status"), 14, None),
                              (self.env._("Progress %"), 12, "pct"), (self.env._("Deadline"), 12, "date"), (self.env._("Late Work"), 10, None)],
              [(d["name"], b["name"], b["state"], b["progress"], b["deadline"], b["late"])
               for d in rows for b in d["briefs"]])
        money_columns = [(self.env._("Account"), 28, None), (self.env._("Invoiced (12 months)"), 18, "money")]
        if with_costs:
            money_columns += [(self.env._("Budget"), 16, "money"), (self.env._("Actual Cost"), 16, "money"), (self.env._("Burn %"), 10, "pct"),
                              (self.env._("Margin"), 16, "money"), (self.env._("Margin %"), 10, "pct"), (self.env._("Over Budget"), 12, None)]
        sheet(self.env._("Money"), money_columns, [
            (d["name"], d["invoiced_revenue"]) + ((
                d["budget_total"], d["actual_cost"], d["budget_burn"], d["margin"], d["margin_pct"], d["over_budget"],
            ) if with_costs else ()) for d in rows])
        retainer_columns = [(self.env._("Account"), 28, None), (self.env._("Periods"), 10, None), (self.env._("Fees"), 16, "money"),
                            (self.env._("Available Hours"), 16, "pct"), (self.env._("Worked Hours"), 14, "pct"),
                            (self.env._("Over-Serviced Periods"), 20, None)]
        if with_costs:
            retainer_columns += [(self.env._("Cost"), 16, "money"), (self.env._("Margin"), 16, "money")]
        sheet(self.env._("Retainers"), retainer_columns, [
            (d["name"], r["periods"], r["fee"], r["available_hours"], r["worked_hours"], r["over_periods"])
            + ((r["cost"], r["margin"]) if with_costs else ())
            for d in rows for r in (d["retainer"],) if r["periods"]])
        if with_costs:
            sheet(self.env._("Rate Cards"), [
                (self.env._("Account"), 28, None), (self.env._("Role"), 24, None), (self.env._("Client's Rate"), 16, "money"),
                (self.env._("Standard Rate"), 16, "money"), (self.env._("Currency"), 10, None),
                (self.env._("Valid From"), 12, "date"), (self.env._("Valid Until"), 12, "date"),
            ], [(r["account"], r["role"], r["rate"], r["standard_rate"], r["currency"].name, r["date_start"], r["date_end"])
                for r in accounts.sorted("name")._agency_rate_card_rows()])
        sheet(self.env._("Service"), [(self.env._("Account"), 28, None), (self.env._("Open Requests"), 14, None), (self.env._("Breached"), 10, None),
                             (self.env._("Open Complaints"), 15, None), (self.env._("Breach Rate % (90 days)"), 20, "pct")],
              [(d["name"], d["open_requests"], d["breached_requests"], d["open_complaints"], d["breach_rate"])
               for d in rows])
        sheet(self.env._("Satisfaction"), [(self.env._("Account"), 28, None), (self.env._("NPS (12 months)"), 16, "pct"),
                                  (self.env._("CSAT (1-5)"), 12, "pct"), (self.env._("CSAT Answers"), 14, None)],
              [(d["name"], d["nps"], d["csat"], d["csat_count"]) for d in rows])
