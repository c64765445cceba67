from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_amount

BUDGET_CATEGORIES = [
    ("agency_hours", "Agency Hours"),
    ("production", "Production"),
    ("media", "Media"),
    ("external", "External Partners"),
    ("expenses", "Expenses"),
    ("other", "Other"),
]
from .const import COST_READERS, GROUP_EXECUTIVE
from .labels import env_for, store_display_name

BUDGET_STATES = [("draft", "Draft"), ("approved", "Approved")]
# "Other" cost: a negative line that is neither a timesheet, a bill nor an invoice.
OTHER_COST = SQL("l.project_id IS NULL AND COALESCE(l.category, '') NOT IN ('vendor_bill', 'invoice') AND l.amount < 0")
# The sources of actual cost in the figures of AgencyBudget._get_actuals().
ACTUAL_COST_KEYS = ("actual_timesheet", "actual_vendor_bills", "actual_expenses", "actual_other")


def actual_cost(figures):
    """Total actual cost of one budget's figures from _get_actuals()."""
    return sum(figures.get(key, 0.0) for key in ACTUAL_COST_KEYS)


class AgencyBudget(models.Model):
    """The money side of a brief: the client's stated budget, the agency's
    estimate by cost category, the negotiation that agreed a price, and the
    actual spend read from Odoo Accounting through the project's analytic
    account (timesheets, vendor bills, expenses) and the invoiced revenue."""

    _name = "agency.budget"
    _description = "Brief Budget"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin", "agency.cron.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    brief_id = fields.Many2one(
        "agency.brief", required=True, index=True, ondelete="cascade", tracking=True,
    )
    account_id = fields.Many2one(related="brief_id.account_id", store=True, precompute=True)
    user_id = fields.Many2one(related="brief_id.user_id", store=True, string="Account Manager")
    project_id = fields.Many2one(
        "project.project", compute="_compute_project_id", store=True, readonly=False, check_company=True,
        help="Actual spend is read from this project's analytic account.",
    )
    analytic_account_id = fields.Many2one(related="project_id.account_id", string="Analytic Account")
    state = fields.Selection(BUDGET_STATES, default="draft", required=True, tracking=True, copy=False)
    client_budget = fields.Monetary(string="Client's Budget", tracking=True, help="What the client says they can spend.")
    line_ids = fields.One2many("agency.budget.line", "budget_id", string="Estimate", copy=True)
    estimate_total = fields.Monetary(
        compute="_compute_estimate_total", store=True, string="Our Estimate", agency_system=True)
    estimate_hours = fields.Float(
        compute="_compute_estimate_total", store=True, string="Estimated Hours", agency_system=True)
    gap = fields.Monetary(
        compute="_compute_estimate_total", store=True, help="Client's budget minus our estimate.", agency_system=True)
    hourly_cost = fields.Monetary(
        default=lambda self: self.env.company.agency_default_hourly_cost,
        help="Cost of an agency hour, to value the hours still to work in the forecast "
             "when no timesheet tells the real cost yet.",
    )
    negotiation_ids = fields.One2many("agency.budget.negotiation", "budget_id", string="Negotiation Rounds")
    agreed_amount = fields.Monetary(
        compute="_compute_agreed_amount", store=True, tracking=True, agency_system=True,
        help="The amount of the latest negotiation round that reached a deal; our estimate otherwise.",
    )
    reference_amount = fields.Monetary(
        compute="_compute_agreed_amount", store=True, agency_system=True, groups=COST_READERS,
        help="What spend is measured against: the agreed amount, or our estimate while none is agreed.",
    )
    discount_pct = fields.Float(
        string="Discount (%)", compute="_compute_agreed_amount", store=True, agency_system=True,
        help="How far the agreed price is below our estimate.",
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Quotation", check_company=True, tracking=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    partner_id = fields.Many2one(related="brief_id.partner_id")
    quoted_amount = fields.Monetary(compute="_compute_quoted_amount", string="Quoted")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, agency_system=True)

    # Actuals: read from Accounting, never typed.
    actual_timesheet = fields.Monetary(compute="_compute_actuals", string="Timesheet Costs")
    actual_hours = fields.Float(compute="_compute_actuals", string="Hours Spent")
    actual_vendor_bills = fields.Monetary(compute="_compute_actuals", string="Vendor Bills")
    actual_expenses = fields.Monetary(compute="_compute_actuals", string="Expenses")
    actual_other = fields.Monetary(compute="_compute_actuals", string="Other Costs")
    actual_total = fields.Monetary(compute="_compute_actuals", string="Actual Cost")
    invoiced_revenue = fields.Monetary(compute="_compute_actuals", string="Invoiced")
    remaining_hours = fields.Float(compute="_compute_actuals", string="Hours Still Planned")
    committed = fields.Monetary(compute="_compute_actuals", help="The planned hours still to work, at cost.")
    forecast_total = fields.Monetary(
        compute="_compute_actuals", string="Forecast at Completion",
        help="What the work will have cost when done: the actual cost so far, plus, for each cost "
             "category of the estimate, what is still unspent of it (never below zero); for agency "
             "hours, at least the planned task hours still to work, at cost.",
    )
    remaining = fields.Monetary(compute="_compute_actuals", string="Remaining Budget")
    burn_pct = fields.Float(compute="_compute_actuals", string="Burn (%)")
    is_forecast_over = fields.Boolean(
        compute="_compute_actuals", string="Forecast Over Budget",
        help="The forecast at completion is above the agreed amount (the estimate while nothing is agreed).")
    burn_chart = fields.Html(compute="_compute_burn_chart", sanitize=False, string="Spend over Time")
    # Kept up to date by the daily check, for lists, filters and group-bys.
    is_over_budget = fields.Boolean(string="Over Budget", readonly=True, copy=False, index=True, agency_system=True)
    last_alert_threshold = fields.Integer(readonly=True, copy=False, agency_system=True)
    date_checked = fields.Date(
        string="Spend Checked On", readonly=True, copy=False, agency_system=True,
        help="When the daily job last read the spend of this budget.")
    period_ids = fields.One2many("agency.budget.period", "budget_id", string="Reconciliation Periods")
    is_locked = fields.Boolean(compute="_compute_is_locked", help="Finance reconciled a period of this budget.")

    _sql_constraints = [
        ("brief_uniq", "unique (brief_id)", "A brief has one budget."),
    ]

    @api.depends("brief_id.name", "brief_id.title")
    def _compute_name(self):
        store_display_name(self)

    @api.depends("brief_id.name", "brief_id.title")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for budget in self:
            budget.display_name = self.env._("Budget of %(brief)s", brief=budget.brief_id.display_name)

    @api.depends("brief_id.project_id")
    def _compute_project_id(self):
        for budget in self:
            if budget.brief_id.project_id:
                budget.project_id = budget.brief_id.project_id

    @api.depends("line_ids.amount", "line_ids.planned_hours", "client_budget")
    def _compute_estimate_total(self):
        for budget in self:
            budget.estimate_total = sum(budget.line_ids.mapped("amount"))
            budget.estimate_hours = sum(budget.line_ids.mapped("planned_hours"))
            budget.gap = budget.client_budget - budget.estimate_total

    @api.depends("negotiation_ids.agreed_amount", "negotiation_ids.outcome", "negotiation_ids.date",
                 "estimate_total")
    def _compute_agreed_amount(self):
        for budget in self:
            # The latest deal; on the same day, the later round (a stable sort
            # keeps the rounds' order, which new rounds of a form share: their
            # NewIds cannot be compared).
            agreed = budget.negotiation_ids.filtered(
                lambda n: n.outcome in n.DEAL_OUTCOMES
            ).sorted(lambda n: n.date or date.min)[-1:]
            budget.agreed_amount = agreed.agreed_amount if agreed else budget.estimate_total
            budget.reference_amount = budget.agreed_amount or budget.estimate_total
            estimate = budget.estimate_total
            budget.discount_pct = max(0.0, 100.0 * (estimate - budget.agreed_amount) / estimate) if estimate else 0.0

    @api.depends("sale_order_id.amount_untaxed", "sale_order_id.currency_id")
    def _compute_quoted_amount(self):
        for budget in self:
            order = budget.sale_order_id
            budget.quoted_amount = order.currency_id._convert(
                order.amount_untaxed, budget.currency_id, budget.company_id,
                order.date_order or fields.Date.today(),
            ) if order else 0.0

    @api.depends_context("uid")
    def _compute_actuals(self):
        figures = self._get_actuals()
        estimates = self._estimate_by_category()
        for budget in self:
            values = figures.get(budget.id, {})
            for fname in ("actual_timesheet", "actual_hours", "actual_vendor_bills", "actual_expenses",
                          "actual_other", "invoiced_revenue", "remaining_hours"):
                budget[fname] = values.get(fname, 0.0)
            budget.actual_total = actual_cost(values)
            rate = budget.actual_timesheet / budget.actual_hours if budget.actual_hours else budget.hourly_cost
            budget.committed = budget.remaining_hours * rate
            budget.forecast_total = budget.actual_total + sum(
                budget._forecast_remaining(values, estimates[budget.id]).values())
            reference = budget.reference_amount
            budget.remaining = reference - budget.actual_total
            budget.burn_pct = 100.0 * budget.actual_total / reference if reference else 0.0
            budget.is_forecast_over = bool(reference) and budget.currency_id.compare_amounts(
                budget.forecast_total, reference) > 0

    @api.depends_context("uid", "lang")
    def _compute_burn_chart(self):
        for budget in self:
            series = budget._get_burn_series() if budget.id else []
            budget.burn_chart = self.env["ir.qweb"]._render(
                "agency_account_manager.budget_burn_chart", {"budget": budget, "series": series},
            ) if series else False

    def _get_burn_series(self, months=12):
        """The budget's spend month by month, cumulated, against the agreed
        amount: [{month, spent, cumulated, pct}] for the last `months`
        months that have spend. Each month is `_get_actuals` of that month,
        so the picture adds up to the figures of the form."""
        self.ensure_one()
        if not self.analytic_account_id:
            return []
        first = self.env["account.analytic.line"].sudo().search(
            [("account_id", "=", self.analytic_account_id.id), ("amount", "<", 0)], order="date", limit=1).date
        if not first:
            return []
        today = fields.Date.context_today(self)
        start = max(first.replace(day=1), (today.replace(day=1) - relativedelta(months=months - 1)))
        before = actual_cost(self._get_actuals(date_to=start - relativedelta(days=1)).get(self.id, {})) \
            if start > first else 0.0
        reference = self.reference_amount
        series, cumulated, month = [], before, start
        while month <= today:
            end = month + relativedelta(months=1, days=-1)
            spent = actual_cost(self._get_actuals(month, end).get(self.id, {}))
            cumulated += spent
            series.append({"month": month, "spent": spent, "cumulated": cumulated,
                           "pct": 100.0 * cumulated / reference if reference else 0.0})
            month += relativedelta(months=1)
        return series

    def _estimate_by_category(self):
        """{budget id: {category: estimated amount}}, one grouped query
        (lines still being edited in a form are summed as they are)."""
        result = defaultdict(lambda: defaultdict(float))
        stored = self.filtered("id")
        if stored:
            for budget, category, amount in self.env["agency.budget.line"].sudo()._read_group(
                    [("budget_id", "in", stored.ids)], ["budget_id", "category"], ["amount:sum"]):
                result[budget.id][category] += amount
        for budget in self - stored:
            for line in budget.line_ids:
                result[budget.id][line.category] += line.amount
        return result

    def _forecast_remaining(self, figures, estimate):
        """{category: cost still to come}: what is left of the estimate of
        each category (`estimate`) after its actual cost; agency hours never
        less than the planned hours still to work, at cost (`committed`)."""
        self.ensure_one()
        remaining = {category: max(0.0, amount - figures.get("category_" + category, 0.0))
                     for category, amount in estimate.items()}
        remaining["agency_hours"] = max(remaining.get("agency_hours", 0.0), self.committed)
        return remaining

    def _get_actuals(self, date_from=None, date_to=None):
        """Actual figures of the budgets, in company currency, by source and
        by budget category, from the analytic lines of their projects.

        One pass over the analytic lines of these budgets' accounts only,
        with a filtered sum per source, grouped by account and product; the
        journal items that carry an expense are joined by their primary key
        (their own index on expense_id), and the product's budget category is
        joined to the grouped rows, not to every line. The cost follows the
        budgets asked for, not the size of the ledger.
        Sources: timesheets (lines with a project, at employee cost), vendor
        bills (not from expenses, by the product's budget category, else
        external partners), expenses (journal items of hr.expense), other
        costs (any other negative line) and invoiced revenue."""
        result = defaultdict(lambda: defaultdict(float))
        by_analytic = defaultdict(lambda: self.browse())
        for budget in self:
            if budget.analytic_account_id:
                by_analytic[budget.analytic_account_id.id] |= budget
        if not by_analytic:
            return result
        self.env["account.analytic.line"].flush_model()
        self.env["account.move.line"].flush_model(["expense_id"])
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["categ_id"])
        self.env["product.category"].flush_model(["agency_budget_category"])
        conditions = [SQL("l.account_id = ANY(%s)", list(by_analytic))]
        if date_from:
            conditions.append(SQL("l.date >= %s", date_from))
        if date_to:
            conditions.append(SQL("l.date <= %s", date_to))
        rows = self.env.execute_query(SQL("""
            SELECT s.account_id, COALESCE(pc.agency_budget_category, 'external'),
                   s.timesheet, s.hours, s.bills, s.expenses, s.other, s.invoiced
              FROM (SELECT l.account_id, l.product_id,
                           COALESCE(SUM(l.amount) FILTER (WHERE l.project_id IS NOT NULL), 0) AS timesheet,
                           COALESCE(SUM(l.unit_amount) FILTER (WHERE l.project_id IS NOT NULL), 0) AS hours,
                           COALESCE(SUM(l.amount) FILTER (
                               WHERE l.category = 'vendor_bill' AND expense.id IS NULL), 0) AS bills,
                           COALESCE(SUM(l.amount) FILTER (WHERE expense.id IS NOT NULL), 0) AS expenses,
                           COALESCE(SUM(l.amount) FILTER (WHERE %(other)s AND expense.id IS NULL), 0) AS other,
                           COALESCE(SUM(l.amount) FILTER (WHERE l.category = 'invoice'), 0) AS invoiced
                      FROM account_analytic_line l
                 LEFT JOIN account_move_line expense
                        ON expense.id = l.move_line_id AND expense.expense_id IS NOT NULL
                     WHERE %(where)s
                  GROUP BY l.account_id, l.product_id) s
         LEFT JOIN product_product pp ON pp.id = s.product_id
         LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN product_category pc ON pc.id = pt.categ_id
        """, other=OTHER_COST, where=SQL(" AND ").join(conditions)))
        for analytic_id, bill_category, timesheet, hours, bills, expenses, other, invoiced in rows:
            for budget in by_analytic[analytic_id]:
                values = result[budget.id]
                values["actual_timesheet"] -= float(timesheet)
                values["actual_hours"] += float(hours)
                values["actual_vendor_bills"] -= float(bills)
                values["actual_expenses"] -= float(expenses)
                values["actual_other"] -= float(other)
                values["invoiced_revenue"] += float(invoiced)
                values["category_" + bill_category] -= float(bills)
        if not (date_from or date_to):
            # Hours still planned on the project's tasks.
            tasks = self.env["project.task"].sudo()._read_group(
                [("project_id", "in", self.project_id.ids), ("remaining_hours", ">", 0),
                 ("state", "not in", ("1_done", "1_canceled"))],
                ["project_id"], ["remaining_hours:sum"],
            )
            by_project = defaultdict(list)
            for budget in self:
                by_project[budget.project_id.id].append(budget.id)
            for project, hours in tasks:
                for budget_id in by_project[project.id]:
                    result[budget_id]["remaining_hours"] += hours
        for values in result.values():
            values["category_agency_hours"] += values["actual_timesheet"]
            values["category_expenses"] += values["actual_expenses"]
            values["category_other"] += values["actual_other"]
        return result

    def _compute_is_locked(self):
        locked = {budget for [budget] in self.env["agency.budget.period"].sudo()._read_group(
            [("budget_id", "in", self.ids), ("state", "=", "reconciled")], ["budget_id"],
        )}
        for budget in self:
            budget.is_locked = budget in locked

    @api.constrains("client_budget", "hourly_cost")
    def _check_amounts(self):
        for budget in self:
            if budget.client_budget < 0 or budget.hourly_cost < 0:
                raise ValidationError(self.env._("Budgets and costs cannot be negative."))

    # ------------------------------------------------------------ rules

    def _check_not_locked(self):
        """A budget finance reconciled is frozen, with its lines and rounds,
        for everyone: finance reopens the period to change it. Only the
        system's own bookkeeping (alerts, over-budget flag) still writes."""
        if self.env.su:
            return
        self.invalidate_recordset(["is_locked"])
        for budget in self:
            if budget.is_locked:
                raise UserError(self.env._(
                    "Finance reconciled a period of %(budget)s: its figures are locked. "
                    "Ask finance to reopen the period to change it.",
                    budget=budget.display_name,
                ))

    def _check_discount_limit(self, before=None):
        """An approved budget's discount below the estimate stays within the
        approval limit of whoever approves it or changes it afterwards (its
        lines, its negotiation rounds): a change that takes the discount
        beyond the user's limit is refused. Without `before`: the budgets
        are being approved. With `before` ({budget id: discount before the
        change}): a change to an approved budget that does not raise its
        discount passes (a colleague may fix a line a director approved)."""
        if self.env.su:
            return
        budgets = self if before is None else self.exists().filtered(lambda b: b.state == "approved")
        for budget in budgets:
            limit = self.env.user._agency_discount_limit(budget.company_id)
            discount = budget.discount_pct
            if limit is None or discount <= limit + 1e-6:
                continue
            if before is not None and discount <= before.get(budget.id, 0.0) + 1e-6:
                continue
            raise UserError(self.env._(
                "The agreed price of %(budget)s is %(discount).1f%% below the estimate, beyond your approval "
                "limit of %(limit).1f%%. Ask a more senior colleague to approve it.",
                budget=budget.display_name, discount=discount, limit=limit,
            ))

    def _check_state_change(self, state):
        """Approving a budget, or sending it back to draft, is for an
        Account Executive or above; an approved budget has an estimate."""
        if not self.env.su and not self.env.user.has_group(GROUP_EXECUTIVE):
            raise AccessError(self.env._("Only an Account Executive or above can approve a budget or reopen it."))
        if state == "approved":
            for budget in self:
                if not budget.line_ids:
                    raise UserError(self.env._(
                        "%(budget)s has no lines: estimate what the work costs before approving it.",
                        budget=budget.display_name,
                    ))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(self.env._("A budget starts as a draft: approve it once its estimate is complete."))
        budgets = super().create(vals_list)
        budgets.account_id._check_active_for_new_work()
        # The account manager follows the budgets of their briefs, whoever
        # created them: its alerts and messages reach them.
        for user, user_budgets in budgets.grouped("user_id").items():
            if user:
                user_budgets.sudo().message_subscribe(partner_ids=user.partner_id.ids)
        return budgets

    def write(self, vals):
        self._check_not_locked()
        changing = self
        if "state" in vals:
            changing = self.filtered(lambda b: b.state != vals["state"])
            changing._check_state_change(vals["state"])
        approving = changing if vals.get("state") == "approved" else self.browse()
        approving.account_id._check_active_for_new_work()
        approving._check_discount_limit()
        before = {budget.id: budget.discount_pct for budget in self}
        res = super().write(vals)
        if approving:
            approving.sudo().write({"approved_by_id": self.env.user.id})
        self._check_discount_limit(before)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.invalidate_recordset(["is_locked"])
        for budget in self:
            if budget.is_locked:
                raise UserError(self.env._(
                    "Finance reconciled a period of %(budget)s: it cannot be deleted. "
                    "Finance must reopen its periods first.", budget=budget.display_name,
                ))

    # ------------------------------------------------------------ actions

    def action_approve(self):
        for budget in self:
            if budget.state == "approved":
                raise UserError(self.env._("%(budget)s is already approved.", budget=budget.display_name))
        self.write({"state": "approved"})
        return True

    def action_draft(self):
        self.write({"state": "draft"})
        return True

    def action_check_budget(self):
        """Read the spend now and say what it is (and alert as the daily job would)."""
        self.check_access("write")
        self._check_thresholds()
        messages = [self.env._(
            "%(budget)s: %(actual)s spent of %(reference)s (%(burn).0f%%)%(over)s.",
            budget=budget.display_name, actual=budget.currency_id.format(budget.actual_total),
            reference=budget.currency_id.format(budget.reference_amount),
            burn=budget.burn_pct, over=self.env._(", over budget") if budget.is_over_budget else "",
        ) for budget in self]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Spend checked"),
                "message": "\n".join(messages),
                "type": "warning" if any(self.mapped("is_over_budget")) else "info",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_thresholds(self, date_checked=None):
        """Tell the account manager once per threshold crossed (e.g. 80%,
        100%); flag over-budget work; stamp `date_checked` when given.

        Built for the daily job over a thousand budgets at once: the flags
        and stamps of all the budgets are one UPDATE, the notes and the
        activities are created in batches, never one budget at a time."""
        thresholds = {company: company._agency_alert_thresholds() for company in self.company_id}
        # Actuals are computed, not stored: read them fresh from Accounting.
        self.invalidate_recordset()
        notes, activities, flags = {}, [], {}
        today = fields.Date.context_today(self)
        for budget in self.filtered(lambda b: b.state == "approved"):
            burn = budget.burn_pct
            over = budget.actual_total > budget.reference_amount > 0
            threshold = budget.last_alert_threshold
            crossed = [t for t in thresholds[budget.company_id] if burn >= t and t > threshold]
            if crossed:
                threshold = crossed[-1]
                # In the language of the account person the alert is for.
                user = budget.user_id or self.env.user
                env = env_for(self, user)
                notes[budget.id] = env._(
                    "%(burn).0f%% of the budget is spent (threshold %(threshold)s%%): %(actual)s of %(budget)s.",
                    burn=burn, threshold=threshold,
                    actual=format_amount(env, budget.actual_total, budget.currency_id),
                    budget=format_amount(env, budget.reference_amount, budget.currency_id),
                )
                activities.append({
                    "res_id": budget.id,
                    "res_name": budget.display_name,
                    "user_id": user.id,
                    "summary": env._("Budget %(threshold)s%% spent", threshold=threshold),
                })
            if over != budget.is_over_budget or threshold != budget.last_alert_threshold:
                flags[budget.id] = (over, threshold)
        stamped = self.filtered(lambda b: b.state == "approved").ids if date_checked else []
        if flags or stamped:
            self._write_check_bookkeeping(flags, stamped, date_checked)
        if notes:
            self.browse(list(notes)).sudo()._message_log_batch(bodies=notes)
        self._agency_schedule_activities("agency_account_manager.mail_activity_type_budget_alert", activities, today)
        if flags:
            self.browse(list(flags)).account_id._agency_health_changed()

    def _write_check_bookkeeping(self, flags, stamped, date_checked):
        """System bookkeeping of the budget check, allowed even when finance
        locked the budget: {budget id: (over budget, last threshold)} and the
        ids stamped `date_checked`, in one UPDATE however many budgets. No
        stored field depends on these three (health is told by the caller)."""
        fnames = ["is_over_budget", "last_alert_threshold", "date_checked", "write_date", "write_uid"]
        self.flush_model(fnames)
        stamped = set(stamped)
        ids = sorted(set(flags) | stamped)
        current = {budget.id: budget for budget in self.browse(ids)}
        self.env.cr.execute(SQL("""
            UPDATE agency_budget AS b
               SET is_over_budget = v.over,
                   last_alert_threshold = v.threshold,
                   date_checked = CASE WHEN v.stamp THEN %(date)s::date ELSE b.date_checked END,
                   write_date = now() AT TIME ZONE 'UTC',
                   write_uid = %(uid)s
              FROM unnest(%(ids)s::int[], %(over)s::bool[], %(threshold)s::int[], %(stamp)s::bool[])
                   AS v(id, over, threshold, stamp)
             WHERE b.id = v.id
        """, date=date_checked, uid=self.env.uid, ids=ids,
            over=[flags[i][0] if i in flags else current[i].is_over_budget for i in ids],
            threshold=[flags[i][1] if i in flags else current[i].last_alert_threshold for i in ids],
            stamp=[i in stamped for i in ids]))
        self.browse(ids).invalidate_recordset(fnames)

    @api.model
    def _cron_check_budgets(self):
        """Daily: read the spend of every approved budget once."""
        today = fields.Date.context_today(self)
        # Reading spend is grouped queries for the whole batch, and notes and
        # activities are written 100 at a time: large batches (2,000 budgets).
        self._agency_cron_batch("Budget check", [
            ("state", "=", "approved"), "|", ("date_checked", "=", False), ("date_checked", "<", today),
        ], lambda budgets: budgets._check_thresholds(date_checked=today), batch_size=2000)

    def action_view_analytic_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("analytic.account_analytic_line_action_entries")
        action["domain"] = [("account_id", "=", self.analytic_account_id.id)]
        action["context"] = {"search_default_group_date": 1}
        return action
