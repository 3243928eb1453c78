//! The group meeting that vets applications (10/TD): the quorum rule as versioned data, and
//! the validation of each decision recorded at it.

use crate::error::{Code, DomainError, DomainResult};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A meeting is valid when strictly more than `numerator/denominator` of the members attend.
/// Unconfirmed by a source (common practice: more than half; some local rules: two thirds),
/// so it is configuration with this default, and each meeting records the version it used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuorumRule {
    pub numerator: u32,
    pub denominator: u32,
}

impl Default for QuorumRule {
    fn default() -> Self {
        QuorumRule {
            numerator: 1,
            denominator: 2,
        }
    }
}

impl QuorumRule {
    pub fn validate(self) -> DomainResult<Self> {
        if self.denominator == 0 || self.numerator == 0 || self.numerator >= self.denominator {
            return Err(DomainError::invalid("quorum", Code::InvalidValue));
        }
        Ok(self)
    }

    pub fn met(self, members_total: u32, present: u32) -> bool {
        members_total > 0
            && present <= members_total
            && u64::from(present) * u64::from(self.denominator)
                > u64::from(members_total) * u64::from(self.numerator)
    }

    /// The fewest members present for a quorum (for the UI's indicator).
    pub fn minimum_present(self, members_total: u32) -> u32 {
        (0..=members_total)
            .find(|&p| self.met(members_total, p))
            .unwrap_or(members_total + 1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    ApproveReduced,
    Reject,
    Defer,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Votes {
    pub for_: u32,
    pub against: u32,
    pub abstain: u32,
}

impl Votes {
    pub fn total(self) -> u32 {
        self.for_
            .saturating_add(self.against)
            .saturating_add(self.abstain)
    }
}

/// What is known when a decision is recorded.
#[derive(Clone, Debug)]
pub struct DecisionFacts<'a> {
    pub rule: QuorumRule,
    pub members_total: u32,
    pub present: u32,
    /// Board members present whose own household applied: they may not vote on it.
    pub conflicted_present: u32,
    pub requested: Money,
    pub decision: Decision,
    pub approved_amount: Option<Money>,
    pub reason: Option<&'a str>,
    pub votes: Votes,
}

/// Validate a decision; the error names the field to fix.
pub fn validate_decision(f: &DecisionFacts<'_>) -> DomainResult<()> {
    if !f.rule.met(f.members_total, f.present) {
        return Err(DomainError::invalid("attendance", Code::NoQuorum));
    }
    let eligible = f.present.saturating_sub(f.conflicted_present);
    if f.votes.total() > eligible {
        let code = if f.votes.total() <= f.present {
            Code::ConflictOfInterest
        } else {
            Code::VotesExceedPresent
        };
        return Err(DomainError::invalid("votes", code));
    }
    let has_reason = f.reason.is_some_and(|r| !r.trim().is_empty());
    match f.decision {
        Decision::Approve | Decision::ApproveReduced if f.votes.for_ * 2 <= eligible => {
            return Err(DomainError::invalid("votes", Code::InvalidValue));
        }
        Decision::Approve if f.approved_amount.is_some_and(|a| a != f.requested) => {
            return Err(DomainError::invalid("approvedAmount", Code::InvalidValue));
        }
        Decision::ApproveReduced => {
            let ok = f
                .approved_amount
                .is_some_and(|a| a.as_dong() > 0 && a < f.requested);
            if !ok {
                return Err(DomainError::invalid("approvedAmount", Code::InvalidValue));
            }
        }
        _ => {}
    }
    if matches!(f.decision, Decision::Reject | Decision::ApproveReduced) && !has_reason {
        return Err(DomainError::invalid("reason", Code::Required));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(40, 20, false)]
    #[case(40, 21, true)]
    #[case(5, 3, true)]
    #[case(5, 2, false)]
    #[case(0, 0, false)]
    #[case(10, 11, false)]
    fn more_than_half_by_default(#[case] total: u32, #[case] present: u32, #[case] met: bool) {
        assert_eq!(QuorumRule::default().met(total, present), met);
    }

    #[test]
    fn two_thirds_rule_and_minimum_shown_to_the_user() {
        let r = QuorumRule {
            numerator: 2,
            denominator: 3,
        }
        .validate()
        .unwrap();
        assert!(!r.met(30, 20));
        assert!(r.met(30, 21));
        assert_eq!(r.minimum_present(30), 21);
        assert_eq!(QuorumRule::default().minimum_present(40), 21);
        assert!(
            QuorumRule {
                numerator: 3,
                denominator: 2
            }
            .validate()
            .is_err()
        );
    }

    fn facts(decision: Decision) -> DecisionFacts<'static> {
        DecisionFacts {
            rule: QuorumRule::default(),
            members_total: 40,
            present: 30,
            conflicted_present: 0,
            requested: Money::dong(50_000_000),
            decision,
            approved_amount: None,
            reason: None,
            votes: Votes {
                for_: 25,
                against: 3,
                abstain: 2,
            },
        }
    }

    #[test]
    fn no_decision_without_quorum() {
        let f = DecisionFacts {
            present: 20,
            votes: Votes {
                for_: 20,
                ..Votes::default()
            },
            ..facts(Decision::Approve)
        };
        assert_eq!(
            validate_decision(&f),
            Err(DomainError::invalid("attendance", Code::NoQuorum))
        );
    }

    #[test]
    fn reject_and_reduce_need_a_reason() {
        assert_eq!(
            validate_decision(&facts(Decision::Reject)),
            Err(DomainError::invalid("reason", Code::Required))
        );
        let reduced = DecisionFacts {
            approved_amount: Some(Money::dong(30_000_000)),
            ..facts(Decision::ApproveReduced)
        };
        assert_eq!(
            validate_decision(&reduced),
            Err(DomainError::invalid("reason", Code::Required))
        );
        let with_reason = DecisionFacts {
            reason: Some("Phương án chỉ cần 30 triệu"),
            ..reduced
        };
        assert_eq!(validate_decision(&with_reason), Ok(()));
        assert_eq!(
            validate_decision(&DecisionFacts {
                reason: Some("Không đúng đối tượng"),
                ..facts(Decision::Reject)
            }),
            Ok(())
        );
    }

    #[test]
    fn a_reduced_amount_is_below_the_request() {
        let f = DecisionFacts {
            approved_amount: Some(Money::dong(50_000_000)),
            reason: Some("x"),
            ..facts(Decision::ApproveReduced)
        };
        assert_eq!(
            validate_decision(&f),
            Err(DomainError::invalid("approvedAmount", Code::InvalidValue))
        );
    }

    #[test]
    fn a_board_member_cannot_vote_on_their_own_household() {
        // 30 present, one of them is the applicant's board member: at most 29 votes.
        let f = DecisionFacts {
            conflicted_present: 1,
            votes: Votes {
                for_: 26,
                against: 2,
                abstain: 2,
            },
            ..facts(Decision::Approve)
        };
        assert_eq!(
            validate_decision(&f),
            Err(DomainError::invalid("votes", Code::ConflictOfInterest))
        );
        let ok = DecisionFacts {
            votes: Votes {
                for_: 25,
                against: 2,
                abstain: 2,
            },
            ..f
        };
        assert_eq!(validate_decision(&ok), Ok(()));
    }

    #[test]
    fn approval_needs_a_majority_of_those_voting_members_present() {
        let f = DecisionFacts {
            votes: Votes {
                for_: 15,
                against: 10,
                abstain: 5,
            },
            ..facts(Decision::Approve)
        };
        assert_eq!(
            validate_decision(&f),
            Err(DomainError::invalid("votes", Code::InvalidValue))
        );
        let over = DecisionFacts {
            votes: Votes {
                for_: 31,
                against: 0,
                abstain: 0,
            },
            ..facts(Decision::Approve)
        };
        assert_eq!(
            validate_decision(&over),
            Err(DomainError::invalid("votes", Code::VotesExceedPresent))
        );
    }
}
