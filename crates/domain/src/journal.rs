//! The money journal's hash chain and receipt numbers.
//!
//! Each device chains its money entries: an entry's hash is SHA-256 over the previous entry's
//! hash, its sequence number and its canonical body. The province recomputes the chain on
//! every push; a gap, a fork (two entries claiming the same predecessor) or an altered body
//! shows up as a [`ChainFault`] at the first entry where it happens.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The hash before the first entry of a device's chain.
pub const GENESIS: [u8; 32] = [0u8; 32];

pub fn entry_hash(prev: &[u8; 32], seq: u64, body: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"vonxa-journal-v1");
    h.update(prev);
    h.update(seq.to_be_bytes());
    h.update((body.len() as u64).to_be_bytes());
    h.update(body.as_bytes());
    h.finalize().into()
}

/// One link as stored and pushed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
    pub body: String,
}

impl Link {
    /// The next link after `prev` (or the first, when `prev` is `None`).
    pub fn next(prev: Option<&Link>, body: String) -> Link {
        let (seq, prev_hash) = match prev {
            Some(p) => (p.seq + 1, decode(&p.hash).unwrap_or(GENESIS)),
            None => (1, GENESIS),
        };
        Link {
            seq,
            prev_hash: hex::encode(prev_hash),
            hash: hex::encode(entry_hash(&prev_hash, seq, &body)),
            body,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "fault", content = "seq")]
pub enum ChainFault {
    /// A sequence number is missing (an entry was deleted), or the chain does not start at 1.
    Gap(u64),
    /// An entry does not follow the previous entry's hash (inserted or re-ordered), or two
    /// entries share a predecessor.
    Fork(u64),
    /// An entry's body or hash was changed after it was written.
    Altered(u64),
}

/// Verify links in sequence order, continuing from `after` (the last link already verified,
/// `None` for a chain from its start).
pub fn verify(after: Option<&Link>, links: &[Link]) -> Result<(), ChainFault> {
    let mut prev_seq = after.map_or(0, |l| l.seq);
    let mut prev_hash = after.map_or(hex::encode(GENESIS), |l| l.hash.clone());
    for l in links {
        if l.seq <= prev_seq {
            return Err(ChainFault::Fork(l.seq));
        }
        if l.seq != prev_seq + 1 {
            return Err(ChainFault::Gap(prev_seq + 1));
        }
        if l.prev_hash != prev_hash {
            return Err(ChainFault::Fork(l.seq));
        }
        let Some(prev) = decode(&l.prev_hash) else {
            return Err(ChainFault::Altered(l.seq));
        };
        if hex::encode(entry_hash(&prev, l.seq, &l.body)) != l.hash {
            return Err(ChainFault::Altered(l.seq));
        }
        prev_seq = l.seq;
        prev_hash = l.hash.clone();
    }
    Ok(())
}

fn decode(h: &str) -> Option<[u8; 32]> {
    hex::decode(h).ok()?.try_into().ok()
}

/// The link a money record carries in its document (`link`): its place in the device's
/// chain. The hashed body is the record's canonical JSON without this field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainLink {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
}

impl ChainLink {
    /// The link as [`verify`] reads it, with the body it seals.
    pub fn with_body(&self, body: String) -> Link {
        Link {
            seq: self.seq,
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
            body,
        }
    }
}

/// The field of a money record's document that holds its [`ChainLink`].
pub const LINK_FIELD: &str = "link";

/// JSON with object keys sorted at every level and no spaces: the same text on the device and
/// at the province whatever order a serializer keeps keys in.
pub fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(x) = m.get(k) {
                    write_canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The body a money record's link seals: its document without the link, canonical.
pub fn body_of(doc: &Value) -> String {
    match doc {
        Value::Object(m) => {
            let mut m = m.clone();
            m.remove(LINK_FIELD);
            canonical(&Value::Object(m))
        }
        other => canonical(other),
    }
}

/// Seal a record's document as the entry after `prev` (or the first): returns its link, to
/// be stored in the document's `link` field.
pub fn seal(prev: Option<&ChainLink>, doc: &Value) -> ChainLink {
    let (seq, prev_hash) = match prev {
        Some(p) => (p.seq + 1, decode(&p.hash).unwrap_or(GENESIS)),
        None => (1, GENESIS),
    };
    ChainLink {
        seq,
        prev_hash: hex::encode(prev_hash),
        hash: hex::encode(entry_hash(&prev_hash, seq, &body_of(doc))),
    }
}

/// The link a record's document carries, with the body it must seal; `None` when it has none.
pub fn link_in(doc: &Value) -> Option<Link> {
    let l: ChainLink = serde_json::from_value(doc.get(LINK_FIELD)?.clone()).ok()?;
    Some(l.with_body(body_of(doc)))
}

/// A device's receipt prefix: the last 8 hex digits of its id (the random part of a UUIDv7;
/// the first digits are a timestamp that devices made in the same minute share).
pub fn device_prefix(device: Uuid) -> String {
    let s = device.simple().to_string();
    s[s.len() - 8..].to_uppercase()
}

/// A receipt number (01/BL): the device's prefix and its own counter, e.g. "A1B2C3D4-000042".
/// Prefixes are unique per device, so numbers are unique across devices.
pub fn receipt_number(device_prefix: &str, counter: u64) -> String {
    format!("{device_prefix}-{counter:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        for i in 0..n {
            let l = Link::next(out.last(), format!("{{\"amount\":{}}}", (i + 1) * 5000));
            out.push(l);
        }
        out
    }

    #[test]
    fn an_intact_chain_verifies_in_one_go_or_in_pieces() {
        let c = chain(10);
        assert_eq!(verify(None, &c), Ok(()));
        assert_eq!(verify(None, &c[..4]), Ok(()));
        assert_eq!(verify(Some(&c[3]), &c[4..]), Ok(()));
    }

    #[test]
    fn a_deleted_entry_is_a_gap() {
        let mut c = chain(10);
        c.remove(4);
        assert_eq!(verify(None, &c), Err(ChainFault::Gap(5)));
    }

    #[test]
    fn an_inserted_entry_is_a_fork() {
        let mut c = chain(10);
        let forged = Link::next(Some(&c[3]), "{\"amount\":1}".into());
        c.insert(4, forged);
        assert!(matches!(verify(None, &c), Err(ChainFault::Fork(_))));
        // Two entries with the same predecessor (the device's database copied and used twice).
        let a = chain(5);
        let b = Link::next(Some(&a[3]), "{\"amount\":7}".into());
        assert_eq!(verify(Some(&a[4]), &[b]), Err(ChainFault::Fork(5)));
    }

    #[test]
    fn an_altered_entry_is_caught() {
        let mut c = chain(10);
        c[6].body = "{\"amount\":1}".into();
        assert_eq!(verify(None, &c), Err(ChainFault::Altered(7)));
        // Recomputing its hash breaks the next link instead.
        let mut d = chain(10);
        d[6].body = "{\"amount\":1}".into();
        d[6].hash = hex::encode(entry_hash(&decode(&d[6].prev_hash).unwrap(), 7, &d[6].body));
        assert_eq!(verify(None, &d), Err(ChainFault::Fork(8)));
    }

    #[test]
    fn receipt_numbers_carry_the_device_prefix() {
        assert_eq!(receipt_number("A1B2C3D4", 42), "A1B2C3D4-000042");
        let a = Uuid::parse_str("0190a000-0000-7000-8000-00000000abcd").unwrap();
        assert_eq!(device_prefix(a), "0000ABCD");
    }

    fn sealed_chain(n: usize) -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        let mut prev: Option<ChainLink> = None;
        for i in 0..n {
            let mut doc =
                serde_json::json!({"id": i, "amount": (i + 1) * 5000, "b": {"z": 1, "a": 2}});
            let l = seal(prev.as_ref(), &doc);
            doc[LINK_FIELD] = serde_json::to_value(&l).unwrap();
            prev = Some(l);
            out.push(doc);
        }
        out
    }

    fn links(docs: &[Value]) -> Vec<Link> {
        docs.iter().map(|d| link_in(d).unwrap()).collect()
    }

    #[test]
    fn sealed_documents_verify_and_key_order_does_not_matter() {
        let docs = sealed_chain(5);
        assert_eq!(verify(None, &links(&docs)), Ok(()));
        let reordered: Value =
            serde_json::from_str(r#"{"b":{"a":2,"z":1},"amount":5000,"id":0}"#).unwrap();
        assert_eq!(body_of(&reordered), body_of(&docs[0]));
    }

    #[test]
    fn a_sealed_document_changed_afterwards_is_caught() {
        let mut docs = sealed_chain(5);
        docs[2]["amount"] = serde_json::json!(1);
        assert_eq!(verify(None, &links(&docs)), Err(ChainFault::Altered(3)));
        let mut docs = sealed_chain(5);
        docs.remove(1);
        assert_eq!(verify(None, &links(&docs)), Err(ChainFault::Gap(2)));
    }
}
