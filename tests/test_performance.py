from lxml import etree

from odoo.tests import tagged

from .common import AgencyCase


@tagged("post_install", "-at_install", "is_query_count")
class TestAgencyAccountPerformance(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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

    def _list_specification(self):
        """The fields the web client reads for the account list view, every
        column shown."""
        Account = self.env["agency.account"]
        arch = Account.get_views([(False, "list")])["views"]["list"]["arch"]
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            field = Account._fields[node.get("name")]
            if field.type in ("many2one", "many2many", "one2many"):
                spec[field.name] = {"fields": {"display_name": {}}}
            else:
                spec[field.name] = {}
        return spec

    def _read_list(self, user, accounts, expected_queries=None):
        """Read the list as the web client does, record caches cold."""
        spec = self._list_specification()
        Account = self.env["agency.account"].with_user(user)
        self.env.invalidate_all()
        if expected_queries is None:  # warm-up: fills the registry caches (rules, views)
            return Account.web_search_read([("id", "in", accounts.ids)], spec)
        with self.assertQueryCount(expected_queries):
            result = Account.web_search_read([("id", "in", accounts.ids)], spec)
        self.assertEqual(result["length"], len(accounts))
        self.assertTrue(all(rec["user_id"] and rec["service_tag_ids"] for rec in result["records"]))
        return result

    def test_account_list_costs_the_same_for_10_and_80_accounts(self):
        # The director's rules are simple; the intern's join the team members.
        for user, queries in ((self.director, 17), (self.intern, 14)):
            self._read_list(user, self.accounts)
            self._read_list(user, self.accounts[:10], queries)
            self._read_list(user, self.accounts, queries)
