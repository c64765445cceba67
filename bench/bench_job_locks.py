"""Benchmark: does a scheduled job's batch hold up people saving work?

A batch locks its records while it processes them (agency.cron.mixin). A
client request saved meanwhile on one of those accounts inserts a row whose
foreign key takes a KEY SHARE lock on the account. With FOR UPDATE the
insert waits for the whole batch; with FOR NO KEY UPDATE (what the mixin
takes) it does not. Two real connections on the database bench/run opens;
nothing is committed. Target: the insert does not wait for the batch."""
# A benchmark prints its figures.
# pylint: disable=print-used
import threading
import time

from odoo.sql_db import db_connect
from odoo.tools import SQL

HOLD = 2.0  # seconds the batch holds its lock


def insert_request(dbname, account, result):
    """The user's save, on its own connection: how long the insert waits."""
    with db_connect(dbname).cursor() as cr:
        cr.execute("SET lock_timeout = '10s'")
        start = time.perf_counter()
        cr.execute(SQL(
            "INSERT INTO agency_request (name, account_id, company_id, state, request_type, priority, channel,"
            " pushback_state, date_received) VALUES ('bench lock', %s, %s, 'new', 'question', '1', 'email',"
            " 'none', now())", account.id, account.company_id.id))
        result.append(time.perf_counter() - start)
        cr.rollback()


def run(env):
    account = env["agency.account"].search([], limit=1, order="id")
    if not account:
        print("no account to lock: run on a database with demo data")
        return
    for mode in ("FOR UPDATE", "FOR NO KEY UPDATE"):
        env.cr.execute(SQL("SELECT id FROM agency_account WHERE id = %s %s SKIP LOCKED", account.id, SQL(mode)))
        waited = []
        user = threading.Thread(target=insert_request, args=(env.cr.dbname, account, waited))
        user.start()
        time.sleep(HOLD)
        env.cr.rollback()  # the batch ends
        user.join()
        print(f"batch lock {mode:<18}: a request saved on a locked account waited {waited[0]:.2f} s "
              f"(the batch held it {HOLD:.1f} s)")


# odoo-bin shell defines env.
run(env)  # noqa: F821  pylint: disable=undefined-variable
