//! Moving between pages: the role's permission first, then unsaved work asked about,
//! then the new page built; and the keyboard shortcuts that move.

use super::*;

impl Session {
    pub(super) fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        match shortcut {
            Shortcut::NextField => operation::focus_next(),
            Shortcut::PreviousField => operation::focus_previous(),
            Shortcut::Save => match &self.page {
                Page::Prisoner(_) => self.update(Message::Prisoner(prisoner::Message::Save)),
                Page::Settings(_) => self.update(Message::Settings(settings::Message::Save)),
                _ => Task::none(),
            },
            Shortcut::Cancel => match &self.page {
                Page::Prisoner(_) => self.update(Message::Prisoner(prisoner::Message::Cancel)),
                Page::Keys(_) => self.update(Message::Keys(keys::Message::CancelPending)),
                page => {
                    if let Some(unsaved) = page.unsaved_work() {
                        self.leaving = Some(Leaving { then: Box::new(Message::UndoEdits), unsaved, undo: true });
                    }
                    Task::none()
                }
            },
            Shortcut::New if !self.is_welcome() && self.desk.may(Capability::CaseWork) => self.new_prisoner(),
            Shortcut::Find if !self.is_welcome() && self.desk.may(Capability::CaseWork) => {
                let task = self.navigate(Destination::Caseload);
                if matches!(self.page, Page::Caseload) {
                    task.chain(operation::focus(caseload::SEARCH_ID)).chain(operation::select_all(caseload::SEARCH_ID))
                } else {
                    task
                }
            }
            Shortcut::New | Shortcut::Find => Task::none(),
        }
    }

    /// True when the current page may be left now. Unsaved work is asked about first:
    /// `then` is what asked to leave, carried out if the person confirms.
    pub(in crate::ui) fn may_leave(&mut self, then: Message) -> bool {
        if self.leave_confirmed {
            return true;
        }
        let today = self.desk.today();
        let must_stay = match &mut self.page {
            // The record's own form asks with its own bar, which offers to save.
            Page::Prisoner(screen) => !screen.request_leave(today),
            Page::Welcome(_) | Page::Recovery(_) => true,
            _ => false,
        };
        if must_stay {
            return false;
        }
        match self.page.unsaved_work() {
            Some(unsaved) => {
                self.leaving = Some(Leaving { then: Box::new(then), unsaved, undo: false });
                false
            }
            None => true,
        }
    }

    /// Takes the move the person was asked about, to carry it out now.
    pub(in crate::ui) fn take_confirmed_move(&mut self) -> Option<Message> {
        let leaving = self.leaving.take()?;
        self.leave_confirmed = true;
        Some(*leaving.then)
    }

    pub(in crate::ui) fn finish_confirmed_move(&mut self) {
        self.leave_confirmed = false;
    }

    pub(super) fn navigate(&mut self, destination: Destination) -> Task<Message> {
        if !self.desk.may(destination.needs()) {
            self.notify(BannerKind::Error, format!("Not opened: {}", refusal(destination.needs())));
            return Task::none();
        }
        if !self.may_leave(Message::Navigate(destination)) {
            return Task::none();
        }
        let tiers = self.desk.tiers.clone();
        let ctx = &mut self.desk.context();
        self.page = match destination {
            Destination::Caseload => {
                self.caseload.refresh(ctx);
                Page::Caseload
            }
            Destination::Workload => Page::Workload(WorkloadScreen::new(ctx, &tiers)),
            Destination::Settings => Page::Settings(Box::new(SettingsScreen::new(ctx))),
            Destination::Users => Page::Users(UsersScreen::new(ctx)),
            Destination::Audit => Page::Audit(Box::new(AuditScreen::new(ctx))),
            Destination::Due => Page::Due(DueScreen::new(ctx)),
            Destination::Unit => Page::Unit(Box::new(UnitScreen::new(ctx))),
            Destination::MyDay => Page::MyDay(MyDayScreen::new(ctx)),
            Destination::Boards => Page::Boards(BoardsScreen::new(ctx)),
            Destination::Interventions => Page::Interventions(InterventionsScreen::new(ctx)),
            Destination::Induction => Page::Induction(InductionScreen::new(ctx)),
            Destination::Keys => {
                self.page = Page::Keys(Box::new(KeysScreen::new(ctx)));
                return KeysScreen::focus().map(Message::Keys);
            }
        };
        Task::none()
    }

    /// The caseload, showing the cases `filter` picks (from a Workload row).
    pub(super) fn open_caseload_of(&mut self, filter: SupervisorFilter) -> Task<Message> {
        let task = self.navigate(Destination::Caseload);
        if matches!(self.page, Page::Caseload) {
            let _ = self.caseload.update(caseload::Message::WhoseSelected(filter), &mut self.desk.context());
        }
        task
    }

    /// Opens a prisoner's record, after the audit trail has recorded who looked.
    pub(super) fn open_prisoner(&mut self, id: i64) -> Task<Message> {
        if !self.desk.may(Capability::CaseWork) {
            self.notify(BannerKind::Error, format!("Not opened: {}", refusal(Capability::CaseWork)));
            return Task::none();
        }
        if let Err(error) = self.desk.db.record_consultation(id) {
            self.caseload.set_error(format!(
                "The record was not opened: the audit trail could not record the viewing ({error})"
            ));
            return Task::none();
        }
        match PrisonerScreen::open(&mut self.desk.context(), id) {
            Ok(screen) => self.page = Page::Prisoner(Box::new(screen)),
            Err(error) => self.caseload.set_error(format!("The record could not be opened: {error}")),
        }
        Task::none()
    }

    pub(super) fn open_prisoner_on(&mut self, id: i64, tab: prisoner::Tab) -> Task<Message> {
        let task = self.open_prisoner(id);
        if let Page::Prisoner(screen) = &mut self.page {
            screen.show(tab);
        }
        task
    }

    pub(super) fn new_prisoner(&mut self) -> Task<Message> {
        if !self.desk.may(Capability::CaseWork) || !self.may_leave(Message::Shortcut(Shortcut::New)) {
            return Task::none();
        }
        let screen = PrisonerScreen::new_reception(&mut self.desk.context());
        self.page = Page::Prisoner(Box::new(screen));
        operation::focus(prisoner::TextField::PrisonNumber.id())
    }
}
