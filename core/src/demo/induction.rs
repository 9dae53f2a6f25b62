//! The demo's recent receptions at each stage of induction.

use super::*;

/// How far the demo's recent receptions have got with induction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InductionState {
    /// Arrived today, just after midnight: the first items only.
    Fresh,
    /// Two days in: the first day done but for one call, the week's items open.
    PartDone,
    /// Five days in: problems on arrival and the interpreter question overdue.
    Overdue,
    /// Twelve days in: everything done or exempted.
    Complete,
}

impl InductionState {
    pub(super) fn days_ago(self) -> i64 {
        match self {
            InductionState::Fresh => 0,
            InductionState::PartDone => 2,
            InductionState::Overdue => 5,
            InductionState::Complete => 12,
        }
    }
}

pub(super) const INDUCTIONS: [(usize, InductionState); 4] = [
    (3, InductionState::Fresh),
    (18, InductionState::PartDone),
    (33, InductionState::Overdue),
    (48, InductionState::Complete),
];

/// The demo's four supervisors: the person who loaded the demo and the demo's own
/// supervisor account among them, so each demo user who does case work opens on a
/// real caseload.
pub(super) fn supervisors_of(user: &str) -> [&str; 4] {
    let colleague = if user == SENIOR_SUPERVISOR { "Andrew Price" } else { SENIOR_SUPERVISOR };
    [user, colleague, "Tom Gallagher", "Ewa Nowak"]
}

/// The demo's supervisor account (see [`super::DEMO_ACCOUNTS`]).
pub(super) const SENIOR_SUPERVISOR: &str = "Rachel Okoro";

pub(super) fn work_through_induction(
    db: &mut Db,
    prisoner_id: i64,
    state: InductionState,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(checklist) = db.checklists(prisoner_id)?.into_iter().next() else {
        return Ok(());
    };
    for (position, item) in checklist.items.iter().enumerate() {
        let title = item.template_item.title.as_str();
        let first_day = matches!(item.template_item.due, DueRule::OnTheDay | DueRule::WithinHours(24));
        let wanted = match state {
            InductionState::Fresh => item.template_item.due == DueRule::OnTheDay && title.starts_with("Identity"),
            InductionState::PartDone => first_day && !title.starts_with("First phone call"),
            InductionState::Overdue => item.template_item.due == DueRule::OnTheDay,
            InductionState::Complete => true,
        };
        if !wanted {
            continue;
        }
        // Done in order, about half an hour apart, never after it was due.
        let done_at = (checklist.received_at + Duration::minutes(25 * (position as i64 + 1))).min(item.due_at).min(now);
        let exempt = state == InductionState::Complete && title.starts_with("Benefits");
        let answer = match item.template_item.question {
            Question::None | Question::SupervisorAllocated => None,
            Question::Interpreter => Some(Answer::Interpreter { needed: false, language: String::new() }),
            Question::ProblemsOnArrival => {
                Some(Answer::Problems { problems: vec!["money".into(), "contacting_family".into()] })
            }
            Question::BasicSkills => Some(Answer::BasicSkills { outcome: "literacy".into() }),
            Question::Disability => Some(Answer::Disability { needs: String::new() }),
        };
        db.update_induction_item(
            item.id,
            &ItemChange {
                status: if exempt { ItemStatus::Exempt } else { ItemStatus::Completed },
                done_by: Some(officer.to_string()),
                done_at: Some(done_at),
                exemption_reason: exempt.then_some(ExemptionReason::Regime),
                reason_notes: if exempt {
                    "Jobcentre Plus surgery cancelled this week; booked for next Tuesday.".into()
                } else {
                    String::new()
                },
                outcome_notes: String::new(),
                answer: if exempt { None } else { answer },
            },
        )?;
    }
    Ok(())
}
