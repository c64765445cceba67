"""Benchmark: My Day for an account manager's portfolio. Run inside
`odoo-bin shell` (bench/run does it). It creates a manager with 50, then 200
accounts, each with attention items of several kinds (a breached request, a
complaint, a late allocation, an over-budget budget, a renewal, an overdue
activity), measures My Day as that manager, and rolls everything back.

Figures in the same run: My Day (agency.attention.get_my_day); Odoo's own
"what needs me" panel, the activity systray (res.users._get_activity_groups);
and one bare grouped query over the same requests. Target: under 1 second and
a query count that does not grow with the portfolio."""
# A benchmark prints its figures.
# pylint: disable=print-used
# measure() comes from bench/common.py, which bench/run puts in front.
# pylint: disable=undefined-variable
from datetime import timedelta

from odoo import Command, fields

SIZES = (50, 200)




def generate(env, user, n, offset):
    today = fields.Date.today()
    clients = env["res.partner"].create([
        {"name": f"Bench Day {offset + i:05d}", "is_company": True} for i in range(n)])
    accounts = env["agency.account"].create([{
        "partner_id": client.id, "user_id": user.id, "date_start": today - timedelta(days=340 + i % 20),
    } for i, client in enumerate(clients)])
    requests = env["agency.request"].create([
        {"name": f"Bench request {i}", "account_id": account.id,
         "request_type": "complaint" if i % 3 == 0 else "question"} for i, account in enumerate(accounts)])
    requests.sudo().write({"date_received": fields.Datetime.now() - timedelta(days=10)})
    briefs = env["agency.brief"].create([{"title": f"Bench brief {i}", "account_id": account.id,
                                           "date_start": today - timedelta(days=60)}
                                          for i, account in enumerate(accounts)])
    env["agency.brief.allocation"].create([{"brief_id": brief.id, "name": "Key visual",
                                            "partner_id": brief.partner_id.id,
                                            "date_due": today - timedelta(days=2)} for brief in briefs])
    budgets = env["agency.budget"].create([{"brief_id": brief.id, "line_ids": [
        Command.create({"category": "production", "amount": 1000})]} for brief in briefs])
    budgets.sudo().write({"state": "approved", "is_over_budget": True})
    for brief in briefs:
        brief.activity_schedule("mail.mail_activity_data_todo", summary="Call the client",
                                date_deadline=today - timedelta(days=1), user_id=user.id)
    return accounts


def run(env):
    user = env["res.users"].create({
        "name": "Bench Manager", "login": "bench_my_day", "email": "bench_my_day@example.com",
        "groups_id": [Command.set(env.ref("agency_account_manager.group_agency_manager").ids)],
    })
    total = 0
    print(f"{'accounts':>8} {'items':>6} {'my day s':>9} {'q':>4} {'core systray s':>15} {'q':>4} "
          f"{'bare query s':>13} {'q':>4}  ratios (my day / core, / bare)")
    for n in SIZES:
        accounts = generate(env, user, n - total, total) if n > total else None
        total = n
        Attention = env["agency.attention"].with_user(user)
        Attention.get_my_day()  # warm the caches (rules, registry)
        data, day_s, day_q = measure(env, Attention.get_my_day)
        _core, core_s, core_q = measure(env, user.with_user(user)._get_activity_groups)
        _bare, bare_s, bare_q = measure(env, lambda: env["agency.request"].with_user(user)._read_group(
            [("account_id.user_id", "=", user.id)], ["account_id"], ["__count"]))
        items = sum(len(group["items"]) for group in data["groups"])
        print(f"{data['account_count']:>8} {items:>6} {day_s:>9.3f} {day_q:>4} {core_s:>15.3f} {core_q:>4} "
              f"{bare_s:>13.3f} {bare_q:>4}  {day_s / core_s:.1f}x, {day_s / bare_s:.0f}x")
        del accounts
    env.cr.rollback()


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
