import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const SEVERITY_CLASS = { 3: "text-bg-danger", 2: "text-bg-warning", 1: "text-bg-secondary" };

/**
 * My Day: what needs an account person now, across their accounts. The
 * server computes everything (agency.attention.get_my_day); this screen
 * only shows it, filters it by kind and runs each item's quick action.
 */
export class AgencyMyDay extends Component {
    static template = "agency_account_manager.MyDay";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.severityClass = SEVERITY_CLASS;
        this.state = useState({ scope: "mine", kind: null, data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("agency.attention", "get_my_day", [this.state.scope]);
    }

    get groups() {
        const kind = this.state.kind;
        return this.state.data.groups
            .map((group) => ({
                ...group,
                items: group.items.filter((item) => !kind || item.kinds.includes(kind)),
            }))
            .filter((group) => group.items.length);
    }

    async setScope(scope) {
        this.state.scope = scope;
        this.state.kind = null;
        await this.load();
    }

    toggleKind(kind) {
        this.state.kind = this.state.kind === kind ? null : kind;
    }

    openAccount(group) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "agency.account",
            res_id: group.account_id,
            views: [[false, "form"]],
        });
    }

    async runAction(item) {
        const quick = item.action || {};
        if (quick.window) {
            return this.action.doAction(quick.window);
        }
        if (quick.method) {
            const result = await this.orm.call(item.res_model, quick.method, [[item.res_id]]);
            if (result && typeof result === "object" && result.type) {
                return this.action.doAction(result, { onClose: () => this.load() });
            }
            this.notification.add(_t("Done: %s", item.reason), { type: "success" });
            return this.load();
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: item.res_model,
            res_id: item.res_id,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("agency_my_day", AgencyMyDay);
