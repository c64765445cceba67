import uuid

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from .const import COST_READERS, GROUP_EXECUTIVE
from .labels import selection_labels

BRIEF_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("in_progress", "In Progress"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# States an intern may set: beyond these, an executive or above decides.
INTERN_STATES = ("draft", "submitted")
# Which state a brief may come from to reach each state, whatever the way
# in (buttons, kanban drag and drop, JSON-RPC, imports).
BRIEF_TRANSITIONS = {
    "draft": ("cancelled", "submitted"),
    "submitted": ("draft",),
    "approved": ("draft", "submitted"),
    "in_progress": ("approved",),
    "delivered": ("approved", "in_progress"),
    "closed": ("delivered",),
    "cancelled": ("draft", "submitted", "approved", "in_progress"),
}


class AgencyBrief(models.Model):
    """A client need turned into a brief: what the client wants, for whom,
    by when, and the work-back schedule of what each department or partner
    delivers. Approving it creates the work in Odoo Project."""

    _name = "agency.brief"
    _description = "Client Brief"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin", "agency.client.readable.mixin",
                "portal.mixin", "mail.thread", "mail.activity.mixin"]
    # What the client reads of the briefs shared with them (agency.client.readable.mixin).
    _agency_client_fields = frozenset({
        "name", "title", "account_id", "objectives", "target_audience", "key_message", "deliverables",
        "date_start", "date_deadline", "state", "client_approval_state", "client_signed_by", "client_signed_on",
        "access_url"})
    # The portal link's token from the start: the client's pages only read
    # (they run on a read-only cursor, a replica when there is one).
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))
    _order = "date_deadline, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "title"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram",
    )
    title = fields.Char(string="Brief", required=True, tracking=True)
    account_id = fields.Many2one(
        required=True, ondelete="restrict", tracking=True,
        help="The brief's company is its account's: any account of your allowed companies.",
    )
    partner_id = fields.Many2one(related="account_id.partner_id", string="Client", store=True)
    user_id = fields.Many2one(
        "res.users", string="Account Manager", tracking=True, index=True,
        compute="_compute_user_id", store=True, readonly=False, precompute=True,
        domain="[('share', '=', False)]",
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", tracking=True, check_company=True, index="btree_not_null",
        domain="[('type', '=', 'opportunity')]",
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Quotation", tracking=True, check_company=True, index="btree_not_null",
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    state = fields.Selection(
        BRIEF_STATES, required=True, default="draft", tracking=True, copy=False,
        group_expand=True, index=True, compute="_compute_state", store=True, readonly=False,
        help="An approved brief is in progress as soon as a department starts its work.",
    )
    objectives = fields.Html(help="What the client wants to achieve, measurably.")
    target_audience = fields.Text()
    key_message = fields.Text()
    deliverables = fields.Html(help="What the agency delivers: formats, versions, quantities.")
    channels = fields.Char(help="Where the work runs: TV, social, out-of-home, print...")
    mandatories = fields.Text(help="What must be there: logos, legal lines, brand rules.")
    budget_indication = fields.Monetary(
        currency_field="currency_id", tracking=True, groups=COST_READERS,
        help="What the client indicated they can spend on this brief.",
    )
    date_start = fields.Date(string="Start", tracking=True, default=fields.Date.context_today)
    date_deadline = fields.Date(string="Deadline", tracking=True)
    scope_baseline = fields.Html(
        readonly=True, copy=False, agency_system=True,
        help="The deliverables as approved: later changes to the scope are change requests.",
    )
    request_ids = fields.One2many("agency.request", "brief_id", string="Client Requests")
    budget_ids = fields.One2many("agency.budget", "brief_id", string="Budgets", groups=COST_READERS)
    request_count = fields.Integer(compute="_compute_request_count")
    allocation_ids = fields.One2many("agency.brief.allocation", "brief_id", string="Allocations", copy=True)
    project_id = fields.Many2one(
        "project.project", readonly=True, copy=False, check_company=True,
        tracking=True, agency_system=True,
    )
    progress = fields.Float(
        compute="_compute_progress", store=True, aggregator="avg", agency_system=True,
        help="Share of the planned hours (or allocations) whose work is done.",
    )
    allocation_count = fields.Integer(compute="_compute_allocation_stats")
    late_allocation_count = fields.Integer(compute="_compute_allocation_stats")
    task_count = fields.Integer(compute="_compute_allocation_stats")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, agency_system=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False, agency_system=True)
    color = fields.Integer()
    # The client's approval from the portal: recorded by the system only.
    client_approval_state = fields.Selection(
        [("none", "Not Shared"), ("waiting", "Waiting for the Client"), ("approved", "Approved by the Client"),
         ("changes", "Changes Requested")],
        string="Client Approval", default="none", required=True, tracking=True, copy=False, readonly=True,
        agency_system=True,
    )
    client_signed_by = fields.Char(readonly=True, copy=False, agency_system=True)
    client_signed_on = fields.Datetime(readonly=True, copy=False, agency_system=True)
    client_signature = fields.Image(max_width=1024, max_height=1024, readonly=True, copy=False,
                                    attachment=True, agency_system=True)

    @api.depends("account_id")
    def _compute_user_id(self):
        for brief in self:
            if brief.account_id.user_id:
                brief.user_id = brief.account_id.user_id

    @api.depends("allocation_ids.state")
    def _compute_state(self):
        for brief in self:
            if not brief.state:
                brief.state = "draft"
            elif brief.state == "approved" and any(
                    state in ("in_progress", "done") for state in brief.allocation_ids.mapped("state")):
                brief.state = "in_progress"

    @api.depends("allocation_ids.state", "allocation_ids.planned_hours")
    def _compute_progress(self):
        for brief in self:
            allocations = brief.allocation_ids.filtered(lambda a: a.state != "cancelled")
            done = allocations.filtered(lambda a: a.state == "done")
            total_hours = sum(allocations.mapped("planned_hours"))
            if total_hours:
                brief.progress = 100.0 * sum(done.mapped("planned_hours")) / total_hours
            elif allocations:
                brief.progress = 100.0 * len(done) / len(allocations)
            else:
                brief.progress = 0.0

    def _compute_allocation_stats(self):
        Allocation = self.env["agency.brief.allocation"]
        domain = [("brief_id", "in", self.ids)]
        totals = dict(Allocation._read_group(domain, ["brief_id"], ["__count"]))
        late = dict(Allocation._read_group(domain + [("is_late", "=", True)], ["brief_id"], ["__count"]))
        tasks = dict(Allocation._read_group(domain + [("task_id", "!=", False)], ["brief_id"], ["__count"]))
        for brief in self:
            brief.allocation_count = totals.get(brief, 0)
            brief.late_allocation_count = late.get(brief, 0)
            brief.task_count = tasks.get(brief, 0)

    def _compute_request_count(self):
        counts = dict(self.env["agency.request"]._read_group(
            [("brief_id", "in", self.ids)], ["brief_id"], ["__count"],
        ))
        for brief in self:
            brief.request_count = counts.get(brief, 0)

    @api.constrains("date_start", "date_deadline")
    def _check_dates(self):
        for brief in self:
            if brief.date_start and brief.date_deadline and brief.date_deadline < brief.date_start:
                raise ValidationError(self.env._(
                    "The deadline of brief %(brief)s cannot be before its start.", brief=brief.display_name,
                ))
        self.allocation_ids._check_date_due()

    @api.constrains("account_id")
    def _check_account_active(self):
        self.account_id._check_active_for_new_work()

    @api.constrains("budget_indication")
    def _check_budget_indication(self):
        if any(brief.budget_indication < 0 for brief in self):
            raise ValidationError(self.env._("A brief's budget indication cannot be negative."))

    @api.depends("name", "title")
    def _compute_display_name(self):
        for brief in self:
            brief.display_name = f"{brief.name} - {brief.title}" if brief.title else brief.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su and vals.get("name", "/") != "/":
                raise UserError(self.env._("The brief's reference is given by its sequence, not by hand."))
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("agency.brief") or "/"
            if not self.env.su and vals.get("state", "draft") not in INTERN_STATES:
                raise UserError(self.env._(
                    "A brief starts as a draft (or submitted): approve it to send the work to the departments."))
        return super().create(vals_list)

    def write(self, vals):
        changing = self.browse()
        if "state" in vals:
            changing = self.filtered(lambda b: b.state != vals["state"])
            changing._check_state_change(vals["state"])
        old_deliverables = {}
        if "deliverables" in vals:
            old_deliverables = {
                brief: brief.deliverables for brief in self if brief.state in ("approved", "in_progress")
            }
        res = super().write(vals)
        if changing:
            changing._on_state_reached(vals["state"])
        for brief, old in old_deliverables.items():
            if (old or "") != (brief.deliverables or ""):
                brief._log_scope_change(old)
        return res

    def _check_state_change(self, state):
        """Whoever changes a brief's state meets the same rules as its
        buttons: the ladder, the allowed transitions and what each state
        needs (allocations to approve, finished work to deliver)."""
        self._check_state_rights([state])
        if state in ("submitted", "approved", "in_progress"):
            self.account_id._check_active_for_new_work()
        if state == "submitted" and not self.env.su:
            self._check_ready_to_send()
        labels = selection_labels(self, "state")
        for brief in self:
            if brief.state not in BRIEF_TRANSITIONS.get(state, ()):
                raise UserError(self.env._(
                    "Brief %(brief)s is %(state)s: it cannot become %(new)s from there.",
                    brief=brief.display_name, state=labels[brief.state], new=labels[state],
                ))
            if state == "approved" and not brief.allocation_ids:
                raise UserError(self.env._(
                    "Brief %(brief)s has no allocations: add what each department or partner "
                    "delivers, and by when, before approving it.", brief=brief.display_name,
                ))
            if state == "delivered":
                open_allocations = brief.allocation_ids.filtered(lambda a: a.state not in ("done", "cancelled"))
                if open_allocations:
                    raise UserError(self.env._(
                        "Brief %(brief)s cannot be delivered while work is open:\n%(open)s",
                        brief=brief.display_name,
                        open="\n".join(
                            f"- {a.provider_name}: {a.name} ({a.date_due or ''})" for a in open_allocations
                        ),
                    ))

    def _check_ready_to_send(self):
        """What a brief needs before anyone else reads it (the account
        manager who approves it, or the client who signs it): what the
        client wants to achieve, and at least one deliverable with a date."""
        for brief in self:
            no_objectives = is_html_empty(brief.objectives)
            no_deliverable = not brief.allocation_ids.filtered("date_due")
            if no_objectives and no_deliverable:
                raise UserError(self.env._(
                    "Brief %(brief)s is not ready to send on: add its objectives (what the client wants to "
                    "achieve) and at least one deliverable with a due date (Work-back Schedule).",
                    brief=brief.display_name))
            if no_objectives:
                raise UserError(self.env._(
                    "Brief %(brief)s is not ready to send on: add its objectives (what the client wants to "
                    "achieve).", brief=brief.display_name))
            if no_deliverable:
                raise UserError(self.env._(
                    "Brief %(brief)s is not ready to send on: add at least one deliverable with a due date "
                    "(Work-back Schedule).", brief=brief.display_name))

    def _on_state_reached(self, state):
        """What reaching a state does, whoever set it: approving opens the
        project and sends the work to the departments; delivering asks the
        client how it went."""
        if state == "approved":
            for brief in self:
                project = brief._get_or_create_project()
                brief.sudo().write({
                    "project_id": project.id,
                    "scope_baseline": brief.deliverables,
                    "approved_by_id": self.env.user.id,
                    "date_approved": fields.Datetime.now(),
                })
                brief.allocation_ids._create_tasks()
        elif state == "delivered":
            self._send_csat()

    def _log_scope_change(self, old_deliverables):
        """Changing the deliverables of an approved brief is itself a change:
        log it as a change request to classify (in or out of scope)."""
        self.ensure_one()
        # In the brief's company, whichever company the user is working in.
        request = self.env["agency.request"].with_company(self.company_id).create({
            "name": self.env._("Scope change on %(brief)s", brief=self.display_name),
            "request_type": "change",
            "channel": "other",
            "account_id": self.account_id.id,
            "brief_id": self.id,
            "description": self.deliverables,
        })
        self.message_post(body=self.env._(
            "The deliverables changed after approval: change request %(request)s was logged to classify it.",
            request=request.display_name,
        ))
        return request

    def _check_state_rights(self, states):
        """Approving and what follows are decisions for an executive or above;
        interns draft and submit. Checked on every write, not only in the
        buttons, so RPC cannot skip it."""
        if self.env.su or self.env.user.has_group(GROUP_EXECUTIVE):
            return
        if any(state not in INTERN_STATES for state in states):
            raise AccessError(self.env._(
                "Only an Account Executive or above can approve, deliver, close or cancel a brief."
            ))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(brief.state not in ("draft", "cancelled") for brief in self):
            raise UserError(self.env._("Only draft or cancelled briefs can be deleted; cancel it first."))
        # Deleting the brief would delete its budget, and finance's periods with it.
        self.sudo().budget_ids._unlink_except_locked()

    # ------------------------------------------------------------ workflow

    def action_submit(self):
        self.write({"state": "submitted"})
        return True

    def action_approve(self):
        for brief in self:
            if brief.state in ("approved", "in_progress", "delivered", "closed"):
                raise UserError(self.env._("Brief %(brief)s is already approved.", brief=brief.display_name))
        self.write({"state": "approved"})
        return True

    def action_start(self):
        self.write({"state": "in_progress"})
        return True

    def action_deliver(self):
        self.write({"state": "delivered"})
        return True

    def _send_csat(self):
        """Ask the client how the delivered work went."""
        vals_list = []
        for brief in self:
            recipient = brief.lead_id.partner_id if brief.lead_id.partner_id.email else brief.partner_id
            if recipient.email:
                vals_list.append({"survey_type": "csat", "account_id": brief.account_id.id,
                                  "brief_id": brief.id, "partner_id": recipient.id})
        self.env["agency.survey"].sudo()._create_and_send(vals_list)

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_cancel(self):
        """Cancel, asking first what to do with tasks still open."""
        self._check_state_rights(["cancelled"])
        if self.allocation_ids.task_id.filtered(lambda t: t.state not in ("1_done", "1_canceled")):
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Cancel Brief"),
                "res_model": "agency.brief.cancel",
                "view_mode": "form",
                "target": "new",
                "context": {"default_brief_ids": self.ids},
            }
        self._do_cancel()
        return True

    def _do_cancel(self, task_action="keep"):
        self.filtered(lambda b: b.state != "cancelled")._check_state_change("cancelled")
        tasks = self.allocation_ids.task_id.filtered(lambda t: t.state not in ("1_done", "1_canceled"))
        if task_action == "cancel":
            tasks.state = "1_canceled"
        elif task_action == "archive":
            tasks.action_archive()
        self.write({"state": "cancelled"})

    def action_draft(self):
        self.write({"state": "draft"})
        return True

    # ------------------------------------------------------------ project

    def _get_or_create_project(self):
        """The project that receives this brief's tasks: the brief's own, or
        the account's when the company works with one project per account."""
        self.ensure_one()
        if self.project_id:
            return self.project_id
        if self.company_id.agency_brief_project_mode == "account":
            return self.account_id._get_or_create_project()
        # Approving the brief is the authority to open its project: executives
        # and managers are Project users, who may not create projects.
        return self.env["project.project"].sudo().create(self._prepare_project_vals()).sudo(False)

    def _prepare_project_vals(self):
        self.ensure_one()
        return {
            "name": f"{self.name} - {self.title}",
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "date_start": self.date_start,
            "date": self.date_deadline,
        }

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("project.action_view_all_task")
        action.update({
            "domain": [("agency_allocation_id.brief_id", "=", self.id)],
            "context": {"default_project_id": self.project_id.id},
        })
        return action

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("agency_account_manager.agency_request_action")
        action["domain"] = [("brief_id", "=", self.id)]
        action["context"] = {"default_brief_id": self.id, "default_account_id": self.account_id.id}
        return action

    def action_open_budget(self):
        """The brief's budget, created on first use."""
        self.ensure_one()
        budget = self.budget_ids[:1] or self.env["agency.budget"].create({
            "brief_id": self.id,
            "client_budget": self.budget_indication,
            "sale_order_id": self.sale_order_id.id,
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": "agency.budget",
            "res_id": budget.id,
            "views": [(False, "form")],
        }

    def action_view_project(self):
        self.ensure_one()
        return self.project_id.action_view_tasks() if self.project_id else False

    # ------------------------------------------------------------ portal

    def _compute_access_url(self):
        for brief in self:
            brief.access_url = f"/my/briefs/{brief.id}"

    def action_share_with_client(self):
        """Ask the client to approve the brief (and its quotation) in the portal."""
        self.check_access("write")
        self.account_id._check_active_for_new_work()
        self._check_ready_to_send()
        for brief in self:
            if brief.state not in ("draft", "submitted"):
                raise UserError(self.env._(
                    "Brief %(brief)s is already approved: there is nothing left for the client to approve.",
                    brief=brief.display_name))
            if not brief.partner_id.commercial_partner_id.user_ids.filtered("share") and not (
                    brief.partner_id.commercial_partner_id.child_ids.user_ids.filtered("share")):
                raise UserError(self.env._(
                    "Nobody at %(client)s has portal access yet: grant it from the client account first.",
                    client=brief.partner_id.display_name))
        self._portal_ensure_token()
        self.sudo().write({"client_approval_state": "waiting"})
        for brief in self:
            brief.message_post(body=self.env._("Shared with the client for approval in the portal."))
        return True

    def _agency_client_approve(self, name, signature, partner):
        """The client approved the brief in the portal with name and signature:
        recorded, and the brief moves on (approved when its work-back schedule
        is ready, else submitted for the account manager to finish)."""
        self.ensure_one()
        if self.client_approval_state != "waiting":
            raise UserError(self.env._("This brief is not waiting for your approval."))
        brief = self.sudo()
        brief.write({"client_approval_state": "approved", "client_signed_by": name,
                     "client_signed_on": fields.Datetime.now(), "client_signature": signature})
        if brief.state == "draft":
            brief.write({"state": "submitted"})
        if brief.allocation_ids:
            brief.write({"state": "approved"})
        else:
            brief.activity_schedule("mail.mail_activity_data_todo", user_id=brief.user_id.id or SUPERUSER_ID,
                                    summary=self.env._("The client approved: plan the work-back schedule"))
        brief.message_post(body=self.env._("Approved by %(name)s in the client portal.", name=name),
                           author_id=partner.id, message_type="comment", subtype_xmlid="mail.mt_comment")
        return True

    def _agency_client_request_changes(self, comment, partner):
        self.ensure_one()
        if self.client_approval_state != "waiting":
            raise UserError(self.env._("This brief is not waiting for your approval."))
        brief = self.sudo()
        brief.write({"client_approval_state": "changes"})
        if brief.state == "submitted":
            brief.write({"state": "draft"})
        brief.message_post(body=self.env._("Changes requested by the client: %(comment)s", comment=comment),
                           author_id=partner.id, message_type="comment", subtype_xmlid="mail.mt_comment")
        brief.activity_schedule("mail.mail_activity_data_todo", user_id=brief.user_id.id or SUPERUSER_ID,
                                summary=self.env._("The client asks for changes to the brief"))
        return True
