//! The agreement a solver accepts before reading a challenge's confidential details, written in
//! each language the platform speaks. A solver accepts the text in the language they read; the
//! SHA-256 of that exact text is what the register records.

use super::{Challenge, ChallengeIpTerms, human_utc};
use crate::Language;

/// The agreement of `challenge` in `language`.
pub(super) fn text(challenge: &Challenge, language: Language) -> String {
    let terms = &challenge.terms;
    let (id, title, award, deadline) = (challenge.id, &terms.title, terms.award, human_utc(terms.deadline));
    let ip = ip_clause(terms.ip_terms, language);
    match language {
        Language::English => format!(
            "Ideaforge challenge agreement\n\
             Challenge: {id} — {title}\n\
             Award pool: {award}\n\
             Submission deadline: {deadline}\n\n\
             1. Confidentiality. You will keep the confidential details of this challenge secret and use \
             them only to prepare your solution.\n\
             2. Your solution is private: only you, the seeker's managers and judges, and Ideaforge's \
             administrators can read it.\n\
             3. Intellectual property. {ip}\n\
             4. Awards are decided by the seeker's judges against the published criteria and paid from \
             the escrow held by Ideaforge.\n"
        ),
        Language::Korean => format!(
            "Ideaforge 챌린지 참가 약관\n\
             챌린지: {id} — {title}\n\
             상금 총액: {award}\n\
             제출 마감: {deadline}\n\n\
             1. 비밀 유지. 이 챌린지의 비공개 세부 내용을 비밀로 지키고, 솔루션을 준비하는 데에만 \
             사용합니다.\n\
             2. 제출한 솔루션은 비공개입니다. 본인, 의뢰인의 매니저와 심사위원, Ideaforge 관리자만 \
             읽을 수 있습니다.\n\
             3. 지식재산. {ip}\n\
             4. 상금은 의뢰인의 심사위원이 공개된 심사 기준에 따라 결정하며, Ideaforge가 보관하는 \
             에스크로에서 지급됩니다.\n"
        ),
        Language::Italian => format!(
            "Accordo di partecipazione alla sfida Ideaforge\n\
             Sfida: {id} — {title}\n\
             Montepremi: {award}\n\
             Scadenza per l'invio: {deadline}\n\n\
             1. Riservatezza. Manterrai segreti i dettagli riservati di questa sfida e li userai solo \
             per preparare la tua soluzione.\n\
             2. La soluzione che invii è riservata: possono leggerla solo tu, i responsabili e i giudici \
             del committente e gli amministratori di Ideaforge.\n\
             3. Proprietà intellettuale. {ip}\n\
             4. I premi sono decisi dai giudici del committente secondo i criteri pubblicati e pagati \
             dal deposito vincolato (escrow) custodito da Ideaforge.\n"
        ),
    }
}

fn ip_clause(terms: ChallengeIpTerms, language: Language) -> &'static str {
    match (language, terms) {
        (Language::English, ChallengeIpTerms::Assign) => {
            "If your solution wins an award, you assign all intellectual property in it to the seeker when \
             the award is made."
        }
        (Language::English, ChallengeIpTerms::Licence) => {
            "If your solution wins an award, you keep its intellectual property and grant the seeker a \
             non-exclusive, perpetual licence to use it when the award is made."
        }
        (Language::English, ChallengeIpTerms::SolverKeeps) => {
            "You keep all intellectual property in your solution, whether or not it wins an award."
        }
        (Language::Korean, ChallengeIpTerms::Assign) => {
            "솔루션이 수상하면, 상금이 지급되는 때에 그 솔루션의 모든 지식재산을 의뢰인에게 양도합니다."
        }
        (Language::Korean, ChallengeIpTerms::Licence) => {
            "솔루션이 수상해도 지식재산은 본인에게 남으며, 상금이 지급되는 때에 의뢰인에게 비독점적이고 \
             영구적인 이용 허락을 부여합니다."
        }
        (Language::Korean, ChallengeIpTerms::SolverKeeps) => {
            "수상 여부와 관계없이 솔루션의 모든 지식재산은 본인에게 남습니다."
        }
        (Language::Italian, ChallengeIpTerms::Assign) => {
            "Se la tua soluzione vince un premio, cedi al committente tutta la proprietà intellettuale su di \
             essa nel momento in cui il premio viene assegnato."
        }
        (Language::Italian, ChallengeIpTerms::Licence) => {
            "Se la tua soluzione vince un premio, ne mantieni la proprietà intellettuale e concedi al \
             committente una licenza d'uso non esclusiva e perpetua nel momento in cui il premio viene \
             assegnato."
        }
        (Language::Italian, ChallengeIpTerms::SolverKeeps) => {
            "Mantieni tutta la proprietà intellettuale sulla tua soluzione, che vinca o no un premio."
        }
    }
}
