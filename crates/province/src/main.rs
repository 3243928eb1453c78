//! `vonxa-province`: the provincial endpoint's command line.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use vonxa_domain::roles::Role;
use vonxa_protocol::Scope;
use vonxa_province::db::{AnyBackend, Backend, redact};
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::serve::LimitArgs;
use vonxa_province::tls::TlsListener;
use vonxa_province::{admin, run};

#[derive(Parser)]
#[command(
    name = "vonxa-province",
    version,
    about = "The vonxa provincial sync endpoint"
)]
struct Cli {
    /// `sqlite:<file>` (the embedded default) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "VONXA_PROVINCE_DB",
        default_value = "sqlite:province.db",
        global = true
    )]
    db: String,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the sync API.
    Serve {
        #[arg(long, env = "VONXA_PROVINCE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Requests per second allowed per device (sustained; bursts of 20× are fine).
        #[arg(long, env = "VONXA_PROVINCE_RATE", default_value_t = 20.0)]
        rate: f64,
        /// PEM certificate chain: serve HTTPS (rustls).
        #[arg(long, env = "VONXA_PROVINCE_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key of the certificate.
        #[arg(long, env = "VONXA_PROVINCE_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Allow plain HTTP on a non-loopback address because a TLS-terminating proxy is in front.
        #[arg(long, env = "VONXA_PROVINCE_BEHIND_TLS_PROXY")]
        behind_tls_proxy: bool,
        #[command(flatten)]
        limits: vonxa_province::limits::Limits,
        #[command(flatten)]
        transport: LimitArgs,
        /// Disburse loans to the demo commune once its members arrive (the local province of
        /// `make run`; never on a real province).
        #[arg(long)]
        demo_loans: bool,
    },
    /// Make a one-time enrolment code (valid 24 h) for a device.
    Enrol {
        /// Transaction point codes, comma-separated.
        #[arg(long, value_delimiter = ',', conflicts_with = "group")]
        points: Vec<String>,
        /// Or one savings-and-loan group id (a group leader's device).
        #[arg(long)]
        group: Option<uuid::Uuid>,
        /// The device's role: admin, point_leader, point_controller, point_teller, group_leader,
        /// org_officer, viewer.
        #[arg(long)]
        role: String,
    },
    /// List enrolled devices.
    Devices,
    /// The console's accounts.
    Users {
        #[command(subcommand)]
        cmd: vonxa_province::console::cli::UsersCmd,
    },
    /// Revoke a device: its token stops working at once.
    Revoke { device: vonxa_domain::DeviceId },
    /// Write the reference data as JSON (to stdout or a file).
    Export {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import reference data written by `export` (or by hand in the same shape).
    Import { file: PathBuf },
    /// Copy the database (SQLite: a consistent file; PostgreSQL: pg_dump) with a new epoch.
    Backup { dest: PathBuf },
    /// Print the OpenAPI document the server publishes at /v1/openapi.json.
    Openapi,
    /// Record the bank's decision (04/TD) on an application sent to the bank.
    Decide {
        /// The application's id.
        application: uuid::Uuid,
        /// Approve it (for the amount requested unless --amount says less).
        #[arg(long, conflicts_with = "reject")]
        approve: bool,
        /// The approved amount in đồng.
        #[arg(long, requires = "approve")]
        amount: Option<i64>,
        /// Reject it, with the reason the household is told.
        #[arg(long)]
        reject: Option<String>,
    },
    /// Record a disbursed loan (the bank's record; devices in scope pull it).
    Disburse(DisburseArgs),
    /// Flags raised by fund-use check findings (JSON lines), with the check and its evidence.
    Flags,
    /// Fund-use check figures per group, organisation and commune for a period (JSON).
    Counts {
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
    },
    /// Photos named by accepted checks that have not arrived yet.
    MissingPhotos,
    /// Write a complete photo (evidence of a check) to a file.
    Photo {
        /// The photo's SHA-256, as the check and `flags` name it.
        hash: String,
        /// The file to write (its type: JPEG or PNG, printed).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct DisburseArgs {
    /// Demo data instead: one loan to each of the first N member households.
    #[arg(long, conflicts_with_all = ["contract", "household"])]
    demo: Option<usize>,
    /// The bank's contract number.
    #[arg(long, required_unless_present = "demo")]
    contract: Option<String>,
    #[arg(long, required_unless_present = "demo")]
    household: Option<vonxa_domain::HouseholdId>,
    /// The borrower (default: the head of the household).
    #[arg(long)]
    borrower: Option<vonxa_domain::PersonId>,
    #[arg(long, default_value = "HN")]
    programme: String,
    /// The principal in đồng.
    #[arg(long, default_value_t = 0)]
    amount: i64,
    /// The disbursement day (default: today).
    #[arg(long)]
    date: Option<chrono::NaiveDate>,
    /// The purpose stated in the application.
    #[arg(long, default_value = "")]
    purpose: String,
    /// The term in months.
    #[arg(long, default_value_t = 36)]
    term: u32,
    /// Group and organisation at disbursement (default: the household's group on the day).
    #[arg(long)]
    group: Option<vonxa_domain::GroupId>,
    #[arg(long)]
    organisation: Option<vonxa_domain::OrganisationId>,
}

fn out(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if let Cmd::Openapi = cli.cmd {
        out(&serde_json::to_string_pretty(
            &vonxa_province::openapi::document(),
        )?);
        return Ok(());
    }
    let backend = AnyBackend::open(&cli.db)
        .await
        .with_context(|| format!("opening {}", redact(&cli.db)))?;
    match backend {
        AnyBackend::Sqlite(db) => {
            if let Cmd::Backup { dest } = &cli.cmd {
                let epoch = db.backup(dest.clone()).await?;
                out(&format!(
                    "backup written to {} (epoch {epoch})",
                    dest.display()
                ));
                return Ok(());
            }
            run(db, cli).await
        }
        AnyBackend::Postgres(db) => {
            if let Cmd::Backup { dest } = &cli.cmd {
                return pg_backup(&cli.db, dest);
            }
            run(db, cli).await
        }
    }
}

async fn run<B: Backend>(db: B, cli: Cli) -> anyhow::Result<()> {
    match cli.cmd {
        Cmd::Serve {
            listen,
            rate,
            tls_cert,
            tls_key,
            behind_tls_proxy,
            limits,
            transport,
            demo_loans,
        } => {
            let options = run::Options {
                transport: transport.into(),
                device: limits,
                demo_loans,
                secure_cookies: tls_cert.is_some() || behind_tls_proxy,
            };
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("listening on {listen}"))?;
            let loopback = listener.local_addr()?.ip().is_loopback();
            let limiter = RateLimiter::new(rate, rate * 20.0);
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            let tls = tls_cert.is_some();
            tracing::info!(listen = %listen, tls, db = %redact(&cli.db), backend = db.name(), "serving");
            match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => {
                    let listener = TlsListener::new(listener, &cert, &key)?;
                    run::serve_with(db, listener, limiter, options, shutdown).await
                }
                _ if !loopback && !behind_tls_proxy => bail!(
                    "refusing plain HTTP on {listen}: give --tls-cert and --tls-key, or \
                     --behind-tls-proxy when a TLS-terminating proxy is in front"
                ),
                _ => run::serve_with(db, listener, limiter, options, shutdown).await,
            }
        }
        Cmd::Enrol {
            points,
            group,
            role,
        } => {
            let role = Role::parse(&role).with_context(|| format!("unknown role {role}"))?;
            let scope = match group {
                Some(g) => Scope::Group { group_id: g.into() },
                None if !points.is_empty() => Scope::Points { codes: points },
                None => bail!("give --points or --group"),
            };
            let code = admin::create_enrol_code(&db, scope, role).await?;
            out(&code);
            Ok(())
        }
        Cmd::Users { cmd } => vonxa_province::console::cli::run(&db, cmd).await,
        Cmd::Devices => {
            for d in db.devices().await? {
                out(&serde_json::to_string(&d)?);
            }
            Ok(())
        }
        Cmd::Revoke { device } => {
            if !db.revoke(device, chrono::Utc::now()).await? {
                bail!("no such device: {device}");
            }
            out(&format!("revoked {device}"));
            Ok(())
        }
        Cmd::Export { out: file } => {
            let text = serde_json::to_string_pretty(&admin::export(&db).await?)?;
            match file {
                Some(f) => std::fs::write(&f, text).with_context(|| format!("{}", f.display()))?,
                None => out(&text),
            }
            Ok(())
        }
        Cmd::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let results = admin::import(&db, serde_json::from_str(&text)?).await?;
            let bad: Vec<_> = results.iter().filter(|r| r.server_seq.is_none()).collect();
            out(&format!(
                "{} imported, {} refused",
                results.len() - bad.len(),
                bad.len()
            ));
            for r in bad {
                out(&serde_json::to_string(r)?);
            }
            Ok(())
        }
        Cmd::Decide {
            application,
            approve,
            amount,
            reject,
        } => {
            use vonxa_province::decisions::{BankDecision, decide};
            let decision = match (approve, reject) {
                (true, None) => BankDecision::Approve {
                    amount: amount.map(vonxa_domain::Money::dong),
                },
                (false, Some(reason)) => BankDecision::Reject { reason },
                _ => anyhow::bail!("give --approve or --reject <reason>"),
            };
            let status = decide(&db, application, decision).await?;
            out(&format!(
                "{application}: {}",
                serde_json::to_string(&status)?
            ));
            Ok(())
        }
        Cmd::Disburse(a) => disburse(&db, a).await,
        Cmd::Flags => {
            for f in vonxa_province::funduse::report::flags(&db, None).await? {
                out(&serde_json::to_string(&f)?);
            }
            Ok(())
        }
        Cmd::Counts { from, to } => {
            use vonxa_province::funduse::report;
            let period = report::period(from, to).context("--from is after --to")?;
            let today = chrono::Utc::now().date_naive();
            let rows = report::counts(&db, None, period, Default::default(), today).await?;
            out(&serde_json::to_string_pretty(&rows)?);
            Ok(())
        }
        Cmd::MissingPhotos => {
            for h in db.missing_photos().await? {
                out(&h);
            }
            Ok(())
        }
        Cmd::Photo { hash, out: file } => {
            use vonxa_province::funduse::blobs;
            let c = blobs::content(&db, None, hash.clone(), None).await?;
            std::fs::write(&file, &c.bytes).with_context(|| format!("{}", file.display()))?;
            out(&format!(
                "{hash}: {} bytes ({}) written to {}",
                c.size,
                c.mime,
                file.display()
            ));
            Ok(())
        }
        Cmd::Backup { .. } | Cmd::Openapi => Ok(()),
    }
}

async fn disburse<B: Backend>(db: &B, a: DisburseArgs) -> anyhow::Result<()> {
    use vonxa_province::funduse::disburse::{Disbursement, demo, disburse};
    let today = chrono::Utc::now().date_naive();
    let loans = match (a.demo, a.contract, a.household) {
        (Some(n), _, _) => demo(db, n, today).await?,
        (None, Some(contract_no), Some(household)) => vec![
            disburse(
                db,
                Disbursement {
                    contract_no,
                    household,
                    borrower: a.borrower,
                    programme: a.programme,
                    amount: vonxa_domain::Money::dong(a.amount),
                    on: a.date.unwrap_or(today),
                    purpose: a.purpose,
                    term_months: a.term,
                    group: a.group,
                    organisation: a.organisation,
                },
                today,
            )
            .await?,
        ],
        _ => bail!("give --contract and --household, or --demo <n>"),
    };
    for l in loans {
        out(&serde_json::to_string(&l)?);
    }
    Ok(())
}

/// PostgreSQL backup: `pg_dump` plus a statement that gives the restored database a new epoch.
fn pg_backup(url: &str, dest: &PathBuf) -> anyhow::Result<()> {
    let status = std::process::Command::new("pg_dump")
        .args(["--no-owner", "--file"])
        .arg(dest)
        .arg(url)
        .status()
        .context("running pg_dump (install the PostgreSQL client)")?;
    if !status.success() {
        bail!("pg_dump failed");
    }
    let epoch = uuid::Uuid::now_v7();
    let mut text = std::fs::read_to_string(dest)?;
    text.push_str(&format!(
        "\n-- vonxa: a restored province is a new epoch\nUPDATE meta SET value = '{epoch}' WHERE key = 'epoch';\n"
    ));
    std::fs::write(dest, text)?;
    out(&format!(
        "backup written to {} (epoch {epoch})",
        dest.display()
    ));
    Ok(())
}
