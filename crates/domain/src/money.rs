//! Money in whole đồng. The đồng has no minor unit, so an `i64` holds every amount exactly;
//! arithmetic is checked and never silently wraps. There are no floats anywhere near money.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of Vietnamese đồng.
///
/// Read from outside (a pushed record, a file, a stored document) an amount is bounded by
/// [`Money::CEILING`] either way: far above any real loan, deposit or point's figures, and low
/// enough that a million of them still add up inside an `i64`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Money(i64);

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let v = i64::deserialize(d)?;
        if v.checked_abs().is_none_or(|a| a > Money::CEILING.0) {
            return Err(serde::de::Error::custom(format!(
                "an amount is at most {} đồng either way",
                Money::CEILING.0
            )));
        }
        Ok(Money(v))
    }
}

impl Money {
    pub const ZERO: Money = Money(0);
    /// 10¹³ đ (ten thousand billion): the largest amount any record may carry.
    pub const CEILING: Money = Money(10_000_000_000_000);

    pub const fn dong(amount: i64) -> Money {
        Money(amount)
    }

    pub const fn as_dong(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    pub fn checked_neg(self) -> Option<Money> {
        self.0.checked_neg().map(Money)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Money> {
        self.0.checked_mul(factor).map(Money)
    }

    /// Sum a sequence; `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Money>>(items: I) -> Option<Money> {
        items.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Vietnamese display: dots between thousands and " đ", e.g. "1.500.000 đ".
    pub fn format_vi(self) -> String {
        format!("{} đ", group_thousands(self.0, '.'))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_vi())
    }
}

/// Parse what a person types: "1.500.000", "1500000", "1.500.000 đ", "1 500 000đ".
/// Returns `None` for anything that is not a whole number of đồng.
pub fn parse_vi(input: &str) -> Option<Money> {
    let trimmed = input
        .trim()
        .trim_end_matches("đồng")
        .trim_end_matches('đ')
        .trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let cleaned: String = digits
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: i64 = cleaned.parse().ok()?;
    Some(Money(if negative { -value } else { value }))
}

fn group_thousands(value: i64, sep: char) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[test]
    fn amounts_read_from_outside_are_bounded() {
        let ok: Money = serde_json::from_str("10000000000000").unwrap();
        assert_eq!(ok, Money::CEILING);
        let neg: Money = serde_json::from_str("-10000000000000").unwrap();
        assert_eq!(neg.as_dong(), -10_000_000_000_000);
        for bad in [
            "10000000000001",
            "9223372036854775807",
            "-9223372036854775808",
        ] {
            assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
        }
    }

    #[rstest]
    #[case(0, "0 đ")]
    #[case(5_000, "5.000 đ")]
    #[case(1_500_000, "1.500.000 đ")]
    #[case(-10_000, "-10.000 đ")]
    #[case(100_000_000, "100.000.000 đ")]
    fn formats_in_vietnamese(#[case] dong: i64, #[case] expected: &str) {
        assert_eq!(Money::dong(dong).format_vi(), expected);
    }

    #[rstest]
    #[case("1.500.000", Some(1_500_000))]
    #[case("1500000", Some(1_500_000))]
    #[case(" 1.500.000 đ ", Some(1_500_000))]
    #[case("5 000đồng", Some(5_000))]
    #[case("1,5", None)]
    #[case("abc", None)]
    #[case("", None)]
    fn parses_what_people_type(#[case] input: &str, #[case] expected: Option<i64>) {
        assert_eq!(parse_vi(input).map(Money::as_dong), expected);
    }

    #[test]
    fn overflow_is_detected_not_wrapped() {
        assert_eq!(Money::dong(i64::MAX).checked_add(Money::dong(1)), None);
        assert_eq!(Money::dong(i64::MIN).checked_neg(), None);
        assert_eq!(
            Money::checked_sum([Money::dong(i64::MAX), Money::dong(1)]),
            None
        );
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(v in -1_000_000_000_000i64..1_000_000_000_000i64) {
            prop_assert_eq!(parse_vi(&Money::dong(v).format_vi()), Some(Money::dong(v)));
        }

        #[test]
        fn add_then_sub_is_identity(a in -1_000_000_000_000i64..1_000_000_000_000i64, b in -1_000_000_000_000i64..1_000_000_000_000i64) {
            let sum = Money::dong(a).checked_add(Money::dong(b)).unwrap();
            prop_assert_eq!(sum.checked_sub(Money::dong(b)), Some(Money::dong(a)));
        }
    }
}
