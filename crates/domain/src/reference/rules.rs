//! Rules that need more than one record. The caller (device store or province) gathers the
//! facts; the rule decides.

use super::{Household, Membership, PovertyCategory, PovertyStatus};
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::HouseholdId;
use crate::settings::GroupSizeLimits;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::HashSet;

/// The households that take no part in deciding or checking `of`'s own case: `of` itself and
/// every household kin with it, whichever of the two declared it. `known` holds the households
/// the caller read: `of` (its own declarations) and the candidates (the households present at
/// a meeting, the checkers' households), whose declarations naming `of` count too.
pub fn related(of: HouseholdId, known: &[Household]) -> HashSet<HouseholdId> {
    let mut out = HashSet::from([of]);
    for h in known {
        if h.id == of {
            out.extend(h.kin.iter().copied());
        } else if h.kin.contains(&of) {
            out.insert(h.id);
        }
    }
    out
}

/// A household is in at most one group at a time: a new or changed membership may not overlap
/// an active membership of the same household in another record.
pub fn single_group(candidate: &Membership, others: &[Membership]) -> DomainResult<()> {
    let overlaps = others.iter().filter(|m| m.id != candidate.id).any(|m| {
        let starts_before_other_ends = m.left_on.is_none_or(|l| candidate.joined_on < l);
        let other_starts_before_ends = candidate.left_on.is_none_or(|l| m.joined_on < l);
        starts_before_other_ends && other_starts_before_ends
    });
    if overlaps {
        Err(DomainError::invalid("groupId", Code::AlreadyInGroup))
    } else {
        Ok(())
    }
}

/// A group accepts a new member only below its maximum size.
pub fn group_has_room(active_members: u32, limits: GroupSizeLimits) -> DomainResult<()> {
    if active_members >= limits.max {
        Err(DomainError::invalid("groupId", Code::GroupFull))
    } else {
        Ok(())
    }
}

/// A membership written on the device or pushed to the province: one group at a time
/// ([`single_group`]), and a household joining (a membership not recorded before, still open)
/// finds its group below the maximum size on the day it joins. `household` holds the
/// household's memberships, `group` the group's, as each side stores them; `limits` come from
/// the programme table in force, which the province publishes.
pub fn check_membership(
    candidate: &Membership,
    household: &[Membership],
    group: &[Membership],
    limits: GroupSizeLimits,
) -> DomainResult<()> {
    single_group(candidate, household)?;
    let joining = household.iter().all(|m| m.id != candidate.id) && candidate.left_on.is_none();
    if !joining {
        return Ok(());
    }
    let active = group
        .iter()
        .filter(|m| m.id != candidate.id && m.group_id == candidate.group_id)
        .filter(|m| m.is_active_on(candidate.joined_on))
        .count();
    group_has_room(u32::try_from(active).unwrap_or(u32::MAX), limits)
}

/// A CCCD number belongs to one person only.
pub fn unique_id_number(already_used_by_another: bool) -> DomainResult<()> {
    if already_used_by_another {
        Err(DomainError::invalid("idNumber", Code::Duplicate))
    } else {
        Ok(())
    }
}

/// A customer code (the bank's number for a household) belongs to one household only.
pub fn unique_customer_code(already_used_by_another: bool) -> DomainResult<()> {
    if already_used_by_another {
        Err(DomainError::invalid("customerCode", Code::Duplicate))
    } else {
        Ok(())
    }
}

/// The status in force on a date: the latest record whose `valid_from` is on or before it.
pub fn status_on(history: &[PovertyStatus], date: NaiveDate) -> Option<&PovertyStatus> {
    history
        .iter()
        .filter(|s| s.valid_from <= date)
        .max_by_key(|s| (s.valid_from, s.id))
}

/// Is a household "newly escaped" on a date: left the list no more than 3 years before it?
/// The boundary day itself (exactly 3 years) still counts.
pub fn newly_escaped_on(status: &PovertyStatus, date: NaiveDate) -> bool {
    match (status.category, status.escaped_on) {
        (PovertyCategory::NewlyEscaped, Some(left)) => date <= newly_escaped_until(left),
        _ => false,
    }
}

/// The last day a household that left the list on `left` still counts as newly escaped.
pub fn newly_escaped_until(left: NaiveDate) -> NaiveDate {
    left.checked_add_months(chrono::Months::new(36))
        .unwrap_or(NaiveDate::MAX)
}

/// The next session on or after `today` for a fixed day of month; in a month shorter than the
/// day, the session is held on the month's last day.
pub fn next_session_day(day: u8, today: NaiveDate) -> NaiveDate {
    let this_month = session_in_month(day, today.year(), today.month());
    if this_month >= today {
        return this_month;
    }
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    session_in_month(day, y, m)
}

fn session_in_month(day: u8, year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(first);
    let wanted = u32::from(day).min(last.day());
    first.with_day(wanted).unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::*;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn membership(n: u128, joined: NaiveDate, left: Option<NaiveDate>) -> Membership {
        Membership {
            id: MembershipId(Uuid::from_u128(n)),
            household_id: HouseholdId(Uuid::from_u128(1)),
            group_id: GroupId(Uuid::from_u128(100 + n)),
            joined_on: joined,
            left_on: left,
            left_reason: None,
        }
    }

    #[test]
    fn a_household_cannot_be_in_two_groups_at_once() {
        let first = membership(1, d(2020, 1, 1), None);
        let second = membership(2, d(2024, 1, 1), None);
        assert_eq!(
            single_group(&second, std::slice::from_ref(&first)),
            Err(DomainError::invalid("groupId", Code::AlreadyInGroup))
        );
    }

    #[test]
    fn moving_after_leaving_is_fine() {
        let first = membership(1, d(2020, 1, 1), Some(d(2023, 12, 31)));
        let second = membership(2, d(2023, 12, 31), None);
        assert_eq!(single_group(&second, &[first]), Ok(()));
    }

    #[test]
    fn editing_the_same_membership_is_not_a_second_group() {
        let first = membership(1, d(2020, 1, 1), None);
        let edited = Membership {
            left_on: Some(d(2025, 1, 1)),
            ..first.clone()
        };
        assert_eq!(single_group(&edited, &[first]), Ok(()));
    }

    #[test]
    fn group_size_limit() {
        let limits = GroupSizeLimits { min: 5, max: 60 };
        assert!(group_has_room(59, limits).is_ok());
        assert!(group_has_room(60, limits).is_err());
    }

    #[test]
    fn a_household_joins_a_group_only_below_its_maximum_on_the_day_it_joins() {
        let limits = GroupSizeLimits { min: 1, max: 2 };
        let group = GroupId(Uuid::from_u128(7));
        let member = |n: u128, joined, left| Membership {
            household_id: HouseholdId(Uuid::from_u128(n)),
            group_id: group,
            ..membership(n, joined, left)
        };
        let a = member(1, d(2024, 1, 1), None);
        let b = member(2, d(2024, 1, 1), Some(d(2026, 6, 1)));
        let joiner = member(3, d(2026, 3, 1), None);
        let full = check_membership(&joiner, &[], &[a.clone(), b.clone()], limits);
        assert_eq!(full, Err(DomainError::invalid("groupId", Code::GroupFull)));
        // After the second member left there is room.
        let later = Membership {
            joined_on: d(2026, 6, 1),
            ..joiner.clone()
        };
        assert_eq!(
            check_membership(&later, &[], &[a.clone(), b.clone()], limits),
            Ok(())
        );
        // A membership already recorded (an edit, a leaving) is not a new member.
        let leaving = Membership {
            left_on: Some(d(2026, 7, 1)),
            ..a.clone()
        };
        let three = [a.clone(), b, member(4, d(2025, 1, 1), None)];
        assert_eq!(check_membership(&leaving, &[a], &three, limits), Ok(()));
    }

    #[test]
    fn newly_escaped_counts_up_to_exactly_three_years() {
        let s = PovertyStatus {
            id: PovertyStatusId(Uuid::from_u128(1)),
            household_id: HouseholdId(Uuid::from_u128(1)),
            category: PovertyCategory::NewlyEscaped,
            valid_from: d(2023, 1, 15),
            escaped_on: Some(d(2023, 1, 15)),
            list_year: Some(2023),
            decision_ref: None,
        };
        assert!(newly_escaped_on(&s, d(2026, 1, 15)));
        assert!(!newly_escaped_on(&s, d(2026, 1, 16)));
    }

    #[test]
    fn status_on_takes_the_latest_record_in_force() {
        let mk = |n: u128, cat, from| PovertyStatus {
            id: PovertyStatusId(Uuid::from_u128(n)),
            household_id: HouseholdId(Uuid::from_u128(1)),
            category: cat,
            valid_from: from,
            escaped_on: None,
            list_year: None,
            decision_ref: None,
        };
        let h = vec![
            mk(1, PovertyCategory::Poor, d(2022, 1, 1)),
            mk(2, PovertyCategory::NearPoor, d(2024, 1, 1)),
        ];
        assert_eq!(
            status_on(&h, d(2023, 6, 1)).map(|s| s.category),
            Some(PovertyCategory::Poor)
        );
        assert_eq!(
            status_on(&h, d(2024, 1, 1)).map(|s| s.category),
            Some(PovertyCategory::NearPoor)
        );
        assert!(status_on(&h, d(2021, 1, 1)).is_none());
    }

    #[test]
    fn session_day_is_held_on_the_last_day_of_short_months() {
        assert_eq!(next_session_day(31, d(2026, 2, 10)), d(2026, 2, 28));
        assert_eq!(next_session_day(31, d(2028, 2, 10)), d(2028, 2, 29));
        assert_eq!(next_session_day(17, d(2026, 11, 17)), d(2026, 11, 17));
        assert_eq!(next_session_day(5, d(2026, 12, 6)), d(2027, 1, 5));
    }
}
