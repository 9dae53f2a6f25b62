//! What each page's update asked for, acted on: open a record, read the caseload again,
//! run a task.

use super::*;

impl Session {
    pub(super) fn caseload_update(&mut self, message: caseload::Message) -> Task<Message> {
        match self.caseload.update(message, &mut self.desk.context()) {
            caseload::Action::None => Task::none(),
            caseload::Action::Open(id) => self.open_prisoner(id),
            caseload::Action::NewPrisoner => self.new_prisoner(),
            caseload::Action::Run(task) => task.map(Message::Caseload),
            caseload::Action::ImportSheet(path, bytes) => {
                let screen = SheetImportScreen::new(&mut self.desk.context(), path, bytes);
                self.page = Page::SheetImport(Box::new(screen));
                Task::none()
            }
            caseload::Action::Imported => {
                self.desk.reload();
                self.refresh_caseload();
                Task::none()
            }
        }
    }

    pub(super) fn prisoner_update(&mut self, message: prisoner::Message) -> Task<Message> {
        let Page::Prisoner(screen) = &mut self.page else { return Task::none() };
        match screen.update(message, &mut self.desk.context()) {
            prisoner::Action::None => Task::none(),
            prisoner::Action::Changed => {
                self.refresh_caseload();
                Task::none()
            }
            prisoner::Action::Leave => {
                self.page = Page::Caseload;
                self.refresh_caseload();
                Task::none()
            }
            prisoner::Action::Run(task) => task.map(Message::Prisoner),
        }
    }

    pub(super) fn settings_update(&mut self, message: settings::Message) -> Task<Message> {
        let Page::Settings(screen) = &mut self.page else { return Task::none() };
        match screen.update(message, &mut self.desk.context()) {
            settings::Action::None => Task::none(),
            settings::Action::Changed => {
                self.desk.reload();
                Task::none()
            }
            settings::Action::OpenDataFolder => {
                let folder = self.desk.db.path().parent().map(Path::to_path_buf).unwrap_or_default();
                Task::perform(crate::ui::dialog::open_path(folder), Message::FolderOpened)
            }
            settings::Action::Run(task) => task.map(Message::Settings),
            settings::Action::Restore(path) => Task::done(Message::Restore(path)),
            settings::Action::ReKey(passphrase) => Task::done(Message::ReKey(passphrase)),
        }
    }

    pub(super) fn welcome_update(&mut self, message: welcome::Message) -> Task<Message> {
        let Page::Welcome(screen) = &mut self.page else { return Task::none() };
        match screen.update(message, &mut self.desk.context()) {
            welcome::Action::None => {}
            welcome::Action::Started => {
                self.desk.reload();
                self.caseload = Caseload::new(&mut self.desk.context());
                self.page = Page::Caseload;
            }
        }
        Task::none()
    }

    pub(super) fn recovery_update(&mut self, message: recovery::Message) -> Task<Message> {
        let Page::Recovery(screen) = &mut self.page else { return Task::none() };
        match screen.update(message, &mut self.desk.context()) {
            recovery::Action::None => Task::none(),
            recovery::Action::Run(task) => task.map(Message::Recovery),
            recovery::Action::Continue => {
                self.page = if self.desk.db.is_new().unwrap_or(false) {
                    Page::Welcome(Welcome::default())
                } else {
                    Page::Caseload
                };
                Task::none()
            }
        }
    }

    pub(super) fn users_update(&mut self, message: users::Message) -> Task<Message> {
        let Page::Users(screen) = &mut self.page else { return Task::none() };
        match screen.update(message, &mut self.desk.context()) {
            users::Action::None => Task::none(),
            users::Action::Run(task) => task.map(Message::Users),
            users::Action::Changed => {
                self.desk.reload();
                Task::none()
            }
        }
    }

    pub(super) fn induction_update(&mut self, message: induction::Message) -> Task<Message> {
        let Page::Induction(screen) = &mut self.page else { return Task::none() };
        match screen.update(message, &mut self.desk.context()) {
            induction::Action::None => Task::none(),
            induction::Action::Run(task) => task.map(Message::Induction),
            induction::Action::OpenChecklist(id) => self.open_prisoner_on(id, prisoner::Tab::Induction),
            induction::Action::EditProcedure if !self.desk.may(Capability::Administer) => {
                self.notify(BannerKind::Error, format!("Not opened: {}", refusal(Capability::Administer)));
                Task::none()
            }
            induction::Action::EditProcedure => {
                self.page = Page::Procedure(ProcedureScreen::new(&mut self.desk.context()));
                Task::none()
            }
        }
    }
}
