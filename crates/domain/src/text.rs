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

/// The canonical form of free text as stored and synced: NFC, no control characters, single
/// spaces, trimmed; line breaks are kept (notes have lines) but blank lines at either end are
/// dropped and runs of them become one.
pub fn canonical(input: &str) -> String {
    if is_canonical(input) {
        return input.to_owned();
    }
    let nfc: String = input.nfc().collect();
    let mut lines: Vec<String> = Vec::new();
    for line in nfc.split('\n') {
        let cleaned: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let line = collapse_spaces(&cleaned);
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Is `s` already in canonical form? Most stored text is (a device writes it so): one pass over
/// the characters, no allocation, and NFC's quick check.
fn is_canonical(s: &str) -> bool {
    // A leading space, two spaces in a row, any other white space or control character (line
    // breaks included: those take the slow path) and a trailing space are not canonical.
    let mut prev_space = true;
    for c in s.chars() {
        if c.is_control() || (c.is_whitespace() && c != ' ') {
            return false;
        }
        let space = c == ' ';
        if space && prev_space {
            return false;
        }
        prev_space = space;
    }
    if prev_space && !s.is_empty() {
        return false;
    }
    s.is_ascii()
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Is every string of a record already canonical? (Read-only: what an honest device sends is,
/// so the province decodes it without a copy.)
pub fn doc_is_canonical(doc: &serde_json::Value) -> bool {
    match doc {
        serde_json::Value::String(s) => is_canonical(s),
        serde_json::Value::Array(items) => items.iter().all(doc_is_canonical),
        serde_json::Value::Object(map) => map.values().all(doc_is_canonical),
        _ => true,
    }
}

/// Every string of a record in its canonical form ([`canonical`]), in place. The device applies
/// it before a record is checked and sealed, the province to what it stores and serves, so an
/// honest device's record reaches the province unchanged.
pub fn canonical_doc(doc: &mut serde_json::Value) {
    match doc {
        serde_json::Value::String(s) if !is_canonical(s) => *s = canonical(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(canonical_doc),
        serde_json::Value::Object(map) => map.values_mut().for_each(canonical_doc),
        _ => {}
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn canonical_text_keeps_lines_and_nothing_else() {
        assert_eq!(canonical("  Hoa\u{0300}  \t Bình \u{7}"), "Hoà Bình");
        assert_eq!(
            canonical("\n\ndòng 1 \r\n\n\n\n dòng 2\n\n"),
            "dòng 1\n\ndòng 2"
        );
        assert_eq!(canonical(&" ".repeat(100_000)), "");
        let mut doc = serde_json::json!({"a": " x ", "b": [" y  z "], "c": 5});
        assert!(!doc_is_canonical(&doc));
        canonical_doc(&mut doc);
        assert_eq!(doc, serde_json::json!({"a": "x", "b": ["y z"], "c": 5}));
        assert!(doc_is_canonical(&doc));
        let again = doc.clone();
        canonical_doc(&mut doc);
        assert_eq!(doc, again, "idempotent");
        // The quick check never lets a non-canonical text through (a line break takes the
        // slow path even when it is canonical).
        for t in ["", "a", "a b", "Hòa", "x\ny"] {
            assert_eq!(canonical(t), t, "{t:?}");
        }
        for t in [" a", "a ", "a  b", "Hoa\u{0300}", "a\u{a0}b", "a\tb"] {
            assert!(!is_canonical(t), "{t:?}");
            assert_ne!(canonical(t), t, "{t:?}");
        }
        assert!(is_canonical("Đinh Thị Lan") && is_canonical(""));
    }

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
