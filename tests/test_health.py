import re
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, freeze_time, tagged

from ..models.account.figures import nps_of
from .common import AgencyAccountingCase, AgencyCase, AgencyMixin


@tagged("post_install", "-at_install", "is_query_count")
class TestAgencyHealth(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[(6, 0, cls.intern.ids)], tier="strategic")
        cls.contact = cls.env["res.partner"].create({
            "name": "Ann Buyer", "parent_id": cls.client.id, "email": "ann@northwind.example.com"})
        cls.Survey = cls.env["agency.survey"]

    def _answer(self, kind, score, account=None, when=None):
        survey = self.Survey.create({"survey_type": kind, "account_id": (account or self.account).id,
                                     "partner_id": self.contact.id})
        self.assertTrue(survey._record_answer(score))
        if when:
            survey.date_answered = when
        return survey

    def _factor(self, factor, today=None):
        details = self.account._compute_health_values(today)[self.account.id][2]
        return next(d["score"] for d in details if d["factor"] == factor)

    def test_nps_arithmetic(self):
        # 10, 9 | 8, 7 | 6, 0 and 10, 10, 9 | 3, counted by category as the figures layer does
        self.assertEqual(nps_of({"promoter": 2, "passive": 2, "detractor": 2}), 0.0)
        self.assertEqual(nps_of({"promoter": 3, "detractor": 1}), 50.0)
        self.assertIsNone(nps_of({}))
        for score in (10, 9, 6, 8):
            self._answer("nps", score)
        old = self._answer("nps", 0)
        old.date_answered = fields.Datetime.now() - timedelta(days=400)
        nps = self.account._figures_nps(date.today() - timedelta(days=365), date.today())
        self.assertEqual(nps[self.account.id], 25.0, "2 promoters, 1 detractor of 4 answers in the period")
        self.assertEqual(self.account.nps_score, 25.0)

    def test_satisfaction_factor_from_answers(self):
        self._answer("csat", 4)
        self._answer("csat", 5)
        for score in (10, 9, 6, 8):
            self._answer("nps", score)
        # CSAT 4.5/5 -> 87.5; NPS +25 -> 62.5; the factor is their mean.
        self.assertAlmostEqual(self._factor("satisfaction"), 75.0)
        self.account._recompute_health()
        self.assertIn("CSAT 4.5/5", self.account._health_explanation()[0]["facts"])

    def test_answers_out_of_scale_are_refused(self):
        survey = self.Survey.create({"survey_type": "csat", "account_id": self.account.id,
                                     "partner_id": self.contact.id})
        self.assertFalse(survey._record_answer(6))
        self.assertFalse(survey._record_answer(0))
        self.assertEqual(survey.state, "sent")
        with self.assertRaisesRegex(ValidationError, "between 1 and 5"):
            with self.env.cr.savepoint():
                survey.write({"state": "answered", "score": 9})

    def test_delivery_factor_counts_late_allocations(self):
        brief = self.env["agency.brief"].create({"title": "Launch", "account_id": self.account.id,
                                                 "date_start": "2026-09-01", "date_deadline": "2026-12-31"})
        self.env["agency.brief.allocation"].create([{
            "brief_id": brief.id, "name": f"Work {i}", "department_id": self.dept_design.id, "date_due": due,
        } for i, due in enumerate(["2026-10-01", "2026-11-20", "2026-12-10", "2026-12-20"])])
        brief.action_approve()
        with freeze_time("2026-10-15"):
            self.assertAlmostEqual(self._factor("delivery", date(2026, 10, 15)), 75.0, msg="1 late of 4")

    def test_responsiveness_factor(self):
        Request = self.env["agency.request"]
        requests = Request.create([{"name": f"R{i}", "account_id": self.account.id} for i in range(4)])
        requests[0].sla_breached = True
        requests[1].write({"request_type": "complaint"})
        # 25% breached, one open complaint (-15).
        self.assertAlmostEqual(self._factor("responsiveness"), 60.0)

    def test_budget_factor_compares_spend_with_progress(self):
        brief = self.env["agency.brief"].create({"title": "Launch", "account_id": self.account.id})
        self.env["agency.brief.allocation"].create({
            "brief_id": brief.id, "name": "Design", "department_id": self.dept_design.id,
            "date_due": date.today() + timedelta(days=10), "planned_hours": 20})
        brief.action_approve()
        budget = self.env["agency.budget"].create({
            "brief_id": brief.id, "line_ids": [Command.create({"category": "agency_hours", "amount": 1000})]})
        budget.action_approve()
        employee = self.env["hr.employee"].create({"name": "Designer", "hourly_cost": 50})
        self.env["account.analytic.line"].create({
            "name": "Design", "project_id": brief.project_id.id, "task_id": brief.allocation_ids.task_id.id,
            "employee_id": employee.id, "unit_amount": 10})
        # Half the budget spent, no work done yet: 50 points ahead of progress.
        self.assertAlmostEqual(self._factor("budget"), 50.0)

    def test_engagement_factor_from_the_last_contact(self):
        self.assertIsNone(self._factor("engagement"), "no contact yet: no data")
        with freeze_time("2026-10-01 10:00:00"):
            self.account.message_post(body="Call notes: happy with the launch", message_type="comment")
        self.assertEqual(self._factor("engagement", date(2026, 10, 5)), 100)
        self.assertEqual(self._factor("engagement", date(2026, 11, 10)), 50)

    def test_missing_factors_are_left_out_and_weights_rescaled(self):
        self._answer("csat", 5)  # satisfaction 100
        self.env["agency.request"].create([{"name": f"R{i}", "account_id": self.account.id} for i in range(2)])
        self.env["agency.request"].search([("account_id", "=", self.account.id)])[0].sla_breached = True
        # Satisfaction 100 (weight 25), responsiveness 50 (weight 20): (2500 + 1000) / 45.
        score, band, details = self.account._compute_health_values()[self.account.id]
        self.assertEqual(score, round(3500 / 45))
        self.assertEqual(band, "green")
        self.assertEqual([d["factor"] for d in details if d["score"] is None],
                         ["delivery", "budget", "engagement", "commercial"])
        self.company.agency_health_weight_responsiveness = 0
        self.assertEqual(self.account._compute_health_values()[self.account.id][0], 100)
        empty = self._account(self.client_other)
        self.assertEqual(empty._compute_health_values()[empty.id][:2], (None, "none"))

    def test_bands_and_weight_settings(self):
        Account = self.env["agency.account"]
        company = self.company
        self.assertEqual([Account._health_band(s, company) for s in (75, 74, 50, 49, None)],
                         ["green", "amber", "amber", "red", "none"])
        company.agency_health_green_min = 80
        self.assertEqual(Account._health_band(75, company), "amber")
        with self.assertRaisesRegex(ValidationError, "zero or more"):
            with self.env.cr.savepoint():
                company.agency_health_weight_budget = -1
        with self.assertRaisesRegex(ValidationError, "at least one"):
            with self.env.cr.savepoint():
                company.write({f"agency_health_weight_{f}": 0 for f in (
                    "satisfaction", "delivery", "responsiveness", "budget", "engagement", "commercial")})

    def test_monthly_snapshot(self):
        self._answer("csat", 4, when=datetime(2026, 10, 1, 10, 0))  # answered before the days scored
        self.account._recompute_health(date(2026, 10, 3))
        self.account._recompute_health(date(2026, 10, 20))
        snapshots = self.account.health_snapshot_ids
        self.assertEqual(len(snapshots), 1, "one snapshot per month, kept up to date")
        self.assertEqual(snapshots.date, date(2026, 10, 1))
        self.assertEqual(snapshots.score, self.account.health_score)
        self.assertAlmostEqual(snapshots.satisfaction, 75.0)
        self.account._recompute_health(date(2026, 11, 2))
        self.assertEqual(sorted(self.account.health_snapshot_ids.mapped("date")), [date(2026, 10, 1), date(2026, 11, 1)])

    def test_playbooks_fire_once_when_an_account_turns_red(self):
        self._answer("csat", 5)
        self.account._recompute_health()
        self.assertEqual(self.account.health_band, "green")
        self.assertFalse(self.account.activity_ids)
        for _i in range(3):
            self._answer("csat", 1)
        self.env["agency.request"].create([{"name": f"Complaint {i}", "account_id": self.account.id,
                                            "request_type": "complaint"} for i in range(4)])
        self.account._recompute_health()
        self.account._recompute_health()
        self.assertEqual(self.account.health_band, "red")
        activities = self.account.activity_ids
        summaries = sorted(activities.mapped("summary"))
        self.assertEqual(summaries.count("Recovery call: the account turned red"), 2,
                         "the manager and, on a strategic account, the team leader")
        self.assertEqual(set(activities.mapped("user_id")), {self.executive, self.manager})
        self.assertIn("Health dropped: check in with the client", summaries)
        self.assertEqual(len(activities), 5, "call and plan for two people, one check-in; once")

    def test_csat_is_sent_when_a_brief_is_delivered(self):
        brief = self.env["agency.brief"].create({"title": "Launch", "account_id": self.account.id,
                                                 "lead_id": self.env["crm.lead"].create({
                                                     "name": "L", "partner_id": self.contact.id}).id})
        self.env["agency.brief.allocation"].create({
            "brief_id": brief.id, "name": "Design", "department_id": self.dept_design.id,
            "date_due": date.today() + timedelta(days=3)})
        brief.action_approve()
        brief.allocation_ids.task_id.state = "1_done"
        brief.action_deliver()
        survey = self.Survey.search([("brief_id", "=", brief.id)])
        self.assertEqual((survey.survey_type, survey.partner_id, survey.state), ("csat", self.contact, "sent"))
        mail = self.env["mail.mail"].search([("model", "=", "agency.survey"), ("res_id", "=", survey.id)])
        self.assertIn(self.contact, mail.recipient_ids)
        self.assertIn(f"/agency/survey/{survey.token}", mail.body_html)

    def test_nps_schedule(self):
        self.client.email = "hello@northwind.example.com"
        self.account.write({"stage": "active", "nps_interval_months": 3})
        with freeze_time("2026-10-01"):
            self.env["agency.account"]._cron_send_nps()
            self.env["agency.account"]._cron_send_nps()
        self.assertEqual(len(self.account.survey_ids.filtered(lambda s: s.survey_type == "nps")), 1)
        self.assertEqual(self.account.date_next_nps, date(2026, 12, 30))

    def test_surveys_follow_the_career_ladder(self):
        survey = self._answer("csat", 4)
        other = self._account(self.client_other, user_id=self.executive_other.id, team_id=self.team_other.id)
        other_survey = self._answer("nps", 9, account=other)
        self.assertEqual(survey.with_user(self.intern).score, 4)
        with self.assertRaises(AccessError):
            other_survey.with_user(self.intern).read(["score"])
        with self.assertRaises(AccessError):
            other_survey.with_user(self.executive).read(["score"])
        with self.assertRaises(AccessError):
            survey.with_user(self.intern).write({"comment": "x"})
        self.assertEqual(other_survey.with_user(self.director).score, 9)
        self.assertEqual(other_survey.with_user(self.finance).score, 9)
        with self.assertRaises(AccessError):
            survey.with_user(self.executive).read(["token"])

    def test_recompute_costs_the_same_for_5_and_50_accounts(self):
        clients = self.env["res.partner"].create([{"name": f"C{i}", "is_company": True} for i in range(55)])
        accounts = self.env["agency.account"].create([{"partner_id": c.id} for c in clients])
        for account in accounts:
            self._answer("csat", 4, account=account)
            self.env["agency.request"].create({"name": "Q", "account_id": account.id})
        # A first run sets every band (a tracked change, one chatter message per
        # account); afterwards a daily run costs a fixed number of queries.
        accounts._recompute_health()
        self.flush_tracking()
        small, large = accounts[:5], accounts
        for subset in (small, large):
            self.env.invalidate_all()
            with self.assertQueryCount(25):
                subset._recompute_health()
        self.assertTrue(all(a.health_band == "green" for a in large))


@tagged("post_install", "-at_install")
class TestAgencyHealthCommercial(AgencyAccountingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._account(cls.client)

    def _invoice(self, amount, invoice_date, due=None, pay=False):
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.client.id, "invoice_date": invoice_date,
            "invoice_date_due": due or invoice_date,
            "invoice_line_ids": [Command.create({"name": "Work", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        invoice.action_post()
        if pay:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids).create({}).action_create_payments()
        return invoice

    def test_commercial_factor_from_invoices(self):
        today = date(2026, 11, 27)
        self._invoice(500, date(2026, 7, 15), pay=True)      # prior 90 days
        self._invoice(1000, date(2026, 10, 1), pay=True)     # last 90 days
        score, facts = self.account._health_factor_commercial(today)[self.account.id]
        self.assertEqual(score, 100.0, "revenue doubled")
        self._invoice(300, date(2026, 10, 10), due=date(2026, 10, 20))  # unpaid, overdue
        score, facts = self.account._health_factor_commercial(today)[self.account.id]
        # 1300 vs 500 (capped at 100), minus 300 overdue on 1800 billed (16.7 points).
        self.assertAlmostEqual(score, 100 - 100 * 300 / 1800, places=2)
        self.assertEqual(facts, [{"code": "invoiced", "now": 1300.0, "before": 500.0, "late": 300.0,
                                  "currency_id": self.account.currency_id.id}], "the facts are data")
        self.assertIn(f"{self.account.currency_id.format(300.0)} overdue", self.account._health_fact_text(facts[0]))


@tagged("post_install", "-at_install")
class TestAgencySurveyPage(HttpCase, AgencyMixin):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_agency()
        cls.account = cls._account(cls.client)
        cls.contact = cls.env["res.partner"].create({"name": "Ann", "parent_id": cls.client.id,
                                                     "email": "ann@example.com"})

    def _survey(self, **vals):
        return self.env["agency.survey"].create({"survey_type": "nps", "account_id": self.account.id,
                                                 "partner_id": self.contact.id, **vals})

    def _submit(self, token, score):
        page = self.url_open(f"/agency/survey/{token}")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0] if page.status_code == 200 else "x"
        return self.url_open(f"/agency/survey/{token}/submit",
                             data={"csrf_token": csrf, "score": score, "comment": "Great team"})

    def test_valid_token_records_once(self):
        survey = self._survey()
        page = self.url_open(f"/agency/survey/{survey.token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("How likely are you to recommend", page.text)
        self.assertNotIn("Northwind", page.text.split("<body")[1].split("How likely")[0] if "<body" in page.text else "")
        response = self._submit(survey.token, 9)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you", response.text)
        survey.invalidate_recordset()
        self.assertEqual((survey.state, survey.score, survey.comment), ("answered", 9, "Great team"))
        self.assertTrue(any("9/10" in (message.body or "") for message in self.account.message_ids),
                        "the answer is in the account's chatter")
        # The same link again: refused, nothing changes.
        again = self.url_open(f"/agency/survey/{survey.token}/submit",
                              data={"csrf_token": "x", "score": 2})
        self.assertNotEqual(again.status_code, 200)
        self.assertEqual(self.url_open(f"/agency/survey/{survey.token}").status_code, 404)
        survey.invalidate_recordset()
        self.assertEqual(survey.score, 9)

    def test_every_score_of_the_page_is_recorded(self):
        """What the browser sends: the value of the radio the client ticks,
        read from the page itself (a score of 0 once had no value)."""
        for survey_type, scale in (("nps", range(0, 11)), ("csat", range(1, 6))):
            for score in scale:
                survey = self._survey(survey_type=survey_type)
                page = self.url_open(f"/agency/survey/{survey.token}")
                radios = re.findall(r'<input[^>]*type="radio"[^>]*>', page.text)
                values = [re.search(r'value="([^"]*)"', radio).group(1) if 'value="' in radio else None
                          for radio in radios if 'name="score"' in radio]
                self.assertEqual(values, [str(s) for s in scale], f"{survey_type}: one radio per score, each valued")
                csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
                response = self.url_open(f"/agency/survey/{survey.token}/submit",
                                         data={"csrf_token": csrf, "score": values[list(scale).index(score)]})
                self.assertEqual(response.status_code, 200, f"{survey_type} {score}")
                survey.invalidate_recordset()
                self.assertEqual((survey.state, survey.score), ("answered", score))

    def test_malformed_links_are_not_found_never_errors(self):
        survey = self._survey()
        for token in ("abc%00def", "%00", "x" * 300, "../etc"):
            self.assertIn(self.url_open(f"/agency/survey/{token}").status_code, (400, 404), token)
        page = self.url_open(f"/agency/survey/{survey.token}")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(f"/agency/survey/{survey.token}/submit",
                                 data={"csrf_token": csrf, "score": "7", "comment": "ok\x00then"})
        self.assertEqual(response.status_code, 200)
        survey.invalidate_recordset()
        self.assertEqual(survey.comment, "okthen")

    def test_wrong_expired_and_off_scale_answers_record_nothing(self):
        self.assertEqual(self.url_open("/agency/survey/not-a-token").status_code, 404)
        expired = self._survey(date_sent=datetime.now() - timedelta(days=31), date_expiry=datetime.now() - timedelta(days=1))
        self.assertEqual(self.url_open(f"/agency/survey/{expired.token}").status_code, 404)
        fresh = self._survey()
        response = self._submit(fresh.token, 11)
        self.assertEqual(response.status_code, 404)
        fresh.invalidate_recordset()
        expired.invalidate_recordset()
        self.assertEqual((fresh.state, expired.state), ("sent", "sent"))
        self.assertFalse(self.env["agency.survey"].search([("account_id", "=", self.account.id),
                                                           ("state", "=", "answered")]))
