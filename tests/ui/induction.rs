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
