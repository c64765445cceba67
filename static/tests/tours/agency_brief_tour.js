/** @odoo-module **/

import { registry } from "@web/core/registry";

function addAllocation(department, deliverable) {
    return [
        {
            content: `Allocate work to ${department}`,
            trigger: "div[name=allocation_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=department_id] input",
            run: `edit ${department}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item a:contains('${department}')`,
            run: "click",
        },
        {
            content: "The department is set (its onchanges done) before the next field",
            trigger: `.o_selected_row .o_field_widget[name=department_id] input:value('${department}')`,
        },
        {
            trigger: ".o_selected_row .o_field_widget[name=name] input",
            run: `edit ${deliverable}`,
        },
        {
            trigger: `.o_selected_row .o_field_widget[name=name] input:value('${deliverable}')`,
        },
    ];
}

registry.category("web_tour.tours").add("agency_brief_tour", {
    steps: () => [
        {
            content: "From the opportunity, start a brief",
            trigger: ".o_form_view button[name=action_create_agency_brief]",
            run: "click",
        },
        {
            content: "The brief starts from the opportunity",
            trigger: ".o_field_widget[name=title] input:value('Citrus summer launch')",
        },
        {
            trigger: ".o_field_widget[name=account_id] input:value('Citrus Co')",
        },
        ...addAllocation("Tour Creative", "Key visual"),
        ...addAllocation("Tour Design", "Social toolkit"),
        {
            content: "Save the brief",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Approve it",
            trigger: ".o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "The brief is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        {
            content: "and its work is in Project",
            trigger: "button[name=action_view_tasks] .o_stat_value:contains('2')",
        },
    ],
});
