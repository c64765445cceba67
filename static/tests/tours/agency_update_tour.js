/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("agency_update_tour", {
    steps: () => [
        {
            content: "Post a status update on the account",
            trigger: ".o_statusbar_buttons button:contains('Post Update')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=status] input[data-value=at_risk]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=summary] .odoo-editor-editable",
            run: "editor Launch slipping a week; the client knows and agreed the new date.",
        },
        {
            content: "Save the update",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The update is in the account's history",
            trigger: ".o_notebook .nav-link:contains('Updates')",
            run: "click",
        },
        {
            trigger: "div[name=update_ids] .o_data_row:contains('At Risk')",
        },
        {
            content: "Print the account report",
            trigger: ".o_statusbar_buttons button[name=action_print_report]",
            run: "click",
        },
        {
            content: "The report was produced without error",
            trigger: ".o_form_view:not(:has(.o_error_dialog))",
        },
    ],
});
