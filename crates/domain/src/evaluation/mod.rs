//! Rating groups and entrusted organisations per period (Tốt / Khá / Trung bình / Yếu) by a
//! published, versioned scoring table. The bank's own criteria and thresholds are not public and
//! differ by period (domain.md §6.3, §12 item 4), so they are data: each table names its
//! criteria, the bands of each criterion's value and the points each band gives, and the least
//! points of each grade. A rating is explainable: every criterion's value, band and points.
//!
//! The facts (`Facts`) are figures each side already keeps for the period: the province from
//! its ledger and records, a device from its own. An organisation's or a commune's facts are the
//! sum of its groups, rated by a table for that subject.

use crate::error::{Code, DomainError, DomainResult};
use crate::money::Money;
use crate::reference::required_text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod starting;
#[cfg(test)]
mod tests;

pub use starting::starting_table;

/// What a table rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Group,
    Organisation,
}

/// The four grades, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Good,
    Fair,
    Average,
    Weak,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Good, Grade::Fair, Grade::Average, Grade::Weak];

    pub fn name_vi(self) -> &'static str {
        match self {
            Grade::Good => "Tốt",
            Grade::Fair => "Khá",
            Grade::Average => "Trung bình",
            Grade::Weak => "Yếu",
        }
    }
}

/// A period's figures of a group (or the sum over an organisation's groups).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facts {
    /// Outstanding principal at the period's end, and the part of it overdue (or frozen).
    pub outstanding: Money,
    pub overdue: Money,
    /// Interest due in the period, and collected against it.
    pub interest_due: Money,
    pub interest_collected: Money,
    /// Fund-use checks falling due in the period, and those done by their deadline.
    pub checks_due: u32,
    pub checks_on_time: u32,
    /// Monthly meetings the group should have held, and held.
    pub meetings_due: u32,
    pub meetings_held: u32,
    /// Members at the period's end, and those who saved in the period.
    pub members: u32,
    pub members_saving: u32,
    /// Discrepancy cases (money collected but not handed in) open at the period's end.
    pub discrepancies_open: u32,
}

impl Facts {
    /// The facts of several groups together (an organisation's, a commune's).
    pub fn with(self, o: Facts) -> Facts {
        Facts {
            outstanding: Money::dong(self.outstanding.as_dong() + o.outstanding.as_dong()),
            overdue: Money::dong(self.overdue.as_dong() + o.overdue.as_dong()),
            interest_due: Money::dong(self.interest_due.as_dong() + o.interest_due.as_dong()),
            interest_collected: Money::dong(
                self.interest_collected.as_dong() + o.interest_collected.as_dong(),
            ),
            checks_due: self.checks_due + o.checks_due,
            checks_on_time: self.checks_on_time + o.checks_on_time,
            meetings_due: self.meetings_due + o.meetings_due,
            meetings_held: self.meetings_held + o.meetings_held,
            members: self.members + o.members,
            members_saving: self.members_saving + o.members_saving,
            discrepancies_open: self.discrepancies_open + o.discrepancies_open,
        }
    }
}

/// What a criterion measures. Ratios are in basis points (1 % = 100), rounded down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Overdue / outstanding.
    OverdueRatio,
    /// Interest collected / interest due (can pass 100 % when arrears are paid).
    InterestCollection,
    /// Fund-use checks done on time / due.
    ChecksOnTime,
    /// Meetings held / due.
    MeetingsHeld,
    /// Members who saved / members.
    SavingsParticipation,
    /// Open discrepancy cases (a count, not a ratio).
    DiscrepanciesOpen,
}

fn ratio(num: i64, den: i64) -> Option<u32> {
    (den > 0).then(|| {
        let bp = i128::from(num.max(0)) * 10_000 / i128::from(den);
        u32::try_from(bp).unwrap_or(u32::MAX)
    })
}

impl Metric {
    /// The value for the facts; `None` when it does not apply (nothing due, nobody to count).
    pub fn value(self, f: &Facts) -> Option<u32> {
        match self {
            Metric::OverdueRatio => ratio(f.overdue.as_dong(), f.outstanding.as_dong()),
            Metric::InterestCollection => {
                ratio(f.interest_collected.as_dong(), f.interest_due.as_dong())
            }
            Metric::ChecksOnTime => ratio(f.checks_on_time.into(), f.checks_due.into()),
            Metric::MeetingsHeld => ratio(f.meetings_held.into(), f.meetings_due.into()),
            Metric::SavingsParticipation => ratio(f.members_saving.into(), f.members.into()),
            Metric::DiscrepanciesOpen => Some(f.discrepancies_open),
        }
    }
}

/// Values from `from` to `to` (both included) give `points`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Band {
    pub from: u32,
    pub to: u32,
    pub points: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub metric: Metric,
    pub name_vi: String,
    /// Contiguous from 0 to `u32::MAX`, in order.
    pub bands: Vec<Band>,
}

impl Criterion {
    pub fn max_points(&self) -> u32 {
        self.bands.iter().map(|b| b.points).max().unwrap_or(0)
    }
}

/// The least points of a grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Threshold {
    pub grade: Grade,
    pub min_points: u32,
}

/// A published scoring table: one version, in force from a day, with its basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoringTable {
    pub subject: Subject,
    pub version: u32,
    pub effective_from: NaiveDate,
    /// The document it follows, or why it is the province's own.
    pub basis: String,
    pub criteria: Vec<Criterion>,
    /// One per grade, best first, each needing fewer points than the one before; weak at 0.
    pub thresholds: Vec<Threshold>,
}

impl ScoringTable {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.basis = required_text("basis", &self.basis, 300)?;
        if self.criteria.is_empty() {
            return Err(DomainError::invalid("criteria", Code::Required));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            if self.criteria[..i].iter().any(|o| o.metric == c.metric) {
                return Err(DomainError::invalid("criteria", Code::Duplicate));
            }
            required_text("criteria", &c.name_vi, 120)?;
            let contiguous = c.bands.first().is_some_and(|b| b.from == 0)
                && c.bands.last().is_some_and(|b| b.to == u32::MAX)
                && c.bands.iter().all(|b| b.from <= b.to)
                && c.bands
                    .windows(2)
                    .all(|w| w[0].to.checked_add(1) == Some(w[1].from));
            if !contiguous {
                return Err(DomainError::invalid("bands", Code::InvalidValue));
            }
        }
        let grades: Vec<Grade> = self.thresholds.iter().map(|t| t.grade).collect();
        let descending = self
            .thresholds
            .windows(2)
            .all(|w| w[0].min_points > w[1].min_points);
        let weak_at_zero = self.thresholds.last().map(|t| t.min_points) == Some(0);
        if grades != Grade::ALL || !descending || !weak_at_zero {
            return Err(DomainError::invalid("thresholds", Code::InvalidValue));
        }
        Ok(self)
    }

    pub fn max_points(&self) -> u32 {
        self.criteria.iter().map(Criterion::max_points).sum()
    }
}

/// The table in force for `subject` on `day`: the latest effective, then the highest version.
pub fn in_force(
    tables: &[ScoringTable],
    subject: Subject,
    day: NaiveDate,
) -> Option<&ScoringTable> {
    tables
        .iter()
        .filter(|t| t.subject == subject && t.effective_from <= day)
        .max_by_key(|t| (t.effective_from, t.version))
}

/// One criterion of a rating: its value (`None`: not applicable, full points), band, points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub metric: Metric,
    pub name_vi: String,
    pub value: Option<u32>,
    pub band: Option<Band>,
    pub points: u32,
    pub max_points: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    pub grade: Grade,
    pub points: u32,
    pub max_points: u32,
    pub table_version: u32,
    pub lines: Vec<Line>,
}

/// Rate the facts by the table (validated). A criterion that does not apply to the period (no
/// loan outstanding, no check due) gives its full points: nothing went wrong there.
pub fn rate(facts: &Facts, table: &ScoringTable) -> Rating {
    let lines: Vec<Line> = table
        .criteria
        .iter()
        .map(|c| {
            let value = c.metric.value(facts);
            let band = value.and_then(|v| c.bands.iter().find(|b| b.from <= v && v <= b.to));
            Line {
                metric: c.metric,
                name_vi: c.name_vi.clone(),
                value,
                band: band.copied(),
                points: match (value, band) {
                    (None, _) => c.max_points(),
                    (Some(_), b) => b.map_or(0, |b| b.points),
                },
                max_points: c.max_points(),
            }
        })
        .collect();
    let points = lines.iter().map(|l| l.points).sum();
    let grade = table
        .thresholds
        .iter()
        .find(|t| points >= t.min_points)
        .map_or(Grade::Weak, |t| t.grade);
    Rating {
        grade,
        points,
        max_points: table.max_points(),
        table_version: table.version,
        lines,
    }
}
