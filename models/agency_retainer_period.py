from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date
from odoo.tools.misc import formatLang

from .const import COST_READERS
from .labels import env_for, store_display_name


class AgencyRetainerPeriod(models.Model):
    """One billing period of a retainer: the hours it includes (with what
    rolled over), what was worked on its projects, the fee, the cost and the
    margin, over- or under-servicing, and the sale order that bills it.
    Figures are recorded by the system from the timesheets
    (`_update_figures`), never typed."""

    _name = "agency.retainer.period"
    _description = "Retainer Period"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin"]
    _order = "date_from desc, retainer_id"
    _rec_name = "name"

    retainer_id = fields.Many2one("agency.retainer", required=True, index=True, ondelete="cascade")
    account_id = fields.Many2one(related="retainer_id.account_id", store=True, precompute=True)
    user_id = fields.Many2one(related="retainer_id.user_id", string="Account Manager", store=True)
    name = fields.Char(compute="_compute_name", store=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    fee = fields.Monetary(readonly=True, agency_system=True, aggregator="sum")
    included_hours = fields.Float(readonly=True, agency_system=True)
    rollover_hours = fields.Float(string="Rolled Over", readonly=True, agency_system=True,
                                  help="Unused hours of the previous period carried into this one.")
    available_hours = fields.Float(compute="_compute_servicing", store=True, agency_system=True)
    worked_hours = fields.Float(readonly=True, agency_system=True)
    cost = fields.Monetary(readonly=True, agency_system=True, groups=COST_READERS)
    margin = fields.Monetary(compute="_compute_servicing", store=True, agency_system=True, groups=COST_READERS)
    over_hours = fields.Float(
        string="Over-Serviced Hours", compute="_compute_servicing", store=True, agency_system=True,
        help="Hours worked beyond the available hours (negative: hours left unused).")
    over_amount = fields.Monetary(
        string="Over-Servicing Cost", compute="_compute_servicing", store=True, agency_system=True,
        groups=COST_READERS, help="The cost of the hours worked beyond the available hours.")
    usage_pct = fields.Float(string="Used (%)", compute="_compute_servicing", store=True, agency_system=True,
                             aggregator="avg")
    forecast_hours = fields.Float(compute="_compute_forecast", help="Hours at the end of the period at today's pace.")
    date_updated = fields.Datetime(string="Figures Updated", readonly=True, agency_system=True)
    alert_sent = fields.Boolean(readonly=True, copy=False, agency_system=True)
    overage_approved = fields.Boolean(
        help="The client agreed to pay the hours beyond the available hours of this period.")
    sale_order_id = fields.Many2one("sale.order", string="Fee Order", readonly=True, copy=False, agency_system=True,
                                    index="btree_not_null")
    overage_order_id = fields.Many2one("sale.order", readonly=True, copy=False,
                                       agency_system=True, index="btree_not_null")
    invoice_ids = fields.Many2many("account.move", compute="_compute_invoice_ids", string="Invoices")

    _sql_constraints = [
        ("retainer_period_uniq", "unique (retainer_id, date_from)", "A retainer has one period per start date."),
    ]

    @api.depends("retainer_id.name", "date_from")
    def _compute_name(self):
        store_display_name(self)

    @api.depends("retainer_id.name", "date_from")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for period in self:
            period.display_name = f"{period.retainer_id.name or ''} {format_date(self.env, period.date_from)}"

    @api.depends("included_hours", "rollover_hours", "worked_hours", "fee", "cost")
    def _compute_servicing(self):
        for period in self:
            period.available_hours = period.included_hours + period.rollover_hours
            period.over_hours = period.worked_hours - period.available_hours
            rate = period.cost / period.worked_hours if period.worked_hours else 0.0
            period.over_amount = max(0.0, period.over_hours) * rate
            period.margin = period.fee - period.cost
            period.usage_pct = 100.0 * period.worked_hours / period.available_hours if period.available_hours else 0.0

    @api.depends_context("uid")
    def _compute_forecast(self):
        today = fields.Date.context_today(self)
        for period in self:
            if period.date_from <= today < period.date_to:
                elapsed = (today - period.date_from).days + 1
                total = (period.date_to - period.date_from).days + 1
                period.forecast_hours = period.worked_hours * total / elapsed
            else:
                period.forecast_hours = period.worked_hours

    def _compute_invoice_ids(self):
        for period in self:
            period.invoice_ids = (period.sale_order_id | period.overage_order_id).sudo().invoice_ids

    # ------------------------------------------------------------ figures

    def _figures_usage(self):
        """{period id: {"hours", "cost", "by_department": {id: hours}}}: the
        timesheets of each period's retainer projects within its dates, in
        one grouped query however many periods (cost in company currency)."""
        result = defaultdict(lambda: {"hours": 0.0, "cost": 0.0, "by_department": defaultdict(float)})
        if not self:
            return result
        self.env["account.analytic.line"].flush_model(["project_id", "date", "unit_amount", "amount",
                                                        "department_id"])
        self.flush_model(["retainer_id", "date_from", "date_to"])
        rows = self.env.execute_query(SQL("""
            SELECT p.id, l.department_id, SUM(l.unit_amount), -SUM(l.amount)
              FROM agency_retainer_period p
              JOIN agency_retainer_project_rel rel ON rel.retainer_id = p.retainer_id
              JOIN account_analytic_line l
                ON l.project_id = rel.project_id AND l.date BETWEEN p.date_from AND p.date_to
             WHERE p.id = ANY(%s)
          GROUP BY p.id, l.department_id
        """, self.ids))
        for period_id, department_id, hours, cost in rows:
            values = result[period_id]
            values["hours"] += float(hours or 0.0)
            values["cost"] += float(cost or 0.0)
            values["by_department"][department_id] += float(hours or 0.0)
        return result

    def _update_figures(self):
        """Record worked hours, cost and rollover of these periods and of the
        earlier periods of their retainers (rollover runs in date order)."""
        mine = self.browse(self.ids)  # prefetch these periods together, however they were reached
        periods = self.search([("retainer_id", "in", mine.retainer_id.ids),
                               ("date_from", "<=", max(mine.mapped("date_to") or [fields.Date.today()]))],
                              order="retainer_id, date_from")
        usage = periods._figures_usage()
        previous, rows = {}, []
        # Read as the system: cost is a cost readers' field, read here to compare.
        for period in periods.sudo():
            retainer = period.retainer_id
            rollover = 0.0
            before = previous.get(retainer.id)
            if before and retainer.rollover_rule != "none":
                unused = max(0.0, before["available"] - before["worked"])
                rollover = min(unused, before["included"])
                if retainer.rollover_rule == "capped":
                    rollover = min(rollover, retainer.rollover_cap)
            figures = usage[period.id]
            if (period.worked_hours, period.cost, period.rollover_hours) != (
                    figures["hours"], figures["cost"], rollover):
                rows.append((period.id, figures["hours"], figures["cost"], rollover))
            previous[retainer.id] = {"available": period.included_hours + rollover, "worked": figures["hours"],
                                     "included": period.included_hours}
        if rows:
            periods.browse([row[0] for row in rows])._write_figures(rows)
        return True

    def _write_figures(self, rows):
        """System bookkeeping: [(id, worked hours, cost, rollover hours)] in
        one UPDATE however many periods; the figures computed from them
        (available, over, margin, usage) are then recomputed by the ORM."""
        fnames = ["worked_hours", "cost", "rollover_hours", "date_updated"]
        self.flush_recordset(fnames)
        ids, hours, costs, rollovers = (list(column) for column in zip(*rows))
        self.env.cr.execute(SQL("""
            UPDATE agency_retainer_period AS p
               SET worked_hours = v.hours, cost = v.cost, rollover_hours = v.rollover,
                   date_updated = now() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[], %s::float8[], %s::numeric[], %s::float8[]) AS v(id, hours, cost, rollover)
             WHERE p.id = v.id
        """, ids, hours, costs, rollovers))
        self.invalidate_recordset(fnames)
        self.modified(fnames)
        self.flush_recordset()

    def action_update_figures(self):
        self.check_access("write")
        self._update_figures()
        return True

    # ------------------------------------------------------------ alerts

    def _check_over_servicing(self, today):
        """Running periods past the company's share of their hours: one
        activity for the account manager, once. Accounts over-serviced three
        closed periods in a row are flagged (health and report read it)."""
        activities = []
        alerted = self.browse()
        for period in self.filtered(lambda p: p.date_from <= today <= p.date_to and not p.alert_sent):
            share = period.company_id.agency_retainer_alert_share
            if period.available_hours and period.worked_hours >= period.available_hours * share / 100.0:
                alerted |= period
                activities.append({
                    "res_id": period.retainer_id.id,
                    "res_name": period.retainer_id.display_name,
                    "user_id": (period.user_id or self.env.user).id,
                    "summary": self.env._("%(period)s: %(used).0f%% of the hours used before the period ends",
                                          period=period.name, used=period.usage_pct),
                })
        self.env["agency.retainer"]._agency_schedule_activities(
            "agency_account_manager.mail_activity_type_retainer_alert", activities, today)
        alerted.sudo().write({"alert_sent": True})
        self.account_id._update_retainer_flag(today)

    # ------------------------------------------------------------ invoicing

    def _invoice_due(self, today):
        """Each started period of an active retainer gets its fee order once
        (confirmed, and invoiced when the company can invoice); a closed
        period's approved overage gets its own order once. Periods are locked
        first: the job and the button never bill a period twice."""
        due = self.filtered(lambda p: p.retainer_id.state == "active" and p.date_from <= today
                            and not p.sale_order_id)
        overage = self.filtered(lambda p: p.date_to < today and p.overage_approved and not p.overage_order_id
                                and p.retainer_id.bill_overage and p.over_hours > 0)
        todo = due | overage
        if not todo:
            return self.env["sale.order"]
        self.env.cr.execute(SQL("SELECT id FROM agency_retainer_period WHERE id = ANY(%s) FOR UPDATE", todo.ids))
        todo.invalidate_recordset(["sale_order_id", "overage_order_id"])
        orders_vals, targets = [], []
        # The order lines are the client's to read: in the client's language.
        for period in due.filtered(lambda p: not p.sale_order_id):
            env = env_for(self, period.retainer_id.partner_id)
            orders_vals.append(period._prepare_order_vals(
                env._("Retainer fee %(retainer)s, %(start)s to %(end)s", retainer=period.retainer_id.name,
                      start=format_date(env, period.date_from), end=format_date(env, period.date_to)),
                1.0, period.fee))
            targets.append((period, "sale_order_id"))
        for period in overage.filtered(lambda p: not p.overage_order_id):
            env = env_for(self, period.retainer_id.partner_id)
            orders_vals.append(period._prepare_order_vals(
                env._("Overage %(retainer)s, %(start)s to %(end)s: hours beyond the %(hours)s available",
                      retainer=period.retainer_id.name, start=format_date(env, period.date_from),
                      end=format_date(env, period.date_to), hours=formatLang(env, period.available_hours, digits=2)),
                period.over_hours, period.retainer_id.overage_rate))
            targets.append((period, "overage_order_id"))
        orders = self.env["sale.order"].sudo().create(orders_vals)
        for (period, field), order in zip(targets, orders):
            period.sudo().write({field: order.id})
        for company, company_orders in orders.grouped("company_id").items():
            company_orders = company_orders.with_company(company)
            company_orders.action_confirm()
            if self.env["account.journal"].sudo().search_count(
                    [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1):
                company_orders._create_invoices(grouped=True)
        return orders

    def _prepare_order_vals(self, description, quantity, price):
        self.ensure_one()
        retainer = self.retainer_id
        return {
            "partner_id": retainer.partner_id.id,
            "company_id": retainer.company_id.id,
            "user_id": retainer.user_id.id,
            "origin": self.name,
            "order_line": [Command.create({
                "product_id": retainer.product_id.id, "name": description,
                "product_uom_qty": quantity, "price_unit": price,
            })],
        }

    def action_invoice_due(self):
        self.check_access("write")
        if not self.env.user.has_group("agency_account_manager.group_agency_executive"):
            raise UserError(self.env._("Only an Account Executive or above bills a retainer."))
        self._invoice_due(fields.Date.context_today(self))
        return True
