//! Identity documents: the 12-digit CCCD (Căn cước) and the legacy 9-digit CMND.
//!
//! A CCCD is 3 digits of the province of birth registration, 1 digit for century and sex
//! (1900s: male 0, female 1; 2000s: male 2, female 3; 2100s: 4/5; 2200s: 6/7; 1800s is not
//! issued), 2 digits of the birth year, then 6 digits. The province prefix uses the old
//! 63-province codes and says nothing about residence, so it is not checked against an address.

use crate::error::{Code, DomainError, DomainResult, Field};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// Check a CCCD number against the holder's birth date and sex.
pub fn validate_cccd(
    field: Field,
    number: &str,
    birth_date: NaiveDate,
    sex: Sex,
) -> DomainResult<()> {
    if !number.chars().all(|c| c.is_ascii_digit()) {
        return Err(DomainError::invalid(field, Code::CccdDigits));
    }
    if number.len() != 12 {
        return Err(DomainError::invalid(field, Code::CccdLength));
    }
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    let code = digits[3];
    let century_index = code / 2; // 0 = 1900s, 1 = 2000s, 2 = 2100s, 3 = 2200s
    if code > 7 {
        return Err(DomainError::invalid(field, Code::CccdCenturyMismatch));
    }
    let year = birth_date.year();
    let century_of_birth = (year / 100) - 19;
    if century_of_birth < 0 || century_of_birth as u32 != century_index {
        return Err(DomainError::invalid(field, Code::CccdCenturyMismatch));
    }
    let yy = digits[4] * 10 + digits[5];
    if yy as i32 != year % 100 {
        return Err(DomainError::invalid(field, Code::CccdCenturyMismatch));
    }
    let encoded_sex = if code.is_multiple_of(2) {
        Sex::Male
    } else {
        Sex::Female
    };
    if encoded_sex != sex {
        return Err(DomainError::invalid(field, Code::CccdSexMismatch));
    }
    Ok(())
}

/// Check a legacy CMND number: 9 digits (some 12-digit CMND were issued in 2012–2016).
pub fn validate_cmnd(field: Field, number: &str) -> DomainResult<()> {
    let ok = matches!(number.len(), 9 | 12) && number.chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid(field, Code::CmndFormat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[rstest]
    #[case("051085001234", d(1985, 3, 1), Sex::Male)]
    #[case("051185001234", d(1985, 3, 1), Sex::Female)]
    #[case("062205001234", d(2005, 7, 9), Sex::Male)]
    #[case("001300000001", d(2000, 1, 1), Sex::Female)]
    fn accepts_consistent_numbers(#[case] n: &str, #[case] born: NaiveDate, #[case] sex: Sex) {
        assert_eq!(validate_cccd("idNumber", n, born, sex), Ok(()));
    }

    #[rstest]
    #[case("05108500123", d(1985, 3, 1), Sex::Male, Code::CccdLength)]
    #[case("0510850012345", d(1985, 3, 1), Sex::Male, Code::CccdLength)]
    #[case("05108500123a", d(1985, 3, 1), Sex::Male, Code::CccdDigits)]
    #[case("051285001234", d(1985, 3, 1), Sex::Male, Code::CccdCenturyMismatch)]
    #[case("051086001234", d(1985, 3, 1), Sex::Male, Code::CccdCenturyMismatch)]
    #[case("051885001234", d(1985, 3, 1), Sex::Male, Code::CccdCenturyMismatch)]
    #[case("051185001234", d(1985, 3, 1), Sex::Male, Code::CccdSexMismatch)]
    #[case("051005001234", d(2005, 3, 1), Sex::Male, Code::CccdCenturyMismatch)]
    fn rejects_inconsistent_numbers(
        #[case] n: &str,
        #[case] born: NaiveDate,
        #[case] sex: Sex,
        #[case] code: Code,
    ) {
        let err = validate_cccd("idNumber", n, born, sex).unwrap_err();
        assert_eq!(err, DomainError::invalid("idNumber", code));
        assert_eq!(err.field(), Some("idNumber"));
    }

    #[rstest]
    #[case("212345678", true)]
    #[case("212345678901", true)]
    #[case("21234567", false)]
    #[case("21234567x", false)]
    fn checks_legacy_cmnd(#[case] n: &str, #[case] ok: bool) {
        assert_eq!(validate_cmnd("legacyIdNumber", n).is_ok(), ok);
    }
}
