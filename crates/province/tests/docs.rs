//! docs/SYNC.md carries the authorisation table as the code has it.
#![allow(clippy::unwrap_used)]

#[test]
fn sync_md_prints_the_authorisation_table_of_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/SYNC.md");
    let text = std::fs::read_to_string(path).unwrap();
    let (begin, end) = ("<!-- authz:begin -->\n", "<!-- authz:end -->");
    let from = text.find(begin).unwrap() + begin.len();
    let to = text.find(end).unwrap();
    let table = vonxa_domain::authz::markdown_table();
    if std::env::var_os("VONXA_WRITE_DOCS").is_some() {
        let new = format!("{}{}{}", &text[..from], table, &text[to..]);
        std::fs::write(path, new).unwrap();
        return;
    }
    assert_eq!(
        &text[from..to],
        table,
        "docs/SYNC.md differs from vonxa_domain::authz::TABLE: VONXA_WRITE_DOCS=1 cargo test -p vonxa-province --test docs"
    );
}
