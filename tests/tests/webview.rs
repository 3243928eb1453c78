//! The main flow in the real webview, as a commune officer sees it. Ignored by plain
//! `cargo test` (it needs a display, tauri-driver and the built app): scripts/e2e.sh runs it.

mod common;

use common::{ADMIN_PW, App, Result, first_start};
use vonxa_domain::text::fold;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh"]
async fn officer_sets_up_logs_in_searches_adds_a_member_and_switches_to_english() -> Result {
    let app = App::start().await?;
    let result = flow(&app).await;
    if result.is_err()
        && let Ok(dir) = std::env::var("VONXA_E2E_ARTIFACTS")
    {
        let _ = app
            .screenshot(&std::path::Path::new(&dir).join("failure.png"))
            .await;
    }
    app.stop().await?;
    result
}

async fn flow(app: &App) -> Result {
    // First start with three mistakes: all named at once, each under its field.
    app.wait_text("[data-testid=setup-form]", "Thiết lập lần đầu")
        .await?;
    app.type_into("#f-username", "ông an").await?;
    app.type_into("#f-password", "ngan").await?;
    app.type_into("#f-confirm", "khac").await?;
    app.enter("#f-confirm").await?;
    app.wait_text(
        "[data-testid=error-confirm]",
        "Không khớp với mật khẩu đã nhập",
    )
    .await?;
    app.wait_for("[data-testid=error-password]").await?;
    app.wait_for("[data-testid=error-username]").await?;
    app.wait_for("[data-testid=error-displayName]").await?;
    let summary = app
        .wait_text("[data-testid=form-errors]", "Mật khẩu")
        .await?;
    assert!(summary.contains("Nhập lại mật khẩu"), "{summary}");

    // First start: the administrator is created and the demo commune loaded.
    first_start(app).await?;
    let home = app.page_text().await?;
    assert!(home.contains("Phiên giao dịch tiếp theo"), "{home}");
    assert!(home.contains("Xã Minh Long"), "{home}");

    // Lock, then a wrong password is refused in Vietnamese and the right one lets us in.
    app.click("[data-testid=lock]").await?;
    let login = app
        .wait_text("[data-testid=login-form]", "Nguyễn Văn Quản")
        .await?;
    // The key hint names the act, as the button does.
    assert!(login.contains("Enter: đăng nhập"), "{login}");
    app.type_into("#f-password", "khong-dung-mat-khau").await?;
    app.enter("#f-password").await?;
    app.wait_text(
        "[data-testid=form-errors]",
        "Sai tên đăng nhập hoặc mật khẩu",
    )
    .await?;
    assert!(app.find("[data-testid=home-point]").await.is_err());
    app.type_into("#f-password", ADMIN_PW).await?;
    app.enter("#f-password").await?;
    app.wait_text("[data-testid=home-point]", "Minh Long")
        .await?;

    // Open a group: its board and members are shown.
    app.click("[data-testid=nav-points]").await?;
    app.wait_for("[data-testid=groups] tbody tr").await?;
    app.click("[data-testid=groups] tbody tr:nth-child(2) button.link")
        .await?;
    let title = app.wait_text("[data-testid=group-title]", "—").await?;
    let board = app.wait_text("main", "Ban quản lý tổ").await?;
    assert!(board.contains("Tổ trưởng"), "{board}");
    let members_before: usize = app
        .wait_text("[data-testid=member-count]", "")
        .await?
        .trim()
        .parse()?;
    assert!(members_before > 0, "the demo group {title} has members");

    // Search without accents finds the Nguyễn Thị households, accents or not.
    app.click("[data-testid=nav-households]").await?;
    app.type_into("[data-testid=search]", "nguyen thi").await?;
    let count_plain = wait_count_settles(app).await?;
    assert!(count_plain > 0, "'nguyen thi' finds households");
    let heads = app.texts("[data-testid=hits] tbody td:first-child").await?;
    assert!(
        heads.iter().any(|h| h.starts_with("Nguyễn Thị")),
        "some heads are Nguyễn Thị: {heads:?}"
    );
    app.click("[data-testid=hits] tbody tr:first-child button.link")
        .await?;
    app.wait_for("[data-testid=persons] tbody tr").await?;
    let persons = app
        .texts("[data-testid=persons] tbody td:first-child")
        .await?;
    assert!(
        persons.iter().any(|p| fold(p).contains("nguyen thi")),
        "the first hit has a Nguyễn Thị: {persons:?}"
    );
    app.click("[data-testid=nav-households]").await?;
    app.type_into("[data-testid=search]", "Nguyễn Thị").await?;
    assert_eq!(
        wait_count_settles(app).await?,
        count_plain,
        "accents do not matter"
    );
    app.type_into("[data-testid=search]", "nguyen thi zzz")
        .await?;
    app.wait_text("main", "Không tìm thấy hộ nào").await?;

    // The whole list says what it shows and pages on; a group's filter shows only its members.
    app.type_into("[data-testid=search]", "").await?;
    app.wait_text("[data-testid=hit-count]", "100 / 600 hộ")
        .await?;
    app.click("[data-testid=more]").await?;
    app.wait_text("[data-testid=hit-count]", "200 / 600 hộ")
        .await?;
    assert_eq!(app.texts("[data-testid=hits] tbody tr").await?.len(), 200);
    let option = app
        .find("[data-testid=group-filter] option:nth-child(2)")
        .await?;
    let (group_id, label) = (
        option.attr("value").await?.ok_or("a group's id")?,
        option.text().await?,
    );
    let group_name = label
        .rsplit(" — ")
        .next()
        .ok_or("a group's name")?
        .to_owned();
    app.select("[data-testid=group-filter]", &group_id).await?;
    let n = wait_count_settles(app).await?;
    assert!(n > 0 && n < 600, "{n}");
    let in_group = app
        .texts("[data-testid=hits] tbody td:nth-child(4)")
        .await?;
    assert_eq!(in_group.len(), n);
    assert!(in_group.iter().all(|g| *g == group_name), "{in_group:?}");
    app.select("[data-testid=group-filter]", "").await?;

    // Add a member with three mistakes: every one is named at once, under its field and in
    // the summary, in Vietnamese; nothing is saved.
    app.click("[data-testid=nav-points]").await?;
    app.click("[data-testid=groups] tbody tr:nth-child(2) button.link")
        .await?;
    app.click("[data-testid=add-member]").await?;
    app.type_into("#f-fullName", "Đinh Thị Hoa").await?;
    app.type_into("#f-birthDate", "31/02/1985").await?;
    app.type_into("#f-idNumber", "05118500123").await?;
    app.type_into("#f-phone", "12345").await?;
    app.enter("#f-idNumber").await?;
    let err = app
        .wait_text(
            "[data-testid=error-idNumber]",
            "Số CCCD phải có đúng 12 chữ số",
        )
        .await?;
    assert_eq!(err.trim(), "Số CCCD phải có đúng 12 chữ số");
    let born = app.wait_text("[data-testid=error-birthDate]", "").await?;
    assert!(born.contains("Không có ngày này"), "{born}");
    app.wait_for("[data-testid=error-phone]").await?;
    let summary = app
        .wait_text(
            "[data-testid=form-errors]",
            "Số CCCD: Số CCCD phải có đúng 12 chữ số",
        )
        .await?;
    assert!(
        summary.contains("Ngày sinh:") && summary.contains("Điện thoại:"),
        "{summary}"
    );
    let unchanged = app.wait_text("[data-testid=member-count]", "").await?;
    assert_eq!(unchanged.trim(), members_before.to_string());

    // Fix them: the member appears in the group's list.
    app.type_into("#f-birthDate", "01/03/1985").await?;
    app.type_into("#f-phone", "").await?;
    app.type_into("#f-idNumber", "051185001234").await?;
    app.enter("#f-idNumber").await?;
    app.wait_text("[data-testid=members]", "Đinh Thị Hoa")
        .await?;
    app.wait_text(
        "[data-testid=member-count]",
        &(members_before + 1).to_string(),
    )
    .await?;
    let row = app
        .wait_text("[data-testid=members] tr.highlight", "Đinh Thị Hoa")
        .await?;
    assert!(row.contains("051185001234"), "{row}");

    // Switch to English; the choice is remembered for this user after locking.
    app.click("[data-testid=lang]").await?;
    app.wait_text("nav", "Households").await?;
    app.wait_text("main", "Members").await?;
    app.click("[data-testid=lock]").await?;
    app.wait_text("[data-testid=login-form]", "Đăng nhập")
        .await?;
    app.type_into("#f-password", ADMIN_PW).await?;
    app.enter("#f-password").await?;
    app.wait_text("nav", "Households").await?;
    app.wait_text("[data-testid=home-point]", "Next session day")
        .await?;
    Ok(())
}

/// The search runs as the user types: wait until the count stops changing.
async fn wait_count_settles(app: &App) -> Result<usize> {
    let mut last = String::new();
    let mut stable = 0;
    for _ in 0..100 {
        let now = app.wait_text("[data-testid=hit-count]", "").await?;
        if now == last {
            stable += 1;
            if stable >= 4 {
                break;
            }
        } else {
            stable = 0;
            last = now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(last
        .split_whitespace()
        .next()
        .ok_or("no count")?
        .replace('.', "")
        .parse()?)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh"]
async fn a_form_being_edited_survives_closing_the_window_and_esc_cancels_it() -> Result {
    let app = App::start().await?;
    first_start(&app).await?;
    open_group(&app, 3).await?;
    app.click("[data-testid=add-member]").await?;
    app.type_into("#f-fullName", "Y Bih").await?;
    app.type_into("#f-birthDate", "02/02/1990").await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let data = app.close_keeping_data().await?;

    // The window closed mid-edit; after a restart and login the draft is still there.
    let app = App::start_in(data).await?;
    let result = async {
        app.wait_for("[data-testid=login-form]").await?;
        app.type_into("#f-password", ADMIN_PW).await?;
        app.enter("#f-password").await?;
        app.wait_for("[data-testid=home-point]").await?;
        open_group(&app, 3).await?;
        app.click("[data-testid=add-member]").await?;
        let name = app.wait_for("#f-fullName").await?;
        assert_eq!(name.prop("value").await?.as_deref(), Some("Y Bih"));
        let born = app.find("#f-birthDate").await?.prop("value").await?;
        assert_eq!(born.as_deref(), Some("02/02/1990"));

        // Esc cancels: the form closes and the draft is dropped.
        let esc: char = fantoccini::key::Key::Escape.into();
        name.send_keys(&esc.to_string()).await?;
        app.wait_for("[data-testid=add-member]").await?;
        assert!(app.find("[data-testid=member-form]").await.is_err());
        app.click("[data-testid=add-member]").await?;
        let name = app.wait_for("#f-fullName").await?;
        assert_eq!(name.prop("value").await?.as_deref(), Some(""));
        Result::Ok(())
    }
    .await;
    app.stop().await?;
    result
}

async fn open_group(app: &App, nth: usize) -> Result {
    app.click("[data-testid=nav-points]").await?;
    app.wait_for("[data-testid=groups] tbody tr").await?;
    app.click(&format!(
        "[data-testid=groups] tbody tr:nth-child({nth}) button.link"
    ))
    .await?;
    app.wait_for("[data-testid=members]").await?;
    Ok(())
}
