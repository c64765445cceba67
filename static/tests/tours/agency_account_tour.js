/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("agency_account_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Accounts app",
            trigger: '.o_app[data-menu-xmlid="agency_account_manager.agency_menu_root"]',
            run: "click",
        },
        {
            content: "The app opens on My Day",
            trigger: ".o_agency_my_day .o_view_nocontent",
        },
        {
            content: "Go to the client accounts",
            trigger: ".o_menu_sections a[data-menu-xmlid='agency_account_manager.agency_account_menu']",
            run: "click",
        },
        {
            content: "Create a client account",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the client",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tourmaline",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tourmaline Cosmetics')",
            run: "click",
        },
        {
            content: "The account is named after the client",
            trigger: ".o_field_widget[name=name] input:value('Tourmaline Cosmetics')",
        },
        {
            content: "Set the tier",
            trigger: ".o_field_widget[name=tier] select",
            run: "selectByLabel Key",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Back to the accounts",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the search options",
            trigger: ".o_control_panel_actions .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter on My Accounts",
            trigger: ".o_filter_menu .o_menu_item:contains('My Accounts')",
            run: "click",
        },
        {
            trigger: ".o_searchview .o_facet_values:contains('My Accounts')",
        },
        {
            content: "The new account is among my accounts",
            trigger: ".o_kanban_record:contains('Tourmaline Cosmetics')",
        },
        {
            content: "but the account I only work on is not",
            trigger: ".o_kanban_renderer:not(:has(.o_kanban_record:contains('Quartz Quarries')))",
        },
    ],
});
