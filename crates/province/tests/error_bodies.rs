//! Every error answer is the protocol's JSON `{code, message}`, also those made outside the
//! handlers: unknown paths, wrong methods, bodies too large (after decompression) or of the wrong
//! type or encoding, unreadable JSON, bad path parameters. Real HTTP on loopback.
#![allow(clippy::unwrap_used)]

mod support;

use flate2::Compression;
use flate2::write::GzEncoder;
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};
use std::io::Write;
use vonxa_domain::roles::Role;
use vonxa_protocol::{ErrorBody, ErrorCode, VERSION_HEADER};
use vonxa_province::admin;
use vonxa_province::serve::Limits;

/// The answer's status and its body read as the protocol's error (the test fails if it is not).
async fn error_of(res: reqwest::Response) -> (u16, ErrorBody) {
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned());
    let text = res.text().await.unwrap();
    assert_eq!(
        kind.as_deref(),
        Some("application/json"),
        "{status}: {text}"
    );
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text}: {e}"));
    (status, body)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_made_outside_the_handlers_are_json_with_a_code() {
    let p = support::serve_sqlite(Limits::default()).await;
    let http = reqwest::Client::new();
    let v1 = |path: &str| p.url(path);

    // Unknown paths, with and without the protocol header.
    for path in ["/nope", "/v1/nope", "/v1/push/extra"] {
        let res = http.get(v1(path)).header(VERSION_HEADER, "1").send().await;
        let (status, body) = error_of(res.unwrap()).await;
        assert_eq!((status, body.code), (404, ErrorCode::NotFound), "{path}");
        let (status, body) = error_of(http.get(v1(path)).send().await.unwrap()).await;
        assert_eq!((status, body.code), (404, ErrorCode::NotFound), "{path}");
    }

    // A method the path does not take.
    let res = http.delete(v1("/v1/push")).header(VERSION_HEADER, "1");
    let res = res.send().await.unwrap();
    assert!(
        res.headers().get("allow").is_some(),
        "405 says what is allowed"
    );
    let (status, body) = error_of(res).await;
    assert_eq!((status, body.code), (405, ErrorCode::MethodNotAllowed));
    let (status, body) = error_of(http.post(v1("/health")).send().await.unwrap()).await;
    assert_eq!((status, body.code), (405, ErrorCode::MethodNotAllowed));

    let enrol = || http.post(v1("/v1/enrol")).header(VERSION_HEADER, "1");
    let request = br#"{"code":"K7QM-XR4P-2WTA","deviceId":"0192f0c4-6a5e-7cc1-9d1b-4a0d5e7f8a90","label":"x"}"#;

    // Not JSON, or an encoding the province does not read.
    let res = enrol()
        .header(CONTENT_TYPE, "text/plain")
        .body(request.to_vec());
    let (status, body) = error_of(res.send().await.unwrap()).await;
    assert_eq!((status, body.code), (415, ErrorCode::UnsupportedMediaType));
    let res = enrol()
        .header(CONTENT_TYPE, "application/json")
        .header(CONTENT_ENCODING, "br")
        .body(request.to_vec());
    let (status, body) = error_of(res.send().await.unwrap()).await;
    assert_eq!((status, body.code), (415, ErrorCode::UnsupportedMediaType));

    // Too large once decompressed: 3 MiB of JSON in a few kilobytes of gzip.
    let mut big = br#"{"code":""#.to_vec();
    big.extend(std::iter::repeat_n(b'A', 3 << 20));
    big.extend(br#"","deviceId":"0192f0c4-6a5e-7cc1-9d1b-4a0d5e7f8a90","label":"x"}"#);
    let res = enrol()
        .header(CONTENT_TYPE, "application/json")
        .header(CONTENT_ENCODING, "gzip")
        .body(gzip(&big));
    let (status, body) = error_of(res.send().await.unwrap()).await;
    assert_eq!((status, body.code), (413, ErrorCode::TooLarge));
    // And the same 3 MiB sent as they are. The body was not read to its end, so the answer
    // closes the connection (a pooled client would otherwise send its next request into it).
    let res = enrol().header(CONTENT_TYPE, "application/json").body(big);
    let res = res.send().await.unwrap();
    assert_eq!(
        res.headers().get("connection").map(|v| v.as_bytes()),
        Some(&b"close"[..])
    );
    let (status, body) = error_of(res).await;
    assert_eq!((status, body.code), (413, ErrorCode::TooLarge));

    // Unreadable JSON, and JSON of the wrong shape (axum's 422 is the protocol's 400).
    for bad in [&b"{"[..], br#"{"code": 7}"#] {
        let res = enrol()
            .header(CONTENT_TYPE, "application/json")
            .body(bad.to_vec());
        let (status, body) = error_of(res.send().await.unwrap()).await;
        assert_eq!((status, body.code), (400, ErrorCode::BadRequest));
    }

    // A path parameter that is not what the path wants, for an enrolled device.
    let scope = support::points(&[support::POINT_CODE]);
    let code = admin::create_enrol_code(&p.db, scope, Role::Admin)
        .await
        .unwrap();
    let body = format!(
        r#"{{"code":"{code}","deviceId":"0192f0c4-6a5e-7cc1-9d1b-4a0d5e7f8a90","label":"t"}}"#
    );
    let res = enrol().header(CONTENT_TYPE, "application/json").body(body);
    let res = res.send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let enrolled: vonxa_protocol::EnrolResponse = res.json().await.unwrap();
    let res = http
        .get(v1("/v1/figures/groups/not-a-uuid?period=2026-11"))
        .header(VERSION_HEADER, "1")
        .bearer_auth(&enrolled.token)
        .send()
        .await;
    let (status, body) = error_of(res.unwrap()).await;
    assert_eq!((status, body.code), (400, ErrorCode::BadRequest));

    // A chunk offset near u64::MAX (found by `make fuzz`: the sum overflowed, the handler
    // panicked and the connection dropped without an answer).
    let zeros = "0".repeat(64);
    let res = http
        .put(v1(&format!(
            "/v1/blobs/{zeros}?offset=18446744073709551610&total=1"
        )))
        .header(VERSION_HEADER, "1")
        .header(CONTENT_TYPE, "application/octet-stream")
        .bearer_auth(&enrolled.token)
        .body(b"\x89PNG\r\n\x1a\n".to_vec())
        .send()
        .await;
    let (status, body) = error_of(res.unwrap()).await;
    assert_eq!((status, body.code), (400, ErrorCode::BadRequest));
}
