"""Scheduled jobs in a busy office, with real concurrent transactions: each
test commits its data through its own database connections (the test's
own transaction could not show uncommitted data to them) and deletes it
again at the end."""
from contextlib import closing, contextmanager
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAgencyJobsConcurrency(TransactionCase):

    @contextmanager
    def _transaction(self):
        """A real, separate transaction on the test database."""
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def _setup_breached_requests(self, count):
        with self._transaction() as env:
            client = env["res.partner"].create({"name": "Concurrency Co", "is_company": True})
            account = env["agency.account"].create({"partner_id": client.id, "tier": "key"})
            long_ago = fields.Datetime.now() - timedelta(days=30)
            requests = env["agency.request"].create([
                {"name": f"Late {i}", "account_id": account.id} for i in range(count)])
            requests.write({"date_received": long_ago})  # as the system: deadlines long past
            env.cr.commit()
            ids = (client.id, account.id, requests.ids)
        self.addCleanup(self._cleanup, *ids)
        return ids

    def _cleanup(self, client_id, account_id, request_ids):
        with self._transaction() as env:
            env["mail.activity"].search([("res_model", "=", "agency.request"), ("res_id", "in", request_ids)]).unlink()
            env["agency.request"].browse(request_ids).unlink()
            env["agency.account.health"].search([("account_id", "=", account_id)]).unlink()
            env["agency.account"].browse(account_id).unlink()
            env["res.partner"].browse(client_id).unlink()
            env.cr.commit()

    def _escalations(self, request_ids):
        with self._transaction() as env:
            requests = env["agency.request"].browse(request_ids)
            activities = env["mail.activity"].search([
                ("res_model", "=", "agency.request"), ("res_id", "in", request_ids),
                ("activity_type_id", "=", env.ref("agency_account_manager.mail_activity_type_sla_breach").id)])
            return ({r.id: (r.escalated, r.priority) for r in requests},
                    {rid: len(activities.filtered(lambda a, rid=rid: a.res_id == rid)) for rid in request_ids})

    def test_a_user_saving_a_record_does_not_roll_back_the_job_nor_the_job_the_user(self):
        _client, _account, (busy, *others) = self._setup_breached_requests(3)
        with self._transaction() as user, self._transaction() as job:
            # The user is saving one of the requests (their transaction holds it) ...
            user["agency.request"].browse(busy).write({"priority": "3"})
            user.flush_all()
            # ... while the job runs: it escalates the others and skips that one.
            job["agency.request"]._cron_escalate_breaches()
            job.cr.commit()
            user.cr.commit()
        escalated, activities = self._escalations([busy, *others])
        self.assertEqual(escalated[busy], (False, "3"), "the user's edit stands; the job left it for later")
        self.assertTrue(all(escalated[rid][0] for rid in others), "the job completed the other records")
        self.assertEqual([activities[rid] for rid in others], [1, 1])
        # The next run picks up what was skipped, and nothing twice.
        with self._transaction() as job:
            job["agency.request"]._cron_escalate_breaches()
            job.cr.commit()
        escalated, activities = self._escalations([busy, *others])
        self.assertTrue(escalated[busy][0])
        self.assertEqual(list(activities.values()), [1, 1, 1])

    def test_the_same_job_run_twice_at_once_does_nothing_twice(self):
        _client, _account, request_ids = self._setup_breached_requests(4)
        with self._transaction() as first, self._transaction() as second:
            first["agency.request"]._cron_escalate_breaches()
            first.flush_all()
            # The second run starts before the first commits: every record is held.
            second["agency.request"]._cron_escalate_breaches()
            first.cr.commit()
            second.cr.commit()
        escalated, activities = self._escalations(request_ids)
        self.assertTrue(all(value[0] for value in escalated.values()))
        self.assertEqual(list(activities.values()), [1, 1, 1, 1], "one escalation per request")
