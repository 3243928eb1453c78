//! Running the provincial endpoint: the router (`crate::http`) on a listener
//! (`crate::serve`), with the upkeep of per-device limits beside it. The top of the crate:
//! nothing in it is used by the modules below.

use crate::db::Backend;
use crate::limits::{Guards, Limits as DeviceLimits};
use crate::ratelimit::RateLimiter;
use crate::serve::{Limits, Listen};
use std::future::Future;

/// What `serve` is given besides the database: the transport's timeouts and connection cap
/// ([`crate::serve::Limits`]) and the per-device limits on photos and logs
/// ([`crate::limits::Limits`]). Either converts into it, the other part taking its default.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub transport: Limits,
    pub device: DeviceLimits,
    /// Disburse the demo commune's loans (`make run`'s local province only).
    pub demo_loans: bool,
    /// Mark the console's session cookie `Secure` (TLS here or at a proxy in front).
    pub secure_cookies: bool,
}

impl From<Limits> for Options {
    fn from(transport: Limits) -> Options {
        Options {
            transport,
            ..Options::default()
        }
    }
}

impl From<DeviceLimits> for Options {
    fn from(device: DeviceLimits) -> Options {
        Options {
            device,
            ..Options::default()
        }
    }
}

/// Serve until `shutdown` resolves, on a TCP listener or a [`crate::tls::TlsListener`], with
/// the default limits.
pub async fn serve<B: Backend, L: Listen>(
    db: B,
    listener: L,
    limiter: RateLimiter,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    serve_with(db, listener, limiter, Options::default(), shutdown).await
}

/// [`serve`] with the given limits: expired photo uploads are swept before serving and then
/// periodically, with the log cap's summaries (`crate::limits::upkeep`).
pub async fn serve_with<B: Backend, L: Listen>(
    db: B,
    listener: L,
    limiter: RateLimiter,
    options: impl Into<Options>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let options = options.into();
    let guards = std::sync::Arc::new(Guards::new(options.device));
    crate::limits::sweep_expired(&db, &guards).await;
    let upkeep = tokio::spawn(crate::limits::upkeep(db.clone(), guards.clone()));
    let served = match crate::http::router_with(
        db,
        limiter,
        options.transport,
        guards,
        options.demo_loans,
        options.secure_cookies,
    )
    .await
    {
        Ok(app) => {
            crate::serve::serve(listener, app, options.transport, shutdown).await;
            Ok(())
        }
        Err(e) => Err(e.into()),
    };
    upkeep.abort();
    served
}
