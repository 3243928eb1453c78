//! Household search that ignores diacritics, đ/d and case: by any member's name, CCCD or CMND
//! number, or the VBSP customer code.

use crate::Store;
use crate::error::StoreResult;
use rusqlite::{Connection, params};
use serde::Serialize;
use vonxa_domain::HouseholdId;
use vonxa_domain::text::{fold, name_sort_key};

/// Rebuild the search keys of one household from its persons and customer code.
pub fn refresh(conn: &Connection, household: HouseholdId) -> StoreResult<()> {
    let id = household.to_string();
    let code: Option<Option<String>> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached("SELECT customer_code FROM households WHERE id = ?1")?
            .query_row([&id], |r| r.get(0)),
    )?;
    let Some(code) = code else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT p.full_name, coalesce(p.id_number, ''), coalesce(json_extract(p.doc, '$.legacyIdNumber'), '')
         FROM persons p JOIN households h ON h.id = p.household_id
         WHERE p.household_id = ?1 ORDER BY (p.id = h.head_person_id) DESC, p.id",
    )?;
    let rows = stmt.query_map([&id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut parts = Vec::new();
    let mut head = None;
    for row in rows {
        let (name, cccd, cmnd) = row?;
        head.get_or_insert_with(|| name.clone());
        parts.push(fold(&name));
        parts.extend([cccd, cmnd].into_iter().filter(|s| !s.is_empty()));
    }
    parts.extend(code.map(|c| fold(&c)));
    let folded = format!("|{}|", parts.join("|"));
    let sort_key = head.as_deref().map(name_sort_key).unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO household_search (household_id, folded, sort_key) VALUES (?1, ?2, ?3)
         ON CONFLICT (household_id) DO UPDATE SET folded = excluded.folded, sort_key = excluded.sort_key",
    )?
    .execute(params![id, folded, sort_key])?;
    Ok(())
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdHit {
    pub household_id: String,
    pub head_name: Option<String>,
    pub customer_code: Option<String>,
    pub village_name: Option<String>,
    pub group_name: Option<String>,
}

impl Store {
    /// Households whose names, ID numbers or customer code contain the query, folded; sorted
    /// by the head's given name. An empty query lists the first `limit` households.
    pub fn search_households(&self, query: &str, limit: usize) -> StoreResult<Vec<HouseholdHit>> {
        let pattern = fold(query).replace('|', "");
        let mut stmt = self.connection().prepare_cached(
            "WITH hits AS (
                SELECT household_id, sort_key FROM household_search INDEXED BY household_search_sort
                WHERE instr(folded, ?1) > 0 ORDER BY sort_key, household_id LIMIT ?2)
             SELECT h.id,
                    (SELECT full_name FROM persons WHERE id = h.head_person_id),
                    h.customer_code, v.name,
                    (SELECT g.name FROM memberships m JOIN groups g ON g.id = m.group_id
                      WHERE m.household_id = h.id AND m.left_on IS NULL LIMIT 1)
             FROM hits
             JOIN households h ON h.id = hits.household_id
             LEFT JOIN villages v ON v.id = h.village_id
             ORDER BY hits.sort_key, hits.household_id",
        )?;
        let rows = stmt.query_map(params![pattern, limit as i64], |r| {
            Ok(HouseholdHit {
                household_id: r.get(0)?,
                head_name: r.get(1)?,
                customer_code: r.get(2)?,
                village_name: r.get(3)?,
                group_name: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// How a household list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListSort {
    /// By the head's given name, as Vietnamese lists are (the search's own order).
    #[default]
    Name,
    Village,
    Group,
}

/// What a household list shows: households matching a search, in a village or a group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub village: Option<String>,
    pub group: Option<String>,
    pub sort: ListSort,
}

/// One page of a household list and how many households the whole list has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPage {
    pub hits: Vec<HouseholdHit>,
    pub total: usize,
}

impl Store {
    /// A page of the household list: `limit` households from `offset`, and the total. The
    /// plain search (no filter, by name) walks the search index as `search_households` does;
    /// a filter or another order reads the whole list, which a commune keeps small.
    pub fn list_households(
        &self,
        query: &str,
        filter: &ListFilter,
        limit: usize,
        offset: usize,
    ) -> StoreResult<ListPage> {
        let pattern = fold(query).replace('|', "");
        let conn = self.connection();
        if *filter == ListFilter::default() {
            let total: i64 = conn
                .prepare_cached(
                    "SELECT count(*) FROM household_search WHERE instr(folded, ?1) > 0",
                )?
                .query_row([&pattern], |r| r.get(0))?;
            let mut hits = self.search_households(query, limit + offset)?;
            let hits = hits.split_off(offset.min(hits.len()));
            return Ok(ListPage {
                hits,
                total: total as usize,
            });
        }
        let order = match filter.sort {
            ListSort::Name => "sort_key, id",
            ListSort::Village => "village IS NULL, village, sort_key, id",
            ListSort::Group => "grp IS NULL, grp, sort_key, id",
        };
        let list = format!(
            "WITH m AS (
                SELECT h.id, s.sort_key, h.village_id, v.name AS village, h.customer_code,
                       (SELECT full_name FROM persons WHERE id = h.head_person_id) AS head,
                       (SELECT mm.group_id FROM memberships mm WHERE mm.household_id = h.id
                          AND mm.left_on IS NULL LIMIT 1) AS group_id,
                       (SELECT g.name FROM memberships mm JOIN groups g ON g.id = mm.group_id
                          WHERE mm.household_id = h.id AND mm.left_on IS NULL LIMIT 1) AS grp
                FROM household_search s JOIN households h ON h.id = s.household_id
                LEFT JOIN villages v ON v.id = h.village_id
                WHERE instr(s.folded, ?1) > 0)
             SELECT id, head, customer_code, village, grp, count(*) OVER () FROM m
             WHERE (?2 IS NULL OR village_id = ?2) AND (?3 IS NULL OR group_id = ?3)
             ORDER BY {order} LIMIT ?4 OFFSET ?5"
        );
        let mut stmt = conn.prepare_cached(&list)?;
        let mut total = 0;
        let rows = stmt.query_map(
            params![
                pattern,
                filter.village,
                filter.group,
                limit as i64,
                offset as i64
            ],
            |r| {
                Ok((
                    HouseholdHit {
                        household_id: r.get(0)?,
                        head_name: r.get(1)?,
                        customer_code: r.get(2)?,
                        village_name: r.get(3)?,
                        group_name: r.get(4)?,
                    },
                    r.get::<_, i64>(5)?,
                ))
            },
        )?;
        let mut hits = Vec::new();
        for row in rows {
            let (hit, n) = row?;
            total = n as usize;
            hits.push(hit);
        }
        if hits.is_empty() && offset > 0 {
            // Past the end: the total still says what the list holds.
            total = self.list_households(query, filter, 1, 0)?.total;
        }
        Ok(ListPage { hits, total })
    }
}
