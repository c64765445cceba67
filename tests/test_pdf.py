"""Real PDFs from wkhtmltopdf. wkhtmltopdf fetches the report's assets from
the Odoo server while the test's transaction is open: in an HttpCase the
server shares the test's cursor, so this works under Odoo's own test runner
(where a TransactionCase would wait on the test's locks for good) as well
as under pytest-odoo."""
import os
import shutil
import subprocess
import tempfile
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AgencyMixin


@tagged("post_install", "-at_install")
class TestAgencyPdfReports(HttpCase, AgencyMixin):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_agency()
        cls._setup_departments()
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id)
        cls.brief = cls.env["agency.brief"].create({
            "title": "Autumn push", "account_id": cls.account.id, "key_message": "Brighter summers"})
        cls.env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Poster series", "department_id": cls.dept_design.id,
            # within the brief, which starts today by default
            "date_due": fields.Date.today() + timedelta(days=30)})

    def _assert_pdf_with_content(self, xmlid, records, expected_texts):
        """A real PDF whose first page is printed on (read back as an image:
        with the report's web fonts, the text is drawn, not extractable),
        from the same HTML that holds the expected texts."""
        report = self.env.ref(xmlid)
        html = report._render_qweb_html(report.report_name, records.ids)[0].decode()
        for text in expected_texts:
            self.assertIn(text, html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(shutil.which("pdftoppm"), "pdftoppm (poppler-utils) reads the PDF back")
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "report")
            with open(f"{path}.pdf", "wb") as file:
                file.write(pdf)
            subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", "-f", "1", "-l", "1", f"{path}.pdf", path],
                           capture_output=True, check=True, timeout=60)
            page = Image.open(f"{path}.png").convert("L")
        inked = sum(1 for pixel in page.getdata() if pixel < 128)
        self.assertGreater(inked, 500, "the page is printed on, not blank")

    def test_printable_brief_pdf(self):
        self._assert_pdf_with_content("agency_account_manager.agency_brief_report_action", self.brief,
                                      ("Autumn push", "Brighter summers", "Poster series", self.brief.name))

    def test_account_report_pdf(self):
        self.account._recompute_health()
        self._assert_pdf_with_content("agency_account_manager.agency_account_report_action", self.account,
                                      ("Northwind Beverages",))

    def test_vietnamese_reports_and_survey_page(self):
        """In Vietnamese: the account report, the brief and the survey page
        come out translated, and the PDFs carry the diacritics as real,
        extractable glyphs (pdftotext reads them back), not boxes."""
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"].search([("name", "=", "agency_account_manager")])._update_translations(
            ["vi_VN"], overwrite=True)
        self.assertTrue(shutil.which("pdftotext"), "pdftotext (poppler-utils) reads the PDF back")
        for xmlid, records, words in (
                ("agency_account_manager.agency_account_report_action", self.account, "Yêu cầu và mức dịch vụ"),
                ("agency_account_manager.agency_brief_report_action", self.brief, "Thông điệp chính")):
            report = self.env.ref(xmlid).with_context(lang="vi_VN")
            html = report._render_qweb_html(report.report_name, records.ids)[0].decode()
            self.assertIn(words, html)
            pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
                report.report_name, records.ids)
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "report.pdf")
                with open(path, "wb") as file:
                    file.write(pdf)
                text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True,
                                      timeout=60).stdout.decode()
            # The letters only Vietnamese uses (beyond Latin-1: ầ, ứ, ị, ụ, đ...)
            # are drawn from a real font, with their Unicode: pdftotext reads them.
            diacritics = {char for char in words if ord(char) > 0xFF}
            self.assertTrue(diacritics)
            self.assertTrue(diacritics <= set(text), f"{xmlid}: {diacritics - set(text)} missing from the PDF text")
            self.assertNotIn("\ufffd", text)
        survey = self.env["agency.survey"].create({
            "account_id": self.account.id, "survey_type": "nps", "partner_id": self.client.id})
        self.url_open("/")  # a session for the cookie
        self.opener.cookies.set("frontend_lang", "vi_VN")
        page = self.url_open(f"/agency/survey/{survey.sudo().token}").text
        self.assertIn("Khả năng quý khách giới thiệu", page)
