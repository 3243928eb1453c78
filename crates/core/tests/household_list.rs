//! The household list says what it shows: a page of the demo commune's 600 households with
//! the total, the next page, a village's households, and the list ordered by group.

#![allow(clippy::unwrap_used)]

mod common;

use vonxa_core::contract::*;

fn query(q: &str, offset: u32) -> SearchQuery {
    SearchQuery {
        query: q.into(),
        limit: 100,
        offset,
        village_id: None,
        group_id: None,
        sort: None,
    }
}

#[test]
fn pages_totals_filters_and_orders() {
    let (_dir, app) = common::started(true);
    let first = app.search_households(query("", 0)).unwrap();
    assert_eq!((first.hits.len(), first.total), (100, 600));
    let second = app.search_households(query("", 100)).unwrap();
    assert_eq!((second.hits.len(), second.total), (100, 600));
    assert!(
        second.hits.iter().all(|h| !first.hits.contains(h)),
        "the second page goes on from the first"
    );
    let last = app.search_households(query("", 550)).unwrap();
    assert_eq!((last.hits.len(), last.total), (50, 600));
    let past = app.search_households(query("", 700)).unwrap();
    assert_eq!((past.hits.len(), past.total), (0, 600));

    // A search's total counts every match, not the page.
    let nguyen = app.search_households(query("nguyen", 0)).unwrap();
    assert!(nguyen.total as usize >= nguyen.hits.len() && nguyen.total < 600);

    // One village: every household shown is in it, and the total is that village's.
    let village = first.hits[0].village_name.clone().unwrap();
    let options = app.form_options().unwrap();
    let v = options
        .villages
        .iter()
        .find(|v| v.label == village)
        .unwrap();
    let in_village = app
        .search_households(SearchQuery {
            village_id: Some(v.id.clone()),
            limit: 200,
            ..query("", 0)
        })
        .unwrap();
    assert!(in_village.total > 0 && in_village.total < 600);
    assert!(
        in_village
            .hits
            .iter()
            .all(|h| h.village_name.as_deref() == Some(&village))
    );

    // One group, and the whole list ordered by group.
    let g = &app.list_points().unwrap()[0].groups[0];
    let in_group = app
        .search_households(SearchQuery {
            group_id: Some(g.id.clone()),
            ..query("", 0)
        })
        .unwrap();
    assert_eq!(in_group.total, g.members);
    let by_group = app
        .search_households(SearchQuery {
            sort: Some("group".into()),
            limit: 200,
            ..query("", 0)
        })
        .unwrap();
    let names: Vec<_> = by_group.hits.iter().map(|h| h.group_name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| (a.is_none(), a).cmp(&(b.is_none(), b)));
    assert_eq!(names, sorted, "ordered by group");

    // A bad order or id is a named error.
    let bad = app
        .search_households(SearchQuery {
            sort: Some("age".into()),
            ..query("", 0)
        })
        .unwrap_err();
    assert!(matches!(bad, vonxa_core::IpcError::Validation { ref field, .. } if field == "sort"));
}

/// The 01/TD starts on the programme meant for the household's category (the domain's
/// `ProgrammeTable::meant_for`): poor HN, near-poor HCN, newly escaped HMTN, others none.
#[test]
fn a_household_names_the_programme_meant_for_it() {
    let (_dir, app) = common::started(true);
    let all = app
        .search_households(SearchQuery {
            limit: 200,
            ..query("", 0)
        })
        .unwrap();
    let mut seen = std::collections::HashMap::new();
    for h in &all.hits {
        let d = app.household_detail(h.household_id.clone()).unwrap();
        let Some(status) = d.poverty.first() else {
            continue;
        };
        seen.insert(format!("{:?}", status.category), d.own_programme.clone());
    }
    let own = |c: &str| seen.get(c).cloned().flatten();
    assert_eq!(own("Poor").as_deref(), Some("HN"), "{seen:?}");
    assert_eq!(own("NearPoor").as_deref(), Some("HCN"), "{seen:?}");
    if seen.contains_key("NewlyEscaped") {
        assert_eq!(own("NewlyEscaped").as_deref(), Some("HMTN"), "{seen:?}");
    }
    if seen.contains_key("AverageLiving") {
        assert_eq!(own("AverageLiving"), None, "{seen:?}");
    }
}
