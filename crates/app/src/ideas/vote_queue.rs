//! Group commit for votes: votes arriving together on this node share one transaction and one
//! commit. A durable commit costs a disk flush (SQLite's one writer makes every vote wait for the
//! one before), so committing them one by one caps a node at the disk's flushes per second.
//!
//! Each caller queues its change and waits for the writer's turn; whoever gets the turn takes every
//! change queued so far and writes them together ([`Store::apply_votes`]: same rules, same
//! outcomes, in order). A caller whose change went out in someone else's batch finds its outcome
//! waiting when its turn comes. Vote changes are idempotent (casting twice, withdrawing twice
//! change nothing), so a batch that fails and is applied again change by change counts nothing
//! twice.

use std::sync::{Arc, Mutex, PoisonError};

use ideaforge_store::{Store, StoreError, VoteChange, VoteTally};
use time::OffsetDateTime;
use tokio::sync::oneshot;

type Outcome = Result<VoteTally, StoreError>;

/// The node's queue of vote changes waiting to be written.
#[derive(Debug, Default)]
pub(crate) struct VoteQueue {
    pending: Mutex<Vec<(VoteChange, oneshot::Sender<Outcome>)>>,
    turn: Arc<tokio::sync::Mutex<()>>,
}

impl VoteQueue {
    /// Writes `change` (with whatever else is queued) and returns its outcome. A batch is written
    /// at its leader's `now`: votes arriving together share one timestamp.
    pub(crate) async fn apply(&self, store: &Store, change: VoteChange, now: OffsetDateTime) -> Outcome {
        let (sender, mut outcome) = oneshot::channel();
        self.pending.lock().unwrap_or_else(PoisonError::into_inner).push((change, sender));
        let turn = Arc::clone(&self.turn).lock_owned().await;
        if let Ok(written) = outcome.try_recv() {
            return written;
        }
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        if batch.is_empty() {
            drop(turn);
        } else {
            let store = store.clone();
            // The batch is written by a task of its own (holding the turn), so that a caller that
            // goes away (its connection closed) cannot leave the others in its batch waiting.
            tokio::spawn(async move {
                let _turn = turn;
                let changes: Vec<VoteChange> = batch.iter().map(|(change, _)| *change).collect();
                let outcomes = store.apply_votes(&changes, now).await;
                for ((_, sender), written) in batch.into_iter().zip(outcomes) {
                    // The caller may have gone away; its change is written all the same.
                    let _ = sender.send(written);
                }
            });
        }
        outcome.await.unwrap_or(Err(StoreError::Conflict))
    }
}
