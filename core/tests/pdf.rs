//! Printed documents read back with a PDF parser: every field is there, in order, on
//! the right page, names print as typed, and "Page N of M" agrees with the file.

mod common;

use chrono::Utc;
use common::{details, temp_db, today};
use omu_core::domain::plan::{
    Agreement, Attendee, InterventionState, MeetingDetails, Objective, ObjectiveStatus, Participation, Pathway,
    PlanKind, ResponsibleRole,
};
use omu_core::domain::risk::Coded;
use omu_core::print;
use omu_core::storage::Db;

/// Text of each page, in page order.
fn pages(bytes: &[u8]) -> Vec<String> {
    let document = lopdf::Document::load_mem(bytes).expect("a PDF the parser can read");
    let count = document.get_pages().len() as u32;
    (1..=count).map(|page| document.extract_text(&[page]).expect("text on the page")).collect()
}

fn plan_with(db: &mut Db, forenames: &str, surname: &str, number: &str, objectives: usize, long: &str) -> i64 {
    let mut record = details(number, forenames, surname);
    record.offender_manager.name = "Siân Pritchard".into();
    let prisoner = db.insert_prisoner(&record).unwrap();
    let plan = db.start_plan_version(prisoner, PlanKind::Initial, today()).unwrap();
    let unavailable = db.interventions().unwrap().into_iter().find(|i| !i.offered).unwrap();
    for index in 0..objectives {
        db.save_objective(
            plan,
            &Objective {
                id: None,
                text: format!("Objective number {index}: {long}"),
                pathway: Pathway::ALL[index % 8],
                need: format!("Need {index}"),
                intervention_id: (index == 0).then_some(unavailable.id),
                intervention_state: (index == 0).then_some(InterventionState::Required),
                responsible_role: ResponsibleRole::Psychology,
                responsible_name: String::new(),
                target_date: Some(today() + chrono::Duration::days(200)),
                status: ObjectiveStatus::NotStarted,
                status_changed_on: today(),
                progress_notes: long.to_string(),
                agreement: Some(Agreement::Agreed),
                agreement_words: "I will do it".into(),
            },
        )
        .unwrap();
    }
    db.save_meeting(
        prisoner,
        None,
        Some(plan),
        &MeetingDetails {
            date: today(),
            time: chrono::NaiveTime::from_hms_opt(10, 30, 0),
            chair: "Rachel Okoro".into(),
            held: true,
            prisoner_attended: true,
            prisoner_views: "Wants to start the course soon.".into(),
            decisions: "Agreed.".into(),
            next_review_date: Some(today() + chrono::Duration::days(180)),
            attendees: vec![Attendee {
                name: "Siân Pritchard".into(),
                role: "Offender manager".into(),
                participation: Participation::VideoLink,
            }],
        },
    )
    .unwrap();
    plan
}

#[test]
fn a_plan_prints_every_field_in_order_with_names_as_typed() {
    let (dir, mut db) = temp_db();
    let plan = plan_with(&mut db, "Seán", "Ó'Brien", "A1234BC", 3, "short");
    let printable = print::sentence_plan(&db, plan, Utc::now()).unwrap();
    assert!(printable.file_name.starts_with("A1234BC Ó'Brien sentence plan "));
    let rendered = omu_core::pdf::render(&printable.document).unwrap();
    let text = pages(&rendered.bytes);
    assert_eq!(text.len(), rendered.total_pages);
    let all = text.join("\n");
    let mut position = 0;
    for expected in [
        "OFFICIAL-SENSITIVE",
        "Ó'Brien, Seán",
        "A1234BC",
        "Sentence plan: version 1",
        "Sentence and key dates",
        "Risk",
        "Diversity needs to take into account",
        "Objectives",
        "Objective number 0",
        "REQUIRED:",
        "Required but not available here",
        "Planning meeting",
        "Siân Pritchard",
        "Video link",
        "Wants to start the course soon.",
        "Prisoner",
        "Offender supervisor",
        "Chair",
    ] {
        let found = all[position..]
            .find(expected)
            .unwrap_or_else(|| panic!("{expected:?} missing after byte {position}:\n{all}"));
        position += found;
    }
    for (index, page) in text.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", index + 1, text.len())), "page {} numbering", index + 1);
        assert_eq!(page.matches("OFFICIAL-SENSITIVE").count(), 2, "marking top and bottom of page {}", index + 1);
        assert!(page.contains("Ó'Brien, Seán"), "identity on page {}", index + 1);
    }
    drop(dir);
}

#[test]
fn a_long_plan_breaks_pages_cleanly_and_keeps_every_objective() {
    let (dir, mut db) = temp_db();
    let long = "This note is deliberately long, with words like Łukasiewicz and Yılmaz, to wrap across many lines. "
        .repeat(20);
    assert!(long.len() >= 2000);
    let plan = plan_with(&mut db, "Zoë", "Łukasiewicz", "B2345CD", 60, &long);
    let printable = print::sentence_plan(&db, plan, Utc::now()).unwrap();
    let rendered = omu_core::pdf::render(&printable.document).unwrap();
    let text = pages(&rendered.bytes);
    assert!(text.len() > 20, "{} pages", text.len());
    let all = text.join("\n");
    for index in 0..60 {
        assert!(all.contains(&format!("Objective number {index}:")), "objective {index} missing");
    }
    for (index, page) in text.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", index + 1, text.len())));
        assert!(page.contains("Łukasiewicz, Zoë"));
    }
    // Header rows repeat on the pages a table runs onto.
    let headed = text.iter().filter(|page| page.contains("Prisoner's") && page.contains("Responsible")).count();
    assert!(headed > 10, "table header on {headed} pages");
    // So does the pathway's caption, marked as continued, on every page that starts
    // inside a pathway's table.
    let continued = text.iter().filter(|page| page.contains("(continued)")).count();
    assert!(continued > 5, "caption continued on {continued} pages");
    assert!(all.contains("1 Accommodation (continued)"), "the pathway is named on its continuation");
    drop(dir);
}

#[test]
fn a_board_pack_has_a_contents_page_with_the_right_pages() {
    let (dir, mut db) = temp_db();
    plan_with(&mut db, "Ayşe", "Yılmaz", "C3456DE", 2, "short");
    plan_with(&mut db, "Seán", "Ó'Brien", "A1234BC", 25, &"Long progress note. ".repeat(40));
    plan_with(&mut db, "Zoë", "Łukasiewicz", "B2345CD", 1, "short");
    let printable = print::board_pack(&db, today(), Utc::now()).unwrap();
    let rendered = omu_core::pdf::render(&printable.document).unwrap();
    let text = pages(&rendered.bytes);
    assert_eq!(text.len(), rendered.total_pages);
    assert_eq!(rendered.sections.len(), 3);
    let contents = &text[0];
    assert!(contents.contains("Board pack: planning meetings on"));
    for (section, name) in rendered.sections.iter().zip(["Łukasiewicz, Zoë", "Ó'Brien, Seán", "Yılmaz, Ayşe"]) {
        // Each plan starts on the page the contents names, numbered from 1.
        let first = &text[section.first_page - 1];
        assert!(first.contains(name), "{name} not on page {}", section.first_page);
        assert!(first.contains(&format!("Page 1 of {}", section.page_count)));
        // And says where it is in the pack, as the contents page does.
        assert!(
            first.contains(&format!("pack page {} of {}", section.first_page, rendered.total_pages)),
            "{name}: {first}"
        );
        assert!(contents.contains(name));
        assert!(contents.contains(&section.first_page.to_string()));
    }
    drop(dir);
}

#[test]
fn nothing_to_print_and_unwritable_paths_are_clear_errors() {
    let (dir, mut db) = temp_db();
    let prisoner = db.insert_prisoner(&details("D4567EF", "No", "Plan")).unwrap();
    assert!(print::latest_plan(&db, prisoner).unwrap_err().to_string().contains("no sentence plan"));
    assert!(print::board_pack(&db, today(), Utc::now()).unwrap_err().to_string().contains("no planning meetings"));
    let plan = plan_with(&mut db, "Seán", "Ó'Brien", "A1234BC", 1, "short");
    let printable = print::sentence_plan(&db, plan, Utc::now()).unwrap();
    // A folder that does not exist yet is made; one that cannot be is a clear error.
    let target = dir.path().join("new folder").join("plan.pdf");
    print::print_to_file(&mut db, &printable, &target).unwrap();
    assert!(target.exists());
    let blocked = dir.path().join("plan.pdf").join("inside a file.pdf");
    std::fs::write(dir.path().join("plan.pdf"), b"not a folder").unwrap();
    let error = print::print_to_file(&mut db, &printable, &blocked).unwrap_err();
    assert!(error.to_string().contains("cannot write"), "{error}");
    std::fs::remove_file(dir.path().join("plan.pdf")).unwrap();
    // A successful print is recorded as a disclosure.
    let target = dir.path().join("plan.pdf");
    let before = db.audit_count().unwrap();
    print::print_to_file(&mut db, &printable, &target).unwrap();
    assert_eq!(db.audit_count().unwrap(), before + 1);
    let entries = db.audit_for("plan_version", plan).unwrap();
    assert_eq!(entries.last().unwrap().action, "disclose");
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|entry| {
        let name = entry.unwrap().file_name();
        !name.to_string_lossy().starts_with(".tmp")
    }));
}

#[test]
fn the_key_reconciliation_lists_every_hook_and_who_has_keys_out() {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    let printable = print::key_reconciliation(&db, Utc::now()).unwrap();
    let rendered = omu_core::pdf::render(&printable.document).unwrap();
    let all = pages(&rendered.bytes).join("\n");
    assert!(all.contains("End-of-day key reconciliation"));
    assert!(all.contains("Still out"));
    assert!(all.contains("OVERDUE"));
    assert!(all.contains("COMPROMISED"));
    for hook in [1, 60, 120] {
        assert!(all.contains(&format!("\n{hook}\n")) || all.contains(&format!("{hook} ")), "hook {hook}");
    }
    assert!(all.contains("Gate officer") && all.contains("Orderly officer"), "signature blocks");
    let history =
        print::key_history(&db, Utc::now() - chrono::Duration::days(4), Utc::now(), Some(6), None, Utc::now()).unwrap();
    let text = pages(&omu_core::pdf::render(&history.document).unwrap().bytes).join("\n");
    assert!(text.contains("Key movements"));
    assert!(text.contains("Issued"));
    drop(dir);
}

#[test]
fn every_name_prints_whole_in_its_script() {
    let (dir, mut db) = temp_db();
    let names = [
        ("Seán", "Ó Súilleabháin", "A1001AA"),
        ("Łukasz", "Wiśniewski", "A1002AA"),
        ("Ayşe", "Yılmaz", "A1003AA"),
        ("Nguyễn Thị", "Minh Khai", "A1004AA"),
        ("Дмитрий", "Иванов", "A1005AA"),
        ("小龍", "李", "A1006AA"),
        ("さくら", "山田", "A1007AA"),
    ];
    for (forenames, surname, number) in names {
        let plan = plan_with(&mut db, forenames, surname, number, 3, "short");
        let printable = print::sentence_plan(&db, plan, Utc::now()).unwrap();
        let rendered = omu_core::pdf::render(&printable.document).unwrap();
        let text = pages(&rendered.bytes).join("\n");
        assert!(text.contains(surname), "{surname} is on the printed plan:\n{text}");
        assert!(text.contains(forenames), "{forenames} is on the printed plan");
        std::fs::write(dir.path().join(format!("plan-{number}.pdf")), &rendered.bytes).unwrap();
    }
    // Only a document that needs the CJK face carries it, and then subset: a plan
    // with a Chinese name stays small.
    let latin = print::sentence_plan(&db, print::latest_plan(&db, 1).unwrap(), Utc::now()).unwrap();
    let chinese = print::sentence_plan(&db, print::latest_plan(&db, 6).unwrap(), Utc::now()).unwrap();
    let (latin, chinese) =
        (omu_core::pdf::render(&latin.document).unwrap(), omu_core::pdf::render(&chinese.document).unwrap());
    assert!(chinese.bytes.len() < latin.bytes.len() + 200_000, "{} vs {}", chinese.bytes.len(), latin.bytes.len());
    if let Ok(folder) = std::env::var("OMU_KEEP_PDFS") {
        for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let _ = std::fs::copy(entry.path(), std::path::Path::new(&folder).join(entry.file_name()));
        }
    }
}

#[test]
fn a_character_no_font_has_is_refused_before_anything_is_written() {
    use omu_core::pdf::{Block, Document, PdfError, Section};
    let document = Document {
        title: "Sentence plan".into(),
        establishment: "HMP Testbridge".into(),
        printed: "01/12/2026 10:00 by Test".into(),
        audit_head: None,
        contents: None,
        sections: vec![Section {
            identity: "Kim 김민준 · A1234BC".into(),
            kind: "Sentence plan".into(),
            blocks: vec![Block::Paragraph("Objective".into())],
        }],
    };
    match omu_core::pdf::render(&document) {
        Err(PdfError::Unprintable { character, text }) => {
            assert_eq!(character, '김');
            assert_eq!(text, "Kim 김민준 · A1234BC");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|rendered| rendered.total_pages)),
    }
    let message = omu_core::pdf::render(&document).unwrap_err().to_string();
    assert!(message.contains("'김' (U+AE40)") && message.contains("nothing was printed"), "{message}");
}

#[test]
fn an_arabic_name_is_refused_at_entry_with_the_way_forward() {
    let form = omu_core::domain::prisoner::PrisonerForm {
        surname: "محمد".into(),
        ..common::form("A1008AA", "Ahmed", "Placeholder")
    };
    let errors = form.validate(today()).unwrap_err();
    let message = errors.get(omu_core::domain::prisoner::Field::Surname).unwrap();
    assert!(message.contains("right-to-left") && message.contains("as on the warrant"), "{message}");
}

#[test]
fn a_printed_review_lists_what_changed_since_the_agreed_version() {
    let (dir, mut db) = temp_db();
    let initial = plan_with(&mut db, "Seán", "Ó'Brien", "A1234BC", 2, "short");
    let prisoner = db.plan_version(initial).unwrap().prisoner_id;
    db.close_plan_version(initial, today() + chrono::Duration::days(180), today()).unwrap();
    let review = db.start_plan_version(prisoner, PlanKind::Review, today()).unwrap();
    let mut progressed = db.plan_version(review).unwrap().objectives[0].clone();
    progressed.status = ObjectiveStatus::InProgress;
    db.save_objective(review, &progressed).unwrap();
    let printable = print::sentence_plan(&db, review, Utc::now()).unwrap();
    let all = pages(&omu_core::pdf::render(&printable.document).unwrap().bytes).join("\n");
    let since = all.find("Changes since version 1").unwrap_or_else(|| panic!("no changes heading:\n{all}"));
    assert!(all[since..].contains("In progress (was Not started)"), "the change itself:\n{all}");
    drop(dir);
}

#[test]
fn the_due_list_prints_every_deadline_with_its_state_in_words() {
    use omu_core::storage::CaseloadQuery;
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    let entries = db.caseload(&CaseloadQuery::default(), today()).unwrap();
    let items = db.deadlines(&entries, today(), 28).unwrap();
    assert!(items.len() > 40, "the demo unit has plenty due");
    let printable = print::due_list(&db, "the whole unit", &items, today(), Utc::now()).unwrap();
    let rendered = omu_core::pdf::render(&printable.document).unwrap();
    if let Ok(folder) = std::env::var("OMU_DESK_KEEP_PDF") {
        std::fs::write(std::path::Path::new(&folder).join("due.pdf"), &rendered.bytes).unwrap();
    }
    let all = pages(&rendered.bytes).join("\n");
    assert!(all.contains("Deadlines"));
    assert!(all.contains(&format!("{} deadlines for the whole unit", items.len())), "{all}");
    assert!(all.contains("OVERDUE"));
    assert!(all.contains("Parole custody"), "the parole reports are there");
    // Every prisoner on the list, by prison number.
    for item in &items {
        assert!(all.contains(&item.prison_number), "{} missing", item.prison_number);
    }
    drop(dir);
}
