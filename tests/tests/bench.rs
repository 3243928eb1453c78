//! `make bench` (scripts/bench-app.sh): memory of the app with the demo commune's households
//! list open, as the total PSS of the app and its WebKit processes.

mod common;

use common::{ADMIN_PW, App, Result, first_start};
use std::path::{Path, PathBuf};

/// Proportional set size of one process, in KiB.
fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces: the fields after it start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The app (by its binary) and every process below it (WebKit's web and network processes).
fn app_tree(bin: &Path) -> Vec<u32> {
    let pids = all_pids();
    let roots: Vec<u32> = pids
        .iter()
        .copied()
        .filter(|p| std::fs::read_link(format!("/proc/{p}/exe")).is_ok_and(|e| e == bin))
        .collect();
    let mut tree = roots.clone();
    let mut grew = true;
    while grew {
        grew = false;
        for p in &pids {
            if !tree.contains(p) && parent_of(*p).is_some_and(|pp| tree.contains(&pp)) {
                tree.push(*p);
                grew = true;
            }
        }
    }
    tree
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement: run by scripts/bench-app.sh"]
async fn app_pss_with_households_list_open() -> Result {
    let bin = std::fs::canonicalize(PathBuf::from(std::env::var("VONXA_APP_BIN")?))?;
    // A normal day: the device was set up with the demo commune earlier; the app starts, the
    // officer logs in and opens the households list.
    let setup = App::start().await?;
    first_start(&setup).await?;
    let data = setup.close_keeping_data().await?;
    let app = App::start_in(data).await?;
    app.wait_for("[data-testid=login-form]").await?;
    app.type_into("#f-password", ADMIN_PW).await?;
    app.enter("#f-password").await?;
    app.wait_for("[data-testid=home-point]").await?;
    app.click("[data-testid=nav-households]").await?;
    app.wait_for("[data-testid=hits] tbody tr").await?;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let tree = app_tree(&bin);
    let each: Vec<(String, u64)> = tree
        .iter()
        .map(|p| {
            let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            (name.trim().to_owned(), pss_kib(*p))
        })
        .collect();
    let kib: u64 = each.iter().map(|(_, k)| k).sum();
    // For finding where the memory goes: a copy of each process's mappings.
    if let Ok(dir) = std::env::var("VONXA_BENCH_SMAPS") {
        std::fs::create_dir_all(&dir)?;
        for (p, (name, _)) in tree.iter().zip(&each) {
            let smaps = std::fs::read_to_string(format!("/proc/{p}/smaps")).unwrap_or_default();
            std::fs::write(Path::new(&dir).join(format!("{name}.smaps")), smaps)?;
        }
    }
    app.stop().await?;
    assert!(tree.len() >= 2, "the app and its web process: {tree:?}");
    let mb = kib as f64 / 1024.0;
    if let Ok(out) = std::env::var("VONXA_BENCH_OUT") {
        std::fs::write(out, format!("{mb:.1}\n"))?;
    }
    for (name, k) in &each {
        eprintln!("  {name}: {:.1} MiB", *k as f64 / 1024.0);
    }
    eprintln!("app.pss_mb={mb:.1} over {} processes", tree.len());
    Ok(())
}
