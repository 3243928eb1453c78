//! `vonxa-province users …`: console accounts from the command line (the first administrator
//! before anyone can log in; the console itself afterwards).

use super::account::{NewUser, create};
use crate::db::Backend;
use anyhow::{Context, bail};
use std::io::BufRead;

#[derive(clap::Subcommand)]
pub enum UsersCmd {
    /// Add a console account. The password comes from VONXA_CONSOLE_PASSWORD or the first
    /// line of standard input.
    Add {
        username: String,
        #[arg(long)]
        display_name: String,
        /// admin, credit_officer, office_officer, board_member, committee_member, org_reader.
        #[arg(long, default_value = "admin")]
        role: String,
        /// province, office, commune or organisation.
        #[arg(long, default_value = "province")]
        scope_kind: String,
        /// The office's or organisation's id, the commune's code.
        #[arg(long)]
        scope_id: Option<String>,
    },
    /// List console accounts.
    List,
    /// Disable an account: its sessions end at once.
    Disable { username: String },
}

fn password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("VONXA_CONSOLE_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn out(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

pub async fn run<B: Backend>(db: &B, cmd: UsersCmd) -> anyhow::Result<()> {
    match cmd {
        UsersCmd::Add {
            username,
            display_name,
            role,
            scope_kind,
            scope_id,
        } => {
            let n = NewUser {
                username,
                display_name,
                role,
                scope_kind,
                scope_id,
                password: password()?,
            };
            match create(db, n).await {
                Ok(row) => out(&format!(
                    "added {} ({}, {})",
                    row.username, row.role, row.scope_kind
                )),
                Err(e) => bail!("{e}"),
            }
        }
        UsersCmd::List => {
            for u in db.console_users().await? {
                let state = if u.active { "active" } else { "disabled" };
                let scope = u.scope_id.as_deref().unwrap_or("");
                out(&format!(
                    "{}\t{}\t{} {}\t{}",
                    u.username, u.role, u.scope_kind, scope, state
                ));
            }
        }
        UsersCmd::Disable { username } => {
            let Some(u) = db.console_user_named(username.clone()).await? else {
                bail!("no account {username}");
            };
            db.set_console_user_active(u.id, false, super::now())
                .await?;
            out(&format!("disabled {username}"));
        }
    }
    Ok(())
}
