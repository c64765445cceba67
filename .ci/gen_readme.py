"""Makes README.md and static/description/index.html from the fragments in
readme/ (the OCA way). `--check` fails when either is not current.
Run: python3 .ci/gen_readme.py [--check]"""
# A command-line tool prints what it did.
# pylint: disable=print-used
import sys
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = ROOT / "readme"
SCREENSHOTS = [
    ("screenshot_my_day.png", "My Day: what needs the account manager now, across all their accounts"),
    ("screenshot_accounts.png", "Client accounts: health, why it needs attention, services, budget"),
    ("screenshot_account_form.png", "An account: its attention items, smart buttons and figures"),
    ("screenshot_portal.png", "The client portal: status, requests, briefs to approve, the report"),
]

HEADER = """# Agency Account Manager

<!-- Made by .ci/gen_readme.py from readme/*.md: edit those, then run it. -->

## The two commands

Start Odoo with the addon on a demo database, then open
<http://localhost:8069> and log in as **admin / admin** (demo users such as
`diana.director`, `marco.manager`, the senior account manager `priya.manager`,
`elena.executive`, `ian.intern`, the
department head `paulo.production` and the client `ana.northwind` (portal)
have the password `demo`):

```sh
bash .ci/serve
```

Run the whole test suite (what CI runs; see CONTRIBUTING.md):

```sh
bash .ci/test
```

## Install

From its wheel, next to Odoo 18.0 (like any OCA addon): build it with
`pip wheel .` from a checkout named `agency_account_manager`, then
`pip install odoo_addon_agency_account_manager-*.whl` into Odoo's Python
(it brings `odoo-addon-report_xlsx`, `odoo-addon-project_role`, `odoo-addon-sale_order_revision`
and `xlsxwriter`), and install *Agency
Account Manager* from Apps. Or put this repository on the addons path under
the folder name `agency_account_manager`.

"""


def fragment(name):
    return (FRAGMENTS / f"{name}.md").read_text(encoding="utf-8").strip() + "\n"


def demote(text):
    return "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines()) + "\n"


def readme():
    parts = [HEADER, "## What it is\n\n", fragment("DESCRIPTION"), "\n## Configuration\n\n", fragment("CONFIGURE"),
             "\n## Usage\n\n", fragment("USAGE"), "\n## Known limits and roadmap\n\n", fragment("ROADMAP"),
             "\n## Changelog\n\n", demote(fragment("HISTORY")), "\n## Contributors\n\n", fragment("CONTRIBUTORS")]
    return "".join(parts)


def index_html():
    md = markdown.Markdown(extensions=["tables"])

    def html(text):
        md.reset()
        return md.convert(text)
    shots = "\n".join(
        f'<div class="oe_span12"><p class="oe_mt32 text-center"><strong>{caption}</strong></p>'
        f'<img class="img img-fluid oe_screenshot" src="{name}" alt="{caption}"/></div>'
        for name, caption in SCREENSHOTS)
    return f"""<section class="oe_container">
<div class="oe_row oe_spaced">
<h2 class="oe_slogan">Agency Account Manager</h2>
<h3 class="oe_slogan">Client accounts, briefs, budgets, retainers, My Day and the client portal
for the account managers of advertising, creative and marketing agencies</h3>
{shots}
</div>
</section>
<section class="oe_container">
<div class="oe_row oe_spaced">
{html(fragment("DESCRIPTION"))}
<h2>Configuration</h2>
{html(fragment("CONFIGURE"))}
<h2>Usage</h2>
{html(fragment("USAGE"))}
<h2>Known limits and roadmap</h2>
{html(fragment("ROADMAP"))}
<h2>Changelog</h2>
{html(demote(fragment("HISTORY")))}
</div>
</section>
"""


def main():
    targets = {ROOT / "README.md": readme(), ROOT / "static" / "description" / "index.html": index_html()}
    stale = [path for path, text in targets.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv:
        if stale:
            print("not current (edit readme/*.md, then run python3 .ci/gen_readme.py): "
                  + ", ".join(str(path.relative_to(ROOT)) for path in stale))
            sys.exit(1)
        print("ok: README.md and index.html are made from readme/")
        return
    for path in stale:
        path.write_text(targets[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
