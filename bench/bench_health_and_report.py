"""Benchmark: daily health recompute and the report figures for growing
numbers of accounts. Run inside `odoo-bin shell` (bench/run does it); prints
wall time and SQL queries; everything it creates is rolled back."""
# A benchmark prints its figures.
# pylint: disable=print-used
import time

N_VALUES = (10, 100, 500)


def run(env):
    clients = env["res.partner"].create([
        {"name": f"Bench Health {i:05d}", "is_company": True} for i in range(max(N_VALUES))])
    accounts = env["agency.account"].create([{"partner_id": c.id} for c in clients])
    contacts = env["res.partner"].create([
        {"name": f"Contact {i}", "parent_id": c.id, "email": f"c{i}@bench.example"} for i, c in enumerate(clients)])
    surveys = env["agency.survey"].create([
        {"survey_type": "nps", "account_id": a.id, "partner_id": p.id} for a, p in zip(accounts, contacts)])
    for i, survey in enumerate(surveys):
        survey._record_answer(i % 11)
    env["agency.request"].create([{"name": "Bench", "account_id": a.id} for a in accounts])
    env.flush_all()
    print(f"{'accounts':>8} {'health q':>9} {'health ms':>10} {'report q':>9} {'report ms':>10}")
    for n in N_VALUES:
        subset = accounts[:n]
        subset._recompute_health()  # first run sets the bands
        env.flush_all()
        env.invalidate_all()
        q0, t0 = env.cr.sql_log_count, time.perf_counter()
        subset._recompute_health()
        env.flush_all()
        health_ms, health_q = (time.perf_counter() - t0) * 1000, env.cr.sql_log_count - q0
        env.invalidate_all()
        q0, t0 = env.cr.sql_log_count, time.perf_counter()
        subset._get_report_data(with_costs=True)
        report_ms, report_q = (time.perf_counter() - t0) * 1000, env.cr.sql_log_count - q0
        print(f"{n:>8} {health_q:>9} {health_ms:>10.1f} {report_q:>9} {report_ms:>10.1f}")
    env.cr.rollback()


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
