"""Benchmark: budget actuals at agency scale. Run inside `odoo-bin shell`
(bench/run does it). It generates its own data in the current transaction
(bulk SQL inserts), measures, prints, and rolls everything back:

- 2,000 client accounts, 1,000 briefs with approved budgets, 1,000 projects
  with their analytic accounts;
- 1,000,000 analytic lines on those projects (timesheets, vendor bills by
  product category, expenses, invoices) and a ledger of 1,000,000 journal
  items (the bills' and expenses' lines among them).

Figures, all in the same run: the addon's actuals for all budgets, the
same with the former query shape (one _read_group per source, filtering on
move_line_id.expense_id), one bare grouped query over the same lines, and
Odoo's own per-project profitability (_get_profitability_items) on a sample
of projects, scaled to all of them; then the first run of the daily budget
check. Environment variables AGENCY_BENCH_LINES / _BUDGETS scale it down."""
# A benchmark prints its figures.
# pylint: disable=print-used
# measure() comes from bench/common.py, which bench/run puts in front.
# pylint: disable=undefined-variable
import os
import time
from collections import defaultdict

from odoo import Command
from odoo.tools import SQL

N_LINES = int(os.environ.get("AGENCY_BENCH_LINES", 1_000_000))
N_BUDGETS = int(os.environ.get("AGENCY_BENCH_BUDGETS", 1000))
N_ACCOUNTS = 2 * N_BUDGETS
PROFITABILITY_SAMPLE = 20




def former_actuals(budgets):
    """The query shape before this benchmark (kept here to compare)."""
    env = budgets.env
    result = defaultdict(lambda: defaultdict(float))
    by_analytic = defaultdict(lambda: budgets.browse())
    for budget in budgets:
        by_analytic[budget.analytic_account_id.id] |= budget
    line = env["account.analytic.line"].sudo()
    base = [("account_id", "in", list(by_analytic))]

    def add(groups, key, sign=-1.0):
        for group in groups:
            for budget in by_analytic[group[0].id]:
                result[budget.id][key] += sign * group[-1]
    add(line._read_group(base + [("project_id", "!=", False)], ["account_id"], ["amount:sum"]), "actual_timesheet")
    for analytic, product, amount in line._read_group(
            base + [("category", "=", "vendor_bill"), ("move_line_id.expense_id", "=", False)],
            ["account_id", "product_id"], ["amount:sum"]):
        for budget in by_analytic[analytic.id]:
            result[budget.id]["category_" + (product.categ_id.agency_budget_category or "external")] -= amount
    add(line._read_group(base + [("move_line_id.expense_id", "!=", False)], ["account_id"], ["amount:sum"]),
        "actual_expenses")
    add(line._read_group(base + [
        ("project_id", "=", False), ("category", "not in", ("vendor_bill", "invoice")), ("amount", "<", 0),
        "|", ("move_line_id", "=", False), ("move_line_id.expense_id", "=", False)], ["account_id"], ["amount:sum"]),
        "actual_other")
    add(line._read_group(base + [("category", "=", "invoice")], ["account_id"], ["amount:sum"]), "invoiced", 1.0)
    return result


def generate(env):
    company = env.company
    clients = env["res.partner"].create([
        {"name": f"Bench Client {i:05d}", "is_company": True} for i in range(N_ACCOUNTS)])
    accounts = env["agency.account"].create([{"partner_id": c.id} for c in clients])
    projects = env["project.project"].create([
        {"name": f"Bench Project {i:05d}", "allow_timesheets": True, "company_id": company.id}
        for i in range(N_BUDGETS)])
    missing = projects.filtered(lambda p: not p.account_id)
    plan = env["account.analytic.plan"].search([], limit=1) or env["account.analytic.plan"].create({"name": "Bench"})
    for project in missing:
        project.account_id = env["account.analytic.account"].create({"name": project.name, "plan_id": plan.id})
    briefs = env["agency.brief"].create([
        {"title": f"Bench Brief {i}", "account_id": accounts[i].id} for i in range(N_BUDGETS)])
    budgets = env["agency.budget"].create([{
        "brief_id": brief.id, "project_id": project.id,
        # About 43,000 spent each: past the 80 % alert, so the first check alerts.
        "line_ids": [Command.create({"category": "agency_hours", "amount": 30_000}),
                     Command.create({"category": "production", "amount": 20_000})],
    } for brief, project in zip(briefs, projects)])
    budgets.sudo().write({"state": "approved"})
    categories = env["product.category"].create([
        {"name": f"Bench {c}", "agency_budget_category": c} for c in ("production", "media")])
    products = env["product.product"].create([
        {"name": f"Bench product {i}", "categ_id": categories[i % 2].id, "type": "service"} for i in range(4)])
    env.flush_all()
    # The ledger: 1,000,000 journal items copied from one existing item.
    template = env.execute_query(SQL("SELECT id FROM account_move_line ORDER BY id LIMIT 1"))[0][0]
    expense = env.execute_query(SQL("SELECT id FROM hr_expense ORDER BY id LIMIT 1"))
    expense_id = expense[0][0] if expense else None
    env.cr.execute(SQL("""
        INSERT INTO account_move_line (move_id, currency_id, display_type, company_id, account_id, journal_id,
                                       date, balance, debit, credit, amount_currency, name, parent_state, expense_id)
        SELECT move_id, currency_id, display_type, company_id, account_id, journal_id, date, 1, 1, 0, 1,
               'Bench item', parent_state, CASE WHEN mod(g, 10) = 0 THEN %s::int END
          FROM account_move_line, generate_series(1, %s) g
         WHERE id = %s
     RETURNING id
    """, expense_id, N_LINES, template))
    item_ids = [row[0] for row in env.cr.fetchall()]
    analytic_ids = projects.account_id.ids
    env.cr.execute(SQL("""
        INSERT INTO account_analytic_line (name, account_id, company_id, currency_id, date, amount, unit_amount,
                                           category, project_id, product_id, move_line_id)
        SELECT 'Bench line',
               (%(analytic)s)[1 + mod(g, %(n)s)],
               %(company)s, %(currency)s, CURRENT_DATE - (mod(g, 300)),
               CASE WHEN mod(g, 10) < 9 THEN -(mod(g, 97)) ELSE mod(g, 997) END,
               CASE WHEN mod(g, 10) < 6 THEN 1.5 ELSE 0 END,
               CASE WHEN mod(g, 10) < 6 THEN 'other' WHEN mod(g, 10) < 9 THEN 'vendor_bill' ELSE 'invoice' END,
               CASE WHEN mod(g, 10) < 6 THEN (%(projects)s)[1 + mod(g, %(n)s)] END,
               CASE WHEN mod(g, 10) BETWEEN 6 AND 8 THEN (%(products)s)[1 + mod(g, 4)] END,
               -- One bill line in ten comes from an expense report (its item carries the expense).
               CASE WHEN mod(g, 10) BETWEEN 6 AND 8 THEN (%(items)s)[1 + mod(g / 7, %(items_n)s)] END
          FROM generate_series(1, %(lines)s) g
    """, analytic=analytic_ids, n=len(analytic_ids), company=company.id, currency=company.currency_id.id,
        projects=projects.ids,
        products=products.ids, items=item_ids, items_n=len(item_ids), lines=N_LINES))
    env.cr.execute(SQL("ANALYZE account_analytic_line; ANALYZE account_move_line"))
    return budgets, projects


def run(env):
    t0 = time.perf_counter()
    budgets, projects = generate(env)
    print(f"generated {N_ACCOUNTS} accounts, {N_BUDGETS} budgets and projects, {N_LINES} analytic lines "
          f"and {N_LINES} journal items in {time.perf_counter() - t0:.0f} s")
    budgets._get_actuals()  # warm the caches (rules, registry)
    ours, ours_s, ours_q = measure(env, budgets._get_actuals)
    former, former_s, former_q = measure(env, lambda: former_actuals(budgets))
    _bare, bare_s, bare_q = measure(env, lambda: env["account.analytic.line"].sudo()._read_group(
        [("account_id", "in", budgets.analytic_account_id.ids)], ["account_id"], ["amount:sum"]))
    sample = projects[:PROFITABILITY_SAMPLE]
    _core, core_s, core_q = measure(env, lambda: [p._get_profitability_items(with_action=False) for p in sample])
    core_all_s = core_s * len(projects) / len(sample)
    keys = ("actual_timesheet", "actual_expenses", "actual_other", "category_production", "category_media",
            "category_external")
    same = all(abs(ours[b.id][key] - former[b.id][key]) < 0.01 for b in budgets for key in keys) and all(
        abs(ours[b.id]["invoiced_revenue"] - former[b.id]["invoiced"]) < 0.01 for b in budgets)
    expenses = sum(ours[b.id]["actual_expenses"] for b in budgets)
    print(f"expenses found through their journal items: {expenses:,.0f}")
    print(f"{'':32} {'seconds':>9} {'queries':>8}")
    print(f"{'actuals, this addon':32} {ours_s:>9.2f} {ours_q:>8}")
    print(f"{'actuals, former query shape':32} {former_s:>9.2f} {former_q:>8}")
    print(f"{'one bare grouped query':32} {bare_s:>9.2f} {bare_q:>8}")
    print(f"{'core profitability, all projects':32} {core_all_s:>9.2f} {core_q * len(projects) // len(sample):>8}"
          f"   (measured on {len(sample)} projects: {core_s:.2f} s)")
    print(f"ratios: this addon / bare query = {ours_s / bare_s:.1f}x; former / this addon = {former_s / ours_s:.1f}x; "
          f"core / this addon = {core_all_s / ours_s:.0f}x; same figures as the former shape: {same}")
    # The first run of the daily budget check: one call of the job, as the
    # cron runner makes it (it calls again only while budgets remain).
    _done, check_s, check_q = measure(env, lambda: env["agency.budget"]._cron_check_budgets())
    remaining = env["agency.budget"].search_count([("state", "=", "approved"), ("date_checked", "=", False)])
    alerted = env["agency.budget"].search_count([("id", "in", budgets.ids), ("last_alert_threshold", ">", 0)])
    print(f"daily budget check, first run: {check_s:.1f} s, {check_q} queries in one call of the job, "
          f"{alerted} budgets alerted, {remaining} left for another call")
    env.cr.rollback()


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
