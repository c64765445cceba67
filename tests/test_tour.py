from odoo import http
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

    def test_executive_creates_an_account_and_finds_it_in_my_accounts(self):
        executive = new_test_user(
            self.env, login="tour_executive", password="tour_executive",
            name="Tina Tour", groups="agency_account_manager.group_agency_executive",
        )
        self.env["res.partner"].create({"name": "Tourmaline Cosmetics", "is_company": True})
        # An account the executive works on but does not manage: visible to
        # them, yet not under "My Accounts".
        other_manager = new_test_user(self.env, login="tour_other", groups="agency_account_manager.group_agency_director")
        self.env["agency.account"].create({
            "partner_id": self.env["res.partner"].create({"name": "Quartz Quarries", "is_company": True}).id,
            "user_id": other_manager.id,
            "member_ids": [(6, 0, executive.ids)],
        })
        self.start_tour("/odoo", "agency_account_tour", login="tour_executive")
        account = self.env["agency.account"].search([("partner_id.name", "=", "Tourmaline Cosmetics")])
        self.assertEqual(account.user_id, executive)
        self.assertEqual(account.tier, "key")
