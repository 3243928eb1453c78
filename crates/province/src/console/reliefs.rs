//! Publishing a relief in the console (`vonxa_domain::credit::relief`): a cut of the annual
//! rate over a period, for some provinces, communes and programmes, with its legal basis. The
//! form first asks for a preview (nothing written): for each programme covered, the rate on the
//! first day before and after the relief, through the same `relieved` rule the devices apply,
//! and the reliefs already covering part of the period. Publishing adds it to the table in force
//! as its next version; devices recompute interest due over the period at their next sync.

use super::auth::Console;
use super::rates::{next_version, write_table};
use super::{ConsoleError, audit};
use crate::db::Backend;
use crate::http_state::Shared;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use vonxa_domain::Code;
use vonxa_domain::console::ConsoleAction;
use vonxa_domain::credit::rate::{AnnualRate, rate_on};
use vonxa_domain::credit::relief::{Place, Relief, relieved};

type Result<T> = std::result::Result<T, ConsoleError>;

#[derive(Debug, Deserialize)]
pub struct PreviewQuery {
    /// Only show the effect; write nothing.
    #[serde(default)]
    pub preview: bool,
}

/// What a relief changes on its first day, per programme covered.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReliefLine {
    pub programme: String,
    pub name_vi: String,
    pub before_ppm: u32,
    pub after_ppm: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReliefEffect {
    /// The table's new version (0 for a preview).
    pub version: u32,
    pub lines: Vec<ReliefLine>,
    /// Reliefs of the table that already cover part of the period.
    pub overlapping: Vec<String>,
}

/// Preview, or publish, a relief.
pub async fn publish<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Query(q): Query<PreviewQuery>,
    Json(relief): Json<Relief>,
) -> Result<Json<ReliefEffect>> {
    c.must(&state, ConsoleAction::PublishTable, "publish relief")
        .await?;
    let relief = relief.validate()?;
    let current = crate::db::programme_table(&state.db).await?;
    if current.reliefs.iter().any(|r| r.code == relief.code) {
        return Err(ConsoleError::Invalid {
            field: "code".into(),
            code: Code::Duplicate,
        });
    }
    if let Some(p) = relief
        .programmes
        .iter()
        .find(|p| current.programme(p).is_none())
    {
        tracing::debug!(programme = %p, "relief names an unknown programme");
        return Err(ConsoleError::Invalid {
            field: "programmes".into(),
            code: Code::NotFound,
        });
    }
    // The relief's own place: its first province and its communes.
    let place = Place {
        province: relief.provinces.first().cloned().unwrap_or_default(),
        communes: relief.communes.clone(),
    };
    let mut with = current.reliefs.clone();
    with.push(relief.clone());
    let day = relief.from;
    let lines = current
        .programmes
        .iter()
        .filter(|p| relief.programmes.is_empty() || relief.programmes.contains(&p.code))
        .filter_map(|p| {
            let rate = rate_on(&current.rates, &p.code, day)?;
            Some(ReliefLine {
                programme: p.code.clone(),
                name_vi: p.name_vi.clone(),
                before_ppm: relieved(rate, &current.reliefs, &p.code, &place, day).ppm(),
                after_ppm: relieved(rate, &with, &p.code, &place, day).ppm(),
            })
        })
        .collect();
    let overlapping = current
        .reliefs
        .iter()
        .filter(|r| r.from <= relief.to && relief.from <= r.to)
        .map(|r| r.code.clone())
        .collect();
    let mut effect = ReliefEffect {
        version: 0,
        lines,
        overlapping,
    };
    if q.preview {
        return Ok(Json(effect));
    }
    let mut table = next_version(current);
    table.reliefs.push(relief.clone());
    effect.version = write_table(&state, table).await?;
    let what = format!(
        "{} · −{} ppm · {}–{} · {}",
        relief.code,
        AnnualRate::ppm(relief.cut),
        relief.from.format("%d/%m/%Y"),
        relief.to.format("%d/%m/%Y"),
        relief.legal_basis
    );
    audit(
        &state,
        Some(&c),
        "publish relief",
        Some(format!("v{}", effect.version)),
        true,
        Some(&what),
    )
    .await;
    Ok(Json(effect))
}
