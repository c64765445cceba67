from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models


class AgencyPlaybook(models.Model):
    """What to do when an account's health turns: an activity template."""

    _name = "agency.playbook"
    _description = "Account Health Playbook"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    trigger = fields.Selection(
        [("turned_red", "Account turned red"), ("dropped", "Score dropped")], required=True, default="turned_red",
    )
    activity_type_id = fields.Many2one("mail.activity.type", required=True,
                                       default=lambda self: self.env.ref("mail.mail_activity_data_todo"))
    summary = fields.Char(required=True, translate=True)
    note = fields.Html(translate=True)
    delay_days = fields.Integer(string="Due In (days)", default=1)
    notify_team_leader = fields.Boolean(
        string="Also the Team Leader for Strategic Accounts", default=True,
    )
    company_id = fields.Many2one("res.company", help="Leave empty for every company.")
    active = fields.Boolean(default=True)

    def _apply(self, account, old_score, new_score):
        self.ensure_one()
        users = account.user_id
        if self.notify_team_leader and account.tier == "strategic" and account.team_id.user_id:
            users |= account.team_id.user_id
        for user in users:
            # The playbook's words and the change, in the language of whom it is for.
            playbook = self.with_context(lang=user.lang or self.env.lang)
            note = Markup("%s<p>%s</p>") % (playbook.note or "", playbook.env._(
                "Health went from %(old)s to %(new)s.", old=old_score, new=new_score))
            account.activity_schedule(
                activity_type_id=self.activity_type_id.id, summary=playbook.summary, note=note, user_id=user.id,
                date_deadline=fields.Date.context_today(account) + timedelta(days=self.delay_days),
            )
