//! Money and judging taken out as CSV: a challenge's judging board by those who may read it (the
//! seeker's judges, managers and owners, and administrators) once the deadline has passed, and the
//! whole ledger by administrators, streamed in batches.

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use ideaforge_app::{LedgerExport, LedgerLine};
use ideaforge_domain::ChallengeId;

use crate::components::time::rfc3339;
use crate::components::{csv, download};
use crate::error::WebError;
use crate::extract::Path;
use crate::session::SignedIn;
use crate::state::AppState;

/// `GET /api/v1/challenges/{id}/scores.csv`
#[utoipa::path(
    get,
    path = "/challenges/{id}/scores.csv",
    tag = "challenges",
    summary = "The judging board as CSV: each solution, best first, with its weighted score (0–10), judges and award (the seeker's judges and managers, and admins, after the deadline)",
    params(("id" = String, Path)),
    responses((status = 200, description = "CSV", content_type = "text/csv")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn scores_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Response, WebError> {
    let board = state.app.judging_board(&user, id).await?;
    let mut out = csv::row(&[
        "rank",
        "solution_id",
        "title",
        "author",
        "weighted_score",
        "judges",
        "award_place",
        "award_amount",
        "currency",
    ]);
    for (rank, row) in board.rows.iter().enumerate() {
        let (rank, solution, judges) = ((rank + 1).to_string(), row.solution.id.to_string(), row.judges.to_string());
        let score = row.total.map(|t| format!("{}.{:03}", t / 1000, t % 1000)).unwrap_or_default();
        let place = row.award.as_ref().map(|a| a.place.to_string()).unwrap_or_default();
        let amount = row.award.as_ref().map(|a| a.amount.decimal()).unwrap_or_default();
        let currency = row.award.as_ref().map(|a| a.amount.currency().code().to_owned()).unwrap_or_default();
        out.push_str(&csv::row(&[
            &rank,
            &solution,
            row.solution.title.as_str(),
            &row.solution.author_name,
            &score,
            &judges,
            &place,
            &amount,
            &currency,
        ]));
    }
    Ok(download::attachment(download::CSV, &format!("challenge-{id}-scores.csv"), out))
}

fn ledger_row(line: &LedgerLine) -> String {
    use csv::Cell::{Number, Text};
    let (entry, transaction) = (line.entry.to_string(), line.transaction.to_string());
    let owner = line.owner.map(|o| o.to_string()).unwrap_or_default();
    let (amount, at) = (line.amount.decimal(), rfc3339(line.posted_at));
    csv::typed_row(&[
        Number(&entry),
        Number(&transaction),
        Text(&line.kind),
        Text(&line.account),
        Number(&owner),
        Number(&amount),
        Text(line.amount.currency().code()),
        Text(line.reference.as_deref().unwrap_or_default()),
        Text(&line.memo),
        Text(&at),
    ])
}

/// `GET /api/v1/admin/ledger.csv`
#[utoipa::path(
    get,
    path = "/admin/ledger.csv",
    tag = "challenges",
    summary = "Every ledger entry with its transaction (kind, account, amount, reference, memo, time), as CSV streamed in entry order (admins)",
    responses((status = 200, description = "CSV, streamed", content_type = "text/csv")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn ledger_csv(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, WebError> {
    let export = state.app.export_ledger(&user).await?;
    let head = csv::row(&[
        "entry",
        "transaction",
        "kind",
        "account",
        "owner",
        "amount",
        "currency",
        "reference",
        "memo",
        "posted_at",
    ]);
    let body: Body = download::streamed(export, head, |mut export: LedgerExport| async move {
        match export.next_batch().await {
            Ok(Some(batch)) => Ok(Some((batch.iter().map(ledger_row).collect(), export))),
            Ok(None) => Ok(None),
            Err(e) => Err(format!("ledger export: {e}")),
        }
    });
    Ok(download::attachment(download::CSV, "ledger.csv", body))
}
