//! The one list of app commands: build.rs generates a permission for each, and
//! `lib.rs` registers the same handlers (a command missing from either fails the build or
//! is refused at run time by the capability check).
pub const COMMANDS: &[&str] = &[
    "app_status",
    "create_admin",
    "login",
    "logout",
    "set_language",
    "set_idle_lock",
    "ui_ready",
    "home",
    "list_points",
    "group_detail",
    "form_options",
    "search_households",
    "household_detail",
    "save_household",
    "save_person",
    "save_membership",
    "add_member",
    "import_households",
    "list_users",
    "add_user",
    "update_user",
];
