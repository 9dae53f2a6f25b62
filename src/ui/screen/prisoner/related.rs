//! The record's other tabs and lists (contacts, induction checklist, sentence plan):
//! read again after a save, refreshed in place so what is being typed there stays.

use super::*;

impl PrisonerScreen {
    /// Reads the contacts, the checklist and the plan again. Panels already open are
    /// refreshed in place, so a half-written objective or induction answer survives a
    /// save of the record.
    pub(super) fn reload_related(&mut self, ctx: &mut Context) {
        let Some(prisoner) = &self.saved else { return };
        match &mut self.checklist {
            Some(panel) => panel.refresh(ctx),
            None => self.checklist = Some(ChecklistPanel::new(ctx, prisoner.id)),
        }
        match &mut self.plan {
            Some(panel) => panel.refresh(ctx),
            None => self.plan = Some(PlanPanel::new(ctx, prisoner.id, prisoner.details.clone())),
        }
        match &mut self.parole {
            Some(panel) => panel.refresh(ctx),
            None => self.parole = Some(ParolePanel::new(ctx, prisoner.id)),
        }
        match &mut self.categorisation {
            Some(panel) => panel.refresh(ctx),
            None => {
                let current = prisoner.details.security_category.as_deref();
                self.categorisation = Some(CategorisationPanel::new(ctx, prisoner.id, current));
            }
        }
        let loaded = ctx
            .db
            .contacts(prisoner.id)
            .and_then(|contacts| Ok((contacts, ctx.db.case_summary(prisoner.id, ctx.today)?)));
        match loaded {
            Ok((contacts, summary)) => {
                self.summary = Some(summary);
                self.contacts = contacts;
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the contacts: {error}"))),
        }
    }

    /// A recorded OASys review changed the stored risk: take it into the form too.
    pub(super) fn absorb_review(&mut self, ctx: &mut Context) {
        let Some(id) = self.id() else { return };
        if let Ok(prisoner) = ctx.db.prisoner(id) {
            self.form.last_oasys_review_date = PrisonerForm::from_details(&prisoner.details).last_oasys_review_date;
            self.form.rosh = prisoner.details.rosh;
            self.form.reoffending_likelihood = prisoner.details.reoffending_likelihood;
            self.saved = Some(prisoner);
        }
        if let Ok(summary) = ctx.db.case_summary(id, ctx.today) {
            self.summary = Some(summary);
        }
    }

    /// A categorisation decision set the stored category and its next review: take
    /// them into the form too, keeping any other unsaved edits.
    pub(super) fn absorb_category_decision(&mut self, ctx: &mut Context) {
        let Some(id) = self.id() else { return };
        match ctx.db.prisoner(id) {
            Ok(prisoner) => {
                self.form.security_category = prisoner.details.security_category.clone();
                self.form.recategorisation_due_date =
                    PrisonerForm::from_details(&prisoner.details).recategorisation_due_date;
                self.saved = Some(prisoner);
                if let Ok(summary) = ctx.db.case_summary(id, ctx.today) {
                    self.summary = Some(summary);
                }
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the record again: {error}"))),
        }
    }

    /// An induction answer changed fields of the stored record: take them into the
    /// form too, keeping any other unsaved edits.
    pub(super) fn absorb_induction_answers(&mut self, ctx: &mut Context) {
        let Some(id) = self.id() else { return };
        match ctx.db.prisoner(id) {
            Ok(prisoner) => {
                let stored = &prisoner.details.diversity;
                self.form.interpreter_needed = stored.interpreter_needed;
                self.form.first_language = stored.first_language.clone();
                self.form.literacy_needs = stored.literacy_needs.clone();
                self.form.disability = stored.disability.clone();
                self.saved = Some(prisoner);
                self.reload_related(ctx);
            }
            Err(error) => self.notice = Some((BannerKind::Error, format!("Could not read the record again: {error}"))),
        }
    }
}
