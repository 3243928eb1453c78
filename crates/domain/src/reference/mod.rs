//! Reference entities: the network (offices, points, villages, organisations, groups) and the
//! people it serves (households, persons, poverty status, memberships). Each entity validates
//! what it can know by itself in `validate`; rules that need other records live in `rules`.

mod network;
mod people;
pub mod review;
pub mod rules;

pub use network::*;
pub use people::*;

use crate::error::{Code, DomainError, DomainResult, Field};
use crate::text;
use chrono::NaiveDate;

/// A required text field: normalised (NFC, single spaces), not empty, at most `max` characters.
pub fn required_text(field: Field, value: &str, max: usize) -> DomainResult<String> {
    let v = text::normalize(value);
    if v.is_empty() {
        return Err(DomainError::invalid(field, Code::Required));
    }
    if v.chars().count() > max {
        return Err(DomainError::invalid(field, Code::TooLong));
    }
    Ok(v)
}

/// An optional text field: empty becomes `None`.
pub fn optional_text(
    field: Field,
    value: Option<&str>,
    max: usize,
) -> DomainResult<Option<String>> {
    match value.map(text::normalize) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) if v.chars().count() > max => Err(DomainError::invalid(field, Code::TooLong)),
        Some(v) => Ok(Some(v)),
    }
}

/// A date that cannot lie in the future.
pub fn not_future(field: Field, date: NaiveDate, today: NaiveDate) -> DomainResult<()> {
    if date > today {
        Err(DomainError::invalid(field, Code::FutureDate))
    } else {
        Ok(())
    }
}

/// An effective period: the end, when given, comes after the start.
pub fn period(field: Field, from: NaiveDate, to: Option<NaiveDate>) -> DomainResult<()> {
    match to {
        Some(to) if to < from => Err(DomainError::invalid(field, Code::DateOrder)),
        _ => Ok(()),
    }
}

/// A code made of ASCII digits of one of the given lengths.
pub fn digits(field: Field, value: &str, lengths: &[usize]) -> DomainResult<()> {
    if value.is_empty() {
        return Err(DomainError::invalid(field, Code::Required));
    }
    if !lengths.contains(&value.len()) || !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(DomainError::invalid(field, Code::InvalidFormat));
    }
    Ok(())
}
