//! Slow and hostile clients at the transport level, on real loopback sockets: clients that
//! connect and say nothing, or half a TLS hello, or half their headers, must not keep anybody
//! else waiting, and are dropped after the header timeout; a body that stops, or trickles, is
//! answered 408 `request_timeout` and the connection closed.
#![allow(clippy::unwrap_used)]

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::run;
use vonxa_province::serve::Limits;
use vonxa_province::tls::TlsListener;

const HEALTH: &[u8] = b"GET /health HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n";

/// `GET /health` over HTTPS (a fresh handshake), the whole answer.
async fn https_health(addr: SocketAddr, ca: &Path) -> String {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(ca).unwrap())
        .unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut tls = TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    tls.write_all(HEALTH).await.unwrap();
    let mut out = String::new();
    tls.read_to_string(&mut out).await.unwrap();
    out
}

/// `GET /health` over plain HTTP, the whole answer.
async fn http_health(addr: SocketAddr) -> String {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    tcp.write_all(HEALTH).await.unwrap();
    let mut out = String::new();
    tcp.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_within_a_second_while_idle_clients_hold_200_connections_each() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = support::tls_files(dir.path());
    let db = SqliteBackend::open(dir.path().join("p.db")).unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let tls_addr = tcp.local_addr().unwrap();
    let listener = TlsListener::new(tcp, &cert, &key).unwrap();
    let never = std::future::pending();
    tokio::spawn(run::serve(
        db.clone(),
        listener,
        RateLimiter::unlimited(),
        never,
    ));
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let plain_addr = tcp.local_addr().unwrap();
    let never = std::future::pending();
    tokio::spawn(run::serve(db, tcp, RateLimiter::unlimited(), never));
    // Both serve before anybody idles.
    let first = timeout(Duration::from_secs(20), https_health(tls_addr, &ca));
    assert!(first.await.unwrap().starts_with("HTTP/1.1 200"));
    let first = timeout(Duration::from_secs(20), http_health(plain_addr));
    assert!(first.await.unwrap().starts_with("HTTP/1.1 200"));

    // The idle crowd: 200 connections to each server, held by a task until the test ends. The
    // test goes on after 10 s even if they are not all connected (a server that does not accept
    // fills its backlog, and connecting then waits).
    let (opened_tx, opened_rx) = tokio::sync::oneshot::channel();
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut idle = Vec::new();
        for i in 0..100 {
            // HTTPS: connected and silent, or half a ClientHello (a handshake record announcing
            // 512 bytes, of which 4 arrive).
            let mut s = TcpStream::connect(tls_addr).await.unwrap();
            if i % 2 == 1 {
                s.write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc])
                    .await
                    .unwrap();
            }
            idle.push(s);
            idle.push(TcpStream::connect(tls_addr).await.unwrap());
            // Plain HTTP: connected and silent, or half the headers of a request.
            let mut s = TcpStream::connect(plain_addr).await.unwrap();
            if i % 2 == 1 {
                s.write_all(b"GET /health HTTP/1.1\r\nhost: loc")
                    .await
                    .unwrap();
            }
            idle.push(s);
            idle.push(TcpStream::connect(plain_addr).await.unwrap());
        }
        let _ = opened_tx.send(idle.len());
        let _ = done_rx.await;
    });
    let opened = timeout(Duration::from_secs(10), opened_rx).await;
    eprintln!("idle connections opened: {opened:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;

    for round in 0..3 {
        let answer = timeout(Duration::from_secs(1), https_health(tls_addr, &ca)).await;
        let answer = answer.unwrap_or_else(|_| {
            panic!("round {round}: HTTPS /health did not answer within 1 s (400 idle clients)")
        });
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        let answer = timeout(Duration::from_secs(1), http_health(plain_addr)).await;
        let answer = answer.unwrap_or_else(|_| {
            panic!("round {round}: HTTP /health did not answer within 1 s (400 idle clients)")
        });
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    let _ = done_tx.send(());
}

/// Short timeouts so the tests are quick; the assertions leave wide margins.
fn short() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(2),
        body_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(4),
        ..Limits::default()
    }
}

/// Everything the province sends until it closes the connection (20 s at most), and how long
/// that took.
async fn until_closed(s: &mut (impl AsyncReadExt + Unpin)) -> (String, Duration) {
    let t = Instant::now();
    let mut buf = Vec::new();
    let read = timeout(Duration::from_secs(20), s.read_to_end(&mut buf)).await;
    assert!(
        read.is_ok(),
        "the province kept the connection open for 20 s"
    );
    (String::from_utf8_lossy(&buf).into_owned(), t.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_sends_half_its_headers_is_dropped_after_the_header_timeout() {
    let p = support::serve_sqlite(short()).await;
    let mut s = TcpStream::connect(p.addr).await.unwrap();
    s.write_all(b"POST /v1/enrol HTTP/1.1\r\nhost: localhost\r\nx-vonxa-pro")
        .await
        .unwrap();
    let (answer, took) = until_closed(&mut s).await;
    assert!(took >= Duration::from_secs(1), "closed after {took:?}");
    // hyper may say 408 before closing: the request never reached the router.
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // A connection that says nothing at all goes the same way.
    let mut s = TcpStream::connect(p.addr).await.unwrap();
    let (_, took) = until_closed(&mut s).await;
    assert!(took >= Duration::from_secs(1), "closed after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_in_the_middle_of_its_body_gets_408_and_is_dropped() {
    let p = support::serve_sqlite(short()).await;
    let mut s = TcpStream::connect(p.addr).await.unwrap();
    s.write_all(
        b"POST /v1/enrol HTTP/1.1\r\nhost: localhost\r\nx-vonxa-protocol: 1\r\n\
          content-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"code\": \"K7QM",
    )
    .await
    .unwrap();
    let (answer, took) = until_closed(&mut s).await;
    assert!(took >= Duration::from_secs(1), "closed after {took:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
    // The body timeout (2 s), not the whole-request one (4 s).
    assert!(answer.contains("stopped arriving"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_trickles_in_gets_408_at_the_request_timeout() {
    let p = support::serve_sqlite(short()).await;
    let s = TcpStream::connect(p.addr).await.unwrap();
    let (mut read, mut write) = s.into_split();
    let writer = tokio::spawn(async move {
        let head = b"POST /v1/enrol HTTP/1.1\r\nhost: localhost\r\nx-vonxa-protocol: 1\r\n\
          content-type: application/json\r\ncontent-length: 100000\r\n\r\n{\"code\": ";
        write.write_all(head).await?;
        // One byte every half second: never a pause as long as the body timeout.
        for _ in 0..60 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            write.write_all(b" ").await?;
        }
        Ok::<_, std::io::Error>(())
    });
    let (answer, took) = until_closed(&mut read).await;
    writer.abort();
    assert!(took >= Duration::from_secs(3), "closed after {took:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
}
