//! Dated events the bank records on a loan after disbursement (domain brief §3.4): a freeze
//! (khoanh nợ), its lifting, an extension (gia hạn nợ), a transfer to overdue (chuyển nợ quá
//! hạn), a write-off (xóa nợ), an early recall (thu hồi trước hạn). The province writes them
//! on the loan record and devices pull them; the list only grows ([`events_extend`]), so a
//! status is never rewritten behind a 13/TD already printed. The status on a day is folded from
//! the events up to it ([`status_on`]): interest, the 13/TD and the worklists read the loan as
//! it stood on each day, not a snapshot.

use crate::error::{Code, DomainError, DomainResult};
use crate::money::Money;
use crate::reference::optional_text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Loan status after disbursement (domain brief §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    /// Trong hạn.
    InGoodStanding,
    /// Gia hạn nợ.
    Extended,
    /// Điều chỉnh kỳ hạn.
    Rescheduled,
    /// Quá hạn (interest at 130 %).
    Overdue,
    /// Khoanh nợ.
    Frozen,
    /// Xóa nợ.
    WrittenOff,
    /// Thu hồi trước hạn (wrong use).
    RecalledEarly,
    /// Khởi kiện.
    Sued,
    /// Tất toán.
    Closed,
}

impl LoanStatus {
    /// Does the loan still count against the programme's ceiling?
    pub fn is_open(self) -> bool {
        !matches!(self, LoanStatus::WrittenOff | LoanStatus::Closed)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoanEvent {
    /// The day the event takes effect.
    pub on: NaiveDate,
    pub kind: LoanEventKind,
    /// The decision behind it, as written ("QĐ 15/QĐ-NHCS ngày 02/03/2026").
    #[serde(default)]
    pub decision_ref: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum LoanEventKind {
    /// Khoanh nợ: no interest from `on`, until `until` (excluded) or until lifted.
    Frozen {
        #[serde(default)]
        until: Option<NaiveDate>,
    },
    /// The freeze lifted: interest accrues again from `on`.
    Unfrozen,
    /// Gia hạn nợ: the maturity moved to `maturity_on`.
    Extended {
        #[serde(rename = "maturityOn")]
        maturity_on: NaiveDate,
    },
    /// Chuyển nợ quá hạn: `amount` of the principal in good standing (all of it when `None`)
    /// accrues at 130 % from `on`.
    Overdue {
        #[serde(default)]
        amount: Option<Money>,
    },
    /// Xóa nợ: nothing accrues from `on`.
    WrittenOff,
    /// Thu hồi nợ trước hạn (the loan was used for another purpose).
    Recalled,
}

impl LoanEvent {
    pub fn new(on: NaiveDate, kind: LoanEventKind) -> LoanEvent {
        LoanEvent {
            on,
            kind,
            decision_ref: None,
        }
    }
}

/// The events in effect order (stable: events of one day keep the bank's order).
fn ordered(events: &[LoanEvent]) -> Vec<&LoanEvent> {
    let mut v: Vec<&LoanEvent> = events.iter().collect();
    v.sort_by_key(|e| e.on);
    v
}

/// Validate a loan's events against its dates: none before disbursement, amounts positive, a
/// freeze ending after it starts, an extension moving the maturity later, nothing after a
/// write-off.
pub fn validate_events(
    events: Vec<LoanEvent>,
    disbursed_on: NaiveDate,
    maturity_on: NaiveDate,
) -> DomainResult<Vec<LoanEvent>> {
    let bad = || DomainError::invalid("events", Code::InvalidValue);
    let mut out = Vec::with_capacity(events.len());
    let mut written_off = None;
    for mut e in events {
        e.decision_ref = optional_text("decisionRef", e.decision_ref.as_deref(), 120)?;
        if e.on < disbursed_on || written_off.is_some_and(|w| e.on >= w) {
            return Err(DomainError::invalid("events", Code::DateOrder));
        }
        match e.kind {
            LoanEventKind::Frozen { until: Some(u) } if u <= e.on => return Err(bad()),
            LoanEventKind::Extended { maturity_on: m } if m <= maturity_on => return Err(bad()),
            LoanEventKind::Overdue { amount: Some(a) } if a <= Money::ZERO => return Err(bad()),
            LoanEventKind::WrittenOff => written_off = Some(e.on),
            _ => {}
        }
        out.push(e);
    }
    Ok(out)
}

/// A new version of a loan keeps every event of the old one, in order: events are appended,
/// never edited or removed.
pub fn events_extend(old: &[LoanEvent], new: &[LoanEvent]) -> DomainResult<()> {
    if new.len() >= old.len() && new[..old.len()] == *old {
        Ok(())
    } else {
        Err(DomainError::invalid("events", Code::AppendOnly))
    }
}

/// The loan's status on `day`: the bank's snapshot `base` when it recorded no event, else the
/// events up to that day folded from good standing. A freeze stands over the loan's other
/// status until lifted or until its end day, then the loan is back where the other events put
/// it; a write-off ends everything.
pub fn status_on(base: LoanStatus, events: &[LoanEvent], day: NaiveDate) -> LoanStatus {
    if events.is_empty() {
        return base;
    }
    let mut underlying = LoanStatus::InGoodStanding;
    // `Some(end)` while a freeze stands (`end` `None`: until lifted).
    let mut freeze: Option<Option<NaiveDate>> = None;
    for e in ordered(events).into_iter().filter(|e| e.on <= day) {
        match e.kind {
            LoanEventKind::Frozen { until } => freeze = Some(until),
            LoanEventKind::Unfrozen => freeze = None,
            LoanEventKind::Extended { .. } => underlying = LoanStatus::Extended,
            LoanEventKind::Overdue { .. } => underlying = LoanStatus::Overdue,
            LoanEventKind::WrittenOff => return LoanStatus::WrittenOff,
            LoanEventKind::Recalled => underlying = LoanStatus::RecalledEarly,
        }
    }
    match freeze {
        Some(end) if end.is_none_or(|u| day < u) => LoanStatus::Frozen,
        _ => underlying,
    }
}

/// Does a loan in this status accrue interest? Not while frozen, written off or closed.
pub fn accrues(status: LoanStatus) -> bool {
    !matches!(
        status,
        LoanStatus::Frozen | LoanStatus::WrittenOff | LoanStatus::Closed
    )
}

/// The maturity in force on `day`: the contract's, or the latest extension's up to that day.
pub fn maturity_on(contract: NaiveDate, events: &[LoanEvent], day: NaiveDate) -> NaiveDate {
    ordered(events)
        .into_iter()
        .filter(|e| e.on <= day)
        .fold(contract, |m, e| match e.kind {
            LoanEventKind::Extended { maturity_on } => maturity_on,
            _ => m,
        })
}

/// The transfers to overdue: the day and the amount (`None`: all the principal in good
/// standing that day).
pub fn overdue_transfers(events: &[LoanEvent]) -> Vec<(NaiveDate, Option<Money>)> {
    ordered(events)
        .into_iter()
        .filter_map(|e| match e.kind {
            LoanEventKind::Overdue { amount } => Some((e.on, amount)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_status_follows_the_events_day_by_day() {
        let events = vec![
            LoanEvent::new(
                d(2026, 3, 1),
                LoanEventKind::Extended {
                    maturity_on: d(2029, 1, 1),
                },
            ),
            LoanEvent::new(
                d(2026, 5, 16),
                LoanEventKind::Frozen {
                    until: Some(d(2026, 8, 1)),
                },
            ),
            LoanEvent::new(d(2026, 9, 10), LoanEventKind::Overdue { amount: None }),
        ];
        let base = LoanStatus::Closed;
        let on = |day| status_on(base, &events, day);
        assert_eq!(on(d(2026, 2, 28)), LoanStatus::InGoodStanding);
        assert_eq!(on(d(2026, 3, 1)), LoanStatus::Extended);
        assert_eq!(on(d(2026, 5, 15)), LoanStatus::Extended);
        assert_eq!(on(d(2026, 5, 16)), LoanStatus::Frozen);
        assert_eq!(on(d(2026, 7, 31)), LoanStatus::Frozen);
        // The freeze lapses on its end day: back to the extension.
        assert_eq!(on(d(2026, 8, 1)), LoanStatus::Extended);
        assert_eq!(on(d(2026, 9, 10)), LoanStatus::Overdue);
        assert_eq!(
            maturity_on(d(2028, 1, 1), &events, d(2026, 3, 1)),
            d(2029, 1, 1)
        );
        // Without events the bank's snapshot stands.
        assert_eq!(status_on(base, &[], d(2026, 3, 1)), LoanStatus::Closed);
    }

    #[test]
    fn a_freeze_without_an_end_lasts_until_lifted() {
        let events = vec![
            LoanEvent::new(d(2026, 4, 1), LoanEventKind::Overdue { amount: None }),
            LoanEvent::new(d(2026, 5, 1), LoanEventKind::Frozen { until: None }),
            LoanEvent::new(d(2026, 11, 1), LoanEventKind::Unfrozen),
        ];
        let on = |day| status_on(LoanStatus::InGoodStanding, &events, day);
        assert_eq!(on(d(2026, 10, 31)), LoanStatus::Frozen);
        assert!(!accrues(on(d(2026, 10, 31))));
        assert_eq!(on(d(2026, 11, 1)), LoanStatus::Overdue);
    }

    #[test]
    fn events_are_appended_never_rewritten() {
        let a = LoanEvent::new(d(2026, 4, 1), LoanEventKind::Recalled);
        let b = LoanEvent::new(d(2026, 5, 1), LoanEventKind::WrittenOff);
        assert!(events_extend(std::slice::from_ref(&a), &[a.clone(), b.clone()]).is_ok());
        assert_eq!(
            events_extend(&[a.clone(), b.clone()], &[b]),
            Err(DomainError::invalid("events", Code::AppendOnly))
        );
        assert!(events_extend(&[], &[a]).is_ok());
    }

    #[test]
    fn events_are_checked_against_the_loan_dates() {
        let (disbursed, maturity) = (d(2025, 1, 10), d(2028, 1, 10));
        let check = |e: LoanEvent| validate_events(vec![e], disbursed, maturity).map(|_| ());
        assert!(check(LoanEvent::new(d(2025, 1, 9), LoanEventKind::Recalled)).is_err());
        let early = LoanEventKind::Extended {
            maturity_on: d(2027, 1, 1),
        };
        assert!(check(LoanEvent::new(d(2026, 1, 1), early)).is_err());
        let short = LoanEventKind::Frozen {
            until: Some(d(2026, 1, 1)),
        };
        assert!(check(LoanEvent::new(d(2026, 1, 1), short)).is_err());
        let after_write_off = vec![
            LoanEvent::new(d(2026, 1, 1), LoanEventKind::WrittenOff),
            LoanEvent::new(d(2026, 2, 1), LoanEventKind::Recalled),
        ];
        assert!(validate_events(after_write_off, disbursed, maturity).is_err());
    }
}
