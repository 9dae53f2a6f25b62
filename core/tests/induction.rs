//! Induction templates and checklists on a real case file: automatic start, version
//! isolation, answers flowing into the record, and the overdue counts.

mod common;

use chrono::{Duration, NaiveTime, Timelike, Utc};
use common::{count, details, temp_db, today};
use omu_core::domain::dates::format_date;
use omu_core::domain::induction::{
    Answer, ExemptionReason, ItemAction, ItemForm, ItemStatus, Question, validate_item_change,
};
use omu_core::domain::prisoner::PrisonerDetails;
use omu_core::storage::{CaseloadQuery, Db};

/// A prisoner received `hours_ago` hours ago (at most a few days).
fn received(number: &str, hours_ago: i64) -> PrisonerDetails {
    let at = omu_core::domain::dates::utc_to_london(Utc::now() - Duration::hours(hours_ago));
    let mut details = details(number, "New", "Reception");
    details.reception_date = Some(at.date_naive());
    details.reception_time = NaiveTime::from_hms_opt(at.hour(), at.minute(), 0);
    details.sentence_date = Some(at.date_naive() - Duration::days(3));
    details
}

fn complete(db: &mut Db, prisoner_id: i64, title_starts: &str, form: ItemForm) -> Result<(), String> {
    let checklist = db.checklists(prisoner_id).unwrap().remove(0);
    let item = checklist.items.iter().find(|item| item.template_item.title.starts_with(title_starts)).unwrap();
    let change = validate_item_change(ItemAction::Complete, &form, item, checklist.received_at, Utc::now())
        .map_err(|invalid| invalid.to_string())?;
    db.update_induction_item(item.id, &change).map_err(|error| error.to_string())
}

fn now_form() -> ItemForm {
    let local = omu_core::domain::dates::utc_to_london(Utc::now() - Duration::minutes(5));
    ItemForm {
        done_by: "Officer Jones".into(),
        done_date: format_date(local.date_naive()),
        done_time: local.format("%H:%M").to_string(),
        ..ItemForm::default()
    }
}

#[test]
fn the_default_procedure_is_published_and_reads_like_one() {
    let (dir, db) = temp_db();
    let template = db.current_template().unwrap();
    assert_eq!(template.version, 1);
    assert_eq!(template.last_reviewed, today());
    let titles: Vec<&str> = template.items.iter().map(|item| item.title.as_str()).collect();
    for expected in [
        "Cell sharing risk assessment (CSRA)",
        "Health screen",
        "First night interview",
        "Basic skills screen (literacy and numeracy)",
        "Offender supervisor allocated",
    ] {
        assert!(titles.contains(&expected), "{expected} missing from {titles:?}");
    }
    assert!(template.items.iter().any(|item| item.question == Question::Interpreter));
    drop(dir);
}

#[test]
fn a_new_reception_starts_its_checklist_and_an_old_one_by_hand() {
    let (dir, mut db) = temp_db();
    let new = db.insert_prisoner(&received("A1111AA", 3)).unwrap();
    let checklists = db.checklists(new).unwrap();
    assert_eq!(checklists.len(), 1);
    assert_eq!(checklists[0].items.len(), 17);
    assert!(checklists[0].items.iter().all(|item| item.status == ItemStatus::Open));
    // Saving the record again does not start a second one.
    db.update_prisoner(new, &received("A1111AA", 3)).unwrap();
    assert_eq!(db.checklists(new).unwrap().len(), 1);

    let old = db.insert_prisoner(&details("B2222BB", "Long", "Stay")).unwrap();
    assert!(db.checklists(old).unwrap().is_empty());
    db.start_checklist(old).unwrap();
    assert_eq!(db.checklists(old).unwrap().len(), 1);
    assert!(db.start_checklist(old).unwrap_err().to_string().contains("already been started"));

    let mut no_reception = details("C3333CC", "No", "Date");
    no_reception.reception_date = None;
    let id = db.insert_prisoner(&no_reception).unwrap();
    assert!(db.start_checklist(id).unwrap_err().to_string().contains("reception date"));
    drop(dir);
}

#[test]
fn editing_the_template_leaves_checklists_under_way_intact() {
    let (dir, mut db) = temp_db();
    let before = db.insert_prisoner(&received("A1111AA", 2)).unwrap();
    let original = db.checklists(before).unwrap().remove(0);

    let draft = db.start_template_draft().unwrap();
    assert_eq!(draft.version, 2);
    let mut items = draft.items.clone();
    items[0].title = "Identity, photograph and warrant checked".into();
    items[1].retired = true;
    let mut extra = items[2].clone();
    extra.id = None;
    extra.title = "Prison rules leaflet given".into();
    items.push(extra);
    items.swap(3, 4);
    assert_eq!(db.publish_template_draft(&items, today()).unwrap(), 2);
    assert_eq!(db.current_template().unwrap().version, 2);

    // The checklist under way is exactly as it was.
    assert_eq!(db.checklists(before).unwrap().remove(0), original);
    // A new one follows version 2: the retired item is left out, the new one added.
    let after = db.insert_prisoner(&received("B2222BB", 1)).unwrap();
    let new = db.checklists(after).unwrap().remove(0);
    assert_eq!(new.template_version, 2);
    assert_eq!(new.items.len(), 17);
    assert_eq!(new.items[0].template_item.title, "Identity, photograph and warrant checked");
    assert!(new.items.iter().any(|item| item.template_item.title == "Prison rules leaflet given"));
    assert!(!new.items.iter().any(|item| item.template_item.title == "Property recorded"));

    // A published version cannot be changed by any path, not even raw SQL.
    let path = db.path().to_path_buf();
    let conn = common::raw(&path);
    let error = conn.execute("UPDATE induction_template_item SET title = 'x' WHERE template_id = 1", []).unwrap_err();
    assert!(error.to_string().contains("cannot be changed"), "{error}");
    drop(dir);
}

#[test]
fn answers_flow_into_the_record_and_the_contact_log() {
    let (dir, mut db) = temp_db();
    let id = db.insert_prisoner(&received("A1111AA", 30)).unwrap();
    let contacts_before = db.contacts(id).unwrap().len();

    let refused = complete(&mut db, id, "Interpreter", now_form()).unwrap_err();
    assert!(refused.contains("yes or no"));
    complete(
        &mut db,
        id,
        "Interpreter",
        ItemForm { interpreter_needed: Some(true), language: "Polish".into(), ..now_form() },
    )
    .unwrap();
    let record = db.prisoner(id).unwrap().details.diversity;
    assert!(record.interpreter_needed);
    assert_eq!(record.first_language, "Polish");

    complete(
        &mut db,
        id,
        "Problems on arrival",
        ItemForm { problems: vec![omu_core::domain::induction::Problem::Money], ..now_form() },
    )
    .unwrap();
    let contacts = db.contacts(id).unwrap();
    assert_eq!(contacts.len(), contacts_before + 1);
    assert!(contacts[0].details.notes.contains("money worries"), "{}", contacts[0].details.notes);
    assert_eq!(contacts[0].details.staff_name, "Officer Jones");

    complete(
        &mut db,
        id,
        "Basic skills",
        ItemForm { skills_outcome: Some(omu_core::domain::induction::SkillsOutcome::DyslexiaIndicated), ..now_form() },
    )
    .unwrap();
    assert!(db.prisoner(id).unwrap().details.diversity.literacy_needs.starts_with("Dyslexia indicated"));

    let checklist = db.checklists(id).unwrap().remove(0);
    let interpreter = checklist.items.iter().find(|item| item.template_item.title.starts_with("Interpreter")).unwrap();
    assert_eq!(interpreter.answer, Some(Answer::Interpreter { needed: true, language: "Polish".into() }));
    assert_eq!(interpreter.done_by.as_deref(), Some("Officer Jones"));
    drop(dir);
}

#[test]
fn overdue_items_show_on_the_caseload_and_fall_when_dealt_with() {
    let (dir, mut db) = temp_db();
    // Received 30 hours ago: every on-the-day and 24-hour item is overdue.
    let id = db.insert_prisoner(&received("A1111AA", 30)).unwrap();
    let entry = |db: &Db| db.caseload(&CaseloadQuery::default(), today()).unwrap().remove(0);
    let overdue = entry(&db).induction_overdue;
    let checklist = db.checklists(id).unwrap().remove(0);
    assert_eq!(overdue, checklist.overdue_items(Utc::now()));
    assert!(overdue >= 9, "{overdue}");

    complete(&mut db, id, "Health screen", ItemForm { disability_needs: String::new(), ..now_form() }).unwrap();
    let checklist = db.checklists(id).unwrap().remove(0);
    let item = checklist.items.iter().find(|item| item.template_item.title.starts_with("Property")).unwrap();
    let exempt = validate_item_change(
        ItemAction::Exempt,
        &ItemForm { exemption_reason: Some(ExemptionReason::DoneElsewhere), ..now_form() },
        item,
        checklist.received_at,
        Utc::now(),
    )
    .unwrap();
    db.update_induction_item(item.id, &exempt).unwrap();
    assert_eq!(entry(&db).induction_overdue, overdue - 2);

    let open = db.open_inductions().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].prison_number, "A1111AA");
    drop(dir);
}

#[test]
fn the_demo_has_checklists_in_every_state() {
    let (dir, mut db) = temp_db();
    omu_core::demo::populate(&mut db, today(), "Demo User").unwrap();
    let now = Utc::now();
    let mut all = Vec::new();
    for prisoner in db.all_prisoners().unwrap() {
        all.extend(db.checklists(prisoner.id).unwrap());
    }
    assert!(all.len() >= 4, "{}", all.len());
    assert!(all.iter().any(|c| c.is_complete()), "a complete checklist");
    assert!(all.iter().any(|c| c.overdue_items(now) > 0), "an overdue checklist");
    assert!(all.iter().any(|c| !c.is_complete() && c.open_items() < c.items.len()), "a part-done checklist");
    assert!(
        all.iter().any(|c| c.items.iter().filter(|i| i.status != ItemStatus::Open).count() <= 2),
        "a fresh reception"
    );
    assert!(all.iter().any(|c| c.items.iter().any(|i| i.status == ItemStatus::Exempt)), "an exemption");
    assert!(count(db.path(), "induction_item") > 0);
    drop(dir);
}

#[test]
fn allocating_a_supervisor_on_the_record_completes_its_induction_item() {
    use omu_core::domain::staff::StaffRole;
    let (_dir, mut db) = temp_db();
    let rachel = db.add_staff("Rachel Okoro", StaffRole::OffenderSupervisor).unwrap();
    let item = |db: &Db, id: i64| {
        let checklist = db.checklists(id).unwrap().remove(0);
        checklist.items.into_iter().find(|item| item.template_item.question == Question::SupervisorAllocated).unwrap()
    };

    // Received without a supervisor: the item waits.
    let id = db.insert_prisoner(&received("A1001BC", 2)).unwrap();
    assert_eq!(item(&db, id).status, ItemStatus::Open);
    // Allocated on the record: the item is done by itself, by whoever allocated.
    let mut record = db.prisoner(id).unwrap().details;
    record.allocated_supervisor_id = Some(rachel);
    db.update_prisoner(id, &record).unwrap();
    let done = item(&db, id);
    assert_eq!(done.status, ItemStatus::Completed);
    assert_eq!(done.outcome_notes, "Allocated on the record to Rachel Okoro");
    assert_eq!(done.done_by.as_deref(), Some(common::USER));

    // Received with one already: done from the start.
    let mut allocated = received("A1002BC", 1);
    allocated.allocated_supervisor_id = Some(rachel);
    let other = db.insert_prisoner(&allocated).unwrap();
    assert_eq!(item(&db, other).status, ItemStatus::Completed);
    assert!(db.verify_audit().unwrap().is_intact());
}
