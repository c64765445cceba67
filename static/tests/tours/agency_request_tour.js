/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("agency_request_tour", {
    steps: () => [
        {
            content: "Log a new client request",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit The banner shows last year's price",
        },
        {
            content: "It is a complaint",
            trigger: ".o_field_widget[name=request_type] input[data-value=complaint]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=account_id] input",
            run: "edit Citrus",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Citrus Co')",
            run: "click",
        },
        {
            content: "The account manager owns it",
            trigger: ".o_field_widget[name=user_id] input:value('Tina Tour')",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_statusbar_buttons button[name=action_acknowledge]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Acknowledged')",
        },
        {
            content: "Write what was done",
            trigger: ".o_notebook .nav-link:contains('Resolution')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=resolution] .odoo-editor-editable",
            run: "editor Banner replaced within the hour; one week of media credited.",
        },
        {
            content: "Resolve it",
            trigger: ".o_statusbar_buttons button[name=action_resolve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
        },
        {
            content: "Close it",
            trigger: ".o_statusbar_buttons button[name=action_close]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Closed')",
        },
    ],
});
