from datetime import timedelta

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAgencyTour(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Parse every addon manifest once here, before the browser's parallel
        # requests make the server threads do it all at once: CPython up to
        # 3.11.7 can fail ast.literal_eval run concurrently ("AST constructor
        # recursion depth mismatch", CPython gh-106905).
        http.root.statics  # pylint: disable=pointless-statement
        cls.executive = new_test_user(
            cls.env, login="tour_executive", password="tour_executive",
            name="Tina Tour", groups="agency_account_manager.group_agency_executive",
        )

    def test_executive_creates_an_account_and_finds_it_in_my_accounts(self):
        self.env["res.partner"].create({"name": "Tourmaline Cosmetics", "is_company": True})
        # An account the executive works on but does not manage: visible to
        # them, yet not under "My Accounts".
        other_manager = new_test_user(self.env, login="tour_other", groups="agency_account_manager.group_agency_director")
        self.env["agency.account"].create({
            "partner_id": self.env["res.partner"].create({"name": "Quartz Quarries", "is_company": True}).id,
            "user_id": other_manager.id,
            "member_ids": [(6, 0, self.executive.ids)],
        })
        self.start_tour("/odoo", "agency_account_tour", login="tour_executive")
        account = self.env["agency.account"].search([("partner_id.name", "=", "Tourmaline Cosmetics")])
        self.assertEqual(account.user_id, self.executive)
        self.assertEqual(account.tier, "key")

    def test_executive_turns_an_opportunity_into_an_approved_brief(self):
        client = self.env["res.partner"].create({"name": "Citrus Co", "is_company": True})
        account = self.env["agency.account"].create({"partner_id": client.id, "user_id": self.executive.id})
        Department = self.env["hr.department"]
        Department.create([
            {"name": "Tour Creative", "agency_delivers_client_work": True},
            {"name": "Tour Design", "agency_delivers_client_work": True},
        ])
        lead = self.env["crm.lead"].create({
            "name": "Citrus summer launch", "type": "opportunity", "partner_id": client.id,
            "user_id": self.executive.id, "expected_revenue": 40000,
            "date_deadline": fields.Date.today() + timedelta(days=30),
        })
        self.start_tour(f"/odoo/action-crm.crm_lead_opportunities/{lead.id}", "agency_brief_tour",
                        login="tour_executive")
        brief = self.env["agency.brief"].search([("lead_id", "=", lead.id)])
        self.assertEqual(brief.account_id, account)
        self.assertEqual(brief.state, "approved")
        self.assertEqual(sorted(brief.allocation_ids.mapped("name")), ["Key visual", "Social toolkit"])
        self.assertEqual(len(brief.allocation_ids.task_id), 2)
        self.assertEqual(brief.allocation_ids.mapped("date_due"), [lead.date_deadline] * 2)

    def test_executive_resolves_a_breached_request_from_my_day(self):
        today = fields.Date.today()
        account = self.env["agency.account"].create({
            "partner_id": self.env["res.partner"].create({"name": "Pewter Partners", "is_company": True}).id,
            "user_id": self.executive.id,
            "date_start": today - timedelta(days=355),
        })
        request = self.env["agency.request"].create({
            "name": "Logo files missing", "account_id": account.id, "request_type": "question"})
        # Received ten days ago: its service level's deadlines are past.
        request.sudo().write({"date_received": fields.Datetime.now() - timedelta(days=10)})
        self.start_tour("/odoo/action-agency_account_manager.agency_my_day_action", "agency_my_day_tour",
                        login="tour_executive")
        self.assertEqual(request.state, "resolved")
        self.assertTrue(request.date_acknowledged)

    def test_executive_logs_a_complaint_and_resolves_it(self):
        client = self.env["res.partner"].create({"name": "Citrus Co", "is_company": True})
        self.env["agency.account"].create({"partner_id": client.id, "user_id": self.executive.id})
        self.start_tour("/odoo/action-agency_account_manager.agency_request_action", "agency_request_tour",
                        login="tour_executive")
        request = self.env["agency.request"].search([("account_id.partner_id", "=", client.id)])
        self.assertEqual(request.request_type, "complaint")
        self.assertEqual(request.state, "closed")
        self.assertIn("media credited", request.resolution)
        self.assertTrue(request.date_acknowledged and request.date_resolved)

    def test_executive_negotiates_and_approves_a_budget(self):
        client = self.env["res.partner"].create({"name": "Citrus Co", "is_company": True})
        account = self.env["agency.account"].create({"partner_id": client.id, "user_id": self.executive.id})
        brief = self.env["agency.brief"].create({"title": "Citrus launch", "account_id": account.id,
                                                 "budget_indication": 950})
        self.start_tour(f"/odoo/action-agency_account_manager.agency_brief_action/{brief.id}", "agency_budget_tour",
                        login="tour_executive")
        budget = brief.budget_ids
        self.assertEqual(budget.state, "approved")
        self.assertEqual(budget.client_budget, 950)
        self.assertEqual(budget.estimate_total, 1000)
        self.assertEqual(budget.agreed_amount, 980)
        self.assertEqual(budget.negotiation_ids.outcome, "price_changed")
        self.assertEqual(budget.approved_by_id, self.executive)

    def test_executive_posts_a_status_update_and_prints_the_report(self):
        client = self.env["res.partner"].create({"name": "Citrus Co", "is_company": True})
        account = self.env["agency.account"].create({"partner_id": client.id, "user_id": self.executive.id})
        self.start_tour(f"/odoo/action-agency_account_manager.agency_account_action/{account.id}",
                        "agency_update_tour", login="tour_executive")
        update = account.update_ids
        self.assertEqual(update.status, "at_risk")
        self.assertIn("slipping a week", update.summary)
        self.assertEqual(update.user_id, self.executive)
        report = self.env.ref("agency_account_manager.agency_account_report_action")
        html = report.with_user(self.executive)._render_qweb_html(report.report_name, account.ids)[0].decode()
        self.assertIn("slipping a week", html)


@tagged("post_install", "-at_install")
class TestAgencyRoleWalks(HttpCase):
    """Each career level walks the screens of its day in a real browser
    (account list and form, a new brief from the menu, requests, budgets
    where it reads money, reporting, settings for directors); any error
    dialog fails the walk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        http.root.statics  # pylint: disable=pointless-statement
        group = "agency_account_manager.group_agency_%s"
        cls.walkers = {
            role: new_test_user(cls.env, login=f"walk_{role}", password=f"walk_{role}",
                                name=f"Walker {role.title()}", groups=groups)
            for role, groups in (
                ("intern", group % "intern"), ("executive", group % "executive"),
                ("manager", group % "manager"), ("senior", group % "senior_manager"),
                ("director", group % "director"),
                ("finance", "base.group_user,account.group_account_readonly"),
            )
        }
        cls.walkers["dept_head"] = new_test_user(cls.env, login="walk_dept_head", password="walk_dept_head",
                                                 name="Walker Head", groups="base.group_user")
        cls.walkers["finance"].groups_id += cls.env.ref("account.group_account_user")  # accountants reconcile
        cls.team = team = cls.env["crm.team"].create({"name": "Walk Team", "user_id": cls.walkers["manager"].id,
                                           "member_ids": [(6, 0, cls.walkers["executive"].ids)]})
        client = cls.env["res.partner"].create({"name": "Walk Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Wanda Walk", "parent_id": client.id,
                                                     "email": "wanda@walk.example.com"})
        account = cls.env["agency.account"].create({
            "partner_id": client.id, "user_id": cls.walkers["executive"].id, "team_id": team.id,
            "member_ids": [(6, 0, cls.walkers["intern"].ids)],
        })
        employee = cls.env["hr.employee"].create({"name": "Walker Head", "user_id": cls.walkers["dept_head"].id})
        department = cls.env["hr.department"].create({
            "name": "Walk Production", "agency_delivers_client_work": True, "manager_id": employee.id,
            "agency_lead_time_days": 15})
        today = fields.Date.today()

        def brief(title, objectives, work, due_in):
            """A brief ready to send on: objectives and one dated piece of work."""
            return cls.env["agency.brief"].create({
                "title": title, "account_id": account.id, "objectives": objectives,
                "date_start": today, "date_deadline": today + timedelta(days=30),
                "allocation_ids": [(0, 0, {"name": work, "department_id": department.id,
                                           "date_due": today + timedelta(days=due_in)})]})
        cls.brief = brief("Walk launch", "<p>Walk further</p>", "Walk visual", 20)
        cls.pitch = brief("Walk pitch", "<p>Win the pitch</p>", "Pitch deck", 10)
        cls.pitch.action_submit()
        cls.budget = budget = cls.env["agency.budget"].create({
            "brief_id": cls.brief.id, "line_ids": [(0, 0, {"category": "production", "amount": 500})]})
        cls.period = cls.env["agency.budget.period"].create({
            "budget_id": budget.id, "date_from": today.replace(day=1),
            "date_to": today.replace(day=1) + timedelta(days=27)})
        cls.env["agency.request"].create({"name": "Walk question", "account_id": account.id})
        cls.change = cls.env["agency.request"].create({
            "name": "Walk change", "account_id": account.id, "request_type": "change",
            "department_id": department.id, "date_requested": today + timedelta(days=5)})

    def _walk(self, role):
        self.start_tour("/odoo", f"agency_walk_{role}", login=f"walk_{role}")

    def test_intern_walk(self):
        self._walk("intern")
        self.assertEqual(self.brief.state, "submitted", "the intern submitted the brief")

    def test_executive_walk(self):
        self._walk("executive")
        order = self.budget.sale_order_id
        self.assertTrue(order, "the executive quoted the estimate")
        self.assertEqual(order.amount_untaxed, self.budget.estimate_total)

    def test_manager_walk(self):
        self._walk("manager")
        self.assertEqual(self.pitch.state, "approved", "the manager approved the submitted brief")
        self.assertTrue(self.env["agency.scorecard"].search([("user_id", "=", self.walkers["executive"].id)]))

    def test_senior_manager_walk(self):
        """Leading the team, the senior manager approves an 18 % discount (a
        manager's limit is 15 %) and reads what becoming Director takes."""
        senior = self.walkers["senior"]
        self.team.user_id = senior
        self.env["agency.budget.negotiation"].create({
            "budget_id": self.budget.id, "agreed_amount": 410, "outcome": "price_changed"})
        self.assertAlmostEqual(self.budget.discount_pct, 18.0)
        self.assertLess(self.walkers["manager"]._agency_discount_limit(self.env.company), 18.0)
        self.env["agency.promotion.criterion"].create({
            "target_level": "agency_account_manager.group_agency_director", "kind": "months_at_level",
            "value": 24})
        self._walk("senior")
        self.assertEqual((self.budget.state, self.budget.approved_by_id), ("approved", senior))
        readiness = self.env["agency.promotion.readiness"].search([("user_id", "=", senior.id)])
        self.assertEqual(set(readiness.mapped("target_level")), {"agency_account_manager.group_agency_director"})

    def test_director_walk(self):
        self._walk("director")
        self.assertEqual(self.env.company.agency_discount_limit_executive, 6.0,
                         "the director saved the agency settings")
        self.assertTrue(self.contact.user_ids.filtered("share"), "the client's contact has portal access")

    def test_finance_walk(self):
        self._walk("finance")
        self.assertEqual(self.period.state, "reconciled")

    def test_department_head_walk(self):
        self._walk("dept_head")
        self.assertEqual(self.change.pushback_state, "pushed_back")
        self.assertEqual(self.change.pushback_user_id, self.walkers["dept_head"])
