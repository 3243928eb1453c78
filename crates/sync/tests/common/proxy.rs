//! A fault-injecting TCP proxy between devices and the province. Each connection gets one fault,
//! drawn from a seeded generator: pass, reset at once, slow, an HTTP 503 without asking the
//! province, or a cut of one direction at a random byte — a cut of the answer at byte 0 is
//! "the province committed but the reply never arrived", later cuts are truncated bodies.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Pass,
    Reset,
    Slow(u64),
    Unavailable,
    CutRequest(usize),
    CutReply(usize),
}

#[derive(Default, Debug)]
pub struct Stats {
    pub connections: AtomicUsize,
    pub faults: AtomicUsize,
}

pub struct Proxy {
    pub url: String,
    pub enabled: Arc<AtomicBool>,
    pub stats: Arc<Stats>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn draw(rng: &mut ChaCha8Rng) -> Fault {
    match rng.gen_range(0..100) {
        0..40 => Fault::Pass,
        40..50 => Fault::Reset,
        50..62 => Fault::Slow(rng.gen_range(5..80)),
        62..70 => Fault::Unavailable,
        70..82 => Fault::CutRequest(rng.gen_range(0..4_000)),
        82..88 => Fault::CutReply(0),
        _ => Fault::CutReply(rng.gen_range(1..30_000)),
    }
}

impl Proxy {
    pub async fn start(target: SocketAddr, seed: u64) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let rng = Arc::new(Mutex::new(ChaCha8Rng::seed_from_u64(seed)));
        let enabled = Arc::new(AtomicBool::new(true));
        let stats = Arc::new(Stats::default());
        let (en, st) = (enabled.clone(), stats.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let fault = if en.load(Ordering::SeqCst) {
                    rng.lock().map(|mut r| draw(&mut r)).unwrap_or(Fault::Pass)
                } else {
                    Fault::Pass
                };
                st.connections.fetch_add(1, Ordering::Relaxed);
                if fault != Fault::Pass {
                    st.faults.fetch_add(1, Ordering::Relaxed);
                }
                tokio::spawn(handle(client, target, fault));
            }
        });
        Proxy {
            url,
            enabled,
            stats,
            task,
        }
    }

    pub fn set_enabled(&self, on: bool) {
        self.enabled.store(on, Ordering::SeqCst);
    }
}

async fn handle(mut client: TcpStream, target: SocketAddr, fault: Fault) {
    match fault {
        Fault::Reset => {
            drop(client);
            return;
        }
        Fault::Unavailable => {
            let mut buf = [0u8; 4096];
            let _ = client.read(&mut buf).await;
            let _ = client
                .write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 11\r\nconnection: close\r\n\r\nunavailable")
                .await;
            return;
        }
        _ => {}
    }
    let Ok(server) = TcpStream::connect(target).await else {
        return;
    };
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let (up_limit, down_limit, delay) = match fault {
        Fault::CutRequest(n) => (Some(n), None, 0),
        Fault::CutReply(n) => (None, Some(n), 0),
        Fault::Slow(ms) => (None, None, ms),
        _ => (None, None, 0),
    };
    let up = async move {
        let _ = pipe(&mut cr, &mut sw, up_limit, delay).await;
        let _ = sw.shutdown().await;
    };
    let down = async move {
        let _ = pipe(&mut sr, &mut cw, down_limit, delay).await;
        let _ = cw.shutdown().await;
    };
    // A cut in one direction makes the other side give up the connection too.
    tokio::join!(up, down);
}

async fn pipe(
    from: &mut tokio::net::tcp::OwnedReadHalf,
    to: &mut tokio::net::tcp::OwnedWriteHalf,
    limit: Option<usize>,
    delay_ms: u64,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut sent = 0usize;
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        if delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        }
        if let Some(limit) = limit {
            let room = limit.saturating_sub(sent);
            if n >= room {
                to.write_all(&buf[..room]).await?;
                return Err(std::io::Error::other("cut"));
            }
        }
        to.write_all(&buf[..n]).await?;
        sent += n;
    }
}
