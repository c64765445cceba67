import logging

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class AgencyCronMixin(models.AbstractModel):
    """Scheduled jobs that survive a busy office.

    Each call of a job processes one batch, the way Odoo 18 runs jobs: it
    reports its progress (``ir.cron._notify_progress``), the cron runner
    commits and calls again for what is left. A batch takes only records no
    other transaction holds (``FOR NO KEY UPDATE SKIP LOCKED``): a user saving
    one of them is never rolled back by the job, nor the whole job by the
    user, and records that only point at them (a new request on a locked
    account, whose foreign key takes a KEY SHARE lock) are never held up.
    The job's domain stops matching a record once it is processed, so a
    second run, or two runs at once, do nothing twice."""

    _name = "agency.cron.mixin"
    _description = "Scheduled Job in Batches"

    _agency_cron_batch_size = 200

    @api.model
    def _agency_cron_batch(self, job, domain, process, batch_size=None, model=None):
        """Process the next batch of `domain` (records of this model, or of
        `model`) with `process(records)`; returns the records processed."""
        batch_size = batch_size or self._agency_cron_batch_size
        Model = model if model is not None else self
        # The next records of the domain that no other transaction holds, locked
        # for this batch, in one query (execute_query flushes what the domain reads).
        query = Model._search(domain, order="id", limit=batch_size * 2)
        rows = self.env.execute_query(SQL(
            "SELECT id FROM %s WHERE id IN (%s) ORDER BY id LIMIT %s FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(Model._table), query.subselect(), batch_size,
        ))
        records = Model.browse([row[0] for row in rows])
        if records:
            process(records)
            self.env.flush_all()
        remaining = Model.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(records), remaining=remaining)
        _logger.info("%s: %s %s processed, %s still to do (any held by other transactions included)",
                     job, len(records), Model._description, remaining)
        return records

    @api.model
    def _agency_schedule_activities(self, activity_xmlid, vals_list, deadline):
        """Activities of one type on records of this model, all created in one
        go (a job may alert hundreds of records): each dict holds res_id,
        res_name, user_id and summary. The values Odoo would recompute after
        the insert are given, and nobody is notified one by one."""
        if not vals_list:
            return self.env["mail.activity"]
        activity_type = self.env.ref(activity_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        tz = {user.id: user.tz for user in self.env["res.users"].browse({vals["user_id"] for vals in vals_list})}
        return self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create([
            dict(vals, res_model=self._name, res_model_id=model_id, activity_type_id=activity_type.id,
                 date_deadline=deadline, user_tz=tz[vals["user_id"]], date_done=False)
            for vals in vals_list])
