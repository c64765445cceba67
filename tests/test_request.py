import email.utils
from datetime import date, datetime, timedelta, timezone

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from .common import AgencyCase

RAW_EMAIL = """Return-Path: <{email_from}>
From: {email_from}
To: client-requests@agency.example.com
Subject: {subject}
Message-ID: {msg_id}
{extra}Date: {date}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


def raw_email(**values):
    """An email as the mail gateway receives it, dated now."""
    return RAW_EMAIL.format(date=email.utils.format_datetime(datetime.now(timezone.utc)), **values)


@tagged("post_install", "-at_install")
class TestAgencyRequest(AgencyCase):

    FRIDAY_4PM = datetime(2026, 11, 27, 16, 0)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.dept_creative.agency_lead_time_days = 10
        # Working hours: Monday to Friday, 9-13 and 14-18, in UTC.
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create({
            "name": "Agency hours", "tz": "UTC",
            "attendance_ids": [(0, 0, {"name": f"{day} {start}", "dayofweek": str(day), "hour_from": start,
                                       "hour_to": start + 4, "day_period": "morning" if start == 9 else "afternoon"})
                               for day in range(5) for start in (9, 14)],
        })
        cls.env["agency.sla.policy"]._find(cls.company, "key", "1").write({"ack_hours": 8, "resolve_hours": 32})
        cls.account = cls._account(cls.client, tier="key", user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[(6, 0, cls.intern.ids)])
        cls.contact = cls.env["res.partner"].create({
            "name": "Ann Buyer", "parent_id": cls.client.id, "email": "ann@northwind.example.com",
        })
        cls.brief = cls.env["agency.brief"].create({
            "title": "Summer campaign", "account_id": cls.account.id,
            "date_start": date.today(), "date_deadline": date.today() + timedelta(days=90),
            "deliverables": "<p>Key visual, 3 banners</p>",
        })
        cls.env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Key visual", "department_id": cls.dept_design.id,
            "date_due": date.today() + timedelta(days=30),
        })
        cls.brief.action_approve()

    def _request(self, user=None, **vals):
        Request = self.env["agency.request"].with_user(user) if user else self.env["agency.request"]
        return Request.create({"name": "Banner shows last year's price", "account_id": self.account.id, **vals})

    def test_service_level_deadlines_count_working_hours_across_the_weekend(self):
        with freeze_time(self.FRIDAY_4PM):
            request = self._request(request_type="complaint")
        self.assertEqual(request.date_received, self.FRIDAY_4PM)
        self.assertEqual(request.sla_policy_id.tier, "key")
        # 8 working hours: Friday 16-18, then Monday 9-13 and 14-16.
        self.assertEqual(request.date_ack_deadline, datetime(2026, 11, 30, 16, 0))
        # 32 working hours: 2 on Friday, 8 each Monday to Wednesday, 6 on Thursday.
        self.assertEqual(request.date_resolve_deadline, datetime(2026, 12, 3, 16, 0))
        with freeze_time(datetime(2026, 11, 30, 10, 0)):
            request.invalidate_recordset(["sla_status"])
            self.assertEqual(request.sla_status, "on_time", "5 of the 8 working hours are left")
        with freeze_time(datetime(2026, 11, 30, 15, 30)):
            request.invalidate_recordset(["sla_status"])
            self.assertEqual(request.sla_status, "at_risk", "less than a quarter of the window is left")
        with freeze_time(datetime(2026, 11, 30, 16, 30)):
            request.invalidate_recordset(["sla_status"])
            self.assertEqual(request.sla_status, "breached")
            self.assertIn(request, self.env["agency.request"].search([("sla_status", "=", "breached")]))
            request.action_acknowledge()
        self.assertTrue(request.sla_breached, "acknowledging late records the breach")
        self.assertEqual(request.sla_breach_rate, 100)

    def test_breach_is_escalated_once_to_the_team_leader(self):
        with freeze_time(self.FRIDAY_4PM):
            request = self._request()
            on_time = self._request(name="Quick question")
            on_time.action_acknowledge()
        breach_type = self.env.ref("agency_account_manager.mail_activity_type_sla_breach")
        Request = self.env["agency.request"]
        with freeze_time(datetime(2026, 11, 30, 17, 0)):
            Request._cron_escalate_breaches()
            Request._cron_escalate_breaches()
        activities = request.activity_ids.filtered(lambda a: a.activity_type_id == breach_type)
        self.assertEqual(len(activities), 1, "escalated once, however often the cron runs")
        self.assertEqual(activities.user_id, self.manager, "the account team's leader is told")
        self.assertTrue(request.escalated and request.sla_breached)
        self.assertIn("escalated", request.message_ids[0].body)
        self.assertFalse(on_time.escalated)
        self.assertFalse(on_time.activity_ids)

    def test_one_email_opens_one_request_even_when_two_servers_fetch_it(self):
        Request = self.env["agency.request"]
        msg_id = "<twice-1@northwind.example.com>"
        raw = raw_email(email_from="Ann Buyer <ann@northwind.example.com>", subject="Fetched twice",
                        msg_id=msg_id, extra="", body="Once is enough.")
        first = Request.browse(self.env["mail.thread"].message_process("agency.request", raw))
        self.assertEqual(first.message_id, msg_id)
        # A second server fetched the mail before the first committed: Odoo's
        # own check (a message with this Message-Id) saw nothing, and the
        # unique index refuses the second request.
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            Request.create({"name": "Fetched twice", "account_id": self.account.id, "message_id": msg_id})
        # Fetched again later (its message gone from the thread), it is the same request.
        again = Request.message_new({"message_id": msg_id, "email_from": "ann@northwind.example.com",
                                     "subject": "Fetched twice", "body": "Once is enough."})
        self.assertEqual(again, first)
        self.assertEqual(Request.search_count([("message_id", "=", msg_id)]), 1)
        with self.assertRaisesRegex(UserError, "recorded by the system"):
            first.with_user(self.executive).write({"message_id": "<forged@example.com>"})

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_email_creates_a_request_and_replies_land_in_its_thread(self):
        Thread = self.env["mail.thread"]
        Request = self.env["agency.request"]
        raw = raw_email(email_from="Ann Buyer <ann@northwind.example.com>", subject="Where is our banner?",
                               msg_id="<ask-1@northwind.example.com>", extra="", body="It was due yesterday.")
        request_id = Thread.message_process("agency.request", raw)
        request = Request.browse(request_id)
        self.assertEqual(request.account_id, self.account, "the sender's company has this account")
        self.assertEqual(request.partner_id, self.contact)
        self.assertEqual((request.channel, request.state, request.name), ("email", "new", "Where is our banner?"))
        self.assertEqual(request.user_id, self.executive)
        request.action_acknowledge()
        request.action_wait()
        reply = raw_email(
            email_from="Ann Buyer <ann@northwind.example.com>", subject="Re: Where is our banner?",
            msg_id="<ask-2@northwind.example.com>",
            extra="In-Reply-To: <ask-1@northwind.example.com>\nReferences: <ask-1@northwind.example.com>\n",
            body="Any news?")
        self.assertEqual(Thread.message_process("agency.request", reply), request.id)
        self.assertEqual(Request.search_count([("name", "ilike", "banner?")]), 1, "no second request")
        self.assertIn("Any news?", request.message_ids[0].body)
        self.assertEqual(request.state, "in_progress", "the client's answer reopens the request")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_email_from_unknown_sender_goes_to_triage(self):
        raw = raw_email(email_from="stranger@nowhere.example.com", subject="Hello?",
                               msg_id="<x-1@nowhere.example.com>", extra="", body="Who handles our account?")
        request = self.env["agency.request"].browse(self.env["mail.thread"].message_process("agency.request", raw))
        self.assertEqual(request.state, "triage")
        self.assertFalse(request.account_id)
        self.assertIn("Who handles our account?", request.description)
        with self.assertRaisesRegex(UserError, "Choose the client account"):
            request.action_confirm_triage()
        request.account_id = self.account
        request.action_confirm_triage()
        self.assertEqual(request.state, "new")

    def test_out_of_scope_work_waits_for_its_change_order(self):
        request = self._request(
            user=self.executive, request_type="change", name="Add a TV spot", scope="out_of_scope",
            brief_id=self.brief.id, department_id=self.dept_design.id, estimated_cost=12000, planned_hours=40,
            date_requested=date.today() + timedelta(days=40),
        ).with_user(self.executive)
        with self.assertRaisesRegex(UserError, "accepts its change order"):
            request.action_release()
        self.assertFalse(request.allocation_id)
        self.assertEqual(len(self.brief.allocation_ids), 1, "nothing reached the departments")

        action = request.action_create_change_order()
        order = request.change_order_id
        self.assertEqual(action["res_id"], order.id)
        self.assertEqual(order.partner_id, self.client)
        self.assertEqual(order.amount_untaxed, 12000)
        self.assertEqual(order.state, "draft")
        with self.assertRaisesRegex(UserError, "accepts its change order"):
            request.action_release()

        order.with_user(self.executive).action_confirm()
        self.assertTrue(request.released, "accepting the change order releases the work")
        allocation = request.allocation_id
        self.assertEqual(allocation.brief_id, self.brief)
        self.assertEqual(allocation.department_id, self.dept_design)
        self.assertEqual(allocation.planned_hours, 40)
        self.assertEqual(allocation.task_id.project_id, self.brief.project_id)
        self.assertEqual(self.account.change_order_count, 1)
        self.assertEqual(self.account.change_order_amount, 12000)

    def test_in_scope_work_goes_to_the_departments_at_once(self):
        request = self._request(request_type="change", name="Swap the banner image", scope="in_scope",
                                brief_id=self.brief.id, department_id=self.dept_design.id)
        request.action_release()
        self.assertEqual(request.allocation_id.task_id.project_id, self.brief.project_id)
        self.assertEqual(request.allocation_id.date_due, self.brief.date_deadline)
        self.assertEqual(request.state, "in_progress")
        with self.assertRaisesRegex(UserError, "already released"):
            request.action_release()

    def test_intern_logs_requests_but_does_not_accept_change_orders(self):
        request = self._request(user=self.intern, request_type="change", scope="out_of_scope",
                                brief_id=self.brief.id, department_id=self.dept_design.id, estimated_cost=500)
        request = request.with_env(self.env)
        self.assertEqual(request.user_id, self.executive)
        with self.assertRaises(AccessError):
            request.with_user(self.intern).action_create_change_order()
        request.action_create_change_order()
        with self.assertRaises(AccessError):
            with self.env.cr.savepoint():
                request.change_order_id.with_user(self.intern).action_confirm()
        self.assertEqual(request.change_order_id.state, "draft")
        with self.assertRaises(AccessError):
            request.with_user(self.intern).action_release()
        self.assertFalse(request.released)
        other = self.env["agency.request"].create({
            "name": "Elsewhere", "account_id": self._account(self.client_other, user_id=self.manager_other.id).id,
        })
        with self.assertRaises(AccessError):
            other.with_user(self.intern).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(self.executive).read(["name"])
        self.assertEqual(other.with_user(self.director).name, "Elsewhere")

    def test_department_pushes_back_and_the_manager_renegotiates(self):
        wanted = date.today() + timedelta(days=3)
        request = self._request(request_type="new_work", name="Extra film", scope="in_scope",
                                brief_id=self.brief.id, department_id=self.dept_creative.id, date_requested=wanted)
        with self.assertRaises(AccessError):
            request.with_user(self.intern)._push_back("Too short")
        lead_request = request.with_user(self.creative_lead)
        self.assertEqual(lead_request.name, "Extra film", "the department head sees requests for their department")
        with self.assertRaisesRegex(UserError, "reason"):
            lead_request._push_back("")
        wizard = Form(self.env["agency.request.pushback"].with_user(self.creative_lead).with_context(
            **request.action_open_pushback()["context"]))
        wizard.reason = "The shoot needs two weeks of pre-production"
        wizard.save().action_confirm()
        self.assertEqual(request.pushback_state, "pushed_back")
        self.assertEqual(request.pushback_user_id, self.creative_lead)
        self.assertEqual(request.pushback_date_proposed, date.today() + timedelta(days=10))
        call = request.activity_ids.filtered(lambda a: a.user_id == self.executive)
        self.assertEqual(len(call), 1, "the account manager is asked to renegotiate")
        with self.assertRaisesRegex(UserError, "renegotiate"):
            request.action_release()
        request.with_user(self.executive).action_renegotiate()
        self.assertEqual(request.date_requested, date.today() + timedelta(days=10))
        self.assertEqual(request.pushback_state, "renegotiated")
        self.assertFalse(request.activity_ids.filtered(lambda a: a.user_id == self.executive))
        request.action_release()
        self.assertEqual(request.allocation_id.date_due, date.today() + timedelta(days=10))

    def test_no_pushback_when_the_date_respects_the_lead_time(self):
        request = self._request(request_type="new_work", department_id=self.dept_creative.id,
                                date_requested=date.today() + timedelta(days=20))
        with self.assertRaisesRegex(UserError, "lead time"):
            request.with_user(self.creative_lead)._push_back("Busy")
        self.assertEqual(request.pushback_state, "none")

    def test_complaint_needs_a_resolution_to_close(self):
        request = self._request(request_type="complaint")
        with self.assertRaisesRegex(ValidationError, "without a resolution"):
            with self.env.cr.savepoint():
                request.action_resolve()
        self.assertEqual(request.state, "new")
        request.resolution = "<p>Banner replaced within the hour, media credit offered.</p>"
        request.action_resolve()
        request.action_close()
        self.assertEqual(request.state, "closed")
        self.assertTrue(request.date_resolved)

    def test_changing_approved_deliverables_is_itself_a_change(self):
        self.assertEqual(self.brief.scope_baseline, "<p>Key visual, 3 banners</p>")
        self.brief.deliverables = "<p>Key visual, 5 banners, 1 video</p>"
        change = self.brief.request_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.request_type, "change")
        self.assertFalse(change.scope, "to be classified by the account manager")
        self.assertEqual(self.brief.scope_baseline, "<p>Key visual, 3 banners</p>", "the baseline stays frozen")

    def test_request_form_defaults(self):
        form = Form(self.env["agency.request"].with_user(self.intern))
        form.name = "Can we move the launch?"
        form.account_id = self.account
        self.assertEqual(form.user_id, self.executive)
        self.assertEqual(form.state, "new")
        request = form.save()
        self.assertRegex(request.reference, r"^REQ/\d{4}/\d{4,}$")
        self.assertEqual(request.company_id, self.company)
        self.assertTrue(request.date_ack_deadline > request.date_received)

    def test_only_directors_configure_service_levels(self):
        policy = self.env["agency.sla.policy"]._find(self.company, "key", "1")
        for user in (self.intern, self.executive, self.manager):
            self.assertEqual(policy.with_user(user).ack_hours, 8)
            with self.assertRaises(AccessError):
                with self.env.cr.savepoint():
                    policy.with_user(user).write({"ack_hours": 1})
        policy.with_user(self.director).write({"ack_hours": 4})
        self.assertEqual(policy.ack_hours, 4)
        with self.assertRaisesRegex(ValidationError, "less time than acknowledging"):
            with self.env.cr.savepoint():
                policy.write({"resolve_hours": 2})
