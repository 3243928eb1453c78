//! Home, transaction points with their communes and groups, group detail, form choices.

use crate::contract::{
    BoardMember, Choice, Counts, FormOptions, GroupDetail, GroupRow, HomeSummary, MemberRow,
    PointInfo, PointNode, PovertyCategory, UnitInfo,
};
use crate::error::{CoreResult, IpcError};
use crate::{App, map};
use vonxa_domain::GroupId;
use vonxa_domain::reference::{Group, GroupRole, Office, Organisation, Point, Village};
use vonxa_store::queries::{active_member_count, docs};
use vonxa_store::records::load;

fn count(store: &vonxa_store::Store, sql: &str) -> CoreResult<u32> {
    let n: i64 = store.connection().query_row(sql, [], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

fn point_info(store: &vonxa_store::Store, p: &Point) -> CoreResult<PointInfo> {
    let office: Office = load(store.connection(), p.office_id.as_uuid())?;
    Ok(PointInfo {
        id: p.id.to_string(),
        code: p.code.clone(),
        name: p.name.clone(),
        venue: p.venue.clone(),
        session_day: p.session_day,
        office_name: office.name,
    })
}

fn communes_of(store: &vonxa_store::Store, point: &Point) -> CoreResult<Vec<UnitInfo>> {
    let conn = store.connection();
    let mut stmt = conn.prepare_cached(
        "SELECT u.code, u.name, u.unit_type, coalesce(p.name, '')
             FROM point_communes pc JOIN admin_units u ON u.code = pc.commune_code
             LEFT JOIN admin_units p ON p.code = u.parent_code
             WHERE pc.point_id = ?1 AND pc.valid_to IS NULL ORDER BY u.name",
    )?;
    let rows = stmt.query_map([point.id.to_string()], |r| {
        Ok(UnitInfo {
            code: r.get(0)?,
            name: r.get(1)?,
            unit_type: r.get(2)?,
            province_name: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn group_row(store: &vonxa_store::Store, g: &Group) -> CoreResult<GroupRow> {
    let conn = store.connection();
    let org: Organisation = load(conn, g.organisation_id.as_uuid())?;
    let village: Village = load(conn, g.village_id.as_uuid())?;
    Ok(GroupRow {
        id: g.id.to_string(),
        code: g.code.clone(),
        name: g.name.clone(),
        org_kind: org.kind.into(),
        organisation_id: org.id.to_string(),
        organisation_name: org.name,
        village_name: village.name,
        status: g.status.into(),
        founded_on: map::iso(g.founded_on),
        members: active_member_count(conn, g.id, store.today())?,
    })
}

fn members_of(store: &vonxa_store::Store, group: GroupId) -> CoreResult<Vec<MemberRow>> {
    let conn = store.connection();
    let today = map::iso(store.today());
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, h.id, p.full_name, p.id_number, h.customer_code, v.name, m.joined_on,
                    (SELECT category FROM poverty_status s WHERE s.household_id = h.id
                      AND s.valid_from <= ?2 ORDER BY s.valid_from DESC, s.id DESC LIMIT 1)
             FROM memberships m JOIN households h ON h.id = m.household_id
             LEFT JOIN persons p ON p.id = h.head_person_id
             LEFT JOIN villages v ON v.id = h.village_id
             LEFT JOIN household_search hs ON hs.household_id = h.id
             WHERE m.group_id = ?1 AND m.joined_on <= ?2 AND (m.left_on IS NULL OR m.left_on > ?2)
             ORDER BY hs.sort_key, h.id",
    )?;
    let rows = stmt.query_map([group.to_string(), today], |r| {
        let category: Option<String> = r.get(7)?;
        Ok(MemberRow {
            membership_id: r.get(0)?,
            household_id: r.get(1)?,
            head_name: r.get(2)?,
            id_number: r.get(3)?,
            customer_code: r.get(4)?,
            village_name: r.get(5)?,
            joined_on: r.get(6)?,
            category: category.and_then(|c| {
                serde_json::from_value::<PovertyCategory>(serde_json::Value::String(c)).ok()
            }),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl App {
    /// Today's point, its next session day and what the device holds.
    pub fn home(&self) -> Result<HomeSummary, IpcError> {
        self.with(|s| {
            let store = &s.store;
            let today = store.today();
            let points: Vec<Point> = docs(
                store.connection(),
                "SELECT doc FROM points ORDER BY code",
                [],
            )?;
            let first = points.first();
            let point = first.map(|p| point_info(store, p)).transpose()?;
            let communes = match first {
                Some(p) => communes_of(store, p)?
                    .into_iter()
                    .map(|u| format!("{}, {}", u.name, u.province_name))
                    .collect(),
                None => Vec::new(),
            };
            let d = map::iso(today);
            let members = format!(
                "SELECT count(DISTINCT household_id) FROM memberships
                 WHERE joined_on <= '{d}' AND (left_on IS NULL OR left_on > '{d}')"
            );
            Ok(HomeSummary {
                next_session: first.map(|p| map::iso(p.next_session(today))),
                point,
                today: d,
                communes,
                counts: Counts {
                    villages: count(store, "SELECT count(*) FROM villages")?,
                    groups: count(store, "SELECT count(*) FROM groups")?,
                    households: count(store, "SELECT count(*) FROM households")?,
                    persons: count(store, "SELECT count(*) FROM persons")?,
                    members: count(store, &members)?,
                },
            })
        })
    }

    /// Transaction points, the communes each serves and their groups.
    pub fn list_points(&self) -> Result<Vec<PointNode>, IpcError> {
        self.with(|s| {
            let store = &s.store;
            let points: Vec<Point> = docs(
                store.connection(),
                "SELECT doc FROM points ORDER BY code",
                [],
            )?;
            points
                .iter()
                .map(|p| {
                    let groups: Vec<Group> = docs(
                        store.connection(),
                        "SELECT doc FROM groups WHERE point_id = ?1 ORDER BY code",
                        [p.id.to_string()],
                    )?;
                    Ok(PointNode {
                        point: point_info(store, p)?,
                        communes: communes_of(store, p)?,
                        groups: groups
                            .iter()
                            .map(|g| group_row(store, g))
                            .collect::<CoreResult<_>>()?,
                    })
                })
                .collect()
        })
    }

    /// A group with its board and its member households today.
    pub fn group_detail(&self, group_id: String) -> Result<GroupDetail, IpcError> {
        self.with(|s| {
            let store = &s.store;
            let id: GroupId = map::id(&group_id, "groupId")?;
            let group: Group = load(store.connection(), id.as_uuid())?;
            let point: Point = load(store.connection(), group.point_id.as_uuid())?;
            let roles: Vec<GroupRole> = docs(
                store.connection(),
                "SELECT doc FROM group_roles WHERE group_id = ?1",
                [id.to_string()],
            )?;
            let today = store.today();
            let mut board = Vec::new();
            for r in roles.iter().filter(|r| r.to.is_none_or(|t| t > today)) {
                let person: vonxa_domain::reference::Person =
                    load(store.connection(), r.person_id.as_uuid())?;
                board.push(BoardMember {
                    role: r.role.into(),
                    person_name: person.full_name,
                    from: map::iso(r.from),
                });
            }
            board.sort_by_key(|b| b.role as u8);
            Ok(GroupDetail {
                group: group_row(store, &group)?,
                point_name: point.name,
                board,
                members: members_of(store, id)?,
            })
        })
    }

    /// Villages and groups to choose from in the household and membership forms, and the
    /// point's staff (the device's active users) for a session's team.
    pub fn form_options(&self) -> Result<FormOptions, IpcError> {
        self.with(|s| {
            let mut staff: Vec<String> = s
                .store
                .users()?
                .into_iter()
                .filter(|u| u.active)
                .map(|u| u.display_name)
                .collect();
            staff.sort_by_cached_key(|n| vonxa_domain::text::name_sort_key(n));
            staff.dedup();
            let conn = s.store.connection();
            let villages: Vec<Village> = docs(conn, "SELECT doc FROM villages ORDER BY name", [])?;
            let groups: Vec<Group> = docs(conn, "SELECT doc FROM groups ORDER BY code", [])?;
            Ok(FormOptions {
                villages: villages
                    .into_iter()
                    .map(|v| Choice {
                        id: v.id.to_string(),
                        label: v.name,
                    })
                    .collect(),
                groups: groups
                    .into_iter()
                    .map(|g| Choice {
                        id: g.id.to_string(),
                        label: format!("{} — {}", g.code, g.name),
                    })
                    .collect(),
                staff,
            })
        })
    }
}
