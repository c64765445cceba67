import logging

from odoo import models

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    """Keeps client replies in their own company's requests."""

    _inherit = "mail.thread"

    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        route = super()._routing_check_route(message, message_dict, route, raise_exception=raise_exception)
        if route and route[0] == "agency.request" and route[1]:
            request = self.env["agency.request"].sudo().browse(route[1])
            if request.exists() and not request._agency_reply_allowed(message_dict):
                _logger.info("Reply from %s to request %s is not from its client or company: new request instead",
                             message_dict.get("email_from"), request.id)
                return ("agency.request", False, route[2], route[3], route[4])
        return route
