//! Conversions between domain records and contract types, and parsing of request fields.

use crate::contract::{PersonInfo, PovertyEntry, UserInfo};
use crate::error::CoreResult;
use chrono::NaiveDate;
use std::str::FromStr;
use vonxa_domain::reference::{Person, PovertyStatus};
use vonxa_domain::user::User;
use vonxa_domain::{Code, DomainError, Field};

pub fn user(u: &User) -> UserInfo {
    UserInfo {
        id: u.id.to_string(),
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.into(),
        lang: u.lang.into(),
        active: u.active,
    }
}

/// Parse an id sent by the UI; a bad one is a validation error on that field.
pub fn id<T: FromStr>(value: &str, field: Field) -> CoreResult<T> {
    value
        .trim()
        .parse()
        .map_err(|_| DomainError::invalid(field, Code::InvalidFormat).into())
}

/// Parse an ISO date (`YYYY-MM-DD`) sent by the UI.
pub fn date(value: &str, field: Field) -> CoreResult<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(field, Code::Required).into());
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        // Written as a date (the screen sends dd/mm/yyyy as YYYY-MM-DD) but no such day: say so.
        let shaped = v.len() == 10
            && v.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        let code = if shaped {
            Code::NoSuchDate
        } else {
            Code::DateFormat
        };
        DomainError::invalid(field, code).into()
    })
}

/// A parsed field's value, or `None` with its problem noted so that the form's other
/// problems are found too; an error that is not about a field stops at once.
pub fn noted<T>(p: &mut vonxa_domain::error::Problems, r: CoreResult<T>) -> CoreResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(crate::error::CoreError::Domain(e)) => {
            p.add(e);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

pub fn opt_date(value: Option<&str>, field: Field) -> CoreResult<Option<NaiveDate>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(v, field).map(Some),
    }
}

/// Empty text is no value. Spaces inside numbers people type ("0510 8500 1234") are dropped.
pub fn opt_text(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

pub fn opt_digits(value: Option<String>) -> Option<String> {
    opt_text(value).map(|v| v.chars().filter(|c| !c.is_whitespace()).collect())
}

/// An ISO date (yyyy-mm-dd) as a Vietnamese form writes it (dd/mm/yyyy); other text as is.
pub fn dmy(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_owned(),
    }
}

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn person(p: &Person, head: Option<vonxa_domain::PersonId>) -> PersonInfo {
    PersonInfo {
        id: p.id.to_string(),
        household_id: p.household_id.to_string(),
        full_name: p.full_name.clone(),
        birth_date: iso(p.birth_date),
        sex: p.sex.into(),
        id_number: p.id_number.clone(),
        legacy_id_number: p.legacy_id_number.clone(),
        phone: p.phone.clone(),
        ethnicity: p.ethnicity.clone(),
        relation: p.relation.clone(),
        is_head: head == Some(p.id),
    }
}

pub fn poverty(s: &PovertyStatus) -> PovertyEntry {
    PovertyEntry {
        id: s.id.to_string(),
        category: s.category.into(),
        valid_from: iso(s.valid_from),
        escaped_on: s.escaped_on.map(iso),
        list_year: s.list_year,
        decision_ref: s.decision_ref.clone(),
    }
}

/// The rate history of the programme table in force on the device, and today: what a loan's
/// rate on screen is read from (a decree changes the rate of outstanding loans too).
pub struct RatesToday {
    rates: Vec<vonxa_domain::credit::rate::RateEntry>,
    today: NaiveDate,
}

impl RatesToday {
    pub fn of(store: &vonxa_store::Store) -> CoreResult<RatesToday> {
        Ok(RatesToday {
            rates: vonxa_store::credit::programme_table(store.connection())?.rates,
            today: store.today(),
        })
    }

    /// A loan as the screens show it, with the rate of its programme in force today (its
    /// contract rate when the table has none).
    pub fn loan(&self, l: &vonxa_domain::credit::loan::Loan) -> crate::contract::LoanInfo {
        let rate = vonxa_domain::credit::rate::rate_on(&self.rates, &l.programme, self.today);
        loan(l, rate.unwrap_or(l.rate))
    }
}

fn loan(
    l: &vonxa_domain::credit::loan::Loan,
    rate: vonxa_domain::credit::rate::AnnualRate,
) -> crate::contract::LoanInfo {
    crate::contract::LoanInfo {
        id: l.id.to_string(),
        contract_no: l.contract_no.clone(),
        programme: l.programme.clone(),
        principal: l.principal.as_dong(),
        disbursed_on: l.disbursed_on.to_string(),
        maturity_on: l.maturity_on.to_string(),
        purpose: l.purpose.clone(),
        rate_ppm: rate.ppm(),
        status: l.status.into(),
        outstanding: l.outstanding.as_dong(),
        outstanding_as_of: l.outstanding_as_of.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(v: &str) -> Option<String> {
        match date(v, "birthDate") {
            Err(crate::error::CoreError::Domain(DomainError::Validation { code, .. })) => {
                Some(format!("{code:?}"))
            }
            _ => None,
        }
    }

    #[test]
    fn a_date_that_does_not_exist_is_told_from_one_badly_written() {
        assert_eq!(code("2026-02-31").as_deref(), Some("NoSuchDate"));
        assert_eq!(code("2026-13-01").as_deref(), Some("NoSuchDate"));
        assert_eq!(code("31/02/2026").as_deref(), Some("DateFormat"));
        assert_eq!(code("hôm qua").as_deref(), Some("DateFormat"));
        assert_eq!(code(" ").as_deref(), Some("Required"));
        assert!(date("2024-02-29", "birthDate").is_ok());
    }
}
