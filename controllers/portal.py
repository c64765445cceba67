import binascii

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from ..models.agency_request import OPEN_STATES, PORTAL_TYPES

# What a client sees of their briefs: those shared with them, and delivered work.
CLIENT_BRIEF_STATES = ("delivered", "closed")
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024


class AgencyPortal(CustomerPortal):
    """The client's side of their account in /my.

    Portal users read the agency's records through their access rights and
    the portal record rules (security/agency_portal_rules.xml), which the
    pages meet first: a record the contact may not read is a 404. The
    pages then render as the system, for the related records a client
    never reads (allocations, the quotation), and show a fixed set of
    fields: never an internal note or a cost."""

    # ------------------------------------------------------------ helpers

    def _agency_client(self):
        return request.env.user.partner_id.commercial_partner_id

    def _agency_accounts(self):
        if not request.env.user.share:
            return request.env["agency.account"]
        return request.env["agency.account"].search([("partner_id", "=", self._agency_client().id)]).sudo()

    def _agency_account(self, account_id):
        account = self._agency_accounts().filtered(lambda a: a.id == account_id)
        if not account:
            raise NotFound()
        return account

    def _agency_record(self, model, record_id, access_token=None):
        """A request or brief the contact may read (the portal rules: of
        their own accounts, out of triage, shared with them; Odoo's portal
        check, `_document_check_access`), as the system for rendering; else 404."""
        try:
            record = self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if record.account_id not in self._agency_accounts():
            raise NotFound()
        return record

    def _agency_requests_domain(self):
        """The client's requests of their accounts, out of triage."""
        return [("account_id", "in", self._agency_accounts().ids), ("state", "!=", "triage")]

    def _agency_briefs(self, account):
        return request.env["agency.brief"].search([
            ("account_id", "=", account.id), "|", ("client_approval_state", "!=", "none"),
            ("state", "in", CLIENT_BRIEF_STATES)], order="date_deadline desc, id desc").sudo()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "agency_account_count" in counters:
            values["agency_account_count"] = len(self._agency_accounts())
        if "agency_request_count" in counters:
            values["agency_request_count"] = request.env["agency.request"].search_count(
                self._agency_requests_domain()) if request.env.user.share else 0
        return values

    # ------------------------------------------------------------ pages

    @http.route("/my/accounts", type="http", auth="user", website=True, readonly=True)
    def portal_my_agency_accounts(self, **kw):
        accounts = self._agency_accounts()
        if len(accounts) == 1:
            return request.redirect(f"/my/accounts/{accounts.id}")
        values = self._prepare_portal_layout_values()
        values.update({"accounts": accounts, "page_name": "agency_accounts"})
        return request.render("agency_account_manager.portal_my_agency_accounts", values)

    @http.route("/my/accounts/<int:account_id>", type="http", auth="user", website=True, readonly=True)
    def portal_my_agency_account(self, account_id, **kw):
        account = self._agency_account(account_id)
        Request = request.env["agency.request"]
        update = request.env["agency.account.update"].search(
            [("account_id", "=", account.id), ("published", "=", True)], order="date desc, id desc", limit=1).sudo()
        partner = request.env.user.partner_id
        surveys = request.env["agency.survey"].sudo().search([
            ("account_id", "=", account.id), ("state", "=", "sent"),
            ("partner_id", "in", (partner | self._agency_client()).ids),
            ("date_expiry", ">", fields.Datetime.now())])
        briefs = self._agency_briefs(account)
        values = self._prepare_portal_layout_values()
        values.update({
            "account": account,
            "update": update,
            "open_requests": Request.search([("account_id", "=", account.id), ("state", "in", OPEN_STATES),
                                             ("state", "!=", "triage")], order="date_received desc").sudo(),
            "done_requests": Request.search([("account_id", "=", account.id),
                                             ("state", "in", ("resolved", "closed"))],
                                            order="date_resolved desc", limit=10).sudo(),
            "waiting_briefs": briefs.filtered(lambda b: b.client_approval_state == "waiting"),
            "other_briefs": briefs.filtered(lambda b: b.client_approval_state != "waiting"),
            "survey_links": [(survey, f"/agency/survey/{survey.token}") for survey in surveys],
            "page_name": "agency_account",
        })
        return request.render("agency_account_manager.portal_my_agency_account", values)

    @http.route("/my/accounts/<int:account_id>/report", type="http", auth="user", website=True, readonly=True)
    def portal_my_agency_account_report(self, account_id, **kw):
        """The account report, the client's copy: never a cost figure."""
        account = self._agency_account(account_id)
        pdf, _type = request.env["ir.actions.report"].sudo().with_context(lang=request.env.user.lang)._render_qweb_pdf(
            "agency_account_manager.agency_account_report_action", account.ids, data={"agency_client_copy": True})
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(
                request.env._("%(account)s - account report.pdf", account=account.name), "inline")),
        ])

    @http.route("/my/accounts/<int:account_id>/requests/new", type="http", auth="user", website=True,
                methods=["GET", "POST"])
    def portal_my_agency_request_new(self, account_id, **post):
        account = self._agency_account(account_id)
        values = self._prepare_portal_layout_values()
        values.update({"account": account, "page_name": "agency_request_new", "error": None, "post": post,
                       "types": [(key, label) for key, label in request.env["agency.request"]._fields[
                           "request_type"]._description_selection(request.env) if key in PORTAL_TYPES]})
        if request.httprequest.method == "POST":
            if not (post.get("name") or "").strip():
                values["error"] = request.env._("Say in a few words what the request is about.")
                return request.render("agency_account_manager.portal_agency_request_new", values)
            files = [f for f in request.httprequest.files.getlist("attachments") if f and f.filename]
            if len(files) > MAX_ATTACHMENTS:
                values["error"] = request.env._("Attach at most %(count)s files.", count=MAX_ATTACHMENTS)
                return request.render("agency_account_manager.portal_agency_request_new", values)
            contents = []
            for upload in files:
                data = upload.read(MAX_ATTACHMENT_SIZE + 1)
                if len(data) > MAX_ATTACHMENT_SIZE:
                    values["error"] = request.env._("%(file)s is larger than 10 MB.", file=upload.filename)
                    return request.render("agency_account_manager.portal_agency_request_new", values)
                contents.append((upload.filename, data))
            new_request = request.env["agency.request"]._agency_portal_create(
                account, request.env.user.partner_id, post)
            if contents:
                new_request.message_post(
                    body=request.env._("Files from the client"), attachments=contents, author_id=request.env.user.partner_id.id,
                    message_type="comment", subtype_xmlid="mail.mt_comment")
            return request.redirect(f"/my/requests/{new_request.id}?message=created")
        return request.render("agency_account_manager.portal_agency_request_new", values)

    def _agency_request_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_received desc, id desc"},
            "deadline": {"label": request.env._("Due date"), "order": "date_resolve_deadline asc, id desc"},
            "state": {"label": request.env._("Status"), "order": "state, date_received desc"},
        }

    @http.route(["/my/requests", "/my/requests/page/<int:page>"], type="http", auth="user", website=True, readonly=True)
    def portal_my_agency_requests(self, page=1, sortby="date", **kw):
        """Every request of the client's accounts, a page at a time, sorted
        as they choose (Odoo's portal pager and sorting)."""
        Request = request.env["agency.request"]
        domain = self._agency_requests_domain() if request.env.user.share else [("id", "=", False)]
        sortings = self._agency_request_sortings()
        sortby = sortby if sortby in sortings else "date"
        pager = portal_pager(url="/my/requests", url_args={"sortby": sortby}, total=Request.search_count(domain),
                             page=page, step=self._items_per_page)
        requests = Request.search(domain, order=sortings[sortby]["order"], limit=self._items_per_page,
                                  offset=pager["offset"])
        request.session["my_agency_requests_history"] = requests.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({"client_requests": requests.sudo(), "pager": pager, "searchbar_sortings": sortings,
                       "sortby": sortby, "default_url": "/my/requests", "page_name": "agency_requests"})
        return request.render("agency_account_manager.portal_my_agency_requests", values)

    @http.route("/my/requests/<int:request_id>", type="http", auth="user", website=True, readonly=True)
    def portal_my_agency_request(self, request_id, message=None, access_token=None, **kw):
        client_request = self._agency_record("agency.request", request_id, access_token)
        client_request._portal_ensure_token()
        values = self._prepare_portal_layout_values()
        values.update({
            "client_request": client_request, "account": client_request.account_id, "message": message,
            "page_name": "agency_request",
            "states": dict(client_request._fields["state"]._description_selection(request.env)),
        })
        # Odoo's page values: the previous and next request of the list the client came from.
        values = self._get_page_view_values(client_request, access_token, values, "my_agency_requests_history",
                                            False, **kw)
        return request.render("agency_account_manager.portal_agency_request", values)

    @http.route("/my/briefs/<int:brief_id>", type="http", auth="user", website=True, readonly=True)
    def portal_my_agency_brief(self, brief_id, message=None, **kw):
        brief = self._agency_record("agency.brief", brief_id)
        brief._portal_ensure_token()
        values = self._prepare_portal_layout_values()
        values.update({"brief": brief, "account": brief.account_id, "message": message, "page_name": "agency_brief",
                       "quotation": brief.sale_order_id if brief.sale_order_id.partner_id.commercial_partner_id
                       == self._agency_client() else request.env["sale.order"]})
        return request.render("agency_account_manager.portal_agency_brief", values)

    @http.route("/my/briefs/<int:brief_id>/accept", type="json", auth="user", website=True)
    def portal_my_agency_brief_accept(self, brief_id, name=None, signature=None, **kw):
        try:
            brief = self._agency_record("agency.brief", brief_id)
        except NotFound:
            return {"error": request.env._("Invalid brief.")}
        if not name or not signature:
            return {"error": request.env._("Your name and signature are needed to approve the brief.")}
        try:
            brief._agency_client_approve(name, signature, request.env.user.partner_id)
        except (TypeError, binascii.Error):
            return {"error": request.env._("Invalid signature data.")}
        except UserError as error:
            return {"error": str(error)}
        return {"force_refresh": True, "redirect_url": f"/my/briefs/{brief.id}?message=approved"}

    @http.route("/my/briefs/<int:brief_id>/changes", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_agency_brief_changes(self, brief_id, comment="", **kw):
        brief = self._agency_record("agency.brief", brief_id)
        comment = (comment or "").replace("\x00", "").strip()[:5000]
        if not comment or brief.client_approval_state != "waiting":
            return request.redirect(f"/my/briefs/{brief.id}")
        brief._agency_client_request_changes(comment, request.env.user.partner_id)
        return request.redirect(f"/my/briefs/{brief.id}?message=changes")
