from lxml import etree

from odoo.tests import tagged

from .common import AgencyCase

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.


@tagged("post_install", "-at_install", "is_query_count")
class TestAgencyListPerformance(AgencyCase):
    """Lists cost a fixed number of queries, whatever the number of rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        tags = cls.env["agency.service.tag"].create([{"name": f"Service {i}"} for i in range(3)])
        clients = cls.env["res.partner"].create([
            {"name": f"Client {i:03d}", "is_company": True, "industry_id": cls.industry.id}
            for i in range(80)
        ])
        managers = [cls.manager, cls.executive, cls.executive_other, cls.manager_other]
        cls.accounts = cls.env["agency.account"].create([{
            "partner_id": client.id,
            "user_id": managers[i % 4].id,
            "member_ids": [(6, 0, cls.intern.ids)],
            "service_tag_ids": [(6, 0, tags[: 1 + i % 3].ids)],
            "tier": ("strategic", "key", "growth", "standard")[i % 4],
            "budget_annual": 1000 * i,
        } for i, client in enumerate(clients)])
        cls.accounts.activity_schedule("mail.mail_activity_data_todo", user_id=cls.manager.id)
        cls.briefs = cls.env["agency.brief"].create([{
            "title": f"Brief {i}", "account_id": account.id,
            "date_start": "2026-09-01", "date_deadline": "2026-10-31",
        } for i, account in enumerate(cls.accounts[:50])])
        cls.env["agency.brief.allocation"].create([{
            "brief_id": brief.id, "name": f"Work {j}", "department_id": cls.dept_design.id,
            "date_due": ("2026-09-10", "2026-10-20")[j], "planned_hours": 5 + j,
        } for brief in cls.briefs for j in range(2)])
        cls.briefs[:25].action_approve()
        cls.briefs[:25].allocation_ids.filtered(lambda a: a.planned_hours == 5).task_id.state = "1_done"

    def _list_specification(self, model, user):
        """The fields the web client reads for a list view, every column
        shown, as the user's view has them (cost columns only for those who
        may read costs)."""
        Model = self.env[model].with_user(user)
        arch = Model.get_views([(False, "list")])["views"]["list"]["arch"]
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            field = Model._fields[node.get("name")]
            if field.type in ("many2one", "many2many", "one2many"):
                spec[field.name] = {"fields": {"display_name": {}}}
            else:
                spec[field.name] = {}
        return spec

    def _read_list(self, user, records, expected_queries=None):
        """Read the list as the web client does, record caches cold."""
        spec = self._list_specification(records._name, user)
        Model = self.env[records._name].with_user(user)
        self.env.invalidate_all()
        if expected_queries is None:  # warm-up: fills the registry caches (rules, views)
            return Model.web_search_read([("id", "in", records.ids)], spec)
        with self.assertQueryCount(expected_queries):
            result = Model.web_search_read([("id", "in", records.ids)], spec)
        self.assertEqual(result["length"], len(records))
        return result

    def test_account_list_costs_the_same_for_10_and_80_accounts(self):
        # The director's rules are simple; the intern's join the team members.
        for user, queries in ((self.director, 17), (self.intern, 14)):
            self._read_list(user, self.accounts)
            self._read_list(user, self.accounts[:10], queries)
            result = self._read_list(user, self.accounts, queries)
            self.assertTrue(all(rec["user_id"] and rec["service_tag_ids"] for rec in result["records"]))

    def test_brief_list_progress_costs_the_same_for_5_and_50_briefs(self):
        for user, queries in ((self.director, 12), (self.intern, 12)):
            self._read_list(user, self.briefs)
            self._read_list(user, self.briefs[:5], queries)
            result = self._read_list(user, self.briefs, queries)
            progress = {rec["title"]: rec["progress"] for rec in result["records"]}
            self.assertAlmostEqual(progress["Brief 0"], 100 * 5 / 11)
            self.assertEqual(progress["Brief 40"], 0)
