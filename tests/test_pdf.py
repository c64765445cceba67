"""Real PDFs from wkhtmltopdf. wkhtmltopdf fetches the report's assets from
the Odoo server while the test's transaction is open: in an HttpCase the
server shares the test's cursor, so this works under Odoo's own test runner
(where a TransactionCase would wait on the test's locks for good) as well
as under pytest-odoo."""
import os
import shutil
import subprocess
import tempfile

from PIL import Image

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
            "date_due": "2026-12-01"})

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
