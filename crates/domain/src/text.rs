//! Vietnamese text: normalisation of what people type and folding for search.
//!
//! Names are stored as typed, in Unicode NFC. Search compares folded forms: decomposed, with
//! every combining mark removed (tones and vowel marks), đ/Đ turned into d (they do not
//! decompose), apostrophes of ethnic-minority names dropped ("H're" = "hre"), lower-cased and
//! with runs of white space collapsed. Old and new tone placement ("hoà"/"hòa") fold alike.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC form with trimmed ends and single spaces: how names are stored.
pub fn normalize(input: &str) -> String {
    collapse_spaces(&input.nfc().collect::<String>())
}

/// The search key of a text.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfd() {
        if is_combining_mark(c) || matches!(c, '\'' | '\u{2019}' | '\u{02bc}' | '`') {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    collapse_spaces(&out)
}

/// Does `haystack` contain every word of `query`, both folded?
pub fn matches(haystack: &str, query: &str) -> bool {
    let hay = fold(haystack);
    let q = fold(query);
    hay.contains(&q)
}

/// Sort key for a Vietnamese full name: given name, then middle names, then family name, as
/// lists are conventionally ordered. "Nguyễn Thị Kim Long" sorts under "long kim thi nguyen".
pub fn name_sort_key(full_name: &str) -> String {
    let folded = fold(full_name);
    let mut words: Vec<&str> = folded.split(' ').collect();
    words.reverse();
    words.join(" ")
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("Nguyễn Thị Hương", "nguyen thi huong")]
    #[case("NGUYỄN THỊ HƯƠNG", "nguyen thi huong")]
    #[case("Đặng Văn Đức", "dang van duc")]
    #[case("hoà", "hoa")]
    #[case("hòa", "hoa")]
    #[case("Thuý", "thuy")]
    #[case("Thúy", "thuy")]
    #[case("  Lê   Văn  Tám ", "le van tam")]
    #[case("H'Jer", "hjer")]
    #[case("Đinh Thị H\u{2019}re", "dinh thi hre")]
    fn folds_like_a_vietnamese_reader(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(fold(input), expected);
    }

    #[test]
    fn decomposed_and_composed_inputs_fold_alike() {
        let composed = "Nguyễn";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(fold(composed), fold(&decomposed));
        assert_eq!(normalize(&decomposed), composed);
    }

    #[test]
    fn search_ignores_diacritics_and_case_both_ways() {
        assert!(matches("Nguyễn Thị Hương", "nguyen thi huong"));
        assert!(matches("nguyen thi huong", "Nguyễn Thị Hương"));
        assert!(matches("Đặng Văn Lâm", "dang"));
        assert!(!matches("Nguyễn Thị Hương", "nguyen van"));
    }

    #[test]
    fn sorts_by_given_name_first() {
        assert_eq!(name_sort_key("Nguyễn Thị Kim Long"), "long kim thi nguyen");
        let mut names = vec!["Trần Văn Bình", "Lê Thị An"];
        names.sort_by_key(|n| name_sort_key(n));
        assert_eq!(names, vec!["Lê Thị An", "Trần Văn Bình"]);
    }
}
