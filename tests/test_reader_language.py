"""Every word a person reads is in their language.

A Vietnamese agency (director, manager, executive and client all reading
Vietnamese) gets every report, workbook, email, My Day, the health
explanation and the other texts the system composes; none may hold a term
of the addon's translation template (.pot) left in English. The same run
in English proves the composed texts are translatable at all: each one is
made of the template's terms. And what the system stored while working in
one language reads in the other's: texts are rendered when read.

Runs at the frozen moment of AgencyCase (tests/common.py); dates are
computed from it."""
import io
import re
from datetime import timedelta

import openpyxl
import polib
from lxml import html as lxml_html

from odoo import Command, fields, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_path

from .common import AgencyCase, AgencyMixin, portfolio_workbook

# Terms Vietnamese writes as English does: acronyms and units.
SAME_IN_BOTH = {"NPS", "NPS %(nps)s", "CSAT", "ID", "Email", "PDF", "XLSX", "SWOT", "URL", "SMS", "Odoo", "CSAT (1-5)"}
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]|%[sd]")
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ]")


def _plain(text):
    """Text as a reader sees it: tags removed, white space collapsed."""
    text = str(text or "")
    if "<" in text:
        text = lxml_html.fromstring(f"<div>{text}</div>").text_content()
    return " ".join(text.split())


def _template_terms(english_only=True):
    """{msgid: regex} of the template's terms (by default only those with
    English words in them, not those Vietnamese writes alike): placeholders
    match anything."""
    terms = {}
    for entry in polib.pofile(file_path("agency_account_manager/i18n/agency_account_manager.pot")):
        msgid = _plain(entry.msgid.replace("%%", "%"))
        if not msgid or "object." in msgid or "{{" in msgid:
            continue
        parts = PLACEHOLDER.split(msgid)
        if english_only and (msgid in SAME_IN_BOTH or not any(re.search(r"[A-Za-z]{3,}", part) for part in parts)):
            continue
        terms[msgid] = r"(?<![\w])" + r".+?".join(re.escape(part) for part in parts) + r"(?![\w])"
    return terms


@tagged("post_install", "-at_install")
class TestReaderLanguage(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"].search([("name", "=", "agency_account_manager")])._update_translations(
            ["vi_VN"], overwrite=True)
        cls.terms = _template_terms()
        cls._setup_departments()
        today = fields.Date.today()
        cls.today = today
        # The agency's own names are Vietnamese: what is English is the addon's.
        cls.company.name = "Sài Gòn Sáng Tạo"
        cls.team.name = "Nhóm khách hàng thương hiệu"
        cls.dept_creative.name = "Phòng Sáng tạo"
        for user, name in ((cls.director, "Nguyễn Thị Hồng Nhung"), (cls.manager, "Trần Minh Đức"),
                           (cls.executive, "Lê Thu Hà"), (cls.intern, "Phạm Văn Tâm"),
                           (cls.creative_lead, "Võ Thị Lan")):
            user.name = name
        cls.client.write({"name": "Công ty Sữa Phương Nam", "email": "marketing@suaphuongnam.example.com"})
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id, tier="strategic",
                                   stage="active", date_start=today - timedelta(days=340))
        cls.account.sudo().date_next_update = today - timedelta(days=2)
        cls.brief = cls.env["agency.brief"].create({
            "title": "Chiến dịch Tết", "account_id": cls.account.id, "objectives": "<p>Tăng doanh số dịp Tết</p>",
            "date_start": today - timedelta(days=60), "date_deadline": today + timedelta(days=60)})
        cls.allocation = cls.env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Ý tưởng chủ đạo", "department_id": cls.dept_creative.id,
            "date_due": today - timedelta(days=3), "planned_hours": 12})
        cls.brief.action_submit()
        cls.brief.action_approve()
        cls.budget = cls.env["agency.budget"].create({
            "brief_id": cls.brief.id, "client_budget": 5000,
            "line_ids": [Command.create({"category": "production", "amount": 4000})]})
        cls.budget.action_approve()
        cls.budget.sudo().write({"is_over_budget": True})
        complaint = cls.env["agency.request"].create({
            "name": "Sai giá trên biểu ngữ", "account_id": cls.account.id, "request_type": "complaint"})
        complaint.sudo().write({"date_received": fields.Datetime.now() - timedelta(days=10)})
        Survey = cls.env["agency.survey"]
        Survey.create({"survey_type": "csat", "account_id": cls.account.id, "partner_id": cls.client.id,
                       "brief_id": cls.brief.id})._record_answer(4)
        Survey.create({"survey_type": "nps", "account_id": cls.account.id,
                       "partner_id": cls.client.id})._record_answer(3)
        cls.account.message_post(body="Gọi điện với khách hàng", message_type="comment",
                                 subtype_xmlid="mail.mt_note")
        cls.readers = cls.director | cls.manager | cls.executive | cls.intern
        # The records exist before the test, as in a real database: their
        # changes are tracked.
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    # ------------------------------------------------------------ what people read

    def _as(self, user):
        """`user`'s environment as the web client gives it: their language."""
        return self.env(user=user, context=dict(self.env.context, lang=user.lang))

    def _read_everything(self):
        """{where: text} of everything the addon writes for the readers:
        reports, workbook, emails, My Day, health and the other composed
        texts, as each reader reads them."""
        texts = {}
        director, executive = self._as(self.director), self._as(self.executive)
        account = self.account.with_env(director)
        texts["health explanation"] = account.health_details_html
        texts["health reason"] = account.health_reason
        texts["health explanation (intern)"] = self.account.with_env(self._as(self.intern)).health_details_html
        tracked = self.account.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "health_band")
        texts["health band in the chatter"] = tracked.sorted("id")[-1:].new_value_char
        for xmlid, records in (("agency_account_manager.agency_account_report_action", self.account),
                               ("agency_account_manager.agency_brief_report_action", self.brief)):
            report = director["ir.actions.report"]._get_report(xmlid)
            texts[xmlid] = report._render_qweb_html(report.report_name, records.ids)[0].decode()
        book = openpyxl.load_workbook(io.BytesIO(portfolio_workbook(self.account.with_env(director))))
        texts["portfolio workbook"] = " | ".join(
            f"{sheet.title}: " + " | ".join(str(cell) for row in sheet.iter_rows(values_only=True)
                                            for cell in row if isinstance(cell, str))
            for sheet in book.worksheets)
        for user in (self.executive, self.director):
            day = self.env["agency.attention"].with_env(self._as(user)).get_my_day(
                "company" if user == self.director else "mine")
            texts[f"My Day of {user.login}"] = " | ".join(
                [scope["label"] for scope in day["scopes"]] + [counter["label"] for counter in day["counters"]]
                + [" ".join([item["kind_label"], *item["kind_labels"], item["reason"], item["date"] or "",
                             item["action"]["label"]]) for group in day["groups"] for item in group["items"]])
        texts["service levels"] = " | ".join(executive["agency.sla.policy"].search([]).mapped("display_name"))
        # The executive's scorecards (PDF and workbook) and promotion readiness, as the director reads them.
        cards = self.env["agency.scorecard"]._compute_scorecards(self.executive, "quarter", self.today)
        cards |= self.env["agency.scorecard"]._compute_scorecards(self.executive, "quarter",
                                                                  self.today - timedelta(days=92))
        texts["scorecard report"] = director["ir.actions.report"]._render_qweb_html(
            "agency_account_manager.agency_scorecard_report_action", cards.ids)[0].decode()
        scorecard_book, _kind = director["ir.actions.report"]._render_xlsx(
            "agency_account_manager.agency_scorecard_xlsx_report", cards.ids, {})
        texts["scorecard workbook"] = " | ".join(
            str(cell) for sheet in openpyxl.load_workbook(io.BytesIO(scorecard_book)).worksheets
            for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str))
        self.env["agency.promotion.criterion"].create([
            {"target_level": "agency_account_manager.group_agency_manager", "kind": kind, "value": value}
            for kind, value in (("nps", 30), ("revenue", 1000), ("months_at_level", 12))])
        readiness = self.env["agency.promotion.readiness"]._refresh(self.executive, self.company)
        texts["promotion readiness"] = " | ".join(
            f"{row.criterion_id.display_name}: {row.evidence}" for row in readiness.with_env(director))
        try:
            self.brief.with_env(executive).action_submit()
        except UserError as error:
            texts["brief state error"] = str(error)
        # What the jobs send, run as the system (in no one's language).
        system = self.env(context={k: v for k, v in self.env.context.items() if k != "lang"})
        Mail = system["mail.mail"].sudo()
        before = Mail.search([]).ids
        self.company.agency_digest_user_ids = self.director
        self.executive.agency_my_day_email = True
        system["agency.account"]._send_weekly_digests(self.company, self.today)
        system["agency.attention"]._send_morning_email(self.executive, self.today)
        system["agency.survey"].sudo()._create_and_send([{
            "survey_type": "csat", "account_id": self.account.id, "partner_id": self.client.id,
            "brief_id": self.brief.id}])
        for mail in Mail.search([("id", "not in", before), ("recipient_ids", "in", (self.readers.partner_id | self.client).ids)]):
            texts[f"email {mail.subject}"] = f"{mail.subject} {mail.body_html}"
        self.allocation.with_env(system)._notify_late()
        system["agency.account"].browse(self.account.ids)._remind_update(
            self.env.ref("agency_account_manager.mail_activity_type_account_update"), self.today)
        for activity in self.env["mail.activity"].search([("user_id", "=", self.executive.id)]):
            texts[f"activity {activity.id}"] = f"{activity.summary or ''} {activity.note or ''}"
        return {where: _plain(text) for where, text in texts.items()}

    def _english_terms_in(self, text):
        return sorted(msgid for msgid, pattern in self.terms.items() if re.search(pattern, text))

    # ------------------------------------------------------------ tests

    def test_the_vietnamese_agency_reads_no_english(self):
        (self.readers.partner_id | self.client).write({"lang": "vi_VN"})
        self.account.sudo().health_band = "none"
        self.flush_tracking()
        self.account._recompute_health()  # as the daily job: in no one's language
        self.flush_tracking()
        texts = self._read_everything()
        self.assertGreaterEqual(len([where for where in texts if where.startswith("email")]), 3,
                                "the digest, the morning email and the NPS question went out")
        for where, text in texts.items():
            with self.subTest(where=where):
                self.assertTrue(VIETNAMESE.search(text), f"{where} is not in Vietnamese: {text[:300]}")
                found = self._english_terms_in(text)
                self.assertEqual(found, [], f"{where} reads English: " + " | ".join(
                    text[max(0, m.start() - 60):m.end() + 60] for msgid in found
                    for m in [re.search(self.terms[msgid], text)]))

    def test_composed_texts_are_the_templates_terms_in_english(self):
        """In English, each text the system composes is one of the template's
        terms (or several, joined): a text built outside the translation
        machinery fails here."""
        self.account._recompute_health()
        explanation = self.account._health_explanation()
        day = self.env["agency.attention"].with_env(self._as(self.executive)).get_my_day("mine")
        composed = [item["facts"] for item in explanation] + [item["label"] for item in explanation] + [
            item["reason"] for group in day["groups"] for item in group["items"]]
        self.assertGreaterEqual(len(composed), 10)
        term = "(?:" + "|".join(_template_terms(english_only=False).values()) + ")"
        one_or_more = re.compile(rf"{term}(?:[;:.]? {term})*\.?")
        for text in composed:
            with self.subTest(text=text):
                self.assertTrue(one_or_more.fullmatch(text), f"not made of the template's terms: {text}")

    def test_texts_are_rendered_when_read_not_when_stored(self):
        """Health scored by a Vietnamese job reads in English for an English
        reader, and the other way round."""
        self.director.lang = "vi_VN"
        self.account.with_context(lang="vi_VN")._recompute_health()
        english = self.account.with_env(self._as(self.executive))
        self.assertFalse(VIETNAMESE.search(_plain(english.health_details_html)), english.health_details_html)
        self.assertIn("late of 1 allocation", english.health_details_html)
        self.account.with_context(lang="en_US")._recompute_health()
        vietnamese = self.account.with_env(self._as(self.director))
        self.assertEqual(self._english_terms_in(_plain(vietnamese.health_details_html)), [])
        self.assertTrue(VIETNAMESE.search(vietnamese.health_reason))

    def test_numbers_and_dates_in_the_readers_format(self):
        (self.readers.partner_id | self.client).write({"lang": "vi_VN"})
        self.env["res.lang"]._lang_get("vi_VN").write({"date_format": "%d/%m/%Y", "thousands_sep": ".",
                                                         "decimal_point": ","})
        self.account._recompute_health()
        facts = {item["factor"]: item["facts"] for item in self.account.with_env(
            self._as(self.director))._health_explanation()}
        self.assertIn("4,0/5", facts["satisfaction"], "a Vietnamese decimal comma")
        day = self.env["agency.attention"].with_env(self._as(self.executive)).get_my_day("mine")
        late = next(item for group in day["groups"] for item in group["items"] if "allocation_late" in item["kinds"])
        due = self.today - timedelta(days=3)
        self.assertIn(due.strftime("%d/%m/%Y"), late["reason"])
        self.assertEqual(late["date"], due.strftime("%d/%m/%Y"))


@tagged("post_install", "-at_install")
class TestReaderLanguagePortal(AgencyMixin, HttpCase):
    """The Vietnamese client reads the portal in Vietnamese: their account,
    its requests and the brief waiting for their approval. Browser test:
    its dates are computed from today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        http.root.statics  # pylint: disable=pointless-statement
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"].search([("name", "=", "agency_account_manager")])._update_translations(
            ["vi_VN"], overwrite=True)
        cls._setup_agency()
        cls._setup_departments()
        today = fields.Date.today()
        cls.client.write({"name": "Công ty Sữa Phương Nam", "lang": "vi_VN"})
        cls.executive.name = "Lê Thu Hà"
        cls.account = cls._account(cls.client, user_id=cls.executive.id, stage="active")
        contact = cls.env["res.partner"].create({"name": "Phạm Quốc Bảo", "parent_id": cls.client.id,
                                                 "email": "bao@suaphuongnam.example.com", "lang": "vi_VN"})
        new_test_user(cls.env, login="aa_portal_vi", password="aa_portal_vi", groups="base.group_portal",
                      partner_id=contact.id, lang="vi_VN")
        cls.request = cls.env["agency.request"].create({
            "name": "Tệp logo ở đâu?", "account_id": cls.account.id, "request_type": "question"})
        cls.brief = cls.env["agency.brief"].create({
            "title": "Chiến dịch Tết", "account_id": cls.account.id, "objectives": "<p>Tăng doanh số</p>",
            "date_start": today, "date_deadline": today + timedelta(days=40)})
        cls.env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Ý tưởng chủ đạo", "department_id": cls.dept_design.id,
            "date_due": today + timedelta(days=20)})
        cls.brief.sudo().client_approval_state = "waiting"
        cls.terms = _template_terms()

    def test_the_client_reads_the_portal_in_vietnamese(self):
        self.authenticate("aa_portal_vi", "aa_portal_vi")
        self.env.flush_all()
        for url in ("/my/accounts", f"/my/accounts/{self.account.id}", f"/my/requests/{self.request.id}",
                    f"/my/briefs/{self.brief.id}", f"/my/accounts/{self.account.id}/requests/new"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                main = lxml_html.fromstring(response.text).xpath("//main")
                text = _plain(lxml_html.tostring(main[0], encoding="unicode")) if main else ""
                self.assertTrue(VIETNAMESE.search(text), f"{url}: {text[:300]}")
                found = sorted(msgid for msgid, pattern in self.terms.items() if re.search(pattern, text))
                self.assertEqual(found, [], f"{url} reads English: {text[:800]}")
