import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCALES = {"csat": (1, 5), "nps": (0, 10)}


class AgencySurvey(models.Model):
    """One satisfaction question sent to a client: CSAT (1-5) when a brief
    is delivered, NPS (0-10) on the account's schedule. The client answers
    from a link with a secret token, once, without logging in."""

    _name = "agency.survey"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin", "agency.cron.mixin"]
    _description = "Client Satisfaction Survey"
    _order = "date_sent desc, id desc"
    _check_company_auto = True

    survey_type = fields.Selection(
        [("csat", "Satisfaction (CSAT)"), ("nps", "Recommendation (NPS)")], string="Type", required=True,
    )
    account_id = fields.Many2one(required=True, ondelete="restrict")
    brief_id = fields.Many2one("agency.brief", index="btree_not_null", check_company=True)
    partner_id = fields.Many2one("res.partner", string="Sent To", required=True)
    token = fields.Char(required=True, readonly=True, copy=False, index=True,
                        default=lambda self: uuid.uuid4().hex, groups="base.group_system")
    state = fields.Selection([("sent", "Sent"), ("answered", "Answered"), ("expired", "Expired")],
                             default="sent", required=True, index=True, readonly=True, copy=False,
                             agency_system=True)
    date_sent = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True, copy=False,
                                agency_system=True)
    date_expiry = fields.Datetime(
        required=True, default=lambda self: fields.Datetime.now() + timedelta(days=30), string="Expires On",
    )
    # The client's answer: only the answer page records it.
    date_answered = fields.Datetime(readonly=True, copy=False, agency_system=True)
    score = fields.Integer(readonly=True, copy=False, agency_system=True)
    comment = fields.Text(readonly=True, copy=False, agency_system=True)
    nps_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="NPS Category", compute="_compute_nps_category", store=True, agency_system=True,
    )

    _sql_constraints = [("token_uniq", "unique (token)", "A survey link is unique.")]

    @api.depends("survey_type", "score", "state")
    def _compute_nps_category(self):
        for survey in self:
            if survey.survey_type != "nps" or survey.state != "answered":
                survey.nps_category = False
            elif survey.score >= 9:
                survey.nps_category = "promoter"
            elif survey.score >= 7:
                survey.nps_category = "passive"
            else:
                survey.nps_category = "detractor"

    @api.constrains("score", "state", "survey_type")
    def _check_score(self):
        for survey in self.filtered(lambda s: s.state == "answered"):
            low, high = SCALES[survey.survey_type]
            if not low <= survey.score <= high:
                raise ValidationError(self.env._(
                    "A %(type)s answer is between %(low)s and %(high)s.",
                    type=survey.survey_type.upper(), low=low, high=high,
                ))

    @api.constrains("date_expiry", "date_sent")
    def _check_date_expiry(self):
        now = fields.Datetime.now()
        for survey in self:
            # Users set expiries ahead; only the system records past ones (expired links).
            if survey.date_expiry <= survey.date_sent or (not self.env.su and survey.date_expiry <= now):
                raise ValidationError(self.env._("A survey link must expire after it is sent, in the future."))

    def _get_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/agency/survey/{self.sudo().token}"

    def _send(self):
        template = self.env.ref("agency_account_manager.mail_template_agency_survey")
        for survey in self:
            template.sudo().send_mail(survey.id, email_layout_xmlid="mail.mail_notification_light")
        return True

    def _record_answer(self, score, comment=""):
        """Store the client's answer; returns False (and stores nothing) when
        the link is used, expired or the score is off the scale."""
        self.ensure_one()
        low, high = SCALES[self.survey_type]
        if self.state != "sent" or self.date_expiry < fields.Datetime.now() or not low <= score <= high:
            return False
        self.sudo().write({"state": "answered", "score": score, "comment": comment or False,
                           "date_answered": fields.Datetime.now()})
        scale = f"{score}/{high}"
        body = self.env._(
            "%(type)s answer from %(who)s: %(scale)s%(brief)s",
            type="CSAT" if self.survey_type == "csat" else "NPS", who=self.partner_id.display_name, scale=scale,
            brief=self.env._(" for %(brief)s", brief=self.brief_id.display_name) if self.brief_id else "",
        )
        if comment:
            body = f"{body}: “{comment}”"
        self.account_id.sudo().message_post(body=body)
        self.account_id._agency_health_changed()
        if self.brief_id:
            self.brief_id.sudo().message_post(body=body)
        return True

    @api.model
    def _create_and_send(self, vals_list):
        surveys = self.create(vals_list)
        surveys._send()
        return surveys

    @api.model
    def _cron_expire(self):
        self._agency_cron_batch(
            "Survey expiry", [("state", "=", "sent"), ("date_expiry", "<", fields.Datetime.now())],
            lambda expired: expired.sudo().write({"state": "expired"}), batch_size=1000)
