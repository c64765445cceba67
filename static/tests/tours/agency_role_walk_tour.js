/** @odoo-module **/
/* One walk per person through their day, from login: each lands on their
 * own first screen (My Day for account people, the client accounts for
 * finance, their department's requests for a department head), then does
 * the work README gives their role: the intern drafts and submits a brief,
 * the executive quotes a budget's estimate,
 * the manager approves one and computes the team's scorecards, the senior
 * manager approves a budget beyond a manager's discount limit and reads
 * what their next step (Director) takes, the director
 * grants the client portal access and changes the settings, finance
 * reconciles a period, the department head pushes back on a date. Every
 * step checks that no error dialog opened. */

import { registry } from "@web/core/registry";

const noErrorDialog = {
    content: "No error dialog",
    trigger: "body:not(:has(.o_error_dialog))",
};

// After login (the walk starts at /odoo, the home of the web client) each
// person lands on their own first screen.
function landOnMyDay() {
    return [{ content: "Account people start the day on My Day", trigger: ".o_agency_my_day" }, noErrorDialog];
}

function landOn(title) {
    return [{ content: `Lands on ${title}`, trigger: `.o_breadcrumb:contains('${title}')` }, noErrorDialog];
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

function briefAction(title, button, stateLabel) {
    return [
        ...menu("agency_account_manager.agency_brief_menu", "Briefs", "agency_account_manager.agency_brief_menu_root"),
        {
            content: `Open ${title}`,
            trigger: `.o_kanban_record:contains('${title}'), .o_data_row:contains('${title}') td.o_data_cell`,
            run: "click",
        },
        { trigger: `.o_form_view .o_statusbar_buttons button[name=${button}]`, run: "click" },
        { content: `The brief is ${stateLabel}`, trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${stateLabel}')` },
        noErrorDialog,
    ];
}

function scorecards() {
    return [
        ...menu("agency_account_manager.agency_scorecard_menu", "Scorecards", "agency_account_manager.agency_reporting_menu"),
        {
            content: "Compute this month's and quarter's scorecards",
            trigger: "button[name=action_compute_current]",
            run: "click",
        },
        { content: "The team's scorecards are there", trigger: ".o_data_row:contains('Walker Executive')" },
        noErrorDialog,
    ];
}

function approveBudget() {
    return [
        ...budgets(),
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]", run: "click" },
        { content: "The budget is approved", trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')" },
        noErrorDialog,
    ];
}

function quote() {
    return [
        ...budgets(),
        { content: "Quote the estimate in one click", trigger: ".o_form_view .o_statusbar_buttons button[name=action_quote]", run: "click" },
        { content: "The quotation opens, with the estimate's lines", trigger: ".o_form_view .o_field_widget[name=order_line] .o_data_row" },
        noErrorDialog,
    ];
}

function readiness(person, nextLevel) {
    return [
        ...menu("agency_account_manager.agency_promotion_readiness_menu", "Promotion Readiness",
            "agency_account_manager.agency_reporting_menu"),
        { content: `Open ${person}'s criteria`, trigger: `.o_group_name:contains('${person}')`, run: "click" },
        {
            content: `What ${nextLevel} takes, with the months at the level`,
            trigger: `.o_data_row:contains('${nextLevel}'):contains('Months at the current level')`,
        },
        noErrorDialog,
    ];
}

function grantPortalAccess() {
    return [
        ...openAccount(),
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_grant_portal_access]", run: "click" },
        {
            content: "The wizard lists the client's contacts",
            trigger: ".modal .o_data_row:contains('Wanda Walk')",
        },
        { trigger: ".modal .o_data_row:contains('Wanda Walk') button[name=action_grant_access]", run: "click" },
        { content: "Access granted", trigger: ".modal .o_data_row:contains('Wanda Walk') button[name=action_revoke_access]" },
        noErrorDialog,
        { trigger: ".modal .modal-footer button.btn-primary, .modal-footer button:contains('Close')", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        noErrorDialog,
    ];
}

function reconcile() {
    return [
        ...menu("agency_account_manager.agency_budget_period_menu", "Reconciliation",
            "agency_account_manager.agency_budget_menu_root"),
        { trigger: ".o_data_row:contains('Walk') button[name=action_reconcile]", run: "click" },
        { content: "Locking asks first", trigger: ".modal:contains('Reconcile this period?') .btn-primary", run: "click" },
        { content: "The period is reconciled", trigger: ".o_data_row:contains('Walk') button[name=action_reopen]" },
        noErrorDialog,
    ];
}

function pushBack() {
    return [
        {
            content: "Open the request for the department",
            trigger: ".o_data_row:contains('Walk change') td.o_data_cell, .o_kanban_record:contains('Walk change')",
            run: "click",
        },
        {
            content: "The client's name shows, not a link to pages a department head cannot open",
            trigger: ".o_form_view .o_field_widget[name=account_id]:contains('Walk Co'):not(:has(a))",
        },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_pushback]", run: "click" },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The shoot needs two weeks of pre-production.",
        },
        { trigger: ".modal button[name=action_confirm]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { content: "The push back is on the request", trigger: ".o_form_view .o_field_widget[name=pushback_state]:contains('Pushed Back'), .o_form_view .o-mail-Message:contains('pushed back')" },
        noErrorDialog,
        ...menu("agency_account_manager.agency_department_allocation_menu", "Work for My Department",
            "agency_account_manager.agency_department_work_menu"),
        { content: "The department's work is listed", trigger: ".o_data_row:contains('Walk visual'), .o_calendar_view" },
        noErrorDialog,
    ];
}

const walks = {
    intern: () => [
        ...landOnMyDay(), ...openAccount(), ...newBrief(), ...briefAction("Walk launch", "action_submit", "Submitted"),
        ...requests(), ...portfolio(),
    ],
    executive: () => [
        ...landOnMyDay(), ...openAccount(), ...newBrief(), ...requests(), ...quote(), ...portfolio(),
    ],
    manager: () => [
        ...landOnMyDay(), ...openAccount(), ...briefAction("Walk pitch", "action_approve", "Approved"),
        ...requests(), ...budgets(), ...portfolio(), ...scorecards(),
    ],
    senior: () => [
        ...landOnMyDay(), ...openAccount(), ...approveBudget(), ...portfolio(), ...scorecards(),
        ...readiness("Walker Senior", "Account Director"),
    ],
    director: () => [
        ...landOnMyDay(), ...grantPortalAccess(), ...newBrief(), ...requests(), ...budgets(), ...portfolio(),
        ...scorecards(), ...settings(),
    ],
    finance: () => [...landOn("Client Accounts"), ...openAccount(), ...budgets(), ...reconcile(), ...portfolio()],
    dept_head: () => [...landOn("Requests for My Department"), ...pushBack()],
};

for (const [role, steps] of Object.entries(walks)) {
    registry.category("web_tour.tours").add(`agency_walk_${role}`, { steps });
}
