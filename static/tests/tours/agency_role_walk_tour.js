/** @odoo-module **/
/* One walk per career level through the screens of its day: the account
 * list and form, a new brief from the menu (its account picker must offer
 * the account), the requests, the budgets where the level reads money, the
 * reporting it may read and, for directors, the settings. Every step checks
 * that no error dialog opened. */

import { registry } from "@web/core/registry";

const noErrorDialog = {
    content: "No error dialog",
    trigger: "body:not(:has(.o_error_dialog))",
};

function openApp() {
    // The walk starts on the app's first screen, the client accounts.
    return [{ trigger: ".o_breadcrumb:contains('Client Accounts')" }, noErrorDialog];
}

function menu(xmlid, title, parentXmlid, loaded = `.o_breadcrumb:contains('${title}')`) {
    const steps = [];
    if (parentXmlid) {
        steps.push({
            trigger: `.o_menu_sections button[data-menu-xmlid='${parentXmlid}']`,
            run: "click",
        });
    }
    steps.push(
        {
            content: `Open ${title}`,
            trigger: `.o_menu_sections a[data-menu-xmlid='${xmlid}'], .dropdown-item[data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
        { trigger: loaded },
        noErrorDialog
    );
    return steps;
}

function openAccount() {
    return [
        ...menu("agency_account_manager.agency_account_menu", "Client Accounts"),
        {
            content: "Open the account",
            trigger: ".o_kanban_record:contains('Walk Co'), .o_data_row:contains('Walk Co') td.o_data_cell",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=name]:contains('Walk Co'), .o_form_view .o_field_widget[name=name] input" },
        noErrorDialog,
    ];
}

function newBrief() {
    return [
        ...menu("agency_account_manager.agency_brief_menu", "Briefs", "agency_account_manager.agency_brief_menu_root"),
        {
            content: "New brief from the menu",
            trigger: ".o_control_panel_main_buttons button:contains('New')",
            run: "click",
        },
        { trigger: ".o_field_widget[name=title] input", run: "edit Walk brief" },
        { trigger: ".o_field_widget[name=account_id] input", run: "edit Walk" },
        {
            content: "The account picker offers the account",
            trigger: ".o-autocomplete--dropdown-item a:contains('Walk Co')",
            run: "click",
        },
        { trigger: ".o_field_widget[name=account_id] input:value('Walk Co')" },
        noErrorDialog,
        { content: "Discard", trigger: ".o_form_button_cancel", run: "click" },
        noErrorDialog,
    ];
}

function requests() {
    return [
        ...menu("agency_account_manager.agency_request_menu", "Client Requests"),
        {
            content: "Open the request",
            trigger: ".o_kanban_record:contains('Walk question'), .o_data_row:contains('Walk question') td.o_data_cell",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=name]" },
        noErrorDialog,
    ];
}

function budgets() {
    return [
        ...menu("agency_account_manager.agency_budget_menu", "Budgets", "agency_account_manager.agency_budget_menu_root"),
        {
            content: "Open the budget",
            trigger: ".o_data_row:contains('Walk') td.o_data_cell, .o_kanban_record:contains('Walk')",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=estimate_total]" },
        noErrorDialog,
    ];
}

function portfolio() {
    return [
        ...menu("agency_account_manager.agency_portfolio_menu", "Portfolio", "agency_account_manager.agency_reporting_menu"),
        { trigger: ".o_pivot" },
        noErrorDialog,
    ];
}

function settings() {
    const limit = ".o_form_view .o_field_widget[name=agency_discount_limit_executive] input";
    return [
        ...menu("agency_account_manager.agency_settings_menu", "Settings", "agency_account_manager.agency_config_menu",
            limit),
        { content: "The director changes a setting", trigger: limit, run: "edit 6" },
        {
            content: "Mark this page: saving reloads the web client",
            trigger: limit,
            run() {
                document.body.setAttribute("data-agency-before-save", "1");
            },
        },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_save]", run: "click" },
        {
            content: "Saved and reloaded, no access error",
            trigger: `body:not([data-agency-before-save]) ${limit}:value('6.00')`,
        },
        noErrorDialog,
    ];
}

const walks = {
    intern: () => [...openApp(), ...openAccount(), ...newBrief(), ...requests(), ...portfolio()],
    executive: () => [
        ...openApp(), ...openAccount(), ...newBrief(), ...requests(), ...budgets(), ...portfolio(),
    ],
    manager: () => [
        ...openApp(), ...openAccount(), ...newBrief(), ...requests(), ...budgets(), ...portfolio(),
    ],
    director: () => [
        ...openApp(), ...openAccount(), ...newBrief(), ...requests(), ...budgets(), ...portfolio(), ...settings(),
    ],
    finance: () => [...openApp(), ...openAccount(), ...budgets(), ...portfolio()],
};

for (const [role, steps] of Object.entries(walks)) {
    registry.category("web_tour.tours").add(`agency_walk_${role}`, { steps });
}
