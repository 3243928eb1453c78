//! Households: search, detail, add and edit households, persons and memberships, a new
//! member from the group screen, and the .xlsx import.

use crate::contract::{
    HouseholdDetail, HouseholdHit, HouseholdInfo, HouseholdInput, HouseholdPage, ImportFile,
    ImportReport, ImportRowError, MembershipInfo, MembershipInput, NewMember, PersonInfo,
    PersonInput, SearchQuery,
};
use crate::error::{CoreResult, IpcError, code_message, code_name};
use crate::{App, Session, map};
use uuid::Uuid;
use vonxa_domain::entity::{Op, Origin};
use vonxa_domain::reference::{
    Group, Household, Membership, Person, Point, PovertyStatus, Village,
};
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::queries::{docs, memberships_of_household};
use vonxa_store::records::load;

/// Most rows a search returns: the list shows the best matches while the user types.
const MAX_HITS: u32 = 200;

fn household_info(store: &Store, h: &Household) -> CoreResult<HouseholdInfo> {
    let village: Village = load(store.connection(), h.village_id.as_uuid())?;
    Ok(HouseholdInfo {
        id: h.id.to_string(),
        customer_code: h.customer_code.clone(),
        village_id: h.village_id.to_string(),
        village_name: village.name,
        address: h.address.clone(),
        head_person_id: h.head_person_id.map(|p| p.to_string()),
    })
}

fn membership_info(store: &Store, m: &Membership) -> CoreResult<MembershipInfo> {
    let group: Group = load(store.connection(), m.group_id.as_uuid())?;
    Ok(MembershipInfo {
        id: m.id.to_string(),
        household_id: m.household_id.to_string(),
        group_id: m.group_id.to_string(),
        group_name: group.name,
        joined_on: map::iso(m.joined_on),
        left_on: m.left_on.map(map::iso),
        left_reason: m.left_reason.clone(),
    })
}

/// Build a person record from the form, keeping the id of an edited one.
fn person_from(input: &PersonInput, household: HouseholdId) -> CoreResult<Person> {
    Ok(Person {
        id: match &input.id {
            Some(id) => map::id(id, "id")?,
            None => PersonId(Uuid::now_v7()),
        },
        household_id: household,
        full_name: input.full_name.clone(),
        birth_date: map::date(&input.birth_date, "birthDate")?,
        sex: input.sex.into(),
        id_number: map::opt_digits(input.id_number.clone()),
        legacy_id_number: map::opt_digits(input.legacy_id_number.clone()),
        phone: map::opt_digits(input.phone.clone()),
        ethnicity: map::opt_text(input.ethnicity.clone()),
        relation: map::opt_text(input.relation.clone()),
    })
}

fn detail(store: &Store, id: HouseholdId) -> CoreResult<HouseholdDetail> {
    let conn = store.connection();
    let h: Household = load(conn, id.as_uuid())?;
    let point: Point = load(conn, h.point_id.as_uuid())?;
    let persons: Vec<Person> = docs(
        conn,
        "SELECT doc FROM persons WHERE household_id = ?1 ORDER BY json_extract(doc, '$.birthDate')",
        [id.to_string()],
    )?;
    let mut poverty: Vec<PovertyStatus> = docs(
        conn,
        "SELECT doc FROM poverty_status WHERE household_id = ?1",
        [id.to_string()],
    )?;
    poverty.sort_by_key(|s| std::cmp::Reverse((s.valid_from, s.id)));
    let mut persons_out: Vec<PersonInfo> = persons
        .iter()
        .map(|p| map::person(p, h.head_person_id))
        .collect();
    persons_out.sort_by_key(|p| !p.is_head);
    let own_programme = match poverty.first() {
        Some(s) => vonxa_store::credit::programme_table(conn)?
            .meant_for(s.category)
            .next()
            .map(|p| p.code.clone()),
        None => None,
    };
    let (kin, kin_candidates) = crate::kin::kin_of(conn, &h, store.today())?;
    Ok(HouseholdDetail {
        kin,
        kin_candidates,
        household: household_info(store, &h)?,
        point_name: point.name,
        persons: persons_out,
        poverty: poverty.iter().map(map::poverty).collect(),
        memberships: memberships_of_household(conn, id)?
            .iter()
            .map(|m| membership_info(store, m))
            .collect::<CoreResult<_>>()?,
        loans: {
            let rates = map::RatesToday::of(store)?;
            vonxa_store::queries::loans_of_household(conn, id)?
                .iter()
                .map(|l| rates.loan(l))
                .collect()
        },
        own_programme,
    })
}

impl Session {
    fn save_household(&mut self, input: HouseholdInput) -> CoreResult<HouseholdInfo> {
        let village_id: VillageId = map::id(&input.village_id, "villageId")?;
        let village: Village = load(self.store.connection(), village_id.as_uuid())
            .map_err(|_| DomainError::invalid("villageId", Code::Required))?;
        let (op, base) = match &input.id {
            Some(id) => {
                let id: HouseholdId = map::id(id, "id")?;
                (Op::Update, load(self.store.connection(), id.as_uuid())?)
            }
            None => (
                Op::Insert,
                Household {
                    kin: Vec::new(),
                    id: HouseholdId(Uuid::now_v7()),
                    customer_code: None,
                    village_id,
                    point_id: village.point_id,
                    address: None,
                    head_person_id: None,
                },
            ),
        };
        let h = Household {
            customer_code: map::opt_text(input.customer_code),
            village_id,
            point_id: village.point_id,
            address: map::opt_text(input.address),
            ..base
        };
        self.store.record(&self.user, op, h.clone())?;
        household_info(&self.store, &load(self.store.connection(), h.id.as_uuid())?)
    }

    fn save_person(&mut self, input: PersonInput) -> CoreResult<PersonInfo> {
        let household_id: HouseholdId = map::id(&input.household_id, "householdId")?;
        let household: Household = load(self.store.connection(), household_id.as_uuid())?;
        let person = person_from(&input, household_id)?;
        let op = if input.id.is_some() {
            Op::Update
        } else {
            Op::Insert
        };
        let make_head = input.is_head && household.head_person_id != Some(person.id);
        let user = self.user.clone();
        let pid = person.id;
        self.store.record_batch(|b| {
            b.record(&user, op, person, Origin::Local)?;
            if make_head {
                let h = Household {
                    head_person_id: Some(pid),
                    ..household.clone()
                };
                b.record(&user, Op::Update, h, Origin::Local)?;
            }
            Ok(())
        })?;
        let saved: Person = load(self.store.connection(), pid.as_uuid())?;
        let head = if make_head {
            Some(pid)
        } else {
            household.head_person_id
        };
        Ok(map::person(&saved, head))
    }

    fn save_membership(&mut self, input: MembershipInput) -> CoreResult<MembershipInfo> {
        let m = Membership {
            id: match &input.id {
                Some(id) => map::id(id, "id")?,
                None => MembershipId(Uuid::now_v7()),
            },
            household_id: map::id(&input.household_id, "householdId")?,
            group_id: map::id(&input.group_id, "groupId")?,
            joined_on: map::date(&input.joined_on, "joinedOn")?,
            left_on: map::opt_date(input.left_on.as_deref(), "leftOn")?,
            left_reason: map::opt_text(input.left_reason),
        };
        let op = if input.id.is_some() {
            Op::Update
        } else {
            Op::Insert
        };
        self.store.record(&self.user, op, m.clone())?;
        membership_info(&self.store, &m)
    }

    /// Every problem of the new-member form at once (the records are checked again when
    /// written): the dates as typed, then the person, the household and the membership.
    fn new_member_problems(&self, input: &NewMember, household: &Household) -> CoreResult<()> {
        let today = self.store.today();
        let mut p = vonxa_domain::error::Problems::default();
        let born = map::noted(&mut p, map::date(&input.birth_date, "birthDate"))?;
        let joined = map::noted(&mut p, map::date(&input.joined_on, "joinedOn"))?;
        let mut person = Person {
            id: PersonId(Uuid::nil()),
            household_id: household.id,
            full_name: input.full_name.clone(),
            birth_date: born.unwrap_or(today),
            sex: input.sex.into(),
            // A CCCD is read against the birth date: without one, only its length is checked.
            id_number: map::opt_digits(input.id_number.clone())
                .filter(|n| born.is_some() || n.len() != 12),
            legacy_id_number: None,
            phone: map::opt_digits(input.phone.clone()),
            ethnicity: None,
            relation: None,
        };
        person.check(today, &mut p);
        household.clone().check(&mut p);
        let membership = Membership {
            id: MembershipId(Uuid::nil()),
            household_id: household.id,
            group_id: GroupId(Uuid::nil()),
            joined_on: joined.unwrap_or(today),
            left_on: None,
            left_reason: None,
        };
        p.check(membership.validate(today));
        Ok(p.finish()?)
    }

    /// A new household with its head joins a group: all three records or none.
    fn add_member(&mut self, input: NewMember) -> CoreResult<HouseholdDetail> {
        let group_id: GroupId = map::id(&input.group_id, "groupId")?;
        let group: Group = load(self.store.connection(), group_id.as_uuid())?;
        let household = Household {
            kin: Vec::new(),
            id: HouseholdId(Uuid::now_v7()),
            customer_code: map::opt_text(input.customer_code.clone()),
            village_id: group.village_id,
            point_id: group.point_id,
            address: map::opt_text(input.address.clone()),
            head_person_id: None,
        };
        self.new_member_problems(&input, &household)?;
        let person = person_from(
            &PersonInput {
                id: None,
                household_id: household.id.to_string(),
                full_name: input.full_name.clone(),
                birth_date: input.birth_date.clone(),
                sex: input.sex,
                id_number: input.id_number.clone(),
                legacy_id_number: None,
                phone: input.phone.clone(),
                ethnicity: None,
                relation: Some("Chủ hộ".into()),
                is_head: true,
            },
            household.id,
        )?;
        let membership = Membership {
            id: MembershipId(Uuid::now_v7()),
            household_id: household.id,
            group_id,
            joined_on: map::date(&input.joined_on, "joinedOn")?,
            left_on: None,
            left_reason: None,
        };
        let user = self.user.clone();
        let hid = household.id;
        self.store.record_batch(|b| {
            let with_head = Household {
                head_person_id: Some(person.id),
                ..household.clone()
            };
            b.record(&user, Op::Insert, household, Origin::Local)?;
            b.record(&user, Op::Insert, person, Origin::Local)?;
            b.record(&user, Op::Update, with_head, Origin::Local)?;
            b.record(&user, Op::Insert, membership, Origin::Local)?;
            Ok(())
        })?;
        detail(&self.store, hid)
    }
}

impl App {
    /// Households whose member names, ID numbers or customer code match, diacritics ignored.
    pub fn search_households(&self, q: SearchQuery) -> Result<HouseholdPage, IpcError> {
        use vonxa_store::search::{ListFilter, ListSort};
        self.with(|s| {
            let limit = q.limit.clamp(1, MAX_HITS) as usize;
            let id = |v: Option<String>, field: &'static str| -> CoreResult<Option<String>> {
                v.filter(|v| !v.is_empty())
                    .map(|v| map::id::<uuid::Uuid>(&v, field).map(|u| u.to_string()))
                    .transpose()
            };
            let filter = ListFilter {
                village: id(q.village_id, "villageId")?,
                group: id(q.group_id, "groupId")?,
                sort: match q.sort.as_deref().unwrap_or("name") {
                    "name" => ListSort::Name,
                    "village" => ListSort::Village,
                    "group" => ListSort::Group,
                    _ => return Err(DomainError::invalid("sort", Code::InvalidValue).into()),
                },
            };
            let page = s
                .store
                .list_households(&q.query, &filter, limit, q.offset as usize)?;
            Ok(HouseholdPage {
                total: u32::try_from(page.total).unwrap_or(u32::MAX),
                hits: page
                    .hits
                    .into_iter()
                    .map(|h| HouseholdHit {
                        household_id: h.household_id,
                        head_name: h.head_name,
                        customer_code: h.customer_code,
                        village_name: h.village_name,
                        group_name: h.group_name,
                    })
                    .collect(),
            })
        })
    }

    pub fn household_detail(&self, household_id: String) -> Result<HouseholdDetail, IpcError> {
        self.with(|s| detail(&s.store, map::id(&household_id, "householdId")?))
    }

    pub fn save_household(&self, input: HouseholdInput) -> Result<HouseholdInfo, IpcError> {
        self.with(|s| s.save_household(input))
    }

    pub fn save_person(&self, input: PersonInput) -> Result<PersonInfo, IpcError> {
        self.with(|s| s.save_person(input))
    }

    pub fn save_membership(&self, input: MembershipInput) -> Result<MembershipInfo, IpcError> {
        self.with(|s| s.save_membership(input))
    }

    pub fn add_member(&self, input: NewMember) -> Result<HouseholdDetail, IpcError> {
        self.with(|s| s.add_member(input))
    }

    /// Import an .xlsx file: every row is checked; any bad row means nothing is imported and
    /// the report lists each one with its reason in the user's language.
    pub fn import_households(&self, file: ImportFile) -> Result<ImportReport, IpcError> {
        self.with(|s| {
            let lang = s.user.lang.into();
            let r = s.store.import_households_xlsx(&s.user, &file.bytes)?;
            let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
            Ok(ImportReport {
                rows: n(r.rows),
                households: n(r.households),
                persons: n(r.persons),
                imported: r.imported,
                errors: r.errors.into_iter().map(|e| row_error(e, lang)).collect(),
            })
        })
    }
}

/// A bad line of an imported file, in the user's language.
pub(crate) fn row_error(e: vonxa_store::import::RowError, lang: crate::Lang) -> ImportRowError {
    ImportRowError {
        row: u32::try_from(e.row).unwrap_or(u32::MAX),
        column: e.column,
        code: code_name(e.code),
        message: code_message(e.code, lang).to_owned(),
    }
}
