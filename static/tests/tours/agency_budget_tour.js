/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("agency_budget_tour", {
    steps: () => [
        {
            content: "Open the brief's budget",
            trigger: ".o_form_view button[name=action_open_budget]",
            run: "click",
        },
        {
            content: "Estimate the agency hours",
            trigger: "div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] .o_selected_row .o_field_widget[name=name] input",
            run: "edit Design and artwork",
        },
        {
            trigger: "div[name=line_ids] .o_selected_row .o_field_widget[name=amount] input",
            run: "edit 1000",
        },
        {
            content: "Save the estimate before moving on",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: "div[name=line_ids] .o_data_row:not(.o_selected_row):contains('Design and artwork')",
        },
        {
            content: "Record the negotiation",
            trigger: ".o_notebook .nav-link:contains('Negotiation')",
            run: "click",
        },
        {
            trigger: "div[name=negotiation_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=negotiation_ids] .o_selected_row .o_field_widget[name=our_proposal] input",
            run: "edit 1000",
        },
        {
            trigger: "div[name=negotiation_ids] .o_selected_row .o_field_widget[name=client_counter] input",
            run: "edit 950",
        },
        {
            content: "The deal first: an agreed amount counts only on a round that reached one",
            trigger: "div[name=negotiation_ids] .o_selected_row .o_field_widget[name=outcome] select",
            run: "selectByLabel Price Changed",
        },
        {
            trigger: "div[name=negotiation_ids] .o_selected_row .o_field_widget[name=agreed_amount] input",
            run: "edit 980",
        },

        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "The agreed budget shows on the Negotiation tab, where it is decided",
            trigger: ".tab-pane.active .o_field_widget[name=agreed_amount]:not(:has(input)):contains('980')",
        },
        {
            content: "The agreed price is 2% below the estimate",
            trigger: ".o_field_widget[name=discount_pct]:contains('2.00')",
        },
        {
            content: "Approve the budget",
            trigger: ".o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});
