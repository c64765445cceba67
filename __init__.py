from . import models
from . import controllers
from . import reports
from . import wizards


def _uninstall_keep_departments(env):
    """Departments belong to the firm, and employees may work in them:
    uninstalling the addon forgets which ones it created or marked, and
    deletes none of them."""
    env["ir.model.data"].sudo().search([
        ("module", "=", "agency_account_manager"), ("model", "=", "hr.department"),
    ]).unlink()
