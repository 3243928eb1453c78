//! Identity: a device id the province knows (enrolled, revoked) or reserves is never enrolled
//! again, and such an attempt does not use the code up.

use crate::support::*;
use uuid::Uuid;
use vonxa_domain::roles::Role;
use vonxa_province::Backend;
use vonxa_province::admin;
use vonxa_province::auth::{code_hash, sha256_hex};
use vonxa_province::db::Redeem;

/// `dev`: a device enrolled with the token "t1" and revoked since.
pub async fn enrolled_once<B: Backend>(
    db: &B,
    dev: vonxa_domain::DeviceId,
    now: chrono::DateTime<chrono::Utc>,
) {
    let fresh = admin::create_enrol_code(db, points(&[POINT_CODE]), Role::Admin)
        .await
        .unwrap();
    let with = |device: vonxa_domain::DeviceId| Redeem {
        code_hash: code_hash(&fresh),
        device,
        token_hash: sha256_hex(Uuid::now_v7().as_bytes()),
        label: "kẻ gian".into(),
        now,
    };
    for (id, why) in [
        (dev, "revoked"),
        (vonxa_domain::DeviceId(Uuid::nil()), "the province's own id"),
        (vonxa_domain::DeviceId(Uuid::max()), "reserved"),
        (
            vonxa_domain::DeviceId(uuid::Builder::from_random_bytes([7; 16]).into_uuid()),
            "not a UUIDv7",
        ),
    ] {
        assert_eq!(
            db.redeem(with(id)).await.unwrap(),
            vonxa_province::db::Redeemed::KnownDevice,
            "{why}"
        );
    }
    let still_revoked = db
        .device_by_token(sha256_hex(b"t1"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        still_revoked.revoked_at.is_some(),
        "not brought back to life"
    );
    let other = vonxa_domain::DeviceId(Uuid::now_v7());
    let enrolled = db.redeem(with(other)).await.unwrap().device();
    assert_eq!(
        enrolled.map(|d| d.id),
        Some(other),
        "the code was not used up"
    );
}
