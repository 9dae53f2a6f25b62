use crate::harness::*;

#[test]
fn issue_and_return_by_tally_number_with_the_keyboard() {
    use omu_core::domain::keys::HookState;
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    assert_eq!(hook_state(&app, 1), HookState::In);

    gate_types(&mut app, "1");
    assert!(shows(&app, "ISSUE hook 1 (Wing 1 cells, 7 keys) to Amy Baker (tally 1, Wing)"));
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 1), HookState::Out);
    assert!(shows(&app, "1 in · 1 out · 0 overdue · 0 out of use · cut-off 17:00"));

    // The same tally again: Amy is bringing her keys back.
    gate_types(&mut app, "1");
    assert!(shows(&app, "Return  (Enter)"));
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 1), HookState::In);
    assert!(shows(&app, "Hook 1 returned by Amy Baker (tally 1). Count correct."));
    drop(dir);
}

#[test]
fn a_refused_issue_says_why() {
    use omu_core::domain::keys::HookState;
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    gate_types(&mut app, "2");
    assert!(shows(&app, "ISSUE hook 2 (Wing 2 cells, 7 keys) to Ben Cole (tally 2, Wing)"));
    gate_types(&mut app, "");
    assert!(shows(&app, "Cannot issue: Ben Cole has no key risk assessment recorded."));
    assert_eq!(hook_state(&app, 2), HookState::In);
    // The tally holders tab shows the same reason beside the name.
    click(&mut app, "Tally holders");
    assert!(shows(&app, "Ben Cole has no key risk assessment recorded"));
    drop(dir);
}

#[test]
fn a_key_issue_waiting_for_enter_is_not_lost_by_signing_out() {
    use omu_core::domain::keys::HookState;
    let (dir, mut app) = gate_app();
    click(&mut app, "Keys");
    gate_types(&mut app, "1");
    click(&mut app, "Sign out");
    assert!(shows(&app, "You have not saved the key issue or return waiting for Enter."));
    click(&mut app, "Stay on this page");
    assert!(app.session().is_some(), "still signed in");
    assert!(!shows(&app, "Leave without saving"));
    // The movement is still there to confirm.
    gate_types(&mut app, "");
    assert_eq!(hook_state(&app, 1), HookState::Out);
    // Nothing waiting now: signing out needs no question.
    click(&mut app, "Sign out");
    assert!(app.session().is_none(), "signed out");
    drop(dir);
}
