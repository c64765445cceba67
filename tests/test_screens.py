"""What the web client shows each role: the forms behind every menu open
from scratch with real choices, buttons show only to those who may use
them, and states and figures never contradict each other."""
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import AgencySampleCase
from .test_access_matrix import EXPECTED


@tagged("post_install", "-at_install")
class TestAgencyScreens(AgencySampleCase):

    def _menu_actions(self):
        root = self.env.ref("agency_account_manager.agency_menu_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id), ("action", "!=", False)])
        return [menu.action for menu in menus if menu.action._name == "ir.actions.act_window"
                and menu.action.res_model in EXPECTED]

    def test_new_from_every_menu_offers_real_choices(self):
        """For every menu of the app, every role that may create its records
        opens the form from scratch: each required many2one of the form has
        something to choose (its domain evaluated as the web client would,
        on a new record). Briefs > New once offered no account at all."""
        problems = []
        checked = 0
        for action in self._menu_actions():
            model = action.res_model
            for role, operations in EXPECTED[model].items():
                if "c" not in operations:
                    continue
                user = self.users[role]
                context = safe_eval(action.context or "{}", {"uid": user.id, "active_id": False})
                Model = self.env[model].with_user(user).with_context(**context)
                views = Model.get_views([(False, "form")])
                arch = etree.fromstring(views["views"]["form"]["arch"])
                descriptions = views["models"][model]["fields"]
                names = [node.get("name") for node in arch.iter("field") if node.getparent().tag != "list"]
                values = {name: False for name in Model._fields}
                values.update(Model.default_get(list(Model._fields)))
                eval_context = {**values, "allowed_company_ids": user.company_ids.ids, "uid": user.id,
                                "context": context, "current_company_id": self.company.id, "id": False,
                                "parent": {}}
                for node in arch.iter("field"):
                    name = node.get("name")
                    desc = descriptions.get(name, {})
                    if desc.get("type") != "many2one" or node.getparent().tag == "list" or name not in names:
                        continue
                    field = Model._fields[name]
                    required = field.required
                    if not required and node.get("required"):
                        try:
                            required = bool(safe_eval(node.get("required"), eval_context))
                        except Exception:  # noqa: BLE001 - an expression on fields we did not model
                            required = False
                    if not required or field.readonly or values.get(name):
                        continue
                    domain = node.get("domain") or desc.get("domain") or []
                    if isinstance(domain, str):
                        domain = safe_eval(domain, eval_context)
                    checked += 1
                    if not self.env[field.comodel_name].with_user(user).search_count(domain):
                        problems.append(f"{action.name} > New as {role}: nothing to choose in {name} ({domain})")
        self.assertGreater(checked, 5)
        self.assertFalse(problems, "\n".join(problems))

    def test_health_shown_is_the_health_the_report_prints(self):
        """The explanation on the account and the report agree right after a
        change, not only after the daily job."""
        account = self.account
        account._recompute_health()
        self.request.sudo().write({"sla_breached": True})
        self.survey._record_answer(3)  # a detractor
        self.env.flush_all()
        self.env.cr.precommit.run()  # what the end of the user's transaction does
        data = account._get_report_data(with_costs=True)[account.id]
        facts = {item["factor"]: item["facts"] for item in account._health_explanation()}
        self.assertEqual(data["breach_rate"], 100.0)
        self.assertIn("100% of 1 request breached", facts["responsiveness"])
        self.assertEqual(data["nps"], -100.0)
        self.assertIn("NPS -100", facts["satisfaction"])
        self.assertEqual(data["health_score"], account.health_score)
        self.assertTrue(account.health_reason, "the card says why in one line")

    def test_no_data_is_empty_and_left_out_of_averages(self):
        scored = self.account
        empty = self._account(self._client("Quiet Client"), user_id=self.executive.id)
        (scored | empty)._recompute_health()
        self.assertEqual(empty.health_band, "none")
        self.assertFalse(empty.health_score, "no data: empty, not 0")
        self.assertEqual(empty.read(["health_score"])[0]["health_score"], False)
        self.assertTrue(scored.health_score)
        [[average]] = self.env["agency.account"]._read_group(
            [("id", "in", (scored | empty).ids)], [], ["health_score:avg"])
        self.assertEqual(average, scored.health_score, "the empty account does not drag the average down")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "agency_account_manager.report_agency_account", empty.ids)[0].decode()
        self.assertIn("No data yet", html)

    def test_nps_respects_the_interval_and_can_be_sent_from_the_account(self):
        account = self.account
        account.partner_id.email = "ceo@northwind.example.com"
        self.survey.sudo().write({"state": "answered", "score": 9,
                                  "date_answered": fields.Datetime.now() - timedelta(days=12)})
        account.write({"nps_interval_months": 3, "date_next_nps": False, "stage": "active"})
        Survey = self.env["agency.survey"]
        before = Survey.search_count([("account_id", "=", account.id)])
        self.env["agency.account"]._cron_send_nps()
        self.assertEqual(Survey.search_count([("account_id", "=", account.id)]), before,
                         "answered twelve days ago: not asked again")
        self.assertTrue(account.date_next_nps)
        # By hand: refused too soon after an answer, with the reason.
        with self.assertRaisesRegex(UserError, "answered the NPS question"):
            account.with_user(self.executive).action_send_nps()
        with self.assertRaises(AccessError):
            account.with_user(self.intern).action_send_nps()
        self.survey.sudo().date_answered = fields.Datetime.now() - timedelta(days=40)
        result = account.with_user(self.executive).action_send_nps()
        self.assertEqual(result["params"]["type"], "success")
        sent = Survey.search([("account_id", "=", account.id), ("state", "=", "sent")])
        self.assertEqual(len(sent), 1)
        with self.assertRaisesRegex(UserError, "still waiting for an answer"):
            account.with_user(self.executive).action_send_nps()

    def _spec(self, Model, view_type):
        """What the web client reads for a view, as the user's view has it."""
        views = Model.get_views([(False, view_type)])
        arch = etree.fromstring(views["views"][view_type]["arch"])
        spec = {}
        for node in arch.iter("field"):
            parent = node.getparent()
            if parent is not None and parent.tag in ("list", "kanban", "form") and parent is not arch:
                continue  # a sub-view of a one2many: read by its own spec
            name = node.get("name")
            field = Model._fields.get(name)
            if field is None:
                continue
            spec[name] = {"fields": {"display_name": {}}} if field.relational else {}
        return spec

    def test_every_menu_a_role_sees_opens_without_an_access_error(self):
        """Each level gets the screens it may read (the executive has a
        portfolio of their own accounts) and none that fails when opened."""
        root = self.env.ref("agency_account_manager.agency_menu_root")
        problems = []
        seen = {}
        for role in ("intern", "executive", "manager", "director", "finance"):
            user = self.users[role]
            Menu = self.env["ir.ui.menu"].with_user(user)
            visible = Menu.browse(Menu._visible_menu_ids()) & Menu.search([("id", "child_of", root.id)])
            seen[role] = set(visible.mapped("name"))
            for menu in visible.filtered("action"):
                action = menu.sudo().action
                if action._name != "ir.actions.act_window":
                    continue
                context = safe_eval(action.context or "{}", {"uid": user.id, "active_id": False})
                Model = self.env[action.res_model].with_user(user).with_context(**context)
                domain = safe_eval(action.domain or "[]", {"uid": user.id, "context": context})
                for view_type in [v for v in action.view_mode.split(",") if v in ("list", "kanban", "pivot", "graph")]:
                    try:
                        if view_type in ("list", "kanban"):
                            Model.web_search_read(domain, self._spec(Model, view_type), limit=80)
                        else:
                            Model.get_views([(False, view_type)])
                            Model.web_read_group(domain, ["__count"], ["company_id"] if "company_id" in Model._fields else [], lazy=False)
                    except AccessError as error:
                        problems.append(f"{menu.complete_name} ({view_type}) as {role}: {error.args[0][:140]}")
                    finally:
                        self.env.invalidate_all()
        self.assertFalse(problems, "\n".join(problems))
        self.assertIn("Portfolio", seen["executive"], "the executive reads the portfolio of their accounts")
        self.assertIn("Portfolio", seen["intern"])
        self.assertNotIn("Portfolio Load", seen["executive"])
        self.assertIn("Portfolio Load", seen["manager"])
        self.assertNotIn("Settings", seen["manager"])
        self.assertIn("Settings", seen["director"])

    def test_reassign_picker_names_people_unmistakably_and_shows_what_moves(self):
        picked = self.executive.with_context(agency_user_level=True)
        self.assertEqual(picked.display_name, f"{self.executive.name} ({self.executive.login}, Account Executive)")
        wizard = self.env["agency.account.reassign"].with_user(self.manager).create({
            "account_ids": [(6, 0, self.account.ids)], "user_id": self.manager.id})
        self.assertIn(f"{self.account.display_name}: from {self.executive.name} to {self.manager.name}",
                      wizard.summary)
        portal = self.users["portal"]
        wizard.user_id = portal
        with self.assertRaisesRegex(UserError, "portal user"):
            wizard.action_confirm()
        self.assertEqual(self.account.user_id, self.executive)

    def test_one_primary_button_at_a_time(self):
        """Whatever the state, a workflow form offers one primary action."""

        class Values(dict):
            def __missing__(self, key):
                return False

        problems = []
        for model in ("agency.brief", "agency.request", "agency.budget", "agency.account"):
            Model = self.env[model].with_user(self.director)
            arch = etree.fromstring(Model.get_views([(False, "form")])["views"]["form"]["arch"])
            state_field = "stage" if model == "agency.account" else "state"
            for state, _label in Model._fields[state_field].selection:
                primary = [
                    button.get("string") for button in arch.iterfind("header/button")
                    if "btn-primary" in (button.get("class") or "")
                    and not safe_eval(button.get("invisible") or "False", {}, Values({state_field: state}), nocopy=True)
                ]
                if len(primary) > 1:
                    problems.append(f"{model} in {state}: {', '.join(primary)}")
        self.assertFalse(problems, "\n".join(problems))
