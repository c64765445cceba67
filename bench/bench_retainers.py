"""Benchmark: 500 active retainers over 24 monthly periods. Run inside
`odoo-bin shell` (bench/run does it); generates its data (timesheets by bulk
insert), measures, prints, and rolls everything back.

Figures in the same run: opening the 12,000 periods; recording their worked
hours, cost and rollover (_update_figures, one grouped query); the
retainer figures of the 500 accounts for the account report
(_figures_retainers); one bare grouped query over the same timesheets by
project and month; and Odoo's per-project profitability on a sample, scaled."""
# A benchmark prints its figures.
# pylint: disable=print-used
# measure() comes from bench/common.py, which bench/run puts in front.
# pylint: disable=undefined-variable
import os
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tools import SQL

N_RETAINERS = int(os.environ.get("AGENCY_BENCH_RETAINERS", 500))
N_MONTHS = 24
LINES_PER_PERIOD = 20
SAMPLE = 10




def run(env):
    today = date.today()
    start = today.replace(day=1) - relativedelta(months=N_MONTHS - 1)
    department = env["hr.department"].create({"name": "Bench Studio", "agency_delivers_client_work": True})
    employee = env["hr.employee"].create({"name": "Bench Designer", "hourly_cost": 40,
                                          "department_id": department.id})
    clients = env["res.partner"].create([{"name": f"Bench Retainer {i:04d}", "is_company": True}
                                         for i in range(N_RETAINERS)])
    accounts = env["agency.account"].create([{"partner_id": client.id} for client in clients])
    projects = env["project.project"].create([{"name": f"Bench retainer {i}", "allow_timesheets": True}
                                              for i in range(N_RETAINERS)])
    retainers = env["agency.retainer"].create([{
        "account_id": account.id, "date_start": start, "fee": 2000, "rollover_rule": "one_period",
        "project_ids": [Command.set(project.ids)],
        "line_ids": [Command.create({"department_id": department.id, "hours": 40})],
    } for account, project in zip(accounts, projects)])
    env.flush_all()
    n_lines = N_RETAINERS * N_MONTHS * LINES_PER_PERIOD
    env.cr.execute(SQL("""
        INSERT INTO account_analytic_line (name, account_id, company_id, currency_id, date, amount, unit_amount,
                                           project_id, employee_id, department_id, category)
        SELECT 'Bench timesheet', p.account_id, %(company)s, %(currency)s,
               %(start)s::date + (mod(g, %(days)s))::int, -80, 2, p.id, %(employee)s, %(department)s, 'other'
          FROM generate_series(1, %(n)s) g
          JOIN project_project p ON p.id = (%(projects)s)[1 + mod(g, %(count)s)]
    """, company=env.company.id, currency=env.company.currency_id.id, start=start, days=(today - start).days + 1, n=n_lines,
        projects=projects.ids, count=len(projects), employee=employee.id, department=department.id))
    env.cr.execute(SQL("ANALYZE account_analytic_line"))
    print(f"generated {N_RETAINERS} retainers, {n_lines} timesheets over {N_MONTHS} months")
    _periods, open_s, open_q = measure(env, lambda: retainers.sudo().write({"state": "active"}))
    periods = retainers.period_ids
    _r, update_s, update_q = measure(env, periods._update_figures)
    _f, figures_s, figures_q = measure(env, lambda: accounts._figures_retainers(start, today))
    _b, bare_s, bare_q = measure(env, lambda: env["account.analytic.line"].sudo()._read_group(
        [("project_id", "in", projects.ids)], ["project_id", "date:month"], ["unit_amount:sum", "amount:sum"]))
    sample = projects[:SAMPLE]
    _c, core_s, _core_q = measure(env, lambda: [p._get_profitability_items(with_action=False) for p in sample])
    core_all_s = core_s * len(projects) / len(sample)
    print(f"{'':40} {'seconds':>8} {'queries':>8}")
    print(f"{'open %d periods' % len(periods):40} {open_s:>8.2f} {open_q:>8}")
    print(f"{'record worked hours, cost, rollover':40} {update_s:>8.2f} {update_q:>8}")
    print(f"{'retainer figures of the accounts':40} {figures_s:>8.2f} {figures_q:>8}")
    print(f"{'one bare grouped query (project, month)':40} {bare_s:>8.2f} {bare_q:>8}")
    print(f"{'core profitability, all projects':40} {core_all_s:>8.2f}")
    print(f"ratios: recording / bare query = {update_s / bare_s:.1f}x; core / recording = {core_all_s / update_s:.1f}x")
    env.cr.rollback()


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
