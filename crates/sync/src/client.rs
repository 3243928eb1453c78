//! The HTTP client of the protocol: reqwest with rustls, gzip both ways, the version header on
//! every request, the bearer token once enrolled.

use crate::error::{SyncError, SyncResult};
use flate2::Compression;
use flate2::write::GzEncoder;
use reqwest::header::{AUTHORIZATION, CONTENT_ENCODING, CONTENT_RANGE, CONTENT_TYPE, RANGE};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Write;
use std::time::Duration;
use vonxa_protocol::*;

/// Part of a photo as the province sent it: where it starts, the whole photo's size, the bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoPart {
    pub start: u64,
    pub size: u64,
    pub bytes: Vec<u8>,
}

/// `bytes <first>-<last>/<size>` as (first, last, size).
fn content_range(v: &str) -> Option<(u64, u64, u64)> {
    let (range, size) = v.trim().strip_prefix("bytes ")?.split_once('/')?;
    let (a, b) = range.split_once('-')?;
    let (a, b, size) = (a.parse().ok()?, b.parse().ok()?, size.parse().ok()?);
    (a <= b && b < size).then_some((a, b, size))
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    /// What the device says of itself on every request (`vonxa_protocol::report`).
    report: Vec<(&'static str, String)>,
}

/// What the device reports of itself to the province's fleet screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub waiting: i64,
    pub db_bytes: i64,
    pub last_error: Option<String>,
}

/// Is plain HTTP acceptable for this URL (only to this machine)?
fn check_endpoint(url: &str) -> SyncResult<String> {
    let base = url.trim().trim_end_matches('/').to_owned();
    if base.starts_with("https://") {
        return Ok(base);
    }
    let Some(rest) = base.strip_prefix("http://") else {
        return Err(SyncError::BadEndpoint(base));
    };
    let host = rest.split('/').next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    if matches!(host, "127.0.0.1" | "localhost" | "::1") {
        Ok(base)
    } else {
        Err(SyncError::InsecureEndpoint(base))
    }
}

impl Client {
    pub fn new(endpoint: &str, token: Option<String>) -> SyncResult<Client> {
        let base = check_endpoint(endpoint)?;
        let http = reqwest::Client::builder()
            .gzip(true)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("vonxa/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Client {
            http,
            base,
            token,
            report: Vec::new(),
        })
    }

    /// Send `r` (and this build's version) with every request.
    pub fn with_report(mut self, r: &Report) -> Client {
        self.report = vec![
            (report::APP_VERSION, env!("CARGO_PKG_VERSION").to_owned()),
            (report::WAITING, r.waiting.to_string()),
            (report::DB_BYTES, r.db_bytes.to_string()),
        ];
        if let Some(e) = &r.last_error {
            self.report
                .push((report::LAST_ERROR, report::header_text(e)));
        }
        self
    }

    pub fn endpoint(&self) -> &str {
        &self.base
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut rb = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(VERSION_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(t) = &self.token {
            rb = rb.header(AUTHORIZATION, format!("Bearer {t}"));
        }
        for (name, value) in &self.report {
            rb = rb.header(*name, value);
        }
        rb
    }

    async fn send<T: DeserializeOwned>(rb: reqwest::RequestBuilder) -> SyncResult<T> {
        let resp = rb.send().await?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await?;
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes).map_err(|e| SyncError::Unexpected {
                status,
                detail: format!("unreadable body: {e}"),
            });
        }
        Err(Self::failure(status, &bytes))
    }

    /// The error of a non-2xx answer.
    fn failure(status: u16, bytes: &[u8]) -> SyncError {
        match serde_json::from_slice::<ErrorBody>(bytes) {
            Ok(body) => SyncError::Api { status, body },
            Err(_) => SyncError::Unexpected {
                status,
                detail: String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned(),
            },
        }
    }

    fn gzip_json<T: Serialize>(
        rb: reqwest::RequestBuilder,
        body: &T,
    ) -> SyncResult<reqwest::RequestBuilder> {
        Ok(rb
            .header(CONTENT_TYPE, "application/json")
            .header(CONTENT_ENCODING, "gzip")
            .body(Encoded::of(body)?.0))
    }

    pub async fn enrol(&self, req: &EnrolRequest) -> SyncResult<EnrolResponse> {
        let rb = Self::gzip_json(self.request(reqwest::Method::POST, paths::ENROL), req)?;
        Self::send(rb).await
    }

    pub async fn push(&self, req: &PushRequest) -> SyncResult<PushResponse> {
        self.push_encoded(Encoded::of(req)?).await
    }

    /// Push a page encoded beforehand (the province benchmark encodes its pages before the
    /// clock starts: on a real device that work is the device's, not the province's).
    pub async fn push_encoded(&self, body: Encoded) -> SyncResult<PushResponse> {
        let rb = self
            .request(reqwest::Method::POST, paths::PUSH)
            .header(CONTENT_TYPE, "application/json")
            .header(CONTENT_ENCODING, "gzip")
            .body(body.0);
        Self::send(rb).await
    }

    pub async fn pull(&self, after: i64, limit: u32) -> SyncResult<PullResponse> {
        let path = format!("{}?after={after}&limit={limit}", paths::PULL);
        Self::send(self.request(reqwest::Method::GET, &path)).await
    }

    pub async fn status(&self) -> SyncResult<StatusResponse> {
        Self::send(self.request(reqwest::Method::GET, paths::STATUS)).await
    }

    fn blob_path(hash: &str) -> String {
        paths::BLOB.replace("{hash}", hash)
    }

    /// How much of a photo the province holds.
    pub async fn blob_status(&self, hash: &str) -> SyncResult<BlobStatus> {
        Self::send(self.request(reqwest::Method::GET, &Self::blob_path(hash))).await
    }

    /// Send one chunk of a photo of `total` bytes, starting at `offset` (not compressed:
    /// photos do not shrink).
    pub async fn put_blob(
        &self,
        hash: &str,
        offset: u64,
        total: u64,
        chunk: Vec<u8>,
    ) -> SyncResult<BlobStatus> {
        let path = format!("{}?offset={offset}&total={total}", Self::blob_path(hash));
        let rb = self
            .request(reqwest::Method::PUT, &path)
            .header(CONTENT_TYPE, "application/octet-stream")
            .body(chunk);
        Self::send(rb).await
    }

    /// At most `len` bytes of a complete photo from `from` (a `Range` request). A province
    /// that answers with the whole photo gives a part starting at 0.
    pub async fn blob_range(&self, hash: &str, from: u64, len: u64) -> SyncResult<PhotoPart> {
        let path = paths::BLOB_CONTENT.replace("{hash}", hash);
        let last = from + len.max(1) - 1;
        let resp = self
            .request(reqwest::Method::GET, &path)
            .header(RANGE, format!("bytes={from}-{last}"))
            .send()
            .await?;
        let status = resp.status().as_u16();
        let range = resp
            .headers()
            .get(CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = resp.bytes().await?;
        let bad = |what: &str| SyncError::Unexpected {
            status,
            detail: format!("photo download: {what}"),
        };
        match status {
            200 => Ok(PhotoPart {
                start: 0,
                size: bytes.len() as u64,
                bytes: bytes.to_vec(),
            }),
            206 => {
                let (start, end, size) = range
                    .as_deref()
                    .and_then(content_range)
                    .ok_or_else(|| bad("no readable Content-Range"))?;
                if end + 1 - start != bytes.len() as u64 {
                    return Err(bad("the body is not the range announced"));
                }
                Ok(PhotoPart {
                    start,
                    size,
                    bytes: bytes.to_vec(),
                })
            }
            _ => Err(Self::failure(status, &bytes)),
        }
    }

    /// The flags raised in this device's scope.
    pub async fn flags(&self) -> SyncResult<FlagsResponse> {
        Self::send(self.request(reqwest::Method::GET, paths::FUNDUSE_FLAGS)).await
    }

    /// The figures of this device's scope for a period.
    pub async fn counts(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> SyncResult<CountsResponse> {
        let path = format!("{}?from={from}&to={to}", paths::FUNDUSE_COUNTS);
        Self::send(self.request(reqwest::Method::GET, &path)).await
    }

    pub async fn health(&self) -> SyncResult<Health> {
        Self::send(self.request(reqwest::Method::GET, paths::HEALTH)).await
    }

    /// A group's money for the month `period` (`YYYY-MM`), as the province holds it.
    pub async fn group_figures(
        &self,
        group: uuid::Uuid,
        period: &str,
    ) -> SyncResult<vonxa_protocol::figures::GroupFigures> {
        // Dates, codes and ids are plain URL characters.
        let path = format!(
            "{}?period={period}",
            paths::FIGURES_GROUP.replace("{id}", &group.to_string())
        );
        Self::send(self.request(reqwest::Method::GET, &path)).await
    }

    /// A point's money for the days `from ..= to` (`YYYY-MM-DD`).
    pub async fn point_figures(
        &self,
        code: &str,
        from: &str,
        to: &str,
    ) -> SyncResult<vonxa_protocol::figures::PointFigures> {
        let path = format!(
            "{}?from={from}&to={to}",
            paths::FIGURES_POINT.replace("{code}", code)
        );
        Self::send(self.request(reqwest::Method::GET, &path)).await
    }

    /// Broken money chains the province recorded (bank staff).
    pub async fn alerts(&self) -> SyncResult<vonxa_protocol::figures::AlertsResponse> {
        Self::send(self.request(reqwest::Method::GET, paths::ALERTS)).await
    }
}

/// A request body as sent: JSON, gzip-compressed.
pub struct Encoded(Vec<u8>);

impl Encoded {
    pub fn of<T: Serialize>(body: &T) -> SyncResult<Encoded> {
        let json = serde_json::to_vec(body).map_err(|e| SyncError::Unexpected {
            status: 0,
            detail: e.to_string(),
        })?;
        let mut enc = GzEncoder::new(Vec::with_capacity(json.len() / 4), Compression::fast());
        enc.write_all(&json)
            .and_then(|_| enc.finish())
            .map(Encoded)
            .map_err(|e| SyncError::Unexpected {
                status: 0,
                detail: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_this_machine() {
        assert!(check_endpoint("http://127.0.0.1:8080/").is_ok());
        assert!(check_endpoint("http://localhost:8080").is_ok());
        assert!(check_endpoint("http://[::1]:8080").is_ok());
        assert!(check_endpoint("https://vbsp.example.vn").is_ok());
        assert!(matches!(
            check_endpoint("http://10.0.0.5:8080"),
            Err(SyncError::InsecureEndpoint(_))
        ));
        assert!(check_endpoint("ftp://x").is_err());
    }

    #[test]
    fn content_ranges() {
        assert_eq!(content_range("bytes 0-9/10"), Some((0, 9, 10)));
        assert_eq!(
            content_range("bytes 262144-524287/3145851"),
            Some((262144, 524287, 3145851))
        );
        assert_eq!(content_range("bytes 5-4/10"), None);
        assert_eq!(content_range("bytes 0-10/10"), None);
        assert_eq!(content_range("bytes */10"), None);
    }
}
