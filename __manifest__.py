{
    "name": "Agency Account Manager",
    "summary": "Client accounts, briefs, budgets and reporting for agency account managers",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Agency Account Manager developers",
    "website": "https://example.com/agency_account_manager",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "crm",
        "sale_crm",
        "project",
        "account",
    ],
    "data": [
        "security/agency_security.xml",
        "security/ir.model.access.csv",
        "data/agency_service_tag_data.xml",
        "views/agency_account_views.xml",
        "views/agency_service_tag_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/agency_account_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "agency_account_manager/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
