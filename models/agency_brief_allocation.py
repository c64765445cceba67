from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .labels import env_for

# Task states of Odoo Project that say the work has started (a new task is
# "In Progress" by default: that alone does not).
STARTED_TASK_STATES = ("02_changes_requested", "03_approved", "04_waiting_normal")
ALLOCATION_STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class AgencyBriefAllocation(models.Model):
    """One line of a brief's work-back schedule: what a department or an
    outside partner delivers, who is responsible, how many hours, by when.
    Once the brief is approved it is a task in Odoo Project, and its state
    follows that task."""

    _name = "agency.brief.allocation"
    _inherit = ["agency.account.child.mixin", "agency.system.fields.mixin", "agency.cron.mixin"]
    _description = "Brief Allocation"
    _order = "brief_id, sequence, date_due, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    brief_id = fields.Many2one("agency.brief", required=True, index=True, ondelete="cascade")
    account_id = fields.Many2one(related="brief_id.account_id", store=True, precompute=True)
    brief_user_id = fields.Many2one(related="brief_id.user_id", string="Account Manager")
    brief_state = fields.Selection(related="brief_id.state", string="Brief Status")
    name = fields.Char(string="Deliverable", required=True)
    department_id = fields.Many2one(
        "hr.department", index=True, check_company=True, ondelete="restrict",
        domain="[('agency_delivers_client_work', '=', True)]",
    )
    partner_id = fields.Many2one(
        "res.partner", string="External Partner", index="btree_not_null", check_company=True,
        help="An outside supplier (production house, printer, media owner...) doing this work.",
    )
    provider_name = fields.Char(string="Delivered By", compute="_compute_provider_name")
    user_id = fields.Many2one(
        "res.users", string="Responsible", compute="_compute_user_id", store=True, readonly=False,
        precompute=True, domain="[('share', '=', False)]",
        help="Who answers for this work: the department's manager, or for an outside partner the "
             "internal coordinator (the account manager unless you name another colleague).",
    )
    planned_hours = fields.Float()
    role_id = fields.Many2one(
        "project.role", ondelete="restrict", domain="[('company_id', 'in', [company_id, False])]",
        help="The agency role this work needs: the budget's estimate proposes its hours at the client's rate "
             "(empty: the role its assignee holds).")
    date_due = fields.Date(string="Expected Completion", required=True)
    description = fields.Text()
    task_id = fields.Many2one("project.task", readonly=True, copy=False, index="btree_not_null", agency_system=True)
    state = fields.Selection(
        ALLOCATION_STATES, compute="_compute_state", store=True, default="planned", index=True, agency_system=True,
        help="Follows the task in Odoo Project: done when the task is done.",
    )
    reads_accounts = fields.Boolean(
        compute="_compute_reads_accounts",
        help="Whether the current user opens client accounts and briefs (a department head does not).")
    is_late = fields.Boolean(
        compute="_compute_is_late", search="_search_is_late",
        help="Past its expected completion date and not done.",
    )
    late_notified = fields.Boolean(
        copy=False, readonly=True, agency_system=True, help="The account manager was told it is late.")

    @api.depends("department_id", "partner_id")
    def _compute_provider_name(self):
        for allocation in self:
            allocation.provider_name = (allocation.department_id or allocation.partner_id).display_name or ""

    @api.depends("department_id", "partner_id", "brief_id.user_id")
    def _compute_user_id(self):
        """Every allocation is someone's job: the department's manager, else
        the brief's account manager, who coordinates outside partners."""
        for allocation in self:
            manager = allocation.department_id.manager_id.user_id
            if manager:
                allocation.user_id = manager
            elif not allocation.user_id:
                allocation.user_id = allocation.brief_id.user_id

    @api.depends("task_id.state", "task_id.active", "task_id.effective_hours")
    def _compute_state(self):
        """Planned until the department starts (hours logged on the task, or
        the task moved on from its first state), then in progress, done or
        cancelled with the task."""
        for allocation in self:
            task = allocation.task_id
            if not task:
                allocation.state = "planned"
            elif task.state == "1_done":
                allocation.state = "done"
            elif task.state == "1_canceled" or not task.active:
                allocation.state = "cancelled"
            elif task.effective_hours > 0 or task.state in STARTED_TASK_STATES:
                allocation.state = "in_progress"
            else:
                allocation.state = "planned"

    @api.depends("date_due", "state")
    @api.depends_context("tz")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for allocation in self:
            allocation.is_late = bool(
                allocation.date_due and allocation.date_due < today
                and allocation.state in ("planned", "in_progress")
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on 'Late'."))
        late = [("date_due", "<", fields.Date.context_today(self)), ("state", "in", ("planned", "in_progress"))]
        if (operator == "=") == value:
            return late
        return ["!", "&", *late]

    @api.onchange("department_id", "date_due", "planned_hours")
    def _onchange_department_capacity(self):
        if self.department_id and self.date_due and self.planned_hours:
            warning = self.department_id._agency_capacity_warning(
                self.date_due, self.planned_hours, exclude_ids=self._origin.ids)
            if warning:
                return {"warning": {"title": self.env._("Department over capacity"), "message": warning}}
        return None

    @api.depends_context("uid")
    def _compute_reads_accounts(self):
        self.reads_accounts = self.env.user._agency_reads_accounts()

    @api.constrains("planned_hours")
    def _check_planned_hours(self):
        for allocation in self:
            if allocation.planned_hours < 0:
                raise ValidationError(self.env._("Planned hours of %(name)s cannot be negative.", name=allocation.name))

    @api.constrains("department_id", "partner_id")
    def _check_provider(self):
        for allocation in self:
            if bool(allocation.department_id) == bool(allocation.partner_id):
                raise ValidationError(self.env._(
                    "Allocation %(name)s must go to either a department or an external partner (one of them).",
                    name=allocation.name,
                ))

    @api.constrains("date_due")
    def _check_date_due(self):
        for allocation in self:
            brief = allocation.brief_id
            if not allocation.date_due:
                continue
            if (brief.date_start and allocation.date_due < brief.date_start) or (
                brief.date_deadline and allocation.date_due > brief.date_deadline
            ):
                raise ValidationError(self.env._(
                    "%(name)s is due on %(due)s, outside brief %(brief)s, which runs from %(start)s to %(end)s.",
                    name=allocation.name, due=format_date(self.env, allocation.date_due), brief=brief.display_name,
                    start=format_date(self.env, brief.date_start) or "-", end=format_date(self.env, brief.date_deadline) or "-",
                ))

    @api.model_create_multi
    def create(self, vals_list):
        allocations = super().create(vals_list)
        allocations.brief_id.account_id._check_active_for_new_work()
        # Work added to a brief already approved goes to the departments at once.
        allocations.filtered(lambda a: a.brief_id.state in ("approved", "in_progress"))._create_tasks()
        return allocations

    def write(self, vals):
        res = super().write(vals)
        if "date_due" in vals:
            # A new date: the account manager is told again if it slips.
            self.sudo().filtered("late_notified").write({"late_notified": False})
        if any(f in vals for f in ("date_due", "user_id", "planned_hours", "name")):
            for allocation in self.filtered("task_id"):
                allocation.task_id.write(allocation._prepare_task_sync_vals())
        return res

    # ------------------------------------------------------------ tasks

    def _prepare_task_sync_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "user_ids": [(6, 0, self.user_id.ids)],
            "date_deadline": datetime.combine(self.date_due, time(12)) if self.date_due else False,
            "allocated_hours": self.planned_hours,
        }

    def _prepare_task_vals(self):
        self.ensure_one()
        brief = self.brief_id
        return {
            **self._prepare_task_sync_vals(),
            "project_id": brief.project_id.id,
            "partner_id": brief.partner_id.id,
            "company_id": brief.company_id.id,
            "description": self.description or "",
            "agency_allocation_id": self.id,
        }

    def _create_tasks(self):
        """One task per allocation in the brief's project, and an activity
        for whoever must deliver it (the account manager chases partners)."""
        for allocation in self.filtered(lambda a: not a.task_id):
            brief = allocation.brief_id
            if not brief.project_id:
                brief.sudo().project_id = brief._get_or_create_project()
            task = self.env["project.task"].create(allocation._prepare_task_vals())
            allocation.sudo().task_id = task
            if allocation.partner_id:
                # The outside partner follows the task its coordinator answers for.
                task.message_subscribe(partner_ids=allocation.partner_id.ids)
            user = allocation.user_id or brief.user_id or self.env.user
            task.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=allocation.date_due,
                user_id=user.id,
                summary=env_for(self, user)._("Deliver %(what)s for %(brief)s", what=allocation.name, brief=brief.name),
            )

    @api.model
    def _cron_notify_late_allocations(self):
        """Daily: tell the account manager about each allocation that became
        late, once (until its date moves)."""
        self._agency_cron_batch("Late work", [
            ("is_late", "=", True), ("late_notified", "=", False),
            ("brief_id.state", "in", ("approved", "in_progress")),
        ], lambda late: late._notify_late())

    def _notify_late(self):
        for allocation in self:
            brief = allocation.brief_id
            user = brief.user_id or brief.account_id.user_id or self.env.user
            env = env_for(self, user)
            brief.activity_schedule(
                "agency_account_manager.mail_activity_type_late_allocation",
                user_id=user.id,
                summary=env._("Late: %(what)s (%(who)s)", what=allocation.name, who=allocation.provider_name),
                note=env._(
                    "%(what)s by %(who)s was expected on %(due)s and is not done.",
                    what=allocation.name, who=allocation.provider_name, due=format_date(env, allocation.date_due),
                ),
            )
        self.sudo().write({"late_notified": True})
