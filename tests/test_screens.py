"""What the web client shows each role: the forms behind every menu open
from scratch with real choices, buttons show only to those who may use
them, and states and figures never contradict each other."""
from lxml import etree

from odoo.tools.safe_eval import safe_eval
from odoo.tests import tagged

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
                Model = self.env[model].with_user(user).with_context(context)
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
