//! A challenge's public questions and the seeker's answers (which reach everyone who entered).

use ideaforge_domain::challenge::{QaText, Question};
use ideaforge_domain::notification::{ChallengeRef, Notice};
use ideaforge_domain::{ChallengeId, QuestionId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use super::corrupt;
use crate::entity::{challenge_agreements, challenge_questions, challenges, users};
use crate::events::{Event, append};
use crate::notifications::notify_all;
use crate::{Store, StoreError};

fn to_question(model: challenge_questions::Model, asker_name: String) -> Result<Question, StoreError> {
    Ok(Question {
        id: QuestionId::new(model.id),
        challenge: ChallengeId::new(model.challenge_id),
        asker: UserId::new(model.asker_id),
        asker_name,
        body: QaText::parse(&model.body).map_err(corrupt("question"))?,
        answer: model.answer.as_deref().map(QaText::parse).transpose().map_err(corrupt("answer"))?,
        asked_at: model.asked_at,
        answered_at: model.answered_at,
    })
}

impl Store {
    /// Asks a public question on a challenge.
    pub async fn ask_question(
        &self,
        challenge: ChallengeId,
        asker: UserId,
        body: &QaText,
        now: OffsetDateTime,
    ) -> Result<QuestionId, StoreError> {
        let txn = self.write.begin().await?;
        let model = challenge_questions::ActiveModel {
            id: NotSet,
            challenge_id: Set(challenge.get()),
            asker_id: Set(asker.get()),
            body: Set(body.as_str().to_owned()),
            answer: Set(None),
            answered_by: Set(None),
            asked_at: Set(now),
            answered_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let id = QuestionId::new(model.id);
        append(&txn, Event::QuestionAsked { challenge, question: id }, Some(asker), now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// The question with this id and its challenge.
    pub async fn question(&self, id: QuestionId) -> Result<Option<Question>, StoreError> {
        let found =
            challenge_questions::Entity::find_by_id(id.get()).find_also_related(users::Entity).one(&self.read).await?;
        found.map(|(model, user)| to_question(model, user.map(|u| u.display_name).unwrap_or_default())).transpose()
    }

    /// Answers (or re-answers) a question.
    pub async fn answer_question(
        &self,
        question: &Question,
        answer: &QaText,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        challenge_questions::Entity::update_many()
            .col_expr(challenge_questions::Column::Answer, Expr::value(answer.as_str()))
            .col_expr(challenge_questions::Column::AnsweredBy, Expr::value(actor.get()))
            .col_expr(challenge_questions::Column::AnsweredAt, Expr::value(now))
            .filter(challenge_questions::Column::Id.eq(question.id.get()))
            .exec(&txn)
            .await?;
        let event = Event::QuestionAnswered { challenge: question.challenge, question: question.id };
        append(&txn, event, Some(actor), now).await?;
        let title: Option<String> = challenges::Entity::find_by_id(question.challenge.get())
            .select_only()
            .column(challenges::Column::Title)
            .into_tuple()
            .one(&txn)
            .await?;
        let challenge = ChallengeRef { id: question.challenge, title: title.unwrap_or_default() };
        let notice = Notice::QuestionAnswered { challenge: challenge.clone(), question: question.id, mine: true };
        notify_all(&txn, &[question.asker], Some(actor), &notice, now).await?;
        // Everyone else who entered (accepted the agreement) hears of the answer too: public
        // answers can change every solution.
        let entrants: Vec<UserId> = challenge_agreements::Entity::find()
            .filter(challenge_agreements::Column::ChallengeId.eq(question.challenge.get()))
            .filter(challenge_agreements::Column::UserId.ne(question.asker.get()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|row| UserId::new(row.user_id))
            .collect();
        let notice = Notice::QuestionAnswered { challenge, question: question.id, mine: false };
        notify_all(&txn, &entrants, Some(actor), &notice, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A challenge's questions, oldest first.
    pub async fn questions(&self, challenge: ChallengeId) -> Result<Vec<Question>, StoreError> {
        challenge_questions::Entity::find()
            .filter(challenge_questions::Column::ChallengeId.eq(challenge.get()))
            .find_also_related(users::Entity)
            .order_by_asc(challenge_questions::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|(model, user)| to_question(model, user.map(|u| u.display_name).unwrap_or_default()))
            .collect()
    }
}
