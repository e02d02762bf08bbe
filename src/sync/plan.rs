//! The observation plan's entries this account may see (`GET /api/plan`), kept on the
//! device so the observer's planned observations open offline, fetched again after
//! each sync (which is also when an entry's "done" comes back from the server).

use leptos::prelude::*;
use vero_domain::plan::PlanEntry;

use super::kept::Kept;
use crate::store::account::AccountStore;

pub type PlanList = Kept<PlanEntry>;

pub fn provide(account: AccountStore) -> PlanList {
    let plan = PlanList::new(account, "plan", "/api/plan");
    provide_context(plan);
    plan
}

pub fn use_plan() -> PlanList {
    expect_context::<PlanList>()
}
