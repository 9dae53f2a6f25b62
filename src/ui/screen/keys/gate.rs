//! What the gate's typed numbers and Enter do: reading the number (the domain's
//! `read_gate_number`), offering the issue or return, and recording it when the gate
//! confirms, then reading again only the hook it changed.

use super::*;
/// When the bunch went out (`now` for a bunch that is in, which has nothing to return).
pub(super) fn out_since(tile: &HookTile, now: DateTime<Utc>) -> DateTime<Utc> {
    match tile.whereabouts {
        Whereabouts::Out { since, .. } => since,
        Whereabouts::In => now,
    }
}

impl KeysScreen {
    /// Works out from the typed number what the gate means (the domain's
    /// [`read_gate_number`]): after a hook with no tally of its number, the number is
    /// the tally of the person drawing that hook.
    pub(super) fn resolve(&mut self, ctx: &mut Context) {
        let Ok(number) = self.lookup.parse::<u32>() else {
            self.fail(match self.drawing {
                Some(hook) => format!("Type the tally number of the person drawing hook {hook}, then press Enter"),
                None => "Type a tally or hook number, then press Enter".to_string(),
            });
            return;
        };
        let (hooks, holders) = (self.board_hooks(), self.holders.clone());
        self.act_on(read_gate_number(number, self.drawing, &holders, &hooks), ctx.now);
        self.prepare_times(ctx.now);
    }

    /// A tile chosen by itself: what is out comes back; what is in waits for the
    /// tally of the person drawing it. Nothing is recorded before Enter.
    pub(super) fn resolve_hook(&mut self, hook: u32, ctx: &mut Context) {
        self.drawing = None;
        let entry = read_gate_hook(hook, &self.board_hooks());
        self.act_on(entry, ctx.now);
        self.prepare_times(ctx.now);
    }

    fn board_hooks(&self) -> Vec<BoardHook> {
        self.tiles
            .iter()
            .map(|tile| BoardHook {
                hook: tile.bunch.hook,
                out: matches!(tile.whereabouts, Whereabouts::Out { .. }),
                out_with: tile.holder.as_ref().map(|holder| holder.id),
            })
            .collect()
    }

    fn act_on(&mut self, entry: GateEntry<'_>, now: DateTime<Utc>) {
        match entry {
            GateEntry::Return { hook } => {
                self.drawing = None;
                if let Some(tile) = self.tiles.iter().find(|tile| tile.bunch.hook == hook) {
                    self.pending = Some(Pending::Return {
                        bunch: tile.bunch.clone(),
                        holder: tile.holder.clone(),
                        since: out_since(tile, now),
                    });
                }
            }
            GateEntry::Issue { hook, holder } => {
                let holder = holder.clone();
                self.issue_from_hook(hook, holder, now);
            }
            GateEntry::TallyFor { hook } => {
                self.drawing = Some(hook);
                self.lookup.clear();
                self.notice = None;
            }
            GateEntry::NoMatch(miss) => self.fail(miss.to_string()),
        }
    }

    fn issue_from_hook(&mut self, hook: u32, holder: TallyHolder, now: DateTime<Utc>) {
        self.drawing = None;
        if let Some(tile) = self.tiles.iter().find(|tile| tile.bunch.hook == hook).cloned() {
            self.pending = self.offer_issue(&tile, holder, now);
        }
    }

    /// The keys counted, typed: a number other than the list's opens "What is
    /// different", started with the two counts, so a short count needs no mouse.
    pub(super) fn counted_typed(&mut self, typed: String) {
        self.counted = typed.chars().filter(char::is_ascii_digit).take(3).collect();
        let listed = match &self.pending {
            Some(Pending::Issue { bunch, .. } | Pending::Return { bunch, .. }) => bunch.key_count,
            None => return,
        };
        let started = |note: &str| note.is_empty() || note.ends_with(" listed");
        match counted_keys(&self.counted).filter(|&counted| counted != listed) {
            Some(counted) => {
                self.count_differs = true;
                if started(&self.count_note) {
                    self.count_note = count_difference(counted, listed);
                }
            }
            None => {
                self.count_differs = false;
                if started(&self.count_note) {
                    self.count_note.clear();
                }
            }
        }
    }

    /// The issue of `tile`'s bunch to `holder`, waiting for Enter; or, when the holder
    /// may not draw it (barred, compromised, out of use...), the reason now, at the
    /// first Enter, and nothing waiting.
    fn offer_issue(&mut self, tile: &HookTile, holder: TallyHolder, now: DateTime<Utc>) -> Option<Pending> {
        let holder_has_out = self
            .tiles
            .iter()
            .find(|other| other.holder.as_ref().is_some_and(|out| out.id == holder.id))
            .map(|other| other.bunch.hook);
        let request = omu_core::domain::keys::IssueRequest {
            bunch: &tile.bunch,
            whereabouts: tile.whereabouts,
            compromised: tile.compromised,
            holder: &holder,
            holder_has_out,
            issued_at: now,
            due_back: now,
            second: None,
        };
        match request.may_draw(now) {
            Ok(()) => Some(Pending::Issue { bunch: tile.bunch.clone(), holder }),
            Err(refused) => {
                self.fail(refused.to_string());
                None
            }
        }
    }

    /// After one issue or return, reads again only what it changed: that hook, and the
    /// incidents when a short count opened one.
    fn refresh_after_movement(&mut self, ctx: &mut Context, bunch_id: i64) {
        let refreshed = ctx.db.hook_tile(bunch_id, ctx.now).and_then(|tile| {
            let incidents = if tile.compromised { Some(ctx.db.incidents()?) } else { None };
            Ok((tile, incidents))
        });
        match refreshed {
            Ok((tile, incidents)) => {
                if let Some(slot) = self.tiles.iter_mut().find(|shown| shown.bunch.id == bunch_id) {
                    *slot = tile;
                }
                if let Some(incidents) = incidents {
                    self.incidents = incidents;
                }
            }
            Err(error) => self.fail(format!("The register could not be read: {error}")),
        }
    }

    pub(super) fn prepare_times(&mut self, now: DateTime<Utc>) {
        self.time.clear();
        self.second_tally.clear();
        self.count_differs = false;
        self.counted.clear();
        self.count_note.clear();
        self.condition = "Good".into();
        self.due = match &self.pending {
            Some(Pending::Issue { holder, bunch }) => {
                let group_time = self.group_times.get(&bunch.access_group).copied();
                let cut_off = omu_core::domain::keys::cut_off_for(holder, group_time, self.cut_off);
                let due = default_due_back(now, cut_off, holder.overnight_allowed);
                utc_to_london(due).format("%d/%m/%Y %H:%M").to_string()
            }
            _ => String::new(),
        };
        if self.pending.is_some() && matches!(self.notice, Some((BannerKind::Error, _))) {
            self.notice = None;
        }
    }

    pub(super) fn confirm(&mut self, ctx: &mut Context) -> Action {
        let Some(pending) = self.pending.clone() else { return Action::None };
        let now = ctx.now;
        let at = match movement_time(&self.time, now) {
            Ok(at) => at,
            Err(message) => {
                self.fail(message.to_string());
                return Action::None;
            }
        };
        let result = match &pending {
            Pending::Issue { bunch, holder } => {
                let due_back = match parse_due_back(&self.due, ctx.now) {
                    Ok(due) => due,
                    Err(message) => {
                        self.fail(format!("Due back: {message}"));
                        return Action::None;
                    }
                };
                // The second officer is looked up here; whether they may confirm is the
                // register's rule, checked where the issue is written.
                let second = match self.second_tally.parse::<u32>() {
                    Err(_) => None,
                    Ok(tally) => match self.holders.iter().find(|holder| holder.tally == tally) {
                        Some(second) => Some(second.clone()),
                        None => {
                            self.fail(format!("Second officer: no one holds tally {tally}."));
                            return Action::None;
                        }
                    },
                };
                ctx.db
                    .issue_keys(
                        &IssueDetails {
                            bunch_id: bunch.id,
                            holder_id: holder.id,
                            at,
                            due_back,
                            count_confirmed: !self.count_differs,
                            count_note: self.count_note.trim().to_string(),
                            second_holder_id: second.as_ref().filter(|_| bunch.restricted).map(|second| second.id),
                        },
                        now,
                    )
                    .map(|_| {
                        let confirmed = match second.as_ref().filter(|_| bunch.restricted) {
                            Some(second) => format!(", confirmed by {} (tally {})", second.name, second.tally),
                            None => String::new(),
                        };
                        format!(
                            "Hook {} ({}) issued to {} (tally {}){confirmed}, due back {}.",
                            bunch.hook,
                            bunch.description,
                            holder.name,
                            holder.tally,
                            format_local(due_back)
                        )
                    })
            }
            Pending::Return { bunch, holder, .. } => ctx
                .db
                .return_keys(
                    &ReturnDetails {
                        bunch_id: bunch.id,
                        at,
                        count_confirmed: !self.count_differs,
                        count_note: self.count_note.trim().to_string(),
                        condition: self.condition.trim().to_string(),
                    },
                    now,
                )
                .map(|_| {
                    format!(
                        "Hook {} returned{}. {}",
                        bunch.hook,
                        holder.as_ref().map(|h| format!(" by {} (tally {})", h.name, h.tally)).unwrap_or_default(),
                        if self.count_differs {
                            "The count was not as listed: the bunch is compromised and cannot be issued until its incident (opened now, on the Incidents tab) is closed. Add what is missing there."
                        } else {
                            "Count correct."
                        }
                    )
                }),
        };
        match result {
            Ok(done) => {
                self.pending = None;
                self.lookup.clear();
                let bunch_id = match &pending {
                    Pending::Issue { bunch, .. } | Pending::Return { bunch, .. } => bunch.id,
                };
                self.refresh_after_movement(ctx, bunch_id);
                self.notice = Some((if self.count_differs { BannerKind::Warning } else { BannerKind::Success }, done));
                // A short return opens its own incident; a short issue is noted here.
                if self.count_differs && matches!(pending, Pending::Issue { .. }) {
                    self.incidents_tab.open_form(IncidentForm {
                        kind: Some(IncidentKind::CountDiscrepancy),
                        hook: match &pending {
                            Pending::Issue { bunch, .. } | Pending::Return { bunch, .. } => bunch.hook.to_string(),
                        },
                        explanation: self.count_note.clone(),
                        reported_by: ctx.settings.user_name.clone(),
                        ..IncidentForm::default()
                    });
                }
                Action::Run(Self::focus())
            }
            Err(error) => {
                self.fail(error.to_string());
                Action::None
            }
        }
    }
}
