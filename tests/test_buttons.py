"""Every button a role sees works for that role.

For each role and each form, list and kanban view of the addon's records,
every header, smart, statusbar, list-header and row button that the role's
view shows, on the sample's records in each of their states, is pressed as
that role, the way the web client does: object buttons call the method with
the record's ids (list-header buttons with the selection), action buttons
load their action, and what a button returns is opened (a window action's
records read, a wizard's defaults computed). A clear refusal (UserError,
ValidationError, AccessError) is an answer; any other exception fails."""
import logging
from collections import Counter
from datetime import date

from lxml import etree

from odoo import api
from odoo.exceptions import AccessError, MissingError, RedirectWarning, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import AgencySampleCase

_logger = logging.getLogger(__name__)

ROLES = ("intern", "executive", "manager", "director", "finance", "dept_head")
ANSWERS = (UserError, ValidationError, AccessError, MissingError, RedirectWarning)
VIEW_TYPES = ("form", "list", "kanban")


class _Values(dict):
    """A record's values as a view's expressions read them; unknown names
    (fields the view does not hold) read as False, as in the web client."""

    def __missing__(self, key):
        return False


@tagged("post_install", "-at_install")
class TestAgencyButtons(AgencySampleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The department head's one button pushes back for real.
        cls.dept_creative.agency_lead_time_days = 10
        cls.retainer = cls.env["agency.retainer"].create({
            "account_id": cls.account.id, "fee": 1000,
            "line_ids": [(0, 0, {"department_id": cls.dept_creative.id, "hours": 10})]})
        cls.scorecard = cls.env["agency.scorecard"]._compute_scorecards(cls.executive, "month", date(2026, 11, 2))

    def _samples(self):
        """{model: record} of the sample: one record of every addon model."""
        return {record._name: record for record in (
            self.account, self.brief, self.allocation, self.request, self.budget, self.period, self.survey,
            self.update, self.plan, self.objective, self.competitor, self.account_competitor, self.note,
            self.tag, self.policy, self.playbook, self.account.health_snapshot_ids[:1], self.retainer,
            self.scorecard,
        ) if record}

    def _models(self):
        """{model: sample record, or an empty recordset}: every model with a
        form, list or kanban view of the addon (without a sample, only the
        list-header buttons, which need no record, are pressed)."""
        samples = self._samples()
        views = self.env["ir.ui.view"].sudo().search([("type", "in", VIEW_TYPES), ("inherit_id", "=", False)])
        names = {view.model for view in views
                 if view.get_external_id().get(view.id, "").startswith("agency_account_manager.")}
        return {name: samples.get(name, self.env[name]) for name in sorted(names)
                if not self.env[name]._transient}

    def _buttons(self, Model, view_type):
        """(where, button node) of the role's view, groups already applied."""
        arch = etree.fromstring(Model.get_views([(False, view_type)])["views"][view_type]["arch"])
        root = arch
        for button in root.iter("button"):
            if button.get("type") not in ("object", "action") or not button.get("name"):
                continue
            if button.get("special"):
                continue
            ancestors = [a.tag for a in button.iterancestors()]
            # Buttons of an embedded one2many list belong to another model.
            if view_type == "form" and ("list" in ancestors or "kanban" in ancestors):
                continue
            where = "header" if "header" in ancestors else view_type
            yield where, button
        for field in root.iter("field"):
            if field.get("widget") == "statusbar" and "clickable" in (field.get("options") or ""):
                yield "statusbar", field

    def _values(self, record, user=None, fnames=None):
        """The record as the role's view reads it (computed fields such as
        "may push back" depend on who reads them)."""
        values = _Values()
        if record:
            values.update(record.sudo().read(["id"])[0])
            try:
                values.update(record.with_user(user or self.env.user).read(list(fnames or ()) or None)[0])
            except AccessError:
                values.update(record.sudo().read(list(fnames or ()) or None)[0])
        values.update(uid=self.env.uid, context={}, id=record.id if record else False,
                      allowed_company_ids=self.company.ids, current_company_id=self.company.id)
        return values

    def _visible(self, node, values):
        expression = node.get("invisible") or node.get("column_invisible") or "False"
        try:
            return not safe_eval(expression, {}, values, nocopy=True)
        except Exception:  # noqa: BLE001 - an expression on values this test cannot model
            return True

    def _open(self, user, result, record=None):
        """What the web client does with a button's result."""
        if not isinstance(result, dict) or result.get("type") != "ir.actions.act_window":
            return
        context = result.get("context") or {}
        if isinstance(context, str):  # evaluated by the web client, with the record as active_id
            context = safe_eval(context, {"active_id": record.id if record else False,
                                          "active_ids": record.ids if record else [],
                                          "active_model": record._name if record else False,
                                          "uid": user.id, "context": {}, "allowed_company_ids": user.company_ids.ids})
        Model = self.env[result["res_model"]].with_user(user).with_context(**context)
        if result.get("res_id"):
            Model.browse(result["res_id"]).read([f for f in ("display_name",) if f])
        elif result.get("target") == "new":
            Model.default_get(list(Model._fields))
        else:
            domain = result.get("domain") or []
            if isinstance(domain, str):
                domain = safe_eval(domain, {"uid": user.id, "active_id": record.id if record else False,
                                            "active_ids": record.ids if record else [], "context": context})
            Model.search_count(domain)

    def _press(self, user, model, record, where, node, state_field, state):
        name = node.get("name")
        Records = self.env[model].with_user(user)
        target = Records.browse([] if where == "list_header" else record.ids)
        try:
            with self.env.cr.savepoint():
                if node.tag == "field":  # a clickable statusbar: the web client writes the state
                    for value, _label in Records._fields[name].selection:
                        if value != state:
                            with self.env.cr.savepoint():
                                try:
                                    target.write({name: value})
                                except ANSWERS as refusal:
                                    _logger.debug("statusbar %s -> %s refused: %s", name, value, refusal)
                elif node.get("type") == "object":
                    context = {}
                    if node.get("context"):
                        try:
                            context = safe_eval(node.get("context"), {}, self._values(record), nocopy=True)
                        except Exception:  # noqa: BLE001
                            context = {}
                    # As /web/dataset/call_button: the ids as first argument, so that
                    # a method the client cannot call that way (@api.model) fails here.
                    result = api.call_kw(Records.with_context(**context), name, [target.ids], {})
                    self._open(user, result, record)
                else:
                    action_id = int(name) if name.isdigit() else self.env.ref(name.strip("%()d")).id
                    action = self.env["ir.actions.actions"].with_user(user).browse(action_id)
                    action = self.env[action.sudo().type].with_user(user).browse(action_id)
                    self._open(user, action._get_action_dict() if hasattr(action, "_get_action_dict")
                               else action.read()[0], record)
                target.invalidate_recordset()
        except ANSWERS:
            return "answered"
        except Exception as error:  # noqa: BLE001 - what this test is for
            return f"{type(error).__name__}: {error}"
        return "ran"

    def test_every_button_a_role_sees_works_for_that_role(self):
        problems = []
        pressed = Counter()
        for model, record in self._models().items():
            Model = self.env[model]
            state_field = next((f for f in ("state", "stage") if f in Model._fields
                                and Model._fields[f].type == "selection" and Model._fields[f].store), None)
            states = [value for value, _label in Model._fields[state_field].selection] \
                if state_field and record else [None]
            for role in ROLES:
                user = self.users[role]
                try:
                    readable = Model.with_user(user).search_count([("id", "in", record.ids)]) if record \
                        else Model.with_user(user).check_access("read") is None
                except AccessError:
                    readable = False
                if not readable:
                    continue  # the role does not read these records: no screen shows their buttons
                for view_type in VIEW_TYPES:
                    if not self.env["ir.ui.view"].sudo().search_count(
                            [("model", "=", model), ("type", "=", view_type)]):
                        continue
                    buttons = list(self._buttons(Model.with_user(user), view_type))
                    views = Model.with_user(user).get_views([(False, view_type)])
                    fnames = [name for name in views["models"][model]["fields"] if name in Model._fields]
                    for state in states:
                        with self.env.cr.savepoint(flush=False) as savepoint:
                            if record and state_field and record[state_field] != state:
                                # The record as it is in that state (a direct write: no workflow runs).
                                self.env.flush_all()
                                self.env.cr.execute(SQL("UPDATE %s SET %s = %s WHERE id = %s", SQL.identifier(
                                    Model._table), SQL.identifier(state_field), state, record.id))
                                self.env.invalidate_all()
                            values = self._values(record, user, fnames)
                            for where, node in buttons:
                                if view_type == "list" and node.getparent().tag == "header":
                                    where = "list_header"
                                elif not record:
                                    continue  # a button on a record, and there is none
                                if not self._visible(node, values):
                                    continue
                                outcome = self._press(user, model, record, where, node, state_field, state)
                                pressed[role] += 1
                                if outcome not in ("ran", "answered"):
                                    problems.append(f"{model} ({view_type}, {state_field}={state}) as {role}: "
                                                    f"{node.get('string') or node.get('name')}: {outcome[:300]}")
                            savepoint.rollback()
                            self.env.invalidate_all()
        _logger.info("buttons pressed per role: %s", dict(pressed))
        for role in ROLES:
            self.assertGreater(pressed[role], 0, f"{role} pressed no button")
        self.assertGreater(sum(pressed.values()), 200)
        self.assertFalse(problems, "\n".join(problems))
