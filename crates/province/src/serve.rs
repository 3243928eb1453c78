//! The province's connections: its own accept loop over hyper's HTTP/1.1 connection builder.
//!
//! Why not `axum::serve`: it has no header read timeout, no cap on open connections, and it runs
//! a listener's `accept` — a TLS handshake included — inside its accept loop, so one client that
//! connects and says nothing held every other client back for the handshake timeout. Here:
//!
//! - the loop only accepts TCP: each connection first takes a permit from a semaphore of
//!   [`Limits::max_connections`] (when none is free the loop stops accepting and further clients
//!   wait in the kernel's backlog, so an idle crowd costs a bounded number of sockets), then gets
//!   a task of its own;
//! - in that task the TLS handshake (when serving HTTPS) must finish within
//!   [`Limits::header_timeout`], and hyper must have read each request's head within the same
//!   time (`header_read_timeout`; it runs from the moment hyper waits for a head, so it also
//!   closes a connection that stays idle, fresh or kept alive, that long);
//! - body and whole-request timeouts are layers of the router (`crate::http::router`), so their
//!   answers are the protocol's JSON errors.
//!
//! HTTP/1.1 only: devices speak it, and the TLS configuration offers no ALPN for HTTP/2.

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

/// What one client may hold of the province, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once; more wait to be accepted.
    pub max_connections: u32,
    /// For the TLS handshake, and for each request's head (also: the longest idle connection).
    pub header_timeout: Duration,
    /// The longest pause while a request body arrives → 408 `request_timeout`.
    pub body_timeout: Duration,
    /// A whole request: its body read and its answer made → 408 `request_timeout`.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
        }
    }
}

/// The command-line flags of [`Limits`] (`vonxa-province serve`).
#[derive(clap::Args, Clone, Debug)]
pub struct LimitArgs {
    /// Connections served at once; more wait in the kernel's backlog until one closes.
    #[arg(long, env = "VONXA_PROVINCE_MAX_CONNECTIONS", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_connections: u32,
    /// Seconds a client has for its TLS handshake and for each request's headers; an idle
    /// connection is closed after as long.
    #[arg(long, env = "VONXA_PROVINCE_HEADER_TIMEOUT", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// The longest pause, in seconds, while a request body arrives (408).
    #[arg(long, env = "VONXA_PROVINCE_BODY_TIMEOUT", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,
    /// Seconds for a whole request, body and answer (408).
    #[arg(long, env = "VONXA_PROVINCE_REQUEST_TIMEOUT", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
}

impl From<LimitArgs> for Limits {
    fn from(a: LimitArgs) -> Limits {
        Limits {
            max_connections: a.max_connections,
            header_timeout: Duration::from_secs(a.header_timeout),
            body_timeout: Duration::from_secs(a.body_timeout),
            request_timeout: Duration::from_secs(a.request_timeout),
        }
    }
}

/// A TCP listener and what turns an accepted stream into the connection's bytes.
pub trait Listen: Send + 'static {
    type Io: AsyncRead + AsyncWrite + Unpin + Send + 'static;

    fn tcp(&self) -> &TcpListener;

    /// Runs in the connection's own task, under [`Limits::header_timeout`].
    fn handshake(
        &self,
        tcp: TcpStream,
    ) -> impl Future<Output = std::io::Result<Self::Io>> + Send + 'static;
}

impl Listen for TcpListener {
    type Io = TcpStream;

    fn tcp(&self) -> &TcpListener {
        self
    }

    fn handshake(
        &self,
        tcp: TcpStream,
    ) -> impl Future<Output = std::io::Result<TcpStream>> + Send + 'static {
        std::future::ready(Ok(tcp))
    }
}

/// Serve `app` on `listener` until `shutdown` resolves; then stop accepting, let open
/// connections finish their request (each is bounded by its timeouts) and return.
pub async fn serve<L: Listen>(
    listener: L,
    app: axum::Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let max = limits.max_connections.max(1);
    let permits = Arc::new(Semaphore::new(max as usize));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (tcp, addr) = tokio::select! {
            r = listener.tcp().accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors, mostly: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = tcp.set_nodelay(true);
        let handshake = listener.handshake(tcp);
        tokio::spawn(connection(
            handshake,
            addr,
            app.clone(),
            limits.header_timeout,
            permit,
            stop_rx.clone(),
        ));
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let _ = permits.acquire_many(max).await;
}

async fn connection<F, Io>(
    handshake: F,
    addr: SocketAddr,
    app: axum::Router,
    header_timeout: Duration,
    _permit: OwnedSemaphorePermit,
    mut stop: watch::Receiver<bool>,
) where
    F: Future<Output = std::io::Result<Io>>,
    Io: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = tokio::select! {
        r = tokio::time::timeout(header_timeout, handshake) => match r {
            Ok(Ok(io)) => io,
            Ok(Err(e)) => {
                tracing::debug!(%addr, error = %e, "handshake failed");
                return;
            }
            Err(_) => {
                tracing::debug!(%addr, "handshake timed out");
                return;
            }
        },
        _ = stop.wait_for(|s| *s) => return,
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .keep_alive(true);
    // The peer's address reaches the handlers (the console's audit and login throttle).
    let app = tower::ServiceExt::map_request(app, move |mut req: axum::http::Request<_>| {
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        req
    });
    let conn = builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(app));
    let mut conn = std::pin::pin!(conn);
    let done = tokio::select! {
        r = conn.as_mut() => Some(r),
        _ = stop.wait_for(|s| *s) => None,
    };
    let result = match done {
        Some(r) => r,
        None => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        tracing::debug!(%addr, error = %e, "connection ended with an error");
    }
}
