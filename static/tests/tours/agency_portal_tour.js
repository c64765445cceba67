/** @odoo-module **/
/* A client contact, in the portal: from My Account, raises a request, then
 * approves the brief waiting for them with their name and signature. */

import { registry } from "@web/core/registry";
import { waitUntil } from "@odoo/hoot-dom";

registry.category("web_tour.tours").add("agency_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open My Account",
            trigger: "a[href='/my/accounts']",
            run: "click",
        },
        {
            content: "Raise a new request",
            trigger: ".o_agency_portal_new_request",
            run: "click",
        },
        {
            trigger: ".o_agency_portal_request_form select[name=request_type]",
            run: "select change",
        },
        {
            trigger: ".o_agency_portal_request_form input[name=name]",
            run: "edit Please resize the logo",
        },
        {
            trigger: ".o_agency_portal_request_form textarea[name=description]",
            run: "edit For the Instagram story format.",
        },
        {
            trigger: ".o_agency_portal_request_form button[type=submit]",
            run: "click",
        },
        {
            content: "The request is received, with its conversation",
            trigger: ".o_agency_portal_request:contains('Please resize the logo')",
        },
        {
            trigger: ".o_portal_chatter, #discussion",
        },
        {
            content: "Back to the account",
            trigger: ".o_portal_submenu a[href^='/my/accounts/']",
            run: "click",
        },
        {
            content: "A brief waits for approval",
            trigger: "div[name=briefs_waiting] a:contains('Spring launch')",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_agency_portal_approve",
            run: "click",
        },
        {
            content: "The signature is drawn from the name",
            trigger: ".modal.show canvas.o_web_sign_signature",
            async run(helpers) {
                await waitUntil(() => {
                    const canvas = helpers.anchor;
                    const pixels = new Uint32Array(
                        canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data.buffer
                    );
                    return canvas.width > 0 && pixels.some((pixel) => pixel !== 0);
                });
            },
        },
        {
            trigger: ".modal.show .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Approved",
            trigger: ".alert-success:contains('the brief is approved')",
        },
    ],
});
