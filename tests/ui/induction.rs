use crate::harness::*;

#[test]
fn complete_and_exempt_induction_items_and_see_the_overdue_count_fall() {
    let (dir, mut app) = new_reception_app();
    assert!(shows(&app, "INDUCTION: 9 OVERDUE"));
    click(&mut app, "Wiśniewski, Tomasz");
    click(&mut app, "Induction (9 overdue)");
    assert!(shows(&app, "Print induction record"));

    // Complete the health screen: the form starts as "now, by me".
    click(&mut app, "Health screen");
    assert!(shows(&app, USER));
    click(&mut app, "Mark done");
    assert_eq!(induction_overdue(&app), 8);
    assert!(shows(&app, "Health screen: done."));
    assert!(shows(&app, "Induction (8 overdue)"));

    // An exemption without a reason is refused; the typed notes stay.
    click(&mut app, "Property recorded");
    type_into_labelled_notes(&mut app, "Came from HMP Leeds with property sealed");
    click(&mut app, "Exempt");
    assert!(shows(&app, "Reason: choose why it was not done"));
    assert!(shows(&app, "Came from HMP Leeds with property sealed"));
    assert_eq!(induction_overdue(&app), 8);

    // Choose the reason from the list, as a user would, and exempt it.
    click(&mut app, "Already done in another establishment");
    click(&mut app, "Exempt");
    assert!(shows(&app, "Property recorded: exempted."), "exemption saved");
    assert_eq!(induction_overdue(&app), 7);
    assert!(shows(&app, "Induction (7 overdue)"));

    // The caseload shows the new count too.
    click(&mut app, "Back to caseload");
    assert!(shows(&app, "INDUCTION: 7 OVERDUE"));
    drop(dir);
}

#[test]
fn an_edited_procedure_draft_is_not_lost_by_leaving() {
    use omu_desk::ui::screen::procedure::Message as Procedure;
    let (dir, mut app) = demo_app();
    click(&mut app, "Induction");
    apply(&mut app, [Message::Induction(omu_desk::ui::screen::induction::Message::EditProcedure)]);
    apply(&mut app, [Message::Procedure(Procedure::StartEditing)]);
    // A draft just started holds nothing unsaved.
    click(&mut app, "Caseload");
    assert!(!shows(&app, "Leave without saving"));
    click(&mut app, "Induction");
    apply(&mut app, [Message::Induction(omu_desk::ui::screen::induction::Message::EditProcedure)]);
    apply(&mut app, [Message::Procedure(Procedure::Title(0, "First night: cell check and phone call".into()))]);
    click(&mut app, "Keys");
    assert!(shows(&app, "You have not saved the draft procedure."));
    click(&mut app, "Stay on this page");
    assert!(shows(&app, "First night: cell check and phone call"));
    click(&mut app, "Save draft");
    click(&mut app, "Keys");
    assert!(app.session().unwrap().keys().is_some(), "saved, so leaving needs no question");
    drop(dir);
}

#[test]
fn publishing_or_discarding_a_procedure_draft_asks_first_and_esc_undoes_only_when_confirmed() {
    use omu_desk::ui::app::Shortcut;
    use omu_desk::ui::screen::procedure::Message as Procedure;
    let (dir, mut app) = demo_app();
    click(&mut app, "Induction");
    apply(&mut app, [Message::Induction(omu_desk::ui::screen::induction::Message::EditProcedure)]);
    apply(&mut app, [Message::Procedure(Procedure::StartEditing)]);
    apply(&mut app, [Message::Procedure(Procedure::Title(0, "First night: cell check and phone call".into()))]);

    // Esc asks; keeping the edit keeps it, throwing it away reads the draft again.
    apply(&mut app, [Message::Shortcut(Shortcut::Cancel)]);
    assert!(shows(&app, "Throw away your unsaved changes to the draft procedure?"));
    click(&mut app, "Keep editing");
    assert!(shows(&app, "First night: cell check and phone call"));
    apply(&mut app, [Message::Shortcut(Shortcut::Cancel)]);
    click(&mut app, "Throw them away");
    assert!(!shows(&app, "First night: cell check and phone call"));

    // Publishing asks, saying what can no longer be changed.
    apply(&mut app, [Message::Procedure(Procedure::Title(0, "First night: cell check and phone call".into()))]);
    let before = app.session().unwrap().db().current_template().unwrap().version;
    click(&mut app, &format!("Publish as version {}", before + 1));
    assert!(shows_containing(&app, "a published version can no longer be changed"));
    click(&mut app, "Keep the draft");
    assert_eq!(app.session().unwrap().db().current_template().unwrap().version, before, "nothing published yet");
    click(&mut app, &format!("Publish as version {}", before + 1));
    click(&mut app, "Publish");
    assert_eq!(app.session().unwrap().db().current_template().unwrap().version, before + 1);

    // Discarding asks too.
    apply(&mut app, [Message::Procedure(Procedure::StartEditing)]);
    click(&mut app, "Discard draft");
    assert!(shows_containing(&app, "Every change in it is lost"));
    click(&mut app, "Discard");
    assert!(shows(&app, "Draft discarded."));
    drop(dir);
}

#[test]
fn esc_on_an_induction_item_with_typing_asks_before_closing_it() {
    use omu_desk::ui::app::Shortcut;
    let (dir, mut app) = new_reception_app();
    click(&mut app, "Wiśniewski, Tomasz");
    click(&mut app, "Induction (9 overdue)");
    click(&mut app, "Property recorded");
    type_into_labelled_notes(&mut app, "Came from HMP Leeds with property sealed");
    apply(&mut app, [Message::Shortcut(Shortcut::Cancel)]);
    assert!(shows(&app, "Close this item and throw away what you typed for it?"));
    click(&mut app, "Keep editing");
    assert!(shows(&app, "Came from HMP Leeds with property sealed"));
    apply(&mut app, [Message::Shortcut(Shortcut::Cancel)]);
    click(&mut app, "Throw it away");
    assert!(!shows(&app, "Came from HMP Leeds with property sealed"));
    assert!(!shows(&app, "Mark done"), "the item is closed");

    // With nothing typed, Esc just closes it.
    click(&mut app, "Property recorded");
    apply(&mut app, [Message::Shortcut(Shortcut::Cancel)]);
    assert!(!shows(&app, "Mark done"));
    drop(dir);
}
