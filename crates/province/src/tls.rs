//! TLS for the province (rustls): a listener served like a plain TCP one (`crate::serve`). Devices
//! talk plain HTTP only to their own machine; anything else goes through this (or through a
//! TLS-terminating proxy in front, see `serve --behind-tls-proxy`).

use crate::serve::Listen;
use anyhow::Context;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;

pub struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl TlsListener {
    /// `cert`: PEM chain (leaf first); `key`: PEM private key.
    pub fn new(tcp: TcpListener, cert: &Path, key: &Path) -> anyhow::Result<TlsListener> {
        let chain = CertificateDer::pem_file_iter(cert)
            .with_context(|| format!("reading {}", cert.display()))?
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("parsing {}", cert.display()))?;
        let key = PrivateKeyDer::from_pem_file(key)
            .with_context(|| format!("reading the key {}", key.display()))?;
        // An explicit provider: the process-wide default is ambiguous when another crate of
        // the same build enables a second rustls backend.
        let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("TLS protocol versions")?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .context("certificate and key do not match")?;
        Ok(TlsListener {
            tcp,
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }
}

/// The handshake runs in the connection's own task (see [`crate::serve`]), never in the accept
/// loop: a client that connects and sends nothing, or half a ClientHello, holds only its own
/// connection, and only for the header timeout.
impl Listen for TlsListener {
    type Io = TlsStream<TcpStream>;

    fn tcp(&self) -> &TcpListener {
        &self.tcp
    }

    fn handshake(
        &self,
        tcp: TcpStream,
    ) -> impl Future<Output = std::io::Result<TlsStream<TcpStream>>> + Send + 'static {
        self.acceptor.accept(tcp)
    }
}
