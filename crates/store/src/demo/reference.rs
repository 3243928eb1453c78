//! The demo commune's reference data that the province authors, in the shape
//! `vonxa-province import` reads.

use super::{DemoSpec, generate};
use chrono::NaiveDate;

/// The demo commune's records that the province authors (its office and the four entrusted
/// organisations), as `vonxa-province import` reads them: `[{entity, payload}, …]`. A province
/// serving the demo imports them first (`data/demo-reference.json` holds the standard seed's;
/// a test keeps the file current), as a real province holds its network before any device.
pub fn reference_records(seed: u64) -> serde_json::Value {
    let d = generate(DemoSpec {
        seed,
        households: 0,
        today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
    });
    let mut out = Vec::new();
    let mut push = |entity: &str, payload: serde_json::Result<serde_json::Value>| {
        if let Ok(payload) = payload {
            out.push(serde_json::json!({"entity": entity, "payload": payload}));
        }
    };
    if let Some(o) = &d.office {
        push("office", serde_json::to_value(o));
    }
    for o in &d.organisations {
        push("organisation", serde_json::to_value(o));
    }
    serde_json::Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_demo_reference_is_current() {
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/demo-reference.json"
        );
        // The app's first start loads the standard demo, whatever the day.
        let now = reference_records(DemoSpec::standard(NaiveDate::default()).seed);
        if std::env::var_os("VONXA_WRITE_DEMO_REFERENCE").is_some() {
            std::fs::write(file, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
        }
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        assert_eq!(
            committed, now,
            "regenerate: VONXA_WRITE_DEMO_REFERENCE=1 cargo test -p vonxa-store demo_reference"
        );
        assert_eq!(
            now.as_array().unwrap().len(),
            5,
            "an office and four organisations"
        );
    }
}
