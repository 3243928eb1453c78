//! What the province allows one enrolled device, over real HTTP on loopback, on SQLite and on
//! PostgreSQL: photo chunks only for photos a check in its scope names, a quota of unfinished
//! uploads, a photo byte rate, expired uploads swept, repeated refusals counted.
#![allow(clippy::unwrap_used)]

mod limits;
mod support;

use support::fresh_pg;
use vonxa_province::db::sqlite::SqliteBackend;

macro_rules! on_both_backends {
    ($($case:ident: $sqlite:ident, $pg:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            let dir = tempfile::tempdir().unwrap();
            limits::cases::$case(SqliteBackend::open(dir.path().join("p.db")).unwrap()).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $pg() {
            if let Some(db) = fresh_pg().await {
                limits::cases::$case(db).await;
            }
        }
    )*};
}

on_both_backends! {
    photos_only_for_checks_in_scope: sqlite_photo_chunks_only_for_checks_in_scope,
        postgres_photo_chunks_only_for_checks_in_scope;
    unfinished_uploads_have_a_quota: sqlite_unfinished_uploads_have_a_quota,
        postgres_unfinished_uploads_have_a_quota;
    photo_bytes_are_rate_limited: sqlite_photo_bytes_are_rate_limited,
        postgres_photo_bytes_are_rate_limited;
    expired_uploads_are_swept: sqlite_expired_uploads_are_swept,
        postgres_expired_uploads_are_swept;
    a_repeated_refusal_counts: sqlite_a_repeated_refusal_counts,
        postgres_a_repeated_refusal_counts;
}
