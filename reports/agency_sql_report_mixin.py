from odoo import api, models, tools
from odoo.tools import SQL


class AgencySqlReportMixin(models.AbstractModel):
    """A read-only report over a SQL query made of `_select`, `_from` and
    `_where` pieces, each an SQL another module can extend; the view is
    (re)created from them at install and upgrade."""

    _name = "agency.sql.report.mixin"
    _description = "Agency SQL Report"
    _auto = False

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _select(self):
        raise NotImplementedError

    @api.model
    def _from(self):
        raise NotImplementedError

    @api.model
    def _where(self):
        return SQL("")

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._table_query))
