from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from .common import AgencyAccountingCase, AgencyCase


@tagged("post_install", "-at_install", "is_query_count")
class TestAgencyGrowth(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        Tag = cls.env["agency.service.tag"]
        cls.svc_design, cls.svc_social, cls.svc_video = Tag.create(
            [{"name": "T Design"}, {"name": "T Social"}, {"name": "T Video"}])
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id, stage="active",
                                   member_ids=[(6, 0, cls.intern.ids)], service_tag_ids=[(6, 0, cls.svc_design.ids)])

    def test_plan_progress_from_real_records(self):
        year = fields.Date.today().year
        plan = self.env["agency.account.plan"].create({
            "account_id": self.account.id, "period": "year", "year": year,
            "objective_ids": [
                Command.create({"name": "Win new work", "kind": "new_services", "target": 50000}),
                Command.create({"name": "Keep the client", "kind": "retention", "target": 100}),
                Command.create({"name": "NPS above 50", "kind": "satisfaction", "target": 50}),
            ],
        })
        self.assertEqual((plan.date_from, plan.date_to), (date(year, 1, 1), date(year, 12, 31)))
        won = self.env["crm.lead"].create({"name": "Retainer", "type": "opportunity", "partner_id": self.client.id,
                                           "expected_revenue": 30000})
        won.action_set_won()
        self.env["crm.lead"].create({"name": "Open", "type": "opportunity", "partner_id": self.client.id,
                                     "expected_revenue": 99000})
        contact = self.env["res.partner"].create({"name": "Ann", "parent_id": self.client.id, "email": "a@x.example"})
        for score in (10, 9, 9, 5):
            self.env["agency.survey"].create({"survey_type": "nps", "account_id": self.account.id,
                                              "partner_id": contact.id})._record_answer(score)
        plan.objective_ids.invalidate_recordset()
        new_work, retention, nps = plan.objective_ids.sorted("id")
        self.assertEqual((new_work.current, new_work.progress), (30000, 60))
        self.assertEqual((retention.current, retention.progress), (100, 100))
        self.assertEqual(nps.current, 50.0, "3 promoters, 1 detractor of 4")
        self.assertEqual(nps.progress, 100)
        self.assertAlmostEqual(plan.progress, (60 + 100 + 100) / 3)
        quarter = self.env["agency.account.plan"].create({
            "account_id": self.account.id, "period": "quarter", "year": 2026, "quarter": "4"})
        self.assertEqual((quarter.date_from, quarter.date_to), (date(2026, 10, 1), date(2026, 12, 31)))
        with self.assertRaisesRegex(ValidationError, "Choose the quarter"):
            with self.env.cr.savepoint():
                self.env["agency.account.plan"].create({"account_id": self.account.id, "period": "quarter"})

    def _whitespace(self):
        # A SQL view: what the ORM cached of it is stale once the tables move.
        self.env["agency.whitespace"].invalidate_model()
        return {row.service_id: row.status for row in self.env["agency.whitespace"].search(
            [("account_id", "=", self.account.id), ("service_id", "in", (self.svc_design | self.svc_social
                                                                         | self.svc_video).ids)])}

    def test_upsell_from_the_whitespace_grid(self):
        self.env["crm.lead"].create({"name": "Video idea", "type": "opportunity", "partner_id": self.client.id,
                                     "agency_service_tag_id": self.svc_video.id})
        self.assertEqual(self._whitespace(), {self.svc_design: "sold", self.svc_social: "not_offered",
                                              self.svc_video: "pipeline"})
        cell = self.env["agency.whitespace"].with_user(self.manager).search(
            [("account_id", "=", self.account.id), ("service_id", "=", self.svc_social.id)])
        action = cell.action_create_upsell()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.partner_id, self.client)
        self.assertEqual(lead.agency_service_tag_id, self.svc_social)
        self.assertEqual(lead.user_id, self.executive, "assigned to the account manager, not the clicker")
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(self._whitespace()[self.svc_social], "pipeline")
        with self.assertRaises(AccessError):
            cell.with_user(self.intern).action_create_upsell()
        other = self._account(self.client_other, user_id=self.executive_other.id)
        self.assertFalse(self.env["agency.whitespace"].with_user(self.intern).search([("account_id", "=", other.id)]))

    def test_market_notes_and_competitors_on_the_account(self):
        self.account.industry_id = self.industry
        note = self.env["agency.market.note"].create({"name": "Low-sugar drinks grow 12%",
                                                      "industry_id": self.industry.id, "source": "Trade press"})
        self.env["agency.market.note"].create({"name": "Elsewhere", "industry_id": self.env[
            "res.partner.industry"].create({"name": "Mining"}).id})
        self.assertEqual(self.account.market_note_ids, note)
        rival = self.env["agency.competitor"].create({"name": "Bright Lights"})
        self.env["agency.account.competitor"].create({"account_id": self.account.id, "competitor_id": rival.id,
                                                      "share_pct": 60})
        with self.assertRaisesRegex(ValidationError, "more than 100%"):
            with self.env.cr.savepoint():
                self.env["agency.account.competitor"].create({
                    "account_id": self.account.id,
                    "competitor_id": self.env["agency.competitor"].create({"name": "Loud Co"}).id,
                    "share_pct": 50})

    def test_portfolio_load_figures(self):
        with self._database_clock():  # the load view counts work due from CURRENT_DATE
            self._check_portfolio_load_figures()

    def _check_portfolio_load_figures(self):
        self._account(self.client_other, user_id=self.executive.id, tier="key")
        self.account.tier = "strategic"
        brief = self.env["agency.brief"].create({"title": "Launch", "account_id": self.account.id})
        self.env["agency.brief.allocation"].create({
            "brief_id": brief.id, "name": "Design", "department_id": self.dept_design.id,
            "date_due": date.today() + timedelta(days=10), "planned_hours": 12})
        requests = self.env["agency.request"].create([{"name": f"R{i}", "account_id": self.account.id}
                                                      for i in range(2)])
        requests[0].sla_breached = True
        load = self.env["agency.manager.load"].with_user(self.manager).search([("user_id", "=", self.executive.id)])
        self.assertEqual((load.account_count, load.weighted_accounts), (2, 7), "strategic 4 + key 3")
        self.assertEqual((load.open_briefs, load.open_requests, load.breached_requests), (1, 2, 1))
        self.assertEqual(load.planned_hours, 12)
        self.assertEqual(load.capacity, 6, "an executive's capacity")
        self.assertAlmostEqual(load.load_pct, 100 * 7 / 6)
        with self.assertRaises(AccessError):
            self.env["agency.manager.load"].with_user(self.executive).search([])

    def test_load_view_costs_the_same_for_few_and_many_managers(self):
        managers = [new_test_user(self.env, login=f"aa_load_{i}", groups="agency_account_manager.group_agency_executive")
                    for i in range(20)]
        clients = self.env["res.partner"].create([{"name": f"L{i}", "is_company": True} for i in range(40)])
        self.env["agency.account"].create([{"partner_id": c.id, "user_id": managers[i % 20].id}
                                           for i, c in enumerate(clients)])
        Load = self.env["agency.manager.load"].with_user(self.director)
        fields_list = ["user_id", "weighted_accounts", "capacity", "load_pct", "open_briefs", "planned_hours"]
        ids = [m.id for m in managers]
        for subset in (ids[:2], ids, ids[:2], ids):  # warm the caches (rules, groups, companies)
            self.env.invalidate_all()
            Load.search_read([("user_id", "in", subset)], fields_list)
        for subset in (ids[:2], ids):
            self.env.invalidate_all()
            with self.assertQueryCount(16):
                rows = Load.search_read([("user_id", "in", subset)], fields_list)
            self.assertEqual(len(rows), len(subset))
            self.assertTrue(all(r["capacity"] == 6 and r["weighted_accounts"] == 2 for r in rows))

    def test_assigning_beyond_capacity_warns(self):
        self.account.tier = "strategic"
        second = self._account(self.client_other, user_id=self.manager.id, tier="key")
        self.assertFalse(second._capacity_warning(self.manager))
        warning = second._capacity_warning(self.executive)
        self.assertIn("7 weighted accounts, beyond the 6", warning)
        second.user_id = self.executive
        result = second._onchange_user_id_capacity()
        self.assertEqual(result["warning"]["title"], "Over capacity")

    def test_department_capacity_warns_with_the_earliest_date(self):
        self.dept_design.agency_weekly_capacity_hours = 40
        brief = self.env["agency.brief"].create({"title": "Launch", "account_id": self.account.id})
        monday = date.today() + timedelta(days=14 - date.today().weekday())
        Allocation = self.env["agency.brief.allocation"]
        Allocation.create({"brief_id": brief.id, "name": "Busy", "department_id": self.dept_design.id,
                           "date_due": monday + timedelta(days=2), "planned_hours": 30})
        Allocation.create({"brief_id": brief.id, "name": "Busy too", "department_id": self.dept_design.id,
                           "date_due": monday + timedelta(days=8), "planned_hours": 35})
        self.assertFalse(self.dept_design._agency_capacity_warning(monday + timedelta(days=3), 10))
        warning = self.dept_design._agency_capacity_warning(monday + timedelta(days=3), 20)
        self.assertIn(f"earliest on {format_date(self.env, monday + timedelta(days=14))}", warning,
                      "the week after is full too")
        new = Allocation.new({"brief_id": brief.id, "name": "More", "department_id": self.dept_design.id,
                              "date_due": monday + timedelta(days=4), "planned_hours": 20})
        self.assertIn("not by that date", new._onchange_department_capacity()["warning"]["message"])

    def test_department_capacity_report_sums_load_and_capacity_alike(self):
        with self._database_clock():  # the capacity view's weeks start from CURRENT_DATE
            self._check_department_capacity_report()

    def _check_department_capacity_report(self):
        self.dept_design.agency_weekly_capacity_hours = 40
        brief = self.env["agency.brief"].create({"title": "Launch", "account_id": self.account.id})
        monday = date.today() + timedelta(days=14 - date.today().weekday())
        self.env["agency.brief.allocation"].create([
            {"brief_id": brief.id, "name": name, "department_id": self.dept_design.id,
             "date_due": monday + timedelta(days=days), "planned_hours": hours}
            for name, days, hours in (("A", 1, 30), ("B", 2, 20), ("C", 8, 10))])
        self.env.flush_all()
        Load = self.env["agency.department.load"]
        rows = Load.search([("department_id", "=", self.dept_design.id)])
        weeks = {row.week: row for row in rows}
        self.assertEqual((weeks[monday].planned_hours, weeks[monday].capacity_hours, weeks[monday].free_hours),
                         (50, 40, -10), "one row per week: the two allocations of the week summed")
        self.assertIn(monday + timedelta(weeks=3), weeks, "a week without work is shown too")
        self.assertEqual(weeks[monday + timedelta(weeks=3)].planned_hours, 0)
        # Two weeks together: both capacity and load are summed.
        [[planned, capacity]] = Load._read_group(
            [("department_id", "=", self.dept_design.id), ("week", "in", [monday, monday + timedelta(weeks=1)])],
            [], ["planned_hours:sum", "capacity_hours:sum"])
        self.assertEqual((planned, capacity), (60, 80))
        # A department with no capacity set warns instead of saying nothing.
        self.dept_creative.agency_weekly_capacity_hours = 0
        self.assertIn("no weekly capacity", self.dept_creative._agency_capacity_warning(monday, 8))

    def test_reassignment_moves_every_open_item(self):
        lead = self.env["crm.lead"].create({"name": "Open deal", "type": "opportunity", "partner_id": self.client.id,
                                            "user_id": self.executive.id})
        won = self.env["crm.lead"].create({"name": "Won deal", "type": "opportunity", "partner_id": self.client.id,
                                           "user_id": self.executive.id})
        won.action_set_won()
        self.account.activity_schedule("mail.mail_activity_data_todo", user_id=self.executive.id, summary="Call")
        lead.activity_schedule("mail.mail_activity_data_todo", user_id=self.executive.id, summary="Send deck")
        self.account.message_subscribe(partner_ids=self.executive.partner_id.ids)
        wizard = self.env["agency.account.reassign"].with_user(self.manager).create({
            "account_ids": [(6, 0, self.account.ids)], "user_id": self.executive_other.id, "reason": "Rebalancing"})
        self.assertFalse(wizard.capacity_warning)
        wizard.action_confirm()
        self.assertEqual(self.account.user_id, self.executive_other)
        self.assertEqual(lead.user_id, self.executive_other)
        self.assertEqual(won.user_id, self.executive, "closed business stays with who won it")
        self.assertEqual((self.account.activity_ids | lead.activity_ids).user_id, self.executive_other)
        self.assertIn(self.executive_other.partner_id, self.account.message_partner_ids)
        self.assertNotIn(self.executive.partner_id, self.account.message_partner_ids)
        self.assertIn("reassigned from", self.account.message_ids[0].body)
        self.assertIn("Rebalancing", self.account.message_ids[0].body)

    def test_plans_follow_the_career_ladder(self):
        plan = self.env["agency.account.plan"].create({"account_id": self.account.id, "year": 2026})
        self.assertEqual(plan.with_user(self.intern).account_id, self.account)
        with self.assertRaises(AccessError):
            plan.with_user(self.intern).write({"strategy": "<p>x</p>"})
        plan.with_user(self.executive).write({"strategy": "<p>Grow video</p>"})
        self.assertEqual(plan.with_user(self.manager).strategy, "<p>Grow video</p>")
        with self.assertRaises(AccessError):
            plan.with_user(self.executive_other).read(["strategy"])
        self.assertEqual(self.env["agency.account.plan"].with_user(self.director).search_count(
            [("id", "=", plan.id)]), 1)


@tagged("post_install", "-at_install")
class TestAgencyPlanRevenue(AgencyAccountingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._account(cls.client)

    def test_revenue_objective_reads_invoices_of_the_period(self):
        for amount, day in ((1500, date(2026, 3, 10)), (700, date(2025, 12, 20))):
            invoice = self.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": self.client.id, "invoice_date": day,
                "invoice_line_ids": [Command.create({"name": "Work", "price_unit": amount, "tax_ids": []})]})
            invoice.action_post()
        plan = self.env["agency.account.plan"].create({
            "account_id": self.account.id, "year": 2026,
            "objective_ids": [Command.create({"name": "Revenue", "kind": "revenue", "target": 3000})]})
        self.assertEqual(plan.objective_ids.current, 1500, "only invoices dated inside 2026")
        self.assertEqual(plan.objective_ids.progress, 50)
