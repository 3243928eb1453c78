//! The device's hash chain of money records and its receipt series. Both advance inside the
//! transaction of the record they belong to: a crash leaves the record with its link and its
//! receipt number, or none of the three.

use crate::error::{StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::journal::{self, ChainFault, ChainLink, LINK_FIELD};

/// The last link of this device's chain.
pub fn head(conn: &Connection) -> StoreResult<Option<ChainLink>> {
    Ok(conn
        .prepare_cached("SELECT seq, prev_hash, hash FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| {
            Ok(ChainLink {
                seq: r.get::<_, i64>(0)? as u64,
                prev_hash: r.get(1)?,
                hash: r.get(2)?,
            })
        })
        .optional()?)
}

/// Seal a money record's document as the next link and append the link to the journal.
pub(crate) fn seal(
    tx: &Transaction<'_>,
    kind: EntityKind,
    id: Uuid,
    doc: &mut serde_json::Value,
) -> StoreResult<()> {
    let link = journal::seal(head(tx)?.as_ref(), doc);
    tx.prepare_cached(
        "INSERT INTO journal (seq, entity, entity_id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        link.seq as i64,
        kind.as_str(),
        id.to_string(),
        link.prev_hash,
        link.hash
    ])?;
    doc[LINK_FIELD] = serde_json::to_value(&link)?;
    Ok(())
}

/// The next receipt number of this device's series (01/BL), advancing the counter.
pub(crate) fn next_receipt(tx: &Transaction<'_>) -> StoreResult<String> {
    let n: i64 = tx
        .prepare_cached(
            "UPDATE counters SET value = value + 1 WHERE name = 'receipt' RETURNING value",
        )?
        .query_row([], |r| r.get(0))?;
    let prefix: String = tx.query_row("SELECT prefix FROM device", [], |r| r.get(0))?;
    Ok(journal::receipt_number(&prefix, n as u64))
}

/// Check this device's own chain from its stored records: each record's document still
/// seals to its link, and the links follow each other.
pub fn verify(conn: &Connection) -> StoreResult<Result<(), ChainFault>> {
    let mut stmt = conn.prepare("SELECT seq, entity, entity_id FROM journal ORDER BY seq")?;
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut links = Vec::with_capacity(rows.len());
    for (seq, entity, id) in rows {
        let kind = EntityKind::parse(&entity)
            .ok_or_else(|| StoreError::Corrupt(format!("journal entry {seq}")))?;
        let doc: Option<String> = conn
            .query_row(
                &format!(
                    "SELECT doc FROM {} WHERE id = ?1",
                    crate::records::table(kind)
                ),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(doc) = doc else {
            return Ok(Err(ChainFault::Gap(seq as u64)));
        };
        let doc: serde_json::Value = serde_json::from_str(&doc)?;
        match journal::link_in(&doc) {
            Some(l) => links.push(l),
            None => return Ok(Err(ChainFault::Altered(seq as u64))),
        }
    }
    Ok(journal::verify(None, &links))
}
