//! An amount of đồng in Vietnamese words, as a receipt (01/BL) writes it under the figure:
//! 500,000 → "Năm trăm nghìn đồng chẵn"; 1,005,000 → "Một triệu không trăm linh năm nghìn
//! đồng chẵn"; 21,500 → "Hai mươi mốt nghìn năm trăm đồng".
//!
//! Conventions (the common written form): groups of three digits with nghìn, triệu, tỷ (and
//! nghìn tỷ…); a group after the first reads its hundreds even when zero ("không trăm"); a
//! zero tens before a unit is "linh"; after a tens of two or more a one is "mốt", a five after
//! any tens is "lăm"; "chẵn" closes an amount with no đồng below the thousand.

use crate::money::Money;

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];
const SCALES: [&str; 4] = ["", "nghìn", "triệu", "tỷ"];

/// Three digits in words; `full`: read the hundreds even when zero (a group after the first).
fn group(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (
        (n / 100) as usize,
        ((n / 10) % 10) as usize,
        (n % 10) as usize,
    );
    if h > 0 || full {
        out.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u > 0 && (h > 0 || full) => out.push("linh"),
        0 => {}
        1 => out.push("mười"),
        _ => out.extend([DIGITS[t], "mươi"]),
    }
    match u {
        0 => {}
        1 if t >= 2 => out.push("mốt"),
        5 if t >= 1 => out.push("lăm"),
        _ => out.push(DIGITS[u]),
    }
}

/// Words for a whole number (no unit).
fn number(n: u64, out: &mut Vec<&'static str>) {
    if n == 0 {
        out.push("không");
        return;
    }
    // Groups of three, least significant first.
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 1000);
        rest /= 1000;
    }
    let top = groups.len() - 1;
    for i in (0..groups.len()).rev() {
        let g = groups[i];
        if g == 0 {
            // A zero group at a "tỷ" place still names it: "một nghìn tỷ".
            if i > 0 && i % 3 == 0 && i != top {
                out.push("tỷ");
            }
            continue;
        }
        group(g, i != top, out);
        // Scales repeat every three groups: nghìn tỷ, triệu tỷ, tỷ tỷ.
        let scale = match i {
            0 => "",
            _ if i % 3 == 0 => "tỷ",
            _ => SCALES[i % 3],
        };
        if !scale.is_empty() {
            out.push(scale);
        }
    }
}

/// "Năm trăm nghìn đồng chẵn".
pub fn amount_in_words(amount: Money) -> String {
    let dong = amount.as_dong();
    let mut words: Vec<&'static str> = Vec::new();
    if dong < 0 {
        words.push("âm");
    }
    number(dong.unsigned_abs(), &mut words);
    words.push("đồng");
    if dong % 1000 == 0 && dong != 0 {
        words.push("chẵn");
    }
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: i64) -> String {
        amount_in_words(Money::dong(n))
    }

    #[test]
    fn reads_amounts_as_receipts_write_them() {
        assert_eq!(w(500_000), "Năm trăm nghìn đồng chẵn");
        assert_eq!(w(0), "Không đồng");
        assert_eq!(w(15), "Mười lăm đồng");
        assert_eq!(w(21), "Hai mươi mốt đồng");
        assert_eq!(w(11), "Mười một đồng");
        assert_eq!(w(105), "Một trăm linh năm đồng");
        assert_eq!(w(21_500), "Hai mươi mốt nghìn năm trăm đồng");
        assert_eq!(
            w(1_005_000),
            "Một triệu không trăm linh năm nghìn đồng chẵn"
        );
        assert_eq!(w(1_000_000), "Một triệu đồng chẵn");
        assert_eq!(w(12_931), "Mười hai nghìn chín trăm ba mươi mốt đồng");
        assert_eq!(
            w(264_986),
            "Hai trăm sáu mươi bốn nghìn chín trăm tám mươi sáu đồng"
        );
        assert_eq!(w(100_000_000), "Một trăm triệu đồng chẵn");
        assert_eq!(
            w(2_000_050_000),
            "Hai tỷ không trăm năm mươi nghìn đồng chẵn"
        );
        assert_eq!(w(-30_000), "Âm ba mươi nghìn đồng chẵn");
    }

    #[test]
    fn thousands_of_billions_keep_their_scale() {
        assert_eq!(w(1_000_000_000_000), "Một nghìn tỷ đồng chẵn");
        assert_eq!(w(5_000_000_000_000_000), "Năm triệu tỷ đồng chẵn");
    }
}
