//! A deterministic demo commune: Xã Minh Long in Quảng Ngãi (province 51, commune 21361), with
//! one transaction point, the four organisations, villages, groups and households with
//! realistic Kinh and H're/Cor/Xơ Đăng names. The same seed always gives the same records
//! (ids included), so two runs and two machines agree. Size is a parameter for benchmarks.

use crate::Store;
use crate::error::StoreResult;
use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;
use vonxa_domain::entity::{Op, Origin};
use vonxa_domain::ident::Sex;
use vonxa_domain::reference::*;
use vonxa_domain::user::User;
use vonxa_domain::*;

mod names;
mod reference;

pub use reference::reference_records;

pub const COMMUNE_CODE: &str = "21361";
pub const PROVINCE_CODE: &str = "51";

#[derive(Clone, Copy, Debug)]
pub struct DemoSpec {
    pub seed: u64,
    pub households: usize,
    /// Dates are generated relative to this day (pass today; tests pass a fixed day).
    pub today: NaiveDate,
}

impl DemoSpec {
    pub fn standard(today: NaiveDate) -> DemoSpec {
        DemoSpec {
            seed: 51_21361,
            households: 600,
            today,
        }
    }
}

/// Every record of the demo commune, in an order that respects references.
#[derive(Clone, Debug, Default)]
pub struct DemoData {
    pub office: Option<Office>,
    pub point: Option<Point>,
    pub point_commune: Option<PointCommune>,
    pub villages: Vec<Village>,
    pub organisations: Vec<Organisation>,
    pub groups: Vec<Group>,
    pub households: Vec<Household>,
    pub persons: Vec<Person>,
    pub statuses: Vec<PovertyStatus>,
    pub memberships: Vec<Membership>,
    pub roles: Vec<GroupRole>,
}

use names::*;

struct Gen {
    rng: ChaCha8Rng,
    next: u64,
}

impl Gen {
    /// A deterministic UUIDv7: a fixed timestamp base plus a counter, random bits from the seed.
    fn id(&mut self) -> Uuid {
        self.next += 1;
        let mut rand_bytes = [0u8; 10];
        self.rng.fill(&mut rand_bytes);
        uuid::Builder::from_unix_timestamp_millis(1_750_000_000_000 + self.next, &rand_bytes)
            .into_uuid()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.rng.gen_range(0..items.len())]
    }
}

pub fn generate(spec: DemoSpec) -> DemoData {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(spec.seed),
        next: 0,
    };
    let mut d = DemoData::default();
    let office = Office {
        id: OfficeId(g.id()),
        name: "Phòng giao dịch NHCSXH Minh Long".into(),
        province_code: PROVINCE_CODE.into(),
        legacy_district_name: Some("Huyện Minh Long".into()),
    };
    let point = Point {
        id: PointId(g.id()),
        code: "51-21361-01".into(),
        name: "Điểm giao dịch xã Minh Long".into(),
        office_id: office.id,
        venue: "Nhà văn hóa thôn Gò Chè".into(),
        session_day: 17,
    };
    d.point_commune = Some(PointCommune {
        id: PointCommuneId(g.id()),
        point_id: point.id,
        commune_code: COMMUNE_CODE.into(),
        valid_from: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or(spec.today),
        valid_to: None,
    });
    for name in VILLAGES {
        d.villages.push(Village {
            id: VillageId(g.id()),
            name: format!("Thôn {name}"),
            kind: VillageKind::Thon,
            commune_code: COMMUNE_CODE.into(),
            point_id: point.id,
        });
    }
    for kind in OrgKind::ALL {
        d.organisations.push(Organisation {
            id: OrganisationId(g.id()),
            kind,
            commune_code: COMMUNE_CODE.into(),
            name: format!("{} xã Minh Long", kind.name_vi()),
        });
    }
    let n_groups = spec.households.div_ceil(40).max(1);
    for i in 0..n_groups {
        let village = &d.villages[i % d.villages.len()];
        let org = &d.organisations[i % d.organisations.len()];
        let short = org
            .kind
            .name_vi()
            .trim_start_matches("Hội ")
            .trim_start_matches("Đoàn ");
        d.groups.push(Group {
            id: GroupId(g.id()),
            code: format!("T{:03}", i + 1),
            name: format!(
                "Tổ {} {} số {}",
                short,
                village.name,
                i / d.villages.len() + 1
            ),
            organisation_id: org.id,
            village_id: village.id,
            point_id: point.id,
            founded_on: spec
                .today
                .with_year(spec.today.year() - 8)
                .unwrap_or(spec.today),
            status: GroupStatus::Active,
        });
    }
    for h in 0..spec.households {
        household(&mut g, &mut d, h, point.id, spec.today);
    }
    d.office = Some(office);
    d.point = Some(point);
    d
}

fn household(g: &mut Gen, d: &mut DemoData, index: usize, point: PointId, today: NaiveDate) {
    let group = d.groups[index % d.groups.len()].clone();
    let hid = HouseholdId(g.id());
    let ethnic = g.rng.gen_bool(0.3);
    let family = if ethnic {
        g.pick(ETHNIC_FAMILY)
    } else {
        g.pick(FAMILY)
    };
    let size = g.rng.gen_range(1..=5);
    let mut head = None;
    for p in 0..size {
        let sex = if g.rng.gen_bool(0.5) {
            Sex::Male
        } else {
            Sex::Female
        };
        let age = if p == 0 {
            g.rng.gen_range(22..75)
        } else {
            g.rng.gen_range(1..70)
        };
        let birth = today
            .with_year(today.year() - age)
            .and_then(|b| b.with_ordinal(g.rng.gen_range(1..=365)))
            .unwrap_or(today);
        let full_name = if ethnic {
            let given = g.pick(ETHNIC_GIVEN);
            let fam = family.trim_end_matches(" Thị");
            if sex == Sex::Female {
                format!("{fam} Thị {given}")
            } else {
                format!("{fam} Văn {given}")
            }
        } else {
            let (middle, given) = match sex {
                Sex::Male => (g.pick(MIDDLE_M), g.pick(GIVEN_M)),
                Sex::Female => (g.pick(MIDDLE_F), g.pick(GIVEN_F)),
            };
            format!("{family} {middle} {given}")
        };
        let adult = age >= 14;
        let serial = d.persons.len() as u64 + 1;
        let id_number = adult.then(|| cccd(birth, sex, serial));
        let person = Person {
            id: PersonId(g.id()),
            household_id: hid,
            full_name,
            birth_date: birth,
            sex,
            id_number,
            legacy_id_number: None,
            phone: (p == 0 && g.rng.gen_bool(0.6))
                .then(|| format!("09{:08}", g.rng.gen_range(0..100_000_000u32))),
            ethnicity: Some(
                if ethnic {
                    ETHNICITY_HRE
                } else {
                    ETHNICITY_KINH
                }
                .into(),
            ),
            relation: Some(if p == 0 { "Chủ hộ" } else { "Thành viên" }.into()),
        };
        head.get_or_insert(person.id);
        d.persons.push(person);
    }
    let village = d
        .villages
        .iter()
        .find(|v| v.id == group.village_id)
        .map(|v| v.id)
        .unwrap_or(group.village_id);
    d.households.push(Household {
        kin: Vec::new(),
        id: hid,
        customer_code: Some(format!("5113{:06}", index + 1)),
        village_id: village,
        point_id: point,
        address: None,
        head_person_id: head,
    });
    let roll = g.rng.gen_range(0..100);
    let (category, escaped_on) = match roll {
        0..=34 => (PovertyCategory::Poor, None),
        35..=59 => (PovertyCategory::NearPoor, None),
        60..=74 => (
            PovertyCategory::NewlyEscaped,
            today.with_year(today.year() - g.rng.gen_range(0..4)),
        ),
        _ => (PovertyCategory::AverageLiving, None),
    };
    let valid_from = escaped_on.unwrap_or_else(|| today.with_ordinal(1).unwrap_or(today));
    d.statuses.push(PovertyStatus {
        id: PovertyStatusId(g.id()),
        household_id: hid,
        category,
        valid_from,
        escaped_on,
        list_year: Some(valid_from.year()),
        decision_ref: Some(format!("QĐ {}/QĐ-UBND", 100 + valid_from.year() % 100)),
    });
    d.memberships.push(Membership {
        id: MembershipId(g.id()),
        household_id: hid,
        group_id: group.id,
        joined_on: group.founded_on,
        left_on: None,
        left_reason: None,
    });
    if index < d.groups.len()
        && let Some(head) = head
    {
        d.roles.push(GroupRole {
            id: GroupRoleId(g.id()),
            group_id: group.id,
            person_id: head,
            role: BoardRole::Leader,
            from: group.founded_on,
            to: None,
        });
    }
}

/// A CCCD consistent with the birth date and sex, born in Quảng Ngãi (prefix 051).
fn cccd(birth: NaiveDate, sex: Sex, serial: u64) -> String {
    let century = (birth.year() / 100 - 19) as u32;
    let code = century * 2 + u32::from(sex == Sex::Female);
    format!(
        "051{code}{:02}{:06}",
        birth.year() % 100,
        serial % 1_000_000
    )
}

impl Store {
    /// Write the demo commune as `actor` (an administrator), in one transaction, logged as an
    /// import so it syncs like any other data. Returns the number of records written.
    pub fn load_demo(&mut self, actor: &User, spec: DemoSpec) -> StoreResult<usize> {
        let d = generate(spec);
        self.record_batch(|b| {
            let imp = Origin::Import;
            if let (Some(o), Some(p), Some(pc)) =
                (d.office.clone(), d.point.clone(), d.point_commune.clone())
            {
                // Offices and organisations are the province's: mirrored, never pushed.
                b.mirror(o)?;
                b.record(actor, Op::Insert, p, imp)?;
                b.record(actor, Op::Insert, pc, imp)?;
            }
            for r in d.villages.iter().cloned() {
                b.record(actor, Op::Insert, r, imp)?;
            }
            for r in d.organisations.iter().cloned() {
                b.mirror(r)?;
            }
            for r in d.groups.iter().cloned() {
                b.record(actor, Op::Insert, r, imp)?;
            }
            for r in d.households.iter().cloned() {
                b.record(actor, Op::Insert, r, imp)?;
            }
            for r in d.persons.iter().cloned() {
                b.record(actor, Op::Insert, r, imp)?;
            }
            for r in d.statuses.iter().cloned() {
                b.record(actor, Op::Insert, r, imp)?;
            }
            for r in d.memberships.iter().cloned() {
                b.record(actor, Op::Insert, r, imp)?;
            }
            for r in d.roles.iter().cloned() {
                b.record(actor, Op::Insert, r, imp)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(n: usize) -> DemoSpec {
        DemoSpec {
            seed: 7,
            households: n,
            today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        }
    }

    #[test]
    fn same_seed_same_commune() {
        let a = generate(spec(50));
        let b = generate(spec(50));
        assert_eq!(a.persons, b.persons);
        assert_eq!(a.households, b.households);
    }

    #[test]
    fn every_generated_record_passes_validation() {
        let d = generate(spec(600));
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(d.groups.len(), 15);
        assert_eq!(d.households.len(), 600);
        for p in &d.persons {
            p.clone().validate(today).unwrap();
        }
        for s in &d.statuses {
            s.clone().validate(today).unwrap();
        }
        assert!(
            d.persons.iter().any(|p| p.full_name.contains('\'')),
            "some H're names with apostrophes"
        );
        assert!(d.persons.iter().any(|p| p.full_name.starts_with("Đặng")));
    }
}
