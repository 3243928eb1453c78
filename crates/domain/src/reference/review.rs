//! The commune's annual poverty list against the statuses on record (the directive asks for
//! the lists of poor, near-poor and newly-escaped households to be kept up to date so they
//! reach credit in time).
//!
//! The list names the households that are poor or near-poor from its date. Compared with what
//! the store holds on that date, each household is one of: newly listed (was not poor or
//! near-poor), changed category (poor ↔ near-poor), left the list (was poor or near-poor and is
//! no longer on it: newly escaped from the list's date), unchanged, or — for a line of the
//! list — not found among the commune's households. Applying a review writes one dated status
//! record per difference; nothing is edited.

use super::{PovertyCategory, PovertyStatus};
use crate::ids::{HouseholdId, PovertyStatusId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// One line of the list, matched (or not) to a household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListLine {
    /// The spreadsheet row.
    pub line: usize,
    pub household: Option<HouseholdId>,
    /// Poor or near-poor: the only categories a list names.
    pub category: PovertyCategory,
}

/// What the review finds for one household or line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Finding {
    /// On the list, and not poor or near-poor on record.
    Listed { to: PovertyCategory },
    /// Poor on record and near-poor on the list, or the reverse.
    Changed {
        from: PovertyCategory,
        to: PovertyCategory,
    },
    /// Poor or near-poor on record, not on the list: newly escaped from the list's date.
    Left { from: PovertyCategory },
    /// A line that matches no household of the commune.
    NotFound,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub line: Option<usize>,
    pub household: Option<HouseholdId>,
    pub finding: Finding,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    pub differences: Vec<Difference>,
    /// Households on the list whose category on record already matches it.
    pub unchanged: usize,
}

/// Is a category one the list names (poor or near-poor)?
pub fn on_list(category: PovertyCategory) -> bool {
    matches!(category, PovertyCategory::Poor | PovertyCategory::NearPoor)
}

/// Compare the list with the statuses in force on its date. `on_record` holds every household
/// of the commune with the category in force then (`None`: no status on record). Lines naming
/// the same household twice are the caller's to refuse before this is called.
pub fn review(
    lines: &[ListLine],
    on_record: &HashMap<HouseholdId, Option<PovertyCategory>>,
) -> Review {
    let mut out = Review::default();
    let mut listed = HashSet::new();
    for l in lines {
        let Some(h) = l.household.filter(|h| on_record.contains_key(h)) else {
            out.differences.push(Difference {
                line: Some(l.line),
                household: None,
                finding: Finding::NotFound,
            });
            continue;
        };
        listed.insert(h);
        let finding = match on_record.get(&h).copied().flatten() {
            Some(now) if now == l.category => {
                out.unchanged += 1;
                continue;
            }
            Some(now) if on_list(now) => Finding::Changed {
                from: now,
                to: l.category,
            },
            _ => Finding::Listed { to: l.category },
        };
        out.differences.push(Difference {
            line: Some(l.line),
            household: Some(h),
            finding,
        });
    }
    let mut left: Vec<Difference> = on_record
        .iter()
        .filter(|(h, _)| !listed.contains(*h))
        .filter_map(|(h, now)| {
            now.filter(|c| on_list(*c)).map(|from| Difference {
                line: None,
                household: Some(*h),
                finding: Finding::Left { from },
            })
        })
        .collect();
    left.sort_by_key(|d| d.household);
    out.differences.extend(left);
    out
}

/// Where the list came from: its date (statuses start then), year and commune decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListSource {
    pub date: NaiveDate,
    pub year: i32,
    pub decision_ref: Option<String>,
}

/// The dated status record a difference calls for (`None` for a line not found).
pub fn status_for(d: &Difference, source: &ListSource) -> Option<PovertyStatus> {
    let household = d.household?;
    let (category, escaped_on) = match d.finding {
        Finding::Listed { to } | Finding::Changed { to, .. } => (to, None),
        Finding::Left { .. } => (PovertyCategory::NewlyEscaped, Some(source.date)),
        Finding::NotFound => return None,
    };
    Some(PovertyStatus {
        id: PovertyStatusId(Uuid::now_v7()),
        household_id: household,
        category,
        valid_from: source.date,
        escaped_on,
        list_year: Some(source.year),
        decision_ref: source.decision_ref.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use PovertyCategory::*;

    fn h(n: u128) -> HouseholdId {
        HouseholdId(Uuid::from_u128(n))
    }

    fn line(line: usize, n: Option<u128>, category: PovertyCategory) -> ListLine {
        ListLine {
            line,
            household: n.map(h),
            category,
        }
    }

    #[test]
    fn each_kind_of_difference_is_found() {
        let record = HashMap::from([
            (h(1), Some(Poor)),
            (h(2), Some(Poor)),
            (h(3), Some(NearPoor)),
            (h(4), Some(AverageLiving)),
            (h(5), None),
            (h(6), Some(NearPoor)),
            (h(7), Some(NewlyEscaped)),
        ]);
        let lines = [
            line(2, Some(1), Poor),
            line(3, Some(2), NearPoor),
            line(4, Some(4), Poor),
            line(5, Some(5), NearPoor),
            line(6, Some(99), Poor),
            line(7, None, Poor),
        ];
        let r = review(&lines, &record);
        assert_eq!(r.unchanged, 1);
        let found: Vec<(Option<usize>, Option<HouseholdId>, Finding)> = r
            .differences
            .iter()
            .map(|d| (d.line, d.household, d.finding))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    Some(3),
                    Some(h(2)),
                    Finding::Changed {
                        from: Poor,
                        to: NearPoor
                    }
                ),
                (Some(4), Some(h(4)), Finding::Listed { to: Poor }),
                (Some(5), Some(h(5)), Finding::Listed { to: NearPoor }),
                (Some(6), None, Finding::NotFound),
                (Some(7), None, Finding::NotFound),
                (None, Some(h(3)), Finding::Left { from: NearPoor }),
                (None, Some(h(6)), Finding::Left { from: NearPoor }),
            ]
        );
    }

    #[test]
    fn leaving_the_list_makes_a_household_newly_escaped_from_the_list_date() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let source = ListSource {
            date,
            year: 2026,
            decision_ref: Some("QĐ 12/QĐ-UBND".into()),
        };
        let left = Difference {
            line: None,
            household: Some(h(3)),
            finding: Finding::Left { from: Poor },
        };
        let s = status_for(&left, &source).unwrap();
        assert_eq!(s.category, NewlyEscaped);
        assert_eq!((s.valid_from, s.escaped_on), (date, Some(date)));
        assert_eq!(s.list_year, Some(2026));
        assert!(s.clone().validate(date).is_ok());
        let listed = Difference {
            finding: Finding::Listed { to: NearPoor },
            ..left.clone()
        };
        let s = status_for(&listed, &source).unwrap();
        assert_eq!((s.category, s.escaped_on), (NearPoor, None));
        let missing = Difference {
            household: None,
            finding: Finding::NotFound,
            ..left
        };
        assert!(status_for(&missing, &source).is_none());
    }

    #[test]
    fn a_household_off_the_list_that_was_not_poor_is_not_a_difference() {
        let record = HashMap::from([
            (h(1), Some(NewlyEscaped)),
            (h(2), None),
            (h(3), Some(Other)),
        ]);
        let r = review(&[], &record);
        assert!(r.differences.is_empty());
        assert_eq!(r.unchanged, 0);
    }
}
