//! The official 2025 administrative units (Decision 19/2025/QĐ-TTg: 34 provinces, 3,321
//! communes), embedded in the binary and loaded at first start.

use crate::error::{StoreError, StoreResult};
use rusqlite::{Connection, params};
use vonxa_domain::reference::AdminUnit;

const CSV: &str = include_str!("../../../data/admin-units-2025.csv");

/// Parse the embedded list: provinces first, then communes, each validated.
pub fn builtin() -> StoreResult<Vec<AdminUnit>> {
    let mut provinces = Vec::new();
    let mut communes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in CSV.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let [pcode, pname, ptype, ccode, cname, ctype] = cols[..] else {
            return Err(StoreError::Import(format!(
                "admin units line {}: expected 6 columns",
                i + 1
            )));
        };
        if seen.insert(pcode.to_owned()) {
            provinces.push(AdminUnit {
                code: pcode.into(),
                name: pname.into(),
                unit_type: ptype.into(),
                parent_code: None,
            });
        }
        communes.push(AdminUnit {
            code: ccode.into(),
            name: cname.into(),
            unit_type: ctype.into(),
            parent_code: Some(pcode.into()),
        });
    }
    provinces.append(&mut communes);
    for u in &provinces {
        u.validate()?;
    }
    Ok(provinces)
}

/// Load the built-in list if the table is empty.
pub fn ensure_loaded(conn: &mut Connection) -> StoreResult<()> {
    let n: i64 = conn.query_row("SELECT count(*) FROM admin_units", [], |r| r.get(0))?;
    if n > 0 {
        return Ok(());
    }
    let units = builtin()?;
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO admin_units (code, name, unit_type, parent_code) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for u in &units {
            stmt.execute(params![u.code, u.name, u.unit_type, u.parent_code])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_34_provinces_and_3321_communes() {
        let units = builtin().unwrap();
        let provinces = units.iter().filter(|u| u.parent_code.is_none()).count();
        let communes = units.iter().filter(|u| u.parent_code.is_some()).count();
        assert_eq!((provinces, communes), (34, 3321));
        let quang_ngai = units
            .iter()
            .filter(|u| u.parent_code.as_deref() == Some("51"))
            .count();
        assert_eq!(quang_ngai, 96);
    }
}
