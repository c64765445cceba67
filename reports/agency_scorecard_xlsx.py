from odoo import models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

COLUMNS = [
    ("name", _lt("Scorecard"), 30), ("level_id", _lt("Level"), 16), ("account_count", _lt("Accounts"), 10), ("load", _lt("Load"), 8),
    ("revenue", _lt("Revenue"), 14), ("revenue_growth", _lt("Growth %"), 10), ("retention", _lt("Retention %"), 12),
    ("nps", _lt("NPS"), 8), ("csat", _lt("CSAT"), 8), ("sla_compliance", _lt("Service Levels %"), 16),
    ("on_time", _lt("Delivered %"), 12), ("upsell_won", _lt("Won"), 8), ("updates_on_time", _lt("Updates on Time %"), 18),
]
COST_COLUMNS = [("margin", _lt("Margin"), 14), ("margin_pct", _lt("Margin %"), 10)]


class AgencyScorecardXlsx(models.AbstractModel):
    """The team's scorecards in a workbook (report_xlsx), from the recorded
    figures; margin only for those who read costs."""

    _name = "report.agency_account_manager.scorecard_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Team Scorecards Workbook"

    def generate_xlsx_report(self, workbook, data, objs):
        objs.check_access("read")
        columns = COLUMNS + (COST_COLUMNS if self.env.user._agency_sees_costs() else [])
        sheet = workbook.add_worksheet(self.env._("Scorecards"))
        header = workbook.add_format({"bold": True, "bg_color": "#714B67", "font_color": "#FFFFFF"})
        for col, (_field, title, width) in enumerate(columns):
            sheet.write(0, col, self.env._(title), header)
            sheet.set_column(col, col, width)
        for row, card in enumerate(objs.sorted(lambda c: (c.date_from, c.user_id.name or "")), start=1):
            for col, (field, _title, _width) in enumerate(columns):
                value = card[field]
                if card._fields[field].relational:
                    sheet.write(row, col, value.display_name or "")
                elif value is False and card._fields[field].type in ("float", "integer", "monetary"):
                    sheet.write_blank(row, col, None)  # no data: an empty cell, not 0 nor FALSE
                else:
                    sheet.write(row, col, value)
        sheet.freeze_panes(1, 1)
