from odoo import api, fields, models


class AgencyBriefCancel(models.TransientModel):
    """Asks what becomes of the open tasks when a brief is cancelled."""

    _name = "agency.brief.cancel"
    _description = "Cancel Brief"

    brief_ids = fields.Many2many("agency.brief", string="Briefs", required=True)
    task_action = fields.Selection(
        [
            ("cancel", "Cancel the open tasks"),
            ("archive", "Archive the open tasks"),
            ("keep", "Keep the tasks open"),
        ],
        string="Open Tasks", required=True, default="cancel",
    )
    open_task_ids = fields.Many2many("project.task", compute="_compute_open_task_ids", string="Tasks Still Open")

    @api.depends("brief_ids")
    def _compute_open_task_ids(self):
        for wizard in self:
            wizard.open_task_ids = wizard.brief_ids.allocation_ids.task_id.filtered(
                lambda t: t.state not in ("1_done", "1_canceled")
            )

    def action_confirm(self):
        self.ensure_one()
        self.brief_ids._check_state_rights(["cancelled"])
        self.brief_ids._do_cancel(self.task_action)
        body = {
            "cancel": self.env._("Brief cancelled; its open tasks were cancelled."),
            "archive": self.env._("Brief cancelled; its open tasks were archived."),
            "keep": self.env._("Brief cancelled; its open tasks were kept open."),
        }[self.task_action]
        for brief in self.brief_ids:
            brief.message_post(body=body)
        return {"type": "ir.actions.act_window_close"}
