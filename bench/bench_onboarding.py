"""Benchmark: onboarding 2,000 existing customers (each with an open
opportunity) in one step. Run inside `odoo-bin shell` (bench/run does it);
creates its data, measures, prints, and rolls everything back.
Target: under a minute, a fixed number of queries per batch of accounts."""
# A benchmark prints its figures.
# pylint: disable=print-used
# measure() comes from bench/common.py, which bench/run puts in front.
# pylint: disable=undefined-variable
from datetime import date

from dateutil.relativedelta import relativedelta

N_CUSTOMERS = 2000




def run(env):
    clients = env["res.partner"].create([{"name": f"Bench Customer {i:05d}", "is_company": True}
                                         for i in range(N_CUSTOMERS)])
    env["crm.lead"].create([{"name": f"Deal {i}", "type": "opportunity", "partner_id": client.id}
                            for i, client in enumerate(clients)])
    Account = env["agency.account"]
    proposals, propose_s, propose_q = measure(env, lambda: Account._onboarding_candidates(
        env.company, date.today() - relativedelta(years=20)))
    proposals = [p for p in proposals if p["partner_id"] in set(clients.ids)]
    accounts, create_s, create_q = measure(env, lambda: Account._onboarding_create(env.company, proposals))
    batches = -(-len(proposals) // 500)
    print(f"proposed {len(proposals)} accounts in {propose_s:.2f} s, {propose_q} queries")
    print(f"created {len(accounts)} accounts in {create_s:.2f} s, {create_q} queries "
          f"({create_q // batches} per batch of 500)")
    print(f"onboarding total: {propose_s + create_s:.1f} s for {N_CUSTOMERS} customers (target: under 60 s)")
    env.cr.rollback()


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
