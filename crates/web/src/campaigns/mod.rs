//! Funding campaigns: the JSON API (creating, moving, reading a campaign; pledging, changing and
//! withdrawing a pledge; one's own pledges; updates, comments, the backers' CSV, interest in an
//! idea) and the pages (the campaigns list, the new-campaign form, a campaign's page with its
//! pledge form, lifecycle buttons, updates and the organization's dashboard).

pub mod api;
pub mod community_api;
pub mod forms;
pub mod html;
pub mod list;
pub mod terms_form;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages.
pub fn pages() -> Pages {
    Pages::new()
        .get("/campaigns", html::list_campaigns)
        .post("/orgs/{slug}/campaigns", terms_form::create_campaign)
        .get("/orgs/{slug}/campaigns/new", terms_form::show_new_campaign)
        .get("/campaigns/{id}/edit", terms_form::show_edit_campaign)
        .post("/campaigns/{id}/edit", terms_form::edit_campaign)
        .get("/campaigns/{id}", html::show_campaign)
        .post("/campaigns/{id}/{action}", forms::move_campaign)
        .post("/campaigns/{id}/updates", forms::post_update)
        .post("/campaign-updates/{id}/comments", forms::comment_update)
        .post("/pledges/{id}/receipt", forms::record_receipt)
        .post("/campaigns/{id}/pledge", html::pledge)
        .post("/campaigns/{id}/pledge/withdraw", html::withdraw)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_campaign, community_api::list_campaigns))
        .routes(routes!(api::show_campaign, api::edit_campaign))
        .routes(routes!(api::submit_campaign))
        .routes(routes!(api::approve_campaign))
        .routes(routes!(api::launch_campaign))
        .routes(routes!(api::cancel_campaign))
        .routes(routes!(api::pledge, api::withdraw_pledge))
        .routes(routes!(api::my_pledges))
        .routes(routes!(community_api::post_update, community_api::list_updates))
        .routes(routes!(community_api::comment_update))
        .routes(routes!(community_api::backers_csv))
        .routes(routes!(community_api::backers_jsonl))
        .routes(routes!(community_api::record_receipt))
        .routes(routes!(
            community_api::show_interest,
            community_api::register_interest,
            community_api::withdraw_interest
        ))
}
