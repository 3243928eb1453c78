//! A seeded random run through a fault-injecting proxy: three devices record offline and sync
//! through dropped replies, resets, delays, 503s and truncated bodies. Afterwards: nothing lost,
//! nothing duplicated, every device the same. `make soak` runs the long version.
#![allow(clippy::unwrap_used)]

mod common;

use common::proxy::Proxy;
use common::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use uuid::Uuid;
use vonxa_domain::roles::Role;
use vonxa_province::Backend;
use vonxa_store::ChangeState;

async fn run(rounds: usize, seed: u64) {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let proxy = Proxy::start(p.addr, seed).await;
    proxy.set_enabled(false);
    let devs = [Dev::new(), Dev::new(), Dev::new()];
    devs[0].load_demo(6);
    for d in &devs {
        d.enrol(&proxy.url, &p.code(Role::PointLeader).await).await;
    }
    for d in &devs {
        d.settle(3).await;
    }
    proxy.set_enabled(true);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut own: Vec<Vec<Uuid>> = vec![Vec::new(); devs.len()];
    let mut added = 0;
    let (mut ok, mut failed) = (0, 0);
    for round in 0..rounds {
        for (i, d) in devs.iter().enumerate() {
            for _ in 0..rng.gen_range(0..3) {
                if own[i].is_empty() || rng.gen_bool(0.5) {
                    own[i].push(d.add_household(&format!("thiết bị {i} vòng {round}")));
                    added += 1;
                } else {
                    let h = own[i][rng.gen_range(0..own[i].len())];
                    d.edit_address(h, &format!("sửa {i}/{round}")).unwrap();
                }
            }
        }
        for d in &devs {
            match d.sync().await {
                Ok(_) => ok += 1,
                Err(_) => failed += 1,
            }
        }
    }
    proxy.set_enabled(false);
    for _ in 0..2 {
        for d in &devs {
            d.settle(5).await;
        }
    }
    eprintln!(
        "fault run: seed {seed}, {rounds} rounds, {} connections, {} faults, {ok} passes ok, {failed} failed",
        proxy.stats.connections.load(Ordering::Relaxed),
        proxy.stats.faults.load(Ordering::Relaxed),
    );
    assert!(
        proxy.stats.faults.load(Ordering::Relaxed) > rounds / 2,
        "faults happened"
    );

    // Zero lost: every entry of every device was accepted by the province.
    let audit = p.db.audit().await.unwrap();
    let accepted: HashSet<Uuid> = audit
        .iter()
        .filter(|a| a.2 == "accepted")
        .map(|a| a.0)
        .collect();
    let mut total = 0;
    for (i, d) in devs.iter().enumerate() {
        for (id, state) in d.log() {
            total += 1;
            assert_eq!(state, ChangeState::Sent, "device {i}: {id} not sent");
            assert!(accepted.contains(&id), "device {i}: {id} lost");
        }
    }
    // Zero duplicated: each change once, each server sequence once (besides the demo's office
    // and organisations, which the province imported itself before any device).
    let imported = vonxa_store::demo::reference_records(demo_spec(0).seed)
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(
        accepted.len(),
        total + imported,
        "the province accepted exactly the devices' changes"
    );
    let seqs: HashSet<i64> = audit.iter().filter_map(|a| a.1).collect();
    assert_eq!(seqs.len(), accepted.len());
    // Convergence.
    assert_converged(&[&devs[0], &devs[1], &devs[2]]);
    assert_eq!(devs[1].households().len(), 6 + added);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_rounds_of_faults_lose_and_duplicate_nothing() {
    let seed = std::env::var("VONXA_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261125);
    run(50, seed).await;
}

/// `make soak`: 1,000 rounds (VONXA_SOAK_ROUNDS to change).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: run by make soak"]
async fn soak_thousand_rounds_of_faults() {
    let rounds = std::env::var("VONXA_SOAK_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    run(rounds, 7_777).await;
}
