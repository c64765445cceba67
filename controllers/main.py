from odoo import fields, http
from odoo.http import request


class AgencySurveyController(http.Controller):
    """The public page where a client answers a satisfaction question."""

    def _get_survey(self, token):
        # A token is hex: anything else (a NUL byte, a very long string) is
        # simply not a survey link, never a server error.
        if not token or len(token) > 64 or not token.isalnum():
            return None
        survey = request.env["agency.survey"].sudo().search([("token", "=", token)], limit=1)
        if not survey or survey.state != "sent" or survey.date_expiry < fields.Datetime.now():
            return None
        return survey

    def _error(self):
        return request.render("agency_account_manager.survey_page_invalid", status=404)

    @http.route("/agency/survey/<string:token>", type="http", auth="public", methods=["GET"], website=True, readonly=True)
    def survey_page(self, token, **kwargs):
        survey = self._get_survey(token)
        if not survey:
            return self._error()
        return request.render("agency_account_manager.survey_page", {
            "survey": survey,
            "scale": range(1, 6) if survey.survey_type == "csat" else range(0, 11),
            "company": survey.company_id,
        })

    @http.route("/agency/survey/<string:token>/submit", type="http", auth="public", methods=["POST"], website=True)
    def survey_submit(self, token, score=None, comment="", **kwargs):
        survey = self._get_survey(token)
        try:
            score = int(score)
        except (TypeError, ValueError):
            return self._error()
        comment = (comment or "").replace("\x00", "").strip()[:2000]
        if not survey or not survey._record_answer(score, comment):
            return self._error()
        return request.render("agency_account_manager.survey_page_thanks", {"company": survey.company_id})
