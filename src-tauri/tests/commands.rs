//! The command list, the registered handlers and the capability must agree: a command left out
//! of any of them would be refused at run time (or be callable without a permission).

use std::collections::BTreeSet;

fn registered_handlers() -> BTreeSet<String> {
    let lib = include_str!("../src/lib.rs");
    let start = lib.find("generate_handler![").expect("handler list");
    let end = start + lib[start..].find(']').expect("end of handler list");
    lib[start + "generate_handler![".len()..end]
        .split(',')
        .filter_map(|s| s.trim().rsplit("::").next())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn granted() -> BTreeSet<String> {
    let cap: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).expect("capability json");
    cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("permission name").to_owned())
        .collect()
}

#[test]
fn every_command_is_registered_and_granted_and_nothing_else_is() {
    let commands: BTreeSet<String> = vonxa_app_lib::COMMANDS
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    assert_eq!(registered_handlers(), commands);
    let mut expected: BTreeSet<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    // Besides its own commands, the UI may only listen to events (the sync status).
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted(), expected);
}
