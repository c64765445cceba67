"""My Day: each kind of attention item appears when its condition holds and
goes when it is resolved, for the people who may see it and no one else."""
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AgencyCase


@tagged("post_install", "-at_install")
class TestAgencyAttention(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.today = fields.Date.today()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[Command.set(cls.intern.ids)])
        cls.account_other = cls._account(cls.client_other, user_id=cls.executive_other.id,
                                         team_id=cls.team_other.id)
        cls.brief = cls.env["agency.brief"].create({
            "title": "Launch", "account_id": cls.account.id, "date_start": cls.today - timedelta(days=60)})

    def items(self, user, scope="mine", account=None):
        data = self.env["agency.attention"].with_user(user).get_my_day(scope)
        account = account or self.account
        return {kind: item for group in data["groups"] if group["account_id"] == account.id
                for item in group["items"] for kind in item["kinds"]}

    def assertItem(self, kind, users=None, absent_for=None):
        for user in users or (self.executive,):
            self.assertIn(kind, self.items(user, self.widest_scope(user)), f"{user.login} must see {kind}")
        for user in absent_for or ():
            self.assertNotIn(kind, self.items(user, self.widest_scope(user)), f"{user.login} must not see {kind}")

    def widest_scope(self, user):
        scopes = [scope["key"] for scope in self.env["agency.attention"].with_user(user).get_my_day()["scopes"]]
        return scopes[-1]

    def _breached_request(self, **vals):
        request = self.env["agency.request"].create(dict({
            "name": "Logo files missing", "account_id": self.account.id, "request_type": "question"}, **vals))
        # Received ten days ago: its service level's deadlines are past.
        request.sudo().write({"date_received": fields.Datetime.now() - timedelta(days=10)})
        return request

    def test_breached_request_until_resolved(self):
        request = self._breached_request()
        self.assertItem("request_breached", users=(self.executive, self.intern),
                        absent_for=(self.executive_other, self.director_b))
        item = self.items(self.executive)["request_breached"]
        self.assertEqual(item["action"]["method"], "action_acknowledge")
        self.assertIn(request.reference, item["reason"])
        request.with_user(self.executive).action_acknowledge()
        self.assertNotIn("method", self.items(self.executive)["request_breached"]["action"])
        request.with_user(self.executive).action_resolve()
        self.assertNotIn("request_breached", self.items(self.executive))

    def test_complaint_until_resolved(self):
        complaint = self.env["agency.request"].create({
            "name": "Wrong price on the banner", "account_id": self.account.id, "request_type": "complaint"})
        self.assertItem("complaint", users=(self.executive, self.intern), absent_for=(self.executive_other,))
        complaint.write({"resolution": "<p>Fixed and credited.</p>", "state": "resolved"})
        self.assertNotIn("complaint", self.items(self.executive))

    def test_late_allocation_until_done(self):
        allocation = self.env["agency.brief.allocation"].create({
            "brief_id": self.brief.id, "name": "Key visual", "department_id": self.dept_design.id,
            "date_due": self.today - timedelta(days=3)})
        self.assertItem("allocation_late", users=(self.executive, self.intern))
        self.assertIn("3 days late", self.items(self.executive)["allocation_late"]["reason"])
        allocation.write({"date_due": self.today + timedelta(days=3)})
        self.assertNotIn("allocation_late", self.items(self.executive))

    def test_budget_items_only_for_those_who_read_costs(self):
        budget = self.env["agency.budget"].create({
            "brief_id": self.brief.id, "line_ids": [Command.create({"category": "production", "amount": 100})]})
        budget.action_approve()
        budget.sudo().write({"is_over_budget": True})
        self.assertItem("budget_over", users=(self.executive, self.manager), absent_for=(self.intern,))
        self.assertNotIn("budget_over", self.items(self.intern))
        budget.sudo().write({"is_over_budget": False})
        self.assertNotIn("budget_over", self.items(self.executive))
        # An alert stays an item until its activity is done.
        budget.sudo().write({"last_alert_threshold": 80})
        budget.activity_schedule("agency_account_manager.mail_activity_type_budget_alert", user_id=self.executive.id)
        self.assertIn("budget_alert", self.items(self.executive))
        budget.activity_ids.action_feedback(feedback="Client agreed to more")
        self.assertNotIn("budget_alert", self.items(self.executive))

    def test_renewal_within_the_horizon(self):
        self.account.write({"date_start": self.today - timedelta(days=340)})
        self.assertItem("renewal", users=(self.executive, self.intern, self.manager))
        self.env.company.agency_renewal_horizon_days = 10
        self.assertNotIn("renewal", self.items(self.executive))

    def test_status_update_due_until_posted(self):
        self.account.sudo().write({"date_next_update": self.today - timedelta(days=1)})
        item = self.items(self.executive)["update_due"]
        self.assertEqual(item["action"]["window"]["context"]["default_account_id"], self.account.id)
        self.env["agency.account.update"].with_user(self.executive).create({
            "account_id": self.account.id, "status": "on_track", "summary": "<p>All on track</p>"})
        self.assertNotIn("update_due", self.items(self.executive))

    def test_detractor_and_unanswered_surveys(self):
        Survey = self.env["agency.survey"]
        detractor = Survey.create({"account_id": self.account.id, "survey_type": "nps",
                                   "partner_id": self.client.id})
        detractor.sudo().write({"state": "answered", "score": 3, "date_answered": fields.Datetime.now()})
        self.assertItem("detractor", users=(self.executive, self.intern))
        detractor.sudo().write({"date_answered": fields.Datetime.now() - timedelta(days=45)})
        self.assertNotIn("detractor", self.items(self.executive))
        silent = Survey.create({"account_id": self.account.id, "survey_type": "csat", "partner_id": self.client.id})
        self.assertNotIn("survey_unanswered", self.items(self.executive))
        silent.sudo().write({"state": "expired", "date_sent": fields.Datetime.now() - timedelta(days=31),
                             "date_expiry": fields.Datetime.now() - timedelta(days=1)})
        self.assertIn("survey_unanswered", self.items(self.executive))

    def test_health_red_and_dropped(self):
        self.account.sudo().write({"health_band": "red", "health_band_date": self.today})
        self.assertItem("health_red", users=(self.executive, self.intern))
        self.account.sudo().write({"health_band": "amber", "health_band_previous": "green"})
        self.assertNotIn("health_red", self.items(self.executive))
        self.assertIn("health_drop", self.items(self.executive))
        self.account.sudo().write({"health_band": "green"})
        self.assertFalse({"health_red", "health_drop"} & set(self.items(self.executive)))

    def test_overdue_activity_until_done(self):
        activity = self.brief.activity_schedule("mail.mail_activity_data_todo", summary="Call the CMO",
                                                date_deadline=self.today - timedelta(days=2),
                                                user_id=self.executive.id)
        self.assertItem("activity_overdue", users=(self.executive, self.intern),
                        absent_for=(self.executive_other, self.director_b))
        self.assertIn("Call the CMO", self.items(self.executive)["activity_overdue"]["reason"])
        activity.action_feedback(feedback="Done")
        self.assertNotIn("activity_overdue", self.items(self.executive))

    def test_quotation_waiting_for_the_client(self):
        order = self.env["sale.order"].create({
            "partner_id": self.client.id,
            "order_line": [Command.create({"product_id": self.env["product.product"].create(
                {"name": "Retainer", "type": "service", "list_price": 900}).id})]})
        order.action_quotation_sent()
        self.assertItem("quotation", users=(self.executive, self.intern), absent_for=(self.executive_other,))
        order.action_confirm()
        self.assertNotIn("quotation", self.items(self.executive))

    def test_pushed_back_request(self):
        request = self.env["agency.request"].create({
            "name": "Move the launch", "account_id": self.account.id, "request_type": "change",
            "department_id": self.dept_creative.id})
        request.sudo().write({"pushback_state": "pushed_back",
                              "pushback_date_proposed": self.today + timedelta(days=7)})
        self.assertItem("pushback")
        request.sudo().write({"pushback_state": "renegotiated"})
        self.assertNotIn("pushback", self.items(self.executive))

    def test_scopes_follow_the_ladder(self):
        self._breached_request()
        self._breached_request(account_id=self.account_other.id)
        self.assertEqual([s["key"] for s in self.env["agency.attention"].with_user(self.executive).get_my_day()[
            "scopes"]], ["mine"])
        with self.assertRaises(UserError):
            self.env["agency.attention"].with_user(self.executive).get_my_day("company")
        # The team leader switches to the team, the director to the company.
        self.assertIn("request_breached", self.items(self.manager, "team"))
        self.assertNotIn("request_breached", self.items(self.manager, "team", self.account_other))
        self.assertIn("request_breached", self.items(self.director, "company", self.account_other))
        self.assertFalse(self.env["agency.attention"].with_user(self.director_b).get_my_day("company")["groups"])

    def test_account_card_and_form_say_why(self):
        self._breached_request()
        self.env["agency.request"].create({
            "name": "Wrong price", "account_id": self.account.id, "request_type": "complaint"})
        account = self.account.with_user(self.executive)
        self.assertEqual(account.attention_complaints, 1)
        self.assertEqual(account.attention_count, 2, "the breached request and the complaint")
        self.assertIn("Logo files missing", account.attention_html)

    def test_my_day_takes_a_fixed_number_of_queries(self):
        def count(n):
            accounts = self.env["agency.account"].create([{
                "partner_id": self._client(f"Fixed {n}-{i}").id, "user_id": self.executive.id,
                "date_start": self.today - timedelta(days=350)} for i in range(n)])
            for account in accounts:
                self._breached_request(account_id=account.id)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            data = self.env["agency.attention"].with_user(self.executive).get_my_day()
            return self.env.cr.sql_log_count - before, data
        few, data_few = count(3)
        many, data_many = count(12)
        self.assertGreater(len(data_many["groups"]), len(data_few["groups"]))
        self.assertLessEqual(many, few + 2, "My Day's queries do not grow with the accounts")

    def test_morning_email_once_a_day_when_not_empty(self):
        self._breached_request()
        self.executive.with_user(self.executive).write({"agency_my_day_email": True})
        self.executive_other.with_user(self.executive_other).write({"agency_my_day_email": True})
        with self.assertRaises(UserError):
            self.executive.with_user(self.executive).write({"agency_my_day_sent": self.today})
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.env["agency.attention"]._cron_send_morning_email()
        sent = Mail.search([]) - before
        self.assertEqual(sent.recipient_ids, self.executive.partner_id, "nobody with nothing to do gets one")
        self.assertIn("Logo files missing", sent.body_html)
        self.env["agency.attention"]._cron_send_morning_email()
        self.assertEqual(Mail.search([]) - before, sent, "a second run the same day sends nothing")
