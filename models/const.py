"""Names every part of the addon shares: group xml ids and who reads costs.

The ladder is Intern < Executive < Manager < Senior Manager < Director
(each step implies the one below, so a rule or check that names a step
holds for every step above it). ``LADDER`` lists the steps, lowest first:
read it (or ``res.users._agency_level()``) rather than listing groups. Finance is a group of its own, implied by Accounting's read-only
group and by its administrators: ask ``res.users._agency_is_finance()``
rather than listing accounting groups.
"""

GROUP_INTERN = "agency_account_manager.group_agency_intern"
GROUP_EXECUTIVE = "agency_account_manager.group_agency_executive"
GROUP_MANAGER = "agency_account_manager.group_agency_manager"
GROUP_SENIOR = "agency_account_manager.group_agency_senior_manager"
GROUP_DIRECTOR = "agency_account_manager.group_agency_director"
GROUP_FINANCE = "agency_account_manager.group_agency_finance"
# The steps of the ladder, lowest first. LEVEL_KEYS names each step in the
# company's settings (agency_capacity_<key>, agency_discount_limit_<key>).
LADDER = (GROUP_INTERN, GROUP_EXECUTIVE, GROUP_MANAGER, GROUP_SENIOR, GROUP_DIRECTOR)
LEVEL_KEYS = {GROUP_INTERN: "intern", GROUP_EXECUTIVE: "executive", GROUP_MANAGER: "manager",
              GROUP_SENIOR: "senior", GROUP_DIRECTOR: "director"}
# Heads of delivery departments, outside the ladder (kept in step with the
# departments' managers by hr.department).
GROUP_DEPARTMENT_HEAD = "agency_account_manager.group_agency_department_head"
# Finance people who reconcile budget periods (and so lock budgets).
GROUPS_RECONCILE = ("account.group_account_user", "account.group_account_manager")

# Health bands of an account, its snapshots and its status updates.
BANDS = [("green", "Green"), ("amber", "Amber"), ("red", "Red"), ("none", "No Data")]

# Field groups of every cost, margin, burn, discount, hourly cost or budget
# figure: executives and above, and finance. Interns, department heads
# outside the ladder, plain employees, portal and public users read none.
COST_READERS = f"{GROUP_EXECUTIVE},{GROUP_FINANCE}"
# Field groups of what only those who see accounts may read.
ACCOUNT_READERS = f"{GROUP_INTERN},{GROUP_FINANCE}"
