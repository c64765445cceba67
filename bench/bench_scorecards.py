"""Benchmark: the quarterly scorecards of 40 people over 2,000 accounts.
Run inside `odoo-bin shell` (bench/run does it); creates its data, measures,
prints, and rolls everything back.

Figures in the same run: computing the 40 scorecards (every figure family
one grouped query over all the accounts); the same for 10 people over 500
accounts, to show the query count does not grow; and one bare grouped query
over the accounts' requests."""
# A benchmark prints its figures.
# pylint: disable=print-used
# measure() comes from bench/common.py, which bench/run puts in front.
# pylint: disable=undefined-variable
from datetime import date

from odoo import Command

N_PEOPLE, N_ACCOUNTS = 40, 2000




def run(env):
    group = env.ref("agency_account_manager.group_agency_executive")
    users = env["res.users"].create([{
        "name": f"Bench Person {i}", "login": f"bench_person_{i}", "groups_id": [Command.set(group.ids)],
    } for i in range(N_PEOPLE)])
    clients = env["res.partner"].create([{"name": f"Bench Card {i:05d}", "is_company": True}
                                         for i in range(N_ACCOUNTS)])
    accounts = env["agency.account"].create([{
        "partner_id": client.id, "user_id": users[i % N_PEOPLE].id,
        "tier": ("strategic", "key", "growth", "standard")[i % 4],
    } for i, client in enumerate(clients)])
    env["agency.request"].create([{"name": "Bench", "account_id": account.id} for account in accounts])
    Scorecard = env["agency.scorecard"]
    day = date.today()
    Scorecard._compute_scorecards(users[:2], "quarter", day)  # warm the caches
    small_users = users[:10]
    _s, small_s, small_q = measure(env, lambda: Scorecard._compute_scorecards(small_users, "quarter", day))
    cards, full_s, full_q = measure(env, lambda: Scorecard._compute_scorecards(users, "quarter", day))
    _b, bare_s, bare_q = measure(env, lambda: env["agency.request"].sudo()._read_group(
        [("account_id", "in", accounts.ids)], ["account_id"], ["__count"]))
    print(f"{'':42} {'seconds':>8} {'queries':>8}")
    print(f"{'scorecards, 10 people, 500 accounts':42} {small_s:>8.2f} {small_q:>8}")
    print(f"{'scorecards, %d people, %d accounts' % (N_PEOPLE, N_ACCOUNTS):42} {full_s:>8.2f} {full_q:>8}")
    print(f"{'one bare grouped query (requests)':42} {bare_s:>8.3f} {bare_q:>8}")
    print(f"{len(cards)} scorecards; ratio scorecards / bare query = {full_s / bare_s:.0f}x")
    env.cr.rollback()


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
