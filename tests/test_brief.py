from datetime import date, datetime, time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import AgencyCase


@tagged("post_install", "-at_install")
class TestAgencyBrief(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, member_ids=[(6, 0, cls.intern.ids)])
        cls.lead = cls.env["crm.lead"].create({
            "name": "Summer launch", "type": "opportunity", "partner_id": cls.client.id,
            "expected_revenue": 50000, "user_id": cls.executive.id,
        })

    def _brief(self, **vals):
        return self.env["agency.brief"].create({
            "title": "Autumn push", "account_id": self.account.id,
            "date_start": "2026-09-01", "date_deadline": "2026-10-31", **vals,
        })

    def _allocation(self, brief, **vals):
        values = {"brief_id": brief.id, "name": "Key visual", "department_id": self.dept_design.id,
                  "date_due": "2026-09-15", "planned_hours": 10}
        values.update(vals)
        return self.env["agency.brief.allocation"].create(values)

    def test_full_flow_from_opportunity_to_delivered_brief(self):
        action = self.lead.with_user(self.executive).action_create_agency_brief()
        Brief = self.env["agency.brief"].with_user(self.executive).with_context(**action["context"])
        form = Form(Brief)
        self.assertEqual(form.account_id, self.account)
        self.assertEqual(form.lead_id, self.lead)
        self.assertEqual(form.title, "Summer launch")
        self.assertEqual(form.budget_indication, 50000)
        self.assertEqual(form.user_id, self.executive, "the account manager owns the brief")
        form.date_start = date(2026, 6, 1)
        form.date_deadline = date(2026, 7, 31)
        form.objectives = "<p>Double the summer trial</p>"
        with form.allocation_ids.new() as line:
            line.department_id = self.dept_creative
            self.assertEqual(line.user_id, self.creative_lead, "the department head is responsible by default")
            line.name = "Campaign idea"
            line.planned_hours = 30
            line.date_due = date(2026, 6, 20)
        with form.allocation_ids.new() as line:
            line.partner_id = self.vendor
            line.user_id = self.executive
            line.name = "Film shoot"
            line.planned_hours = 10
            line.date_due = date(2026, 7, 15)
        brief = form.save()
        self.flush_tracking()
        self.assertRegex(brief.name, r"^BRF/\d{4}/\d{4,}$")
        self.assertEqual(self.lead.agency_brief_count, 1)

        brief.action_submit()
        brief.action_approve()
        self.assertEqual(brief.state, "approved")
        self.assertEqual(brief.approved_by_id, self.executive)
        project = brief.project_id
        self.assertTrue(project)
        self.assertEqual(project.partner_id, self.client)
        creative, film = brief.allocation_ids.sorted("date_due")
        self.assertEqual(creative.task_id.project_id, project)
        self.assertEqual(creative.task_id.user_ids, self.creative_lead)
        self.assertEqual(creative.task_id.allocated_hours, 30)
        self.assertEqual(creative.task_id.date_deadline, datetime.combine(date(2026, 6, 20), time(12)))
        self.assertEqual(creative.task_id.partner_id, self.client)
        self.assertEqual(film.task_id.user_ids, self.executive)
        activity = creative.task_id.activity_ids
        self.assertEqual(activity.user_id, self.creative_lead, "the responsible gets an activity")
        self.assertEqual(activity.date_deadline, date(2026, 6, 20))
        self.assertEqual(film.task_id.activity_ids.user_id, self.executive)
        self.assertEqual((creative | film).mapped("state"), ["planned", "planned"],
                         "sent to the departments, not started: the brief says Approved, the lines Planned")
        self.assertEqual(brief.task_count, 2)
        self.assertEqual(brief.progress, 0)

        # The first department to start puts the brief in progress by itself.
        film.task_id.state = "03_approved"
        self.assertEqual(film.state, "in_progress")
        self.assertEqual(brief.state, "in_progress")
        creative.task_id.state = "1_done"
        self.assertEqual(creative.state, "done", "a closed task completes its allocation")
        self.assertAlmostEqual(brief.progress, 75.0, msg="30 of 40 planned hours are done")
        with self.assertRaisesRegex(UserError, "Film shoot") as error:
            brief.action_deliver()
        self.assertNotIn("Campaign idea", str(error.exception), "only open work is listed")
        self.assertEqual(brief.state, "in_progress")
        film.task_id.state = "1_done"
        self.assertEqual(brief.progress, 100)
        brief.action_deliver()
        brief.action_close()
        self.assertEqual(brief.state, "closed")
        self.flush_tracking()
        brief.invalidate_recordset(["message_ids"])
        tracked = brief.sudo().message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "state")
        self.assertEqual(len(tracked), 1, "the state change is tracked in the chatter")
        self.assertEqual(tracked.old_value_char, "Draft")
        self.assertEqual(tracked.new_value_char, "Closed")

    def test_create_brief_needs_a_client_account(self):
        lead = self.env["crm.lead"].create({"name": "Cold", "type": "opportunity",
                                            "partner_id": self.client_other.id})
        with self.assertRaisesRegex(UserError, "Lumen Telecom has no client account"):
            lead.action_create_agency_brief()

    def test_allocation_date_must_fall_inside_the_brief(self):
        brief = self._brief()
        for due in ("2026-08-31", "2026-11-01"):
            with self.assertRaisesRegex(ValidationError, "outside brief"):
                with self.env.cr.savepoint():
                    self._allocation(brief, date_due=due)
        self.assertFalse(brief.allocation_ids)
        allocation = self._allocation(brief, date_due="2026-10-31")
        with self.assertRaisesRegex(ValidationError, "outside brief"):
            with self.env.cr.savepoint():
                brief.date_deadline = "2026-10-15"
        self.assertEqual(brief.date_deadline, date(2026, 10, 31))
        self.assertEqual(allocation.date_due, date(2026, 10, 31))
        with self.assertRaisesRegex(ValidationError, "cannot be before its start"):
            with self.env.cr.savepoint():
                brief.date_deadline = "2026-08-01"

    def test_allocation_goes_to_a_department_or_a_partner(self):
        brief = self._brief()
        with self.assertRaisesRegex(ValidationError, "either a department or an external partner"):
            with self.env.cr.savepoint():
                self._allocation(brief, department_id=False)
        with self.assertRaisesRegex(ValidationError, "either a department or an external partner"):
            with self.env.cr.savepoint():
                self._allocation(brief, partner_id=self.vendor.id)

    def test_brief_cannot_be_approved_without_allocations(self):
        brief = self._brief()
        with self.assertRaisesRegex(UserError, "has no allocations"):
            brief.action_approve()
        self.assertEqual(brief.state, "draft")
        self.assertFalse(brief.project_id)

    def test_cancelling_asks_what_to_do_with_open_tasks(self):
        brief = self._brief()
        self._allocation(brief)
        self._allocation(brief, name="Banner set", date_due="2026-09-20")
        brief.action_approve()
        tasks = brief.allocation_ids.task_id
        tasks[0].state = "1_done"
        action = brief.action_cancel()
        self.assertEqual(action["res_model"], "agency.brief.cancel")
        self.assertEqual(brief.state, "in_progress", "work started (a task is done); nothing changes until the user answers")
        wizard = Form(self.env["agency.brief.cancel"].with_context(**action["context"]))
        self.assertEqual(wizard.open_task_ids[:], tasks[1])
        wizard.task_action = "cancel"
        wizard.save().action_confirm()
        self.assertEqual(brief.state, "cancelled")
        self.assertEqual(tasks.mapped("state"), ["1_done", "1_canceled"], "done work stays done")
        self.assertEqual(brief.allocation_ids.mapped("state"), ["done", "cancelled"])

    def test_cancelling_can_keep_the_tasks(self):
        brief = self._brief()
        self._allocation(brief)
        brief.action_approve()
        action = brief.action_cancel()
        self.env["agency.brief.cancel"].with_context(**action["context"]).create(
            {"task_action": "keep"}).action_confirm()
        self.assertEqual(brief.state, "cancelled")
        self.assertEqual(brief.allocation_ids.task_id.state, "01_in_progress")

    def test_cancelling_without_open_tasks_needs_no_question(self):
        brief = self._brief()
        self.assertTrue(brief.action_cancel())
        self.assertEqual(brief.state, "cancelled")
        brief.action_draft()
        self.assertEqual(brief.state, "draft")

    def test_account_project_mode_puts_every_brief_in_the_account_project(self):
        self.company.agency_brief_project_mode = "account"
        first, second = self._brief(), self._brief(title="Winter push")
        self._allocation(first)
        self._allocation(second)
        (first | second).action_approve()
        self.assertEqual(first.project_id, self.account.project_id)
        self.assertEqual(second.project_id, self.account.project_id)
        self.assertEqual(len(self.account.project_id.task_ids), 2)

    def test_work_added_after_approval_goes_to_the_departments_at_once(self):
        brief = self._brief()
        self._allocation(brief)
        brief.action_approve()
        extra = self._allocation(brief, name="Extra banner", date_due="2026-10-01", user_id=self.intern.id)
        self.assertEqual(extra.task_id.project_id, brief.project_id)
        self.assertEqual(extra.task_id.user_ids, self.intern)
        extra.date_due = "2026-10-05"
        self.assertEqual(extra.task_id.date_deadline.date(), date(2026, 10, 5), "the task follows the new date")

    def test_late_allocation_gives_the_manager_one_activity(self):
        brief = self._brief()
        late = self._allocation(brief, date_due="2026-09-10")
        self._allocation(brief, name="Not late", date_due="2026-09-25")
        brief.action_approve()
        Allocation = self.env["agency.brief.allocation"]
        with freeze_time("2026-09-12"):
            self.assertTrue(late.is_late)
            self.assertEqual(Allocation.search([("brief_id", "=", brief.id), ("is_late", "=", True)]), late)
            self.assertEqual(brief.late_allocation_count, 1)
            Allocation._cron_notify_late_allocations()
            Allocation._cron_notify_late_allocations()
        activities = brief.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("agency_account_manager.mail_activity_type_late_allocation"))
        self.assertEqual(len(activities), 1, "one activity, however often the cron runs")
        self.assertEqual(activities.user_id, self.executive)
        self.assertIn("Key visual", activities.summary)
        with freeze_time("2026-09-13"):
            Allocation._cron_notify_late_allocations()
        self.assertEqual(len(brief.activity_ids.filtered(lambda a: a.activity_type_id == activities.activity_type_id)), 1)
        # Done work is never late.
        late.task_id.state = "1_done"
        with freeze_time("2026-09-30"):
            self.assertFalse(late.is_late)

    def test_form_defaults(self):
        form = Form(self.env["agency.brief"].with_user(self.intern))
        self.assertEqual(form.state, "draft")
        self.assertEqual(form.date_start, fields.Date.context_today(self.env["agency.brief"]))
        form.account_id = self.account
        form.title = "Intern's draft"
        self.assertEqual(form.user_id, self.executive)
        brief = form.save()
        self.assertEqual(brief.company_id, self.company)
        self.assertEqual(brief.partner_id, self.client)

    def test_printable_brief(self):
        brief = self._brief(key_message="Brighter summers")
        self._allocation(brief, name="Poster series")
        report = self.env.ref("agency_account_manager.agency_brief_report_action")
        html = report._render_qweb_html(report.report_name, brief.ids)[0].decode()
        for text in ("Autumn push", "Brighter summers", "Poster series", "Test Design", brief.name):
            self.assertIn(text, html)
        # The PDF itself: tests/test_pdf.py (the browser-side of wkhtmltopdf needs the test server).
