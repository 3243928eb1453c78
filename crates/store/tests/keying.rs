//! Eight threads open their first encrypted databases at once, as parallel tests (or a login
//! during a first start) do: every one opens. Before opening and keying were serialised (`db::open_keyed`),
//! about 1 process in 100 running this saw SQLCipher refuse a key ("PRAGMA key requires a key
//! of one or more characters"): the test can fail, though rarely in a single run.
#![allow(clippy::unwrap_used)]

#[test]
fn eight_first_opens_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let opens: Vec<_> = (0..8)
        .map(|i| {
            let path = dir.path().join(format!("{i}.db"));
            std::thread::spawn(move || {
                let key = vonxa_store::keyring::DbKey::random();
                vonxa_store::db::open_keyed(&path, &key)
                    .err()
                    .map(|e| e.to_string())
            })
        })
        .collect();
    let errors: Vec<String> = opens
        .into_iter()
        .filter_map(|h| h.join().unwrap())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}
