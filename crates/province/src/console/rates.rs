//! Publishing a rate in the console: the programme table in force with each programme's dated
//! rates, and a new dated row (a figure to 0.001 %, its effective date, its legal basis) added as
//! the next version of the table, which every device in force uses after its next sync. The
//! form shows the difference against the rate in force on that day before it is published.

use super::auth::Console;
use super::{ConsoleError, audit};
use crate::db::{Backend, RefRecord};
use crate::http_state::Shared;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vonxa_domain::console::ConsoleAction;
use vonxa_domain::credit::rate::{AnnualRate, RateEntry, rate_on};
use vonxa_domain::credit::relief::Relief;
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::{Code, ProgrammeTableId};

type Result<T> = std::result::Result<T, ConsoleError>;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateRow {
    pub effective_from: String,
    /// Millionths a year (6.24 %: 62,400); for a share, the rate it gives on its first day.
    pub rate_ppm: Option<u32>,
    /// "120 % of HN" rows: the programme followed and the share in thousandths.
    pub share_of: Option<String>,
    pub share_per_mille: Option<u32>,
    pub legal_basis: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeRates {
    pub code: String,
    pub name_vi: String,
    pub rate_today_ppm: Option<u32>,
    pub rows: Vec<RateRow>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatesView {
    pub version: u32,
    pub programmes: Vec<ProgrammeRates>,
    /// Reliefs decided after the fact, as the table holds them.
    pub reliefs: Vec<Relief>,
}

fn view(t: &ProgrammeTable, today: NaiveDate) -> RatesView {
    RatesView {
        version: t.version,
        reliefs: t.reliefs.clone(),
        programmes: t
            .programmes
            .iter()
            .map(|p| {
                let mut rows: Vec<RateRow> = t
                    .rates
                    .iter()
                    .filter(|r| r.programme == p.code)
                    .map(|r| RateRow {
                        effective_from: r.effective_from.to_string(),
                        rate_ppm: rate_on(&t.rates, &p.code, r.effective_from).map(AnnualRate::ppm),
                        share_of: r.share.as_ref().map(|s| s.of.clone()),
                        share_per_mille: r.share.as_ref().map(|s| s.per_mille),
                        legal_basis: r.legal_basis.clone(),
                    })
                    .collect();
                rows.sort_by(|a, b| a.effective_from.cmp(&b.effective_from));
                ProgrammeRates {
                    code: p.code.clone(),
                    name_vi: p.name_vi.clone(),
                    rate_today_ppm: rate_on(&t.rates, &p.code, today).map(AnnualRate::ppm),
                    rows,
                }
            })
            .collect(),
    }
}

pub async fn rates<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
) -> Result<Json<RatesView>> {
    c.must(&state, ConsoleAction::ViewFleet, "rates").await?;
    let t = crate::db::programme_table(&state.db).await?;
    Ok(Json(view(&t, chrono::Utc::now().date_naive())))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRate {
    pub programme: String,
    pub rate_ppm: u32,
    pub effective_from: NaiveDate,
    pub legal_basis: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Published {
    pub version: u32,
    /// The rate the programme had on the effective day before this row, and the new one.
    pub before_ppm: Option<u32>,
    pub after_ppm: u32,
}

/// The table in force made the next version (a new id, published today), for a change.
pub(super) fn next_version(current: ProgrammeTable) -> ProgrammeTable {
    ProgrammeTable {
        id: ProgrammeTableId(uuid::Uuid::now_v7()),
        version: current.version + 1,
        published_on: chrono::Utc::now().date_naive(),
        ..current
    }
}

/// Validate and record a new version of the table; devices pull it at their next sync.
pub(super) async fn write_table<B: Backend>(
    state: &Shared<B>,
    table: ProgrammeTable,
) -> Result<u32> {
    let table = table.validate()?;
    let version = table.version;
    let res = crate::admin::import(
        &state.db,
        vec![RefRecord {
            entity: "programme_table".into(),
            payload: serde_json::to_value(&table)
                .map_err(|e| ConsoleError::Internal(e.to_string()))?,
        }],
    )
    .await?;
    if res.iter().any(|r| r.server_seq.is_none()) {
        return Err(ConsoleError::Internal(format!(
            "the table was refused: {res:?}"
        )));
    }
    Ok(version)
}

/// Publish one dated rate as the next version of the table.
pub async fn publish<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Json(n): Json<NewRate>,
) -> Result<Json<Published>> {
    c.must(&state, ConsoleAction::PublishTable, "publish rate")
        .await?;
    let invalid = |field: &str, code: Code| ConsoleError::Invalid {
        field: field.to_owned(),
        code,
    };
    let current = crate::db::programme_table(&state.db).await?;
    if current.programme(&n.programme).is_none() {
        return Err(invalid("programme", Code::NotFound));
    }
    // Between 0.001 % and 30 % a year.
    if !(10..=300_000).contains(&n.rate_ppm) {
        return Err(invalid("ratePpm", Code::InvalidValue));
    }
    let basis = vonxa_domain::reference::required_text("legalBasis", &n.legal_basis, 300)?;
    let before = rate_on(&current.rates, &n.programme, n.effective_from).map(AnnualRate::ppm);
    let mut table = next_version(current);
    table
        .rates
        .retain(|r| !(r.programme == n.programme && r.effective_from == n.effective_from));
    table.rates.push(RateEntry {
        programme: n.programme.clone(),
        rate: AnnualRate(n.rate_ppm),
        effective_from: n.effective_from,
        legal_basis: Some(basis.clone()),
        share: None,
    });
    let version = write_table(&state, table).await?;
    let what = format!(
        "{} · {},{:03} % · {} · {basis}",
        n.programme,
        n.rate_ppm / 10_000,
        (n.rate_ppm % 10_000) / 10,
        n.effective_from.format("%d/%m/%Y")
    );
    audit(
        &state,
        Some(&c),
        "publish rate",
        Some(format!("v{version}")),
        true,
        Some(&what),
    )
    .await;
    Ok(Json(Published {
        version,
        before_ppm: before,
        after_ppm: n.rate_ppm,
    }))
}
