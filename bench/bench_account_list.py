"""Benchmark: reading the client account list as the web client does.

Run inside `odoo-bin shell` (bench/run does it); prints, for growing numbers
of accounts, the wall time and the number of SQL queries. Everything it
creates is rolled back."""
# A benchmark prints its figures.
# pylint: disable=print-used
import time

from lxml import etree

N_VALUES = (10, 80, 500, 2000)
REPEAT = 5


def list_spec(Account):
    arch = Account.get_views([(False, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        field = Account._fields[node.get("name")]
        relational = field.type in ("many2one", "many2many", "one2many")
        spec[field.name] = {"fields": {"display_name": {}}} if relational else {}
    return spec


def run(env):
    Account = env["agency.account"]
    team = env["crm.team"].create({"name": "Bench Team", "user_id": env.user.id})
    tags = env["agency.service.tag"].create([{"name": f"Bench service {i}"} for i in range(3)])
    clients = env["res.partner"].create([
        {"name": f"Bench Client {i:05d}", "is_company": True} for i in range(max(N_VALUES))
    ])
    accounts = Account.create([{
        "partner_id": client.id, "team_id": team.id,
        "tier": ("strategic", "key", "growth", "standard")[i % 4],
        "service_tag_ids": [(6, 0, tags[: 1 + i % 3].ids)],
        "budget_annual": 1000 * i,
    } for i, client in enumerate(clients)])
    env.flush_all()
    spec = list_spec(Account)
    print(f"{'accounts':>8} {'queries':>8} {'ms (best of %d)' % REPEAT:>16}")
    for n in N_VALUES:
        domain = [("id", "in", accounts[:n].ids)]
        Account.web_search_read(domain, spec, limit=n)  # warm caches
        best, queries = None, None
        for _ in range(REPEAT):
            env.invalidate_all()
            q0 = env.cr.sql_log_count
            t0 = time.perf_counter()
            Account.web_search_read(domain, spec, limit=n)
            elapsed = (time.perf_counter() - t0) * 1000
            queries = env.cr.sql_log_count - q0
            best = elapsed if best is None else min(best, elapsed)
        print(f"{n:>8} {queries:>8} {best:>16.1f}")
    env.cr.rollback()


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
