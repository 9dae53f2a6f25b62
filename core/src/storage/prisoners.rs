//! Prisoner records, and the columns the caseload and Unit queries read them by.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params, params};

use super::{Db, Error, Result, decode, decode_optional};
use crate::domain::prisoner::{
    CaseFacts, CaseSummary, DiversityNeeds, OffenderManager, PrisonNumber, Prisoner, PrisonerDetails, summarise,
};
use crate::domain::risk::{Coded, SentenceLength};
use crate::domain::text::search_terms;

pub(super) const PRISONER_COLUMNS: &str = "p.id, p.prison_number, p.surname, p.forenames, p.preferred_name,
    p.date_of_birth, p.reception_date, p.reception_time, p.wing, p.cell, p.sentence_type,
    p.sentence_years, p.sentence_months, p.sentence_days, p.sentence_date,
    p.conditional_release_date, p.parole_eligibility_date, p.licence_expiry_date,
    p.sentence_expiry_date, p.tariff_expiry_date, p.security_category, p.rosh,
    p.reoffending_likelihood, p.last_oasys_review_date, p.mappa_category, p.mappa_level,
    p.ppo, p.recall, p.transfer_hold, p.transfer_hold_reason, p.disability, p.first_language,
    p.interpreter_needed, p.literacy_needs, p.faith, p.faith_observance, p.care_leaver,
    p.veteran, p.foreign_national, p.nationality, p.offender_manager_name,
    p.offender_manager_area, p.offender_manager_contact, p.allocated_supervisor_id, p.notes,
    p.archived_at, p.automatic_release_date, p.hdc_eligibility_date, p.hdc_approved_date,
    p.post_recall_release_date, p.approved_parole_date, p.rotl_eligibility_date,
    p.recategorisation_due_date";

impl Db {
    /// Archives (or restores) a prisoner. Records are never deleted from the app.
    pub fn set_archived(&mut self, id: i64, archived: bool) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE prisoner SET archived_at = CASE WHEN ?2
                     THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE NULL END
                 WHERE id = ?1",
                rusqlite::params![id, archived],
            )?;
            if changed == 0 {
                return Err(Error::NotFound(format!("prisoner {id}")));
            }
            Ok(())
        })
    }

    pub fn prisoner(&self, id: i64) -> Result<Prisoner> {
        self.conn
            .query_row(&format!("SELECT {PRISONER_COLUMNS} FROM prisoner p WHERE p.id = ?1"), [id], prisoner_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("prisoner {id}")))
    }

    /// Scope, tier and what is due for one prisoner, as the caseload shows them.
    pub fn case_summary(&self, prisoner_id: i64, today: NaiveDate) -> Result<CaseSummary> {
        let tiers = self.tier_table()?;
        let (details, facts) = self
            .conn
            .query_row(
                &format!(
                    "SELECT {PRISONER_COLUMNS}, {} FROM prisoner p {OVERDUE_INDUCTION_JOIN} WHERE p.id = ?",
                    facts_columns()
                ),
                params![super::instant_text(chrono::Utc::now()), prisoner_id],
                |row| Ok((prisoner_from_row(row)?.details, facts_from_row(row, PRISONER_COLUMN_COUNT)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("prisoner {prisoner_id}")))?;
        Ok(summarise(&details, &tiers, &facts, today))
    }

    pub fn prisoner_by_number(&self, number: &PrisonNumber) -> Result<Option<Prisoner>> {
        prisoner_by_number(&self.conn, number)
    }

    /// Wings in use, for the caseload filter.
    pub fn wings(&self) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT wing FROM prisoner WHERE archived_at IS NULL AND wing <> '' ORDER BY wing",
        )?;
        let wings = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(wings)
    }
}

pub(super) fn prisoner_by_number(conn: &Connection, number: &PrisonNumber) -> Result<Option<Prisoner>> {
    Ok(conn
        .query_row(
            &format!("SELECT {PRISONER_COLUMNS} FROM prisoner p WHERE p.prison_number = ?1"),
            [number.as_str()],
            prisoner_from_row,
        )
        .optional()?)
}

/// Adds a prisoner row, refusing a prison number already in the file.
pub(super) fn insert_prisoner(conn: &Connection, details: &PrisonerDetails) -> Result<i64> {
    if prisoner_by_number(conn, &details.prison_number)?.is_some() {
        return Err(Error::DuplicatePrisonNumber(details.prison_number.to_string()));
    }
    write_new_prisoner(conn, details)
}

/// Writes a new prisoner row and nothing else (the bulk loader starts its own checklists).
pub(super) fn write_new_prisoner(conn: &Connection, details: &PrisonerDetails) -> Result<i64> {
    write_prisoner(conn, None, details)
}

pub(super) fn details_by_id(conn: &Connection, id: i64) -> Result<PrisonerDetails> {
    conn.query_row(&format!("SELECT {PRISONER_COLUMNS} FROM prisoner p WHERE p.id = ?1"), [id], prisoner_from_row)
        .optional()?
        .map(|prisoner| prisoner.details)
        .ok_or_else(|| Error::NotFound(format!("prisoner {id}")))
}

pub(super) fn update_prisoner(conn: &Connection, id: i64, details: &PrisonerDetails) -> Result<()> {
    if let Some(other) = prisoner_by_number(conn, &details.prison_number)?
        && other.id != id
    {
        return Err(Error::DuplicatePrisonNumber(details.prison_number.to_string()));
    }
    write_prisoner(conn, Some(id), details).map(|_| ())
}

fn write_prisoner(conn: &Connection, id: Option<i64>, d: &PrisonerDetails) -> Result<i64> {
    let length = d.sentence_length;
    let terms =
        search_terms([d.prison_number.as_str(), d.forenames.as_str(), d.surname.as_str(), d.preferred_name.as_str()]);
    let params = named_params! {
        ":id": id,
        ":prison_number": d.prison_number.as_str(),
        ":surname": d.surname,
        ":forenames": d.forenames,
        ":preferred_name": d.preferred_name,
        ":date_of_birth": d.date_of_birth,
        ":reception_date": d.reception_date,
        ":reception_time": d.reception_time.map(|time| time.format("%H:%M").to_string()),
        ":wing": d.wing,
        ":cell": d.cell,
        ":sentence_type": d.sentence_type.code(),
        ":sentence_years": length.map(|l| l.years),
        ":sentence_months": length.map(|l| l.months),
        ":sentence_days": length.map(|l| l.days),
        ":sentence_date": d.sentence_date,
        ":conditional_release_date": d.conditional_release_date,
        ":parole_eligibility_date": d.parole_eligibility_date,
        ":licence_expiry_date": d.licence_expiry_date,
        ":sentence_expiry_date": d.sentence_expiry_date,
        ":tariff_expiry_date": d.tariff_expiry_date,
        ":automatic_release_date": d.automatic_release_date,
        ":hdc_eligibility_date": d.hdc_eligibility_date,
        ":hdc_approved_date": d.hdc_approved_date,
        ":post_recall_release_date": d.post_recall_release_date,
        ":approved_parole_date": d.approved_parole_date,
        ":rotl_eligibility_date": d.rotl_eligibility_date,
        ":recategorisation_due_date": d.recategorisation_due_date,
        ":security_category": d.security_category,
        ":rosh": d.rosh.map(Coded::code),
        ":reoffending_likelihood": d.reoffending_likelihood.map(Coded::code),
        ":last_oasys_review_date": d.last_oasys_review_date,
        ":mappa_category": d.mappa_category,
        ":mappa_level": d.mappa_level,
        ":ppo": d.ppo,
        ":recall": d.recall,
        ":transfer_hold": d.transfer_hold,
        ":transfer_hold_reason": d.transfer_hold_reason,
        ":disability": d.diversity.disability,
        ":first_language": d.diversity.first_language,
        ":interpreter_needed": d.diversity.interpreter_needed,
        ":literacy_needs": d.diversity.literacy_needs,
        ":faith": d.diversity.faith,
        ":faith_observance": d.diversity.faith_observance,
        ":care_leaver": d.diversity.care_leaver,
        ":veteran": d.diversity.veteran,
        ":foreign_national": d.diversity.foreign_national,
        ":nationality": d.diversity.nationality,
        ":offender_manager_name": d.offender_manager.name,
        ":offender_manager_area": d.offender_manager.area,
        ":offender_manager_contact": d.offender_manager.contact,
        ":allocated_supervisor_id": d.allocated_supervisor_id,
        ":notes": d.notes,
        ":search_terms": terms,
    };
    let sql = match id {
        None => format!(
            "INSERT INTO prisoner (id, {}) VALUES (:id, {}) RETURNING id",
            WRITTEN_COLUMNS.join(", "),
            WRITTEN_COLUMNS.iter().map(|c| format!(":{c}")).collect::<Vec<_>>().join(", ")
        ),
        Some(_) => format!(
            "UPDATE prisoner SET {} WHERE id = :id RETURNING id",
            WRITTEN_COLUMNS.iter().map(|c| format!("{c} = :{c}")).collect::<Vec<_>>().join(", ")
        ),
    };
    conn.prepare_cached(&sql)?
        .query_row(params, |row| row.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("prisoner {}", id.unwrap_or_default())))
}

/// Every column the app writes (all but `id` and `archived_at`).
const WRITTEN_COLUMNS: &[&str] = &[
    "prison_number",
    "surname",
    "forenames",
    "preferred_name",
    "date_of_birth",
    "reception_date",
    "reception_time",
    "wing",
    "cell",
    "sentence_type",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "sentence_date",
    "conditional_release_date",
    "parole_eligibility_date",
    "licence_expiry_date",
    "sentence_expiry_date",
    "tariff_expiry_date",
    "automatic_release_date",
    "hdc_eligibility_date",
    "hdc_approved_date",
    "post_recall_release_date",
    "approved_parole_date",
    "rotl_eligibility_date",
    "recategorisation_due_date",
    "security_category",
    "rosh",
    "reoffending_likelihood",
    "last_oasys_review_date",
    "mappa_category",
    "mappa_level",
    "ppo",
    "recall",
    "transfer_hold",
    "transfer_hold_reason",
    "disability",
    "first_language",
    "interpreter_needed",
    "literacy_needs",
    "faith",
    "faith_observance",
    "care_leaver",
    "veteran",
    "foreign_national",
    "nationality",
    "offender_manager_name",
    "offender_manager_area",
    "offender_manager_contact",
    "allocated_supervisor_id",
    "notes",
    "search_terms",
];

/// Reads the columns of `PRISONER_COLUMNS` by position: looking each up by name costs
/// more than the rest of the caseload query on a full establishment.
pub(super) fn prisoner_from_row(row: &Row) -> rusqlite::Result<Prisoner> {
    let years: Option<u32> = row.get(11)?;
    let months: Option<u32> = row.get(12)?;
    let days: Option<u32> = row.get(13)?;
    let sentence_length = match (years, months, days) {
        (None, None, None) => None,
        _ => Some(SentenceLength { years: years.unwrap_or(0), months: months.unwrap_or(0), days: days.unwrap_or(0) }),
    };
    let prison_number: String = row.get(1)?;
    let prison_number = PrisonNumber::parse(&prison_number)
        .map_err(|message| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, message.into()))?;
    Ok(Prisoner {
        id: row.get(0)?,
        archived: row.get::<_, Option<String>>(45)?.is_some(),
        details: PrisonerDetails {
            prison_number,
            surname: row.get(2)?,
            forenames: row.get(3)?,
            preferred_name: row.get(4)?,
            date_of_birth: super::optional_date(row, 5)?.ok_or_else(|| missing_date(5))?,
            reception_date: super::optional_date(row, 6)?,
            reception_time: row.get(7)?,
            wing: row.get(8)?,
            cell: row.get(9)?,
            sentence_type: decode(&row.get::<_, String>(10)?)?,
            sentence_length,
            sentence_date: super::optional_date(row, 14)?,
            conditional_release_date: super::optional_date(row, 15)?,
            parole_eligibility_date: super::optional_date(row, 16)?,
            licence_expiry_date: super::optional_date(row, 17)?,
            sentence_expiry_date: super::optional_date(row, 18)?,
            tariff_expiry_date: super::optional_date(row, 19)?,
            automatic_release_date: super::optional_date(row, 46)?,
            hdc_eligibility_date: super::optional_date(row, 47)?,
            hdc_approved_date: super::optional_date(row, 48)?,
            post_recall_release_date: super::optional_date(row, 49)?,
            approved_parole_date: super::optional_date(row, 50)?,
            rotl_eligibility_date: super::optional_date(row, 51)?,
            recategorisation_due_date: super::optional_date(row, 52)?,
            security_category: row.get(20)?,
            rosh: decode_optional(row.get(21)?)?,
            reoffending_likelihood: decode_optional(row.get(22)?)?,
            last_oasys_review_date: super::optional_date(row, 23)?,
            mappa_category: row.get(24)?,
            mappa_level: row.get(25)?,
            ppo: row.get(26)?,
            recall: row.get(27)?,
            transfer_hold: row.get(28)?,
            transfer_hold_reason: row.get(29)?,
            diversity: DiversityNeeds {
                disability: row.get(30)?,
                first_language: row.get(31)?,
                interpreter_needed: row.get(32)?,
                literacy_needs: row.get(33)?,
                faith: row.get(34)?,
                faith_observance: row.get(35)?,
                care_leaver: row.get(36)?,
                veteran: row.get(37)?,
                foreign_national: row.get(38)?,
                nationality: row.get(39)?,
            },
            offender_manager: OffenderManager { name: row.get(40)?, area: row.get(41)?, contact: row.get(42)? },
            allocated_supervisor_id: row.get(43)?,
            notes: row.get(44)?,
        },
    })
}

/// The unit's overdue induction items counted per prisoner, joined as `overdue`. The
/// one `?` is the current instant. Counted once for everyone rather than per prisoner:
/// open items are few, and the partial index finds them in one range scan.
pub(super) const OVERDUE_INDUCTION_JOIN: &str = "LEFT JOIN (
        SELECT ic.prisoner_id, sum(i.due_at < ?) AS items, min(i.due_at) AS next_due
        FROM induction_item i JOIN induction_checklist ic ON ic.id = i.checklist_id
        WHERE i.status = 'open'
        GROUP BY ic.prisoner_id) overdue ON overdue.prisoner_id = p.id";

/// The computed columns behind a case summary; the query must join `OVERDUE_INDUCTION_JOIN`.
pub(super) fn facts_columns() -> &'static str {
    "(SELECT max(c.contact_date) FROM contact c WHERE c.prisoner_id = p.id AND c.sees_prisoner = 1) AS last_contact,
     coalesce(overdue.items, 0) AS induction_overdue,
     overdue.next_due AS induction_next_due,
     (SELECT max(sc.changed_on) FROM significant_change sc WHERE sc.prisoner_id = p.id) AS last_change,
     (SELECT pv.next_review_date FROM plan_version pv WHERE pv.prisoner_id = p.id AND pv.status = 'closed'
          ORDER BY pv.number DESC LIMIT 1) AS plan_review_due"
}

fn missing_date(column: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(column, "date_of_birth".into(), rusqlite::types::Type::Null)
}

/// Reads the `facts_columns` starting at column `first`.
pub(super) fn facts_from_row(row: &Row, first: usize) -> rusqlite::Result<CaseFacts> {
    Ok(CaseFacts {
        last_supervisor_contact: super::optional_date(row, first)?,
        last_significant_change: super::optional_date(row, first + 3)?,
        plan_review_due: super::optional_date(row, first + 4)?,
    })
}

/// The number of columns in `PRISONER_COLUMNS`, which rows are read by.
pub(super) const PRISONER_COLUMN_COUNT: usize = 53;

#[cfg(test)]
mod tests {
    #[test]
    fn the_positional_column_count_matches_the_column_list() {
        assert_eq!(super::PRISONER_COLUMNS.split(',').count(), super::PRISONER_COLUMN_COUNT);
    }
}

#[cfg(test)]
mod contact_rule {
    /// The generated column `contact.sees_prisoner` must say what the domain says.
    #[test]
    fn the_schema_and_the_domain_agree_on_which_contacts_count() {
        use crate::domain::contact::ContactType;
        use crate::domain::risk::Coded;
        let schema = include_str!("../../../schema.sql");
        let start = schema.find("sees_prisoner INTEGER GENERATED ALWAYS AS").expect("the column");
        let rule = &schema[start..start + 140];
        for kind in ContactType::ALL {
            assert_eq!(rule.contains(&format!("'{}'", kind.code())), kind.counts_as_supervisor_contact(), "{kind:?}");
        }
    }
}
