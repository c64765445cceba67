/** @odoo-module **/
/* From My Day to a breached request resolved: the counter filters the day's
 * items, the item opens the request, and once it is resolved My Day no
 * longer lists it. */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("agency_my_day_tour", {
    steps: () => [
        {
            content: "My Day counts the breached requests",
            trigger: ".o_my_day_counter[data-kind=request_breached]:contains('1')",
            run: "click",
        },
        {
            content: "Only the breached request is listed",
            trigger: ".o_my_day_counters .btn-dark[data-kind=request_breached]",
        },
        {
            trigger: ".o_my_day_account:contains('Pewter Partners') .o_my_day_item[data-kinds~=request_breached]",
        },
        {
            trigger: ".o_agency_my_day:not(:has(.o_my_day_item[data-kinds~=renewal]))",
        },
        {
            content: "Acknowledge it from My Day",
            trigger: ".o_my_day_item[data-kinds~=request_breached] .o_my_day_action:contains('Acknowledge')",
            run: "click",
        },
        {
            content: "Now it offers to open the request",
            trigger: ".o_my_day_item[data-kinds~=request_breached] .o_my_day_action:contains('Open')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Acknowledged')",
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
            content: "Back to My Day",
            trigger: ".o_breadcrumb a:contains('My Day')",
            run: "click",
        },
        {
            content: "The breached request is gone, the renewal is still there",
            trigger: ".o_agency_my_day:not(:has(.o_my_day_item[data-kinds~=request_breached])) .o_my_day_item[data-kinds~=renewal]",
        },
    ],
});
