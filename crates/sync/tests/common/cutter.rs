//! A TCP relay that forwards at most a budget of bytes from devices to the province (`up`)
//! and from the province to devices (`down`), then cuts the connection and refuses new ones
//! until healed: an upload or a download cut at a known point.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

pub struct Cutter {
    pub url: String,
    up: Arc<AtomicI64>,
    down: Arc<AtomicI64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Cutter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copy until the budget runs out (then stop: the connection drops).
async fn relay(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, budget: Arc<AtomicI64>) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let left = budget.fetch_sub(n as i64, Ordering::SeqCst);
        let pass = left.clamp(0, n as i64) as usize;
        if to.write_all(&buf[..pass]).await.is_err() || pass < n {
            return;
        }
    }
}

impl Cutter {
    pub async fn start(target: SocketAddr) -> Cutter {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let up = Arc::new(AtomicI64::new(i64::MAX));
        let down = Arc::new(AtomicI64::new(i64::MAX));
        let (u, d) = (up.clone(), down.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if u.load(Ordering::SeqCst) <= 0 || d.load(Ordering::SeqCst) <= 0 {
                    continue;
                }
                let (u, d) = (u.clone(), d.clone());
                tokio::spawn(async move {
                    let Ok(server) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    let (cr, cw) = client.into_split();
                    let (sr, sw) = server.into_split();
                    tokio::select! {
                        _ = relay(cr, sw, u) => {}
                        _ = relay(sr, cw, d) => {}
                    }
                });
            }
        });
        Cutter {
            url,
            up,
            down,
            task,
        }
    }

    /// Let `bytes` more through towards the province.
    pub fn allow(&self, bytes: i64) {
        self.up.store(bytes, Ordering::SeqCst);
    }

    /// Let `bytes` more through towards the devices.
    pub fn allow_down(&self, bytes: i64) {
        self.down.store(bytes, Ordering::SeqCst);
    }

    /// Heal both ways.
    pub fn heal(&self) {
        self.allow(i64::MAX);
        self.allow_down(i64::MAX);
    }
}
