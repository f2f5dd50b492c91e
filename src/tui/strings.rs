//! Every word the drafting TUI says to a person, Swedish first and English
//! beside it (gitui keeps its strings the same way). Plan content never
//! lives here; it is escaped where it is drawn.

use crate::i18n::Lang;

/// A fixed UI string in both languages.
#[derive(Debug, Clone, Copy)]
pub struct S {
    pub sv: &'static str,
    pub en: &'static str,
}

impl S {
    /// Returns the wording for `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.sv,
            Lang::En => self.en,
        }
    }
}

const fn s(sv: &'static str, en: &'static str) -> S {
    S { sv, en }
}

pub const REVISION: S = s("revision", "revision");
pub const UNSAVED: S = s("● osparat", "● unsaved");
pub const EXAMPLE: S = s("exempel (ingen fil)", "example (no file)");
pub const OUTLINE: S = s("Plan", "Plan");
pub const DETAIL: S = s("Detaljer", "Details");
pub const PLAN_ROW: S = s("Planen", "The plan");
pub const REVISION_ROW: S = s("Revision", "Revision");
pub const ORPHANS: S = s("Utan giltig koppling", "Without a valid link");
pub const NOTHING_SELECTED: S = s("Inget valt", "Nothing selected");
pub const EMPTY_VALUE: S = s("–", "–");
pub const UNKNOWN_KEYS: S = s("Okända nycklar", "Unknown keys");
pub const NO_MATCHES: S = s("Inga träffar för filtret", "Nothing matches the filter");
pub const FILTER: S = s("Filter", "Filter");
pub const SEARCH: S = s("Sök", "Search");
pub const HELP_TITLE: S = s("Hjälp – tangenter", "Help – keys");
pub const HELP_PANES: S = s("Planvyn", "The outline");
pub const HELP_DIFF: S = s("Granskningsvyn (D)", "The review view (D)");
pub const HELP_FOLLOW: S = s("Uppföljningsvyerna (M, T, I, K, U)", "The follow-up views (M, T, I, K, U)");
pub const HELP_CONSULT: S = s("Remissen (r)", "The consultation (r)");
pub const HELP_PICK: S = s("Väljare (listor att välja i)", "Pickers (lists to choose from)");
pub const HELP_EDIT: S = s("Redigering på en rad", "One-line editor");
pub const HELP_EDIT_MULTI: S =
    s("Redigering av längre text (Enter ger ny rad)", "Longer text editor (Enter starts a new line)");
pub const HELP_CONFIRM: S = s(
    "Frågor (varje svar har sin bokstav; Esc avbryter där det går)",
    "Questions (each answer has its letter; Esc cancels where it can)",
);
pub const HELP_CONFLICTS: S = s("Konfliktpanelen (x)", "The conflicts panel (x)");
pub const HELP_FINDINGS: S = s("Kontrollpanelen (v)", "The check panel (v)");
pub const HELP_HELP: S = s("Den här hjälpen", "This help");
pub const HELP_FOOTER: S = s("Esc stänger · ↑↓ bläddrar", "Esc closes · ↑↓ scrolls");
pub const FINDINGS_TITLE: S = s("Kontroll av planen", "Plan check");
pub const FINDINGS_NONE: S = s("Inga fel eller varningar", "No errors or warnings");
pub const FINDINGS_FOOTER: S = s("Enter går till objektet · Esc stänger", "Enter goes to the item · Esc closes");
pub const ERROR: S = s("fel", "error");
pub const WARNING: S = s("varning", "warning");
pub const EDIT_SINGLE_FOOTER: S = s("Enter sparar · Esc avbryter", "Enter applies · Esc cancels");
/// The text widget's own editing keys, shown under every text dialog.
pub const EDIT_KEYS_HINT: S = s(
    "Ctrl-U tömmer · Ctrl-W raderar ordet före · Ctrl-K resten av raden · Ctrl-A/Ctrl-E början/slut",
    "Ctrl-U clears · Ctrl-W deletes the word before · Ctrl-K the rest of the line · Ctrl-A/Ctrl-E start/end",
);
pub const EDIT_MULTI_FOOTER: S = s(
    "Ctrl-S eller Alt-Enter sparar · Enter ny rad · Esc avbryter",
    "Ctrl-S or Alt-Enter applies · Enter new line · Esc cancels",
);
pub const PICK_FOOTER: S = s("↑↓ flytta · Enter väljer · Esc avbryter", "↑↓ move · Enter chooses · Esc cancels");
pub const MULTI_FOOTER: S = s(
    "↑↓ välj · Mellanslag markerar · Enter sparar · Esc avbryter",
    "↑↓ choose · Space toggles · Enter applies · Esc cancels",
);
pub const PICK_TYPE_TO_FILTER: S = s("Skriv för att filtrera · Backsteg raderar", "Type to filter · Backspace deletes");
pub const PICK_NO_MATCH: S = s("Inget val innehåller det som skrivits", "No choice holds what was typed");
pub const NONE_CHOICE: S = s("(inget – ta bort värdet)", "(none – remove the value)");
pub const EDIT: S = s("Ändra", "Edit");
pub const DATE_HINT: S = s("ÅÅÅÅ-MM-DD", "YYYY-MM-DD");
pub const PERIOD_HINT: S =
    s("START – SLUT, t.ex. 2025-01-01 – 2028-12-31", "START – END, e.g. 2025-01-01 – 2028-12-31");
pub const YEAR_VALUE_HINT: S = s("ÅR: VÄRDE, t.ex. 2023: 41,5", "YEAR: VALUE, e.g. 2023: 41.5");
pub const MEASUREMENTS_HINT: S = s(
    "ÅR [OMRÅDE] [KÖN]: VÄRDE [n=ANTAL]; …, t.ex. 2023: 41,5; 2024 K: 40",
    "YEAR [AREA] [SEX]: VALUE [n=COUNT]; …, e.g. 2023: 41.5; 2024 K: 40",
);
// Issue 19: an indicator's ids in the data sources.
pub const REFS_HINT: S = s("KÄLLA=ID, t.ex. kolada=U75417, can=…", "SOURCE=ID, e.g. kolada=U75417, can=…");
pub const MEASUREMENT_TITLE: S = s("Ny mätning (ÅR: VÄRDE)", "New measurement (YEAR: VALUE)");
pub const SAVE_AS_TITLE: S = s("Spara som (filnamn)", "Save as (file name)");
pub const MOVE_TITLE: S = s("Flytta till mål", "Move to goal");
pub const RECENT_TITLE: S = s("Senast öppnade", "Recently opened");
pub const RECENT_NONE: S = s("Inga filer öppnade än", "No files opened yet");
pub const FILTER_CLEAR: S = s("Visa allt (rensa filter)", "Show everything (clear filter)");
pub const FILTER_STATUS: S = s("Status", "Status");
pub const FILTER_PARTY: S = s("Ansvarig", "Responsible");
pub const FILTER_AREA: S = s("Fokusområde", "Focus area");
pub const QUIT_DIRTY: S = s("Planen har osparade ändringar.", "The plan has unsaved changes.");
pub const DISK_CHANGED: S = s(
    "Filen har ändrats på disk sedan den lästes in; inget sparades.",
    "The file changed on disk since it was read; nothing was saved.",
);
pub const CHOICE_CANCEL: S = s("Avbryt", "Cancel");
pub const CHOICE_DELETE: S = s("Ta bort", "Remove");
pub const CHOICE_DELETE_ALL: S = s("Ta bort allt som står ovan", "Remove everything listed above");
pub const CHOICE_SAVE_QUIT: S = s("Spara och avsluta", "Save and quit");
pub const CHOICE_DISCARD_QUIT: S =
    s("Kasta de osparade ändringarna och avsluta", "Discard the unsaved changes and quit");
pub const CHOICE_GO_ON: S = s("Fortsätt redigera", "Go on editing");
pub const CHOICE_RELOAD_LOSE: S =
    s("Läs in filen igen (dina ändringar förloras)", "Reload the file (your changes are lost)");
pub const CHOICE_SAVE_AS: S = s("Spara som …", "Save as …");
pub const CHOICE_READ_ONLY: S = s("Visa skrivskyddat", "View read-only");
pub const CHOICE_OPEN_ANYWAY: S = s("Öppna ändå", "Open anyway");
pub const CHOICE_QUIT: S = s("Avsluta", "Quit");
pub const CHOICE_RESTORE: S = s("Återställ ändringarna", "Restore the edits");
pub const CHOICE_DROP_JOURNAL: S = s("Släng dem (filen på disk gäller)", "Drop them (the file on disk stands)");
pub const CHOICE_RELOAD: S = s("Läs in den nya versionen", "Read the new version");
pub const CHOICE_KEEP: S = s("Behåll det som visas", "Keep what is shown");
pub const CONFIRM_FOOTER: S =
    s("↑↓ välj · Enter svarar · bokstaven svarar direkt", "↑↓ choose · Enter answers · a letter answers at once");
pub const QUIT_JOURNAL_KEPT: S = s(
    "Ändringarna finns kvar i återställningsjournalen tills de sparas eller kastas.",
    "The changes stay in the recovery journal until they are saved or discarded.",
);
pub const DELETE_UNDO: S = s("Ångra med u efteråt.", "Undo with u afterwards.");
pub const DELETE_ONLY_ITEM: S = s("Inget annat ändras.", "Nothing else changes.");
pub const NO_SEARCH: S = s("Ingen sökning; / söker", "No search; / searches");
pub const NO_HITS: S = s("Inga träffar", "No matches");
pub const NEW: S = s("Ny", "New");
/// "Nytt" before a neuter noun (mål, fokusområde, åtagande).
pub const NEW_NEUTER: S = s("Nytt", "New");
pub const UNIT_HINT: S = s("t.ex. %, antal, per 1 000 invånare", "e.g. %, number, per 1,000 inhabitants");
pub const ADOPTED_WHY: S = s(
    "En ändring här ändrar det som beslutats. Nästa revision påbörjas som en kopia bredvid (utkast, dagens datum).",
    "An edit here changes what was decided. The next revision starts as a copy beside it (draft, today's date).",
);
pub const CHOICE_NEW_REVISION: S = s("Påbörja en ny revision", "Start a new revision");
pub const CHOICE_EDIT_ANYWAY: S = s("Ändra den beslutade revisionen ändå", "Edit the adopted revision anyway");
pub const NEW_REVISION_DIRTY: S = s(
    "Spara eller ångra ändringarna först; den nya revisionen utgår från filen",
    "Save or undo your changes first; the new revision starts from the file",
);
pub const NEW_REVISION_HINT: S = s(
    "Nästa version, status utkast, dagens datum; filen skrivs aldrig över",
    "The next version, status draft, today's date; no file is overwritten",
);
pub const FOLD_FILTERED: S = s(
    "Under en sökning eller ett filter visas alla träffar; c rensar",
    "A search or filter shows every match; c clears it",
);
pub const NO_OVERDUE: S = s("Inga försenade aktiviteter", "No overdue activities");
pub const OVERDUE_HIDDEN: S = s(
    "De försenade aktiviteterna döljs av filtret; c rensar det",
    "The overdue activities are hidden by the filter; c clears it",
);
pub const OVERDUE: S = s("försenad", "overdue");
pub const SAVED: S = s("Sparat", "Saved");
pub const RELOADED: S = s("Filen lästes in igen", "The file was reloaded");
pub const NOTHING_TO_UNDO: S = s("Inget att ångra", "Nothing to undo");
pub const NOTHING_TO_REDO: S = s("Inget att göra om", "Nothing to redo");
pub const UNDONE: S = s("Ångrat", "Undone");
pub const REDONE: S = s("Gjort om", "Redone");
pub const CANNOT_REMOVE: S = s("Planen och revisionen kan inte tas bort", "The plan and revision cannot be removed");
pub const ONLY_ACTIVITIES_MOVE: S = s(
    "Bara aktiviteter och indikatorer flyttas till ett annat mål, åtaganden till ett annat fokusområde",
    "Only activities and indicators move to another goal, commitments to another focus area",
);
pub const ONLY_INDICATORS: S = s("Välj en indikator först", "Select an indicator first");
pub const NO_GOAL_HERE: S =
    s("Välj ett mål (eller något under det) först", "Select a goal (or something under it) first");
pub const NO_PARTIES: S = s(
    "Lägg till en part först; nya mål och aktiviteter behöver en ansvarig",
    "Add a party first; new goals and activities need someone responsible",
);
pub const NO_AREAS: S = s("Lägg till ett fokusområde först", "Add a focus area first");
pub const CANNOT_REORDER: S = s("Det här går inte att flytta", "This cannot be moved");
pub const STATUS_FINAL: S = s("Revisionen är redan beslutad", "The revision is already adopted");
pub const DIRTY_OPEN: S = s(
    "Spara eller ångra ändringarna innan du öppnar en annan fil",
    "Save or undo your changes before opening another file",
);
pub const TOO_MANY_HIDDEN: S = s(
    "Värdet har för många osynliga tecken för att ändras här; använd lansplan set",
    "The value has too many invisible characters to edit here; use lansplan set",
);
pub const HIDDEN_CHARS: S = s("osynliga tecken, sparas som de är", "invisible characters, kept as they are");
pub const NEEDS_YEAR: S = s("skriv ÅR: VÄRDE, t.ex. 2024: 38,5", "write YEAR: VALUE, e.g. 2024: 38.5");
pub const FILTERED: S = s("filter", "filter");
pub const HINTS: S = s(
    "? hjälp · Enter öppna · e ändra · a ny · d ta bort · / sök · v kontroll · Ctrl-S spara · q avsluta",
    "? help · Enter open · e edit · a add · d delete · / search · v check · Ctrl-S save · q quit",
);
pub const HINTS_SHORT: S =
    s("? hjälp · e ändra · a ny · / sök · q avsluta", "? help · e edit · a add · / search · q quit");

pub const LOCKED_HINT: S = s(
    "Ändringar här och där skriver över varandra när båda sparar.",
    "Edits made here and there overwrite each other when both save.",
);
pub const READ_ONLY: S = s("skrivskyddad", "read-only");
pub const READ_ONLY_NOW: S = s(
    "Visas skrivskyddat; planen är öppen i en annan lansplan",
    "Shown read-only; the plan is open in another lansplan",
);
pub const READ_ONLY_REFUSED: S = s(
    "Skrivskyddad: planen är öppen i en annan lansplan (W sparar en kopia)",
    "Read-only: the plan is open in another lansplan (W saves a copy)",
);
pub const OPENED_ANYWAY: S = s(
    "Öppnad ändå; ändringarna journalförs inte för återställning, spara ofta",
    "Opened anyway; edits are not journaled for recovery, save often",
);
pub const RESTORE_HEAD: S = s(
    "Det finns osparade ändringar från en lansplan som inte avslutades.",
    "There are unsaved edits from a lansplan that did not finish.",
);
pub const RESTORE_UNREADABLE: S =
    s("(den sparade texten går inte att läsa in som en plan)", "(the kept text does not load as a plan)");
pub const RESTORED: S =
    s("De osparade ändringarna är återställda (u ångrar)", "The unsaved edits are restored (u undoes)");
pub const RESTORE_DROPPED: S = s("De osparade ändringarna slängdes", "The unsaved edits were dropped");
pub const RESTORE_FAILED: S =
    s("kunde inte återställa; journalen finns kvar", "could not restore; the journal is kept");
pub const JOURNAL_FAILED: S = s("kunde inte skriva återställningsjournalen", "could not write the recovery journal");
pub const DISK_CHANGED_CLEAN: S = s(
    "Filen har ändrats på disk av någon annan. Läsa in den nya versionen?",
    "The file was changed on disk by someone else. Read the new version?",
);
pub const DISK_CHANGED_DIRTY: S = s(
    "Filen har ändrats på disk; dina osparade ändringar finns kvar – spara dem med W (spara som)",
    "The file changed on disk; your unsaved edits are kept – save them with W (save as)",
);
pub const DISK_GONE: S = s(
    "Filen finns inte längre på disk – spara med W (spara som)",
    "The file is no longer on disk – save with W (save as)",
);
pub const CHANGED_ON_DISK: S = s("ändrad på disk", "changed on disk");

pub const NO_CONFLICTS: S = s("Planen har inga konflikter", "The plan has no conflicts");
pub const CONFLICTS_TITLE: S = s("Konflikter från sammanslagning", "Merge conflicts");
pub const CONFLICTS_FOOTER: S = s(
    "↑↓ välj · v/←: vår · d/→: deras · e/Enter: ändra fältet · Esc stänger",
    "↑↓ choose · o/←: ours · t/→: theirs · e/Enter: edit the field · Esc closes",
);
pub const CONFLICTS_DONE: S =
    s("Alla konflikter är lösta – spara med Ctrl-S", "Every conflict is resolved – save with Ctrl-S");
pub const CONFLICT_NO_FIELD: S = s(
    "Konflikten gäller hela objektet; välj vår eller deras",
    "The conflict is about the whole item; choose ours or theirs",
);
pub const CONFLICT_ABSENT: S = s("(inget värde)", "(no value)");
pub const SIDE_REMOVED: S = s("borttaget", "removed");
pub const SIDE_EDITED: S = s("ändrat (behålls)", "edited (kept)");
pub const SIDE_USES: S = s("använder det (behålls)", "uses it (kept)");
pub const OURS: S = s("Vår", "Ours");
pub const THEIRS: S = s("Deras", "Theirs");
pub const BASE: S = s("förut:", "before:");

pub const DIFF_NEEDS_FILE: S = s(
    "Spara planen som en fil först; jämförelsen görs med filer bredvid den",
    "Save the plan as a file first; it is compared with files beside it",
);
pub const DOCX_NEEDS_FILE: S = s(
    "Spara planen som en fil först; dokumentet skrivs bredvid den",
    "Save the plan as a file first; the document is written beside it",
);
pub const DIFF_NO_SIBLINGS: S = s(
    "Ingen annan revision av planen (samma plan.id) finns i mappen eller i git",
    "No other revision of the plan (same plan.id) is in the folder or in git",
);
pub const DIFF_PICK_TITLE: S = s("Jämför med revision", "Compare with revision");
pub const DIFF_TITLE: S = s("Ändringar", "Changes");
pub const CHANGES_TITLE: S = s("Ändringar per fokusområde och mål", "Changes by focus area and goal");
pub const NO_CHANGES: S = s("Inga ändringar mellan revisionerna", "No changes between the revisions");
pub const DIFF_OP: S = s("Ändring", "Change");
pub const PER_AREA: S = s("Per område", "Per area");
pub const GOAL: S = s("Mål", "Goal");
pub const COMMENT_TITLE: S = s("Kommentar till ändringen", "Comment on the change");
pub const REVIEW_SAVE_FAILED: S = s("kunde inte spara granskningen", "could not save the review");
pub const NOTHING_ACCEPTED: S =
    s("Ingen ändring är godkänd som den ser ut nu (a godkänner)", "No change is accepted as it stands (a accepts)");
pub const REPLY_TITLE: S = s("Svar till", "Reply to");
pub const REPLY_EMPTY: S = s("Skriv ett svar (Esc avbryter)", "Write a reply (Esc cancels)");
pub const REPLY_TO_TITLE: S = s("Svara på vems markering?", "Reply to whose mark?");
pub const NOTHING_TO_REPLY: S = s(
    "Ingen har markerat ändringen; det finns inget att svara på",
    "Nobody has marked the change; nothing to reply to",
);
pub const PARTY_TITLE: S = s("Du granskar för", "You review for");
pub const NO_PARTY: S = s("(ingen part)", "(no party)");
pub const REVIEWING_AS: S = s("Granskar som", "Reviewing as");
pub const FILTER_REVIEW: S = s("Granskning", "Review");
pub const FILTER_REVIEWER: S = s("Granskare", "Reviewer");
pub const REPLY_FROM: S = s("svar från", "reply from");
pub const PER_REVIEWER: S = s("Granskare", "Reviewers");
pub const PER_PARTY: S = s("Parter", "Parties");
/// Returns "1 markering kvar utan ändring": marks whose change is gone.
pub fn gone_marks(lang: Lang, n: usize) -> String {
    match (lang, n == 1) {
        (Lang::Sv, true) => format!("{n} markering kvar utan ändring"),
        (Lang::Sv, false) => format!("{n} markeringar kvar utan ändring"),
        (Lang::En, true) => format!("{n} mark left without its change"),
        (Lang::En, false) => format!("{n} marks left without their change"),
    }
}
pub const REVIEWED_SUFFIX: S = s("granskad", "reviewed");
pub const APPLY_REVIEW_TITLE: S = s(
    "Spara nästa utkast (den äldre revisionen med de godkända ändringarna) som (filnamn)",
    "Save the next draft (the older revision with the accepted changes) as (file name)",
);
pub const DIFF_HINTS: S = s(
    "Markera varje ändring: a godkänn · r avvisa · ? fråga · m kommentar · R svara",
    "Mark each change: a accept · r reject · ? question · m comment · R reply",
);
pub const DIFF_KEYS_LONG: S = s(
    "j/k nästa/föregående · a godkänn · r avvisa · ? fråga · m kommentar · R svara · P part · x ta bort · f filter · E exportera · W nytt utkast · Esc stäng · F1 hjälp",
    "j/k next/previous · a accept · r reject · ? question · m comment · R reply · P party · x unmark · f filter · E export · W new draft · Esc close · F1 help",
);
pub const DIFF_KEYS_SHORT: S = s(
    "j/k · a/r/? markera · R svara · f filter · E · W · Esc · F1 hjälp",
    "j/k · a/r/? mark · R reply · f filter · E · W · Esc · F1 help",
);

pub const FOLLOW_TITLE: S = s("Uppföljning", "Follow-up");
pub const TAB_MATRIX: S = s("Ansvar", "Responsibility");
pub const TAB_TIMELINE: S = s("Tidslinje", "Timeline");
pub const TAB_INDICATORS: S = s("Indikatorer", "Indicators");
// Issue 19: the indicators per kommun.
pub const TAB_AREAS: S = s("Per kommun", "Per kommun");
pub const AREAS_TITLE: S = s("Indikatorerna per kommun", "The indicators per kommun");
pub const NO_AREA_FIGURES: S = s(
    "Inga siffror per kommun ännu. Hämta dem med lansplan import (csv, kolada, xlsx).",
    "No figures per kommun yet. Bring them in with lansplan import (csv, kolada, xlsx).",
);
pub const UNIT: S = s("Enhet", "Unit");
pub const AREA: S = s("Område", "Area");
pub const TREND: S = s("Över åren", "Over the years");

/// Returns the message line of the per-kommun view: its order.
pub fn areas_sorted(lang: Lang, order: &str) -> String {
    match lang {
        Lang::Sv => format!("Ordnat efter {order} (s byter)"),
        Lang::En => format!("Ordered by {order} (s changes)"),
    }
}

/// Returns the legend under the per-kommun table.
pub fn areas_legend(lang: Lang, year: i64) -> String {
    match lang {
        Lang::Sv => format!("K, M: senaste siffra för kvinnor/flickor och män/pojkar (senast {year}); – ingen siffra"),
        Lang::En => format!("K, M: the latest figure for women/girls and men/boys (latest {year}); – no figure"),
    }
}
pub const MATRIX_TITLE: S =
    s("Ansvar per part och fokusområde (mål/aktiviteter)", "Responsibility by party and focus area (goals/activities)");
pub const MATRIX_PARTY: S = s("Part", "Party");
pub const MATRIX_UNIT: S = s("mål/akt.", "goals/act.");
pub const NO_OWNER_ROW: S = s("Utan ägare (akt.)", "No owner (act.)");
pub const GAP_ROW: S = s("Lucka", "Gap");
pub const GAP_REGION: S = s("! region", "! region");
pub const GAP_MUNICIPALITIES: S = s("! kommun", "! munic.");
pub const GAP_BOTH: S = s("! båda", "! both");
pub const GAP_NONE: S = s("ok", "ok");
pub const NO_PARTIES_YET: S =
    s("Planen har inga parter eller fokusområden än", "The plan has no parties or focus areas yet");
pub const CELL_EMPTY: S = s("ansvarar inte för något här", "answers for nothing here");
pub const CELL_ENTER: S =
    s("Enter visar planen filtrerad på part och område", "Enter shows the plan filtered by party and area");
pub const NO_OWNER_HINT: S = s("aktiviteter utan ägare (enhet eller roll)", "activities with no owner (unit or role)");
pub const TIMELINE_TITLE: S = s("Aktiviteter efter slutdatum", "Activities by due date");
pub const NO_ACTIVITIES: S = s("Inga aktiviteter", "No activities");
pub const TIMELINE_LEGEND: S = s(
    "█ klar  ▓ pågår  ░ planerad  ─ inställd  ╍ försenad  ▼┊ i dag",
    "█ done  ▓ ongoing  ░ planned  ─ cancelled  ╍ overdue  ▼┊ today",
);
pub const NO_DUE: S = s("inget slutdatum", "no due date");
pub const OWNER: S = s("Ägare", "Owner");
pub const RESPONSIBLE: S = s("Ansvar", "Responsible");
pub const DASH_TITLE: S =
    s("Indikatorer: utgångsvärde, mätningar och mål", "Indicators: baseline, measurements and target");
pub const NO_INDICATORS: S = s("Planen har inga indikatorer", "The plan has no indicators");
pub const SOURCE: S = s("Källa", "Source");
pub const VERDICT: S = s("Bedömning", "Verdict");
pub const BASELINE_SHORT: S = s("utg.", "base");
pub const TARGET_SHORT: S = s("mål", "target");
pub const CHART_LEGEND: S = s(
    "▓\u{a0}utgångsvärde  █\u{a0}mätning  ░\u{a0}mål  ┃\u{a0}målvärdet  ◇\u{a0}enligt\u{a0}planen",
    "▓\u{a0}baseline  █\u{a0}measurement  ░\u{a0}target  ┃\u{a0}target\u{a0}value  ◇\u{a0}per\u{a0}the\u{a0}plan",
);
pub const FOLLOW_FILTER_ALL: S = s("Visa alla (rensa filter)", "Show all (clear filter)");
pub const FOLLOW_HINTS_MATRIX: S = s(
    "↑↓←→ välj · Enter visa i planen · Tab vy · Esc stäng · ? hjälp",
    "↑↓←→ choose · Enter show in plan · Tab view · Esc close · ? help",
);
pub const FOLLOW_HINTS_TIMELINE: S = s(
    "↑↓ välj · Enter gå till · f filter · c rensa · Tab vy · Esc stäng · ? hjälp",
    "↑↓ choose · Enter go to · f filter · c clear · Tab view · Esc close · ? help",
);
pub const FOLLOW_HINTS_INDICATORS: S = s(
    "↑↓ välj · Enter gå till · Tab vy · Esc stäng · ? hjälp",
    "↑↓ choose · Enter go to · Tab view · Esc close · ? help",
);
pub const FOLLOW_HINTS_AREAS: S = s(
    "↑↓ indikator · s ordna · Enter gå till · Tab vy · Esc stäng · ? hjälp",
    "↑↓ indicator · s order · Enter go to · Tab view · Esc close · ? help",
);

/// Returns "läget den 2026-11-22" / "as of 2026-11-22".
pub fn as_of(lang: Lang, date: crate::plan::Date) -> String {
    format!("{} {date}", lang.pick("läget den", "as of"))
}

/// Returns the word and symbol of an activity's follow-up state; the
/// symbol carries the meaning where colour cannot (`NO_COLOR`).
pub fn state_word(lang: Lang, state: crate::publish::followup::ActivityState) -> (&'static str, &'static str) {
    use crate::publish::followup::ActivityState as St;
    match state {
        St::Done => ("✓", lang.pick("klar", "done")),
        St::Ongoing => ("▶", lang.pick("pågår", "ongoing")),
        St::Planned => ("○", lang.pick("planerad", "planned")),
        St::Overdue => ("!", lang.pick("försenad", "overdue")),
        St::Cancelled => ("✗", lang.pick("inställd", "cancelled")),
    }
}

/// Returns the symbol and word of an indicator's verdict.
pub fn verdict_word(lang: Lang, v: crate::publish::followup::Verdict) -> (&'static str, &'static str) {
    use crate::publish::followup::Verdict as V;
    match v {
        V::OnTrack => ("✓", lang.pick("i fas", "on track")),
        V::OffTrack => ("✗", lang.pick("ej i fas", "off track")),
        V::NoData => ("?", lang.pick("saknar mätning", "no data")),
        V::Stale => ("~", lang.pick("inaktuell", "stale")),
    }
}

/// Returns the note after the matrix filtered the outline (`what` escaped).
pub fn filtered_to(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Sv => format!("Filter: {what} (c rensar)"),
        Lang::En => format!("Filter: {what} (c clears)"),
    }
}

/// Returns "26 aktiviteter · ! 9 försenade".
pub fn timeline_summary(lang: Lang, shown: &str, overdue: usize) -> String {
    match lang {
        Lang::Sv => format!("{shown} · ! {overdue} {}", if overdue == 1 { "försenad" } else { "försenade" }),
        Lang::En => format!("{shown} · ! {overdue} overdue"),
    }
}

/// Returns "2 luckor i ansvaret · 3 aktiviteter utan ägare".
pub fn gap_summary(lang: Lang, gaps: usize, no_owner: usize) -> String {
    match lang {
        Lang::Sv => format!(
            "{gaps} {} i ansvaret · {no_owner} {} utan ägare",
            if gaps == 1 { "lucka" } else { "luckor" },
            if no_owner == 1 { "aktivitet" } else { "aktiviteter" }
        ),
        Lang::En => format!(
            "{gaps} {} in responsibility · {no_owner} {} without an owner",
            if gaps == 1 { "gap" } else { "gaps" },
            if no_owner == 1 { "activity" } else { "activities" }
        ),
    }
}

pub const NEW_ACTIVITY: S = s("Ny aktivitet", "New activity");

/// Returns "3 fel, 5 varningar" / "3 errors, 5 warnings".
pub fn finding_counts(lang: Lang, errors: usize, warnings: usize) -> String {
    match lang {
        Lang::Sv => format!("{errors} fel, {warnings} {}", if warnings == 1 { "varning" } else { "varningar" }),
        Lang::En => format!(
            "{errors} {}, {warnings} {}",
            if errors == 1 { "error" } else { "errors" },
            if warnings == 1 { "warning" } else { "warnings" }
        ),
    }
}

/// Returns what the editor shows in a terminal smaller than it can lay out.
pub fn too_small(lang: Lang, (w, h): (u16, u16)) -> String {
    match lang {
        Lang::Sv => format!("Fönstret är för litet för lansplan: det behövs minst {w}×{h} tecken."),
        Lang::En => format!("The window is too small for lansplan: it needs at least {w}×{h} characters."),
    }
}

/// Returns the question before removing an item (`what` is already escaped).
pub fn confirm_delete(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Sv => format!("Ta bort {what}?"),
        Lang::En => format!("Remove {what}?"),
    }
}

/// Returns "1 mål", "3 aktiviteter": a count of items of one kind.
pub fn count_of(lang: Lang, kind: crate::plan::Kind, n: usize) -> String {
    if n == 1 { format!("1 {}", kind.noun(lang)) } else { format!("{n} {}", kind.plural(lang).to_lowercase()) }
}

/// Returns the line before the items a removal takes along (`counts`
/// as "3 mål, 6 aktiviteter").
pub fn delete_also(lang: Lang, counts: &str) -> String {
    match lang {
        Lang::Sv => format!("Det här tas bort tillsammans med det: {counts}"),
        Lang::En => format!("Removed along with it: {counts}"),
    }
}

/// Returns the line before the items whose lists a removal edits, which
/// stay (`id` already escaped; `field` the field's label; `counts` as
/// "2 mål, 5 aktiviteter").
pub fn delete_from_lists(lang: Lang, id: &str, field: &str, counts: &str) -> String {
    match lang {
        Lang::Sv => format!("{id} stryks ur fältet {field} hos {counts}, som finns kvar:"),
        Lang::En => format!("{id} is struck from the field {field} of {counts}, which stay:"),
    }
}

/// Returns "försenad 1 av 3" after a jump to an overdue activity.
pub fn overdue_of(lang: Lang, n: usize, of: usize) -> String {
    match lang {
        Lang::Sv => format!("försenad aktivitet {n} av {of} (F nästa)"),
        Lang::En => format!("overdue activity {n} of {of} (F next)"),
    }
}

/// Returns "träff 2 av 5" after a jump to a search match.
pub fn hit_of(lang: Lang, n: usize, of: usize) -> String {
    match lang {
        Lang::Sv => format!("träff {n} av {of} (n nästa, N föregående)"),
        Lang::En => format!("match {n} of {of} (n next, N previous)"),
    }
}

/// Returns the picker's choice that ticks every kommun: "Alla kommuner (8)".
pub fn all_kommuner(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Sv => format!("Alla kommuner ({n})"),
        Lang::En => format!("All kommuner (municipalities, {n})"),
    }
}

/// Returns the warning before the first edit of an adopted revision.
pub fn adopted_head(lang: Lang, version: &str, superseded: bool) -> String {
    match (lang, superseded) {
        (Lang::Sv, false) => format!("Revision {version} är beslutad."),
        (Lang::Sv, true) => format!("Revision {version} är ersatt av en senare."),
        (Lang::En, false) => format!("Revision {version} is adopted."),
        (Lang::En, true) => format!("Revision {version} is superseded by a later one."),
    }
}

/// Returns the title of the dialog that names the next revision's file.
pub fn new_revision_title(lang: Lang, version: &str) -> String {
    match lang {
        Lang::Sv => format!("Ny revision {version} (utkast) – filnamn"),
        Lang::En => format!("New revision {version} (draft) – file name"),
    }
}

/// Returns "utan decided_by, summary" for a new revision's message.
pub fn left_behind(lang: Lang, fields: &str) -> String {
    format!("{} {fields}", lang.pick("utan", "without"))
}

/// Returns the message once the next revision is written and open.
pub fn revision_started(lang: Lang, version: &str, file: &str) -> String {
    match lang {
        Lang::Sv => format!("Revision {version} (utkast) påbörjad i {file}"),
        Lang::En => format!("Revision {version} (draft) started in {file}"),
    }
}

/// Returns the message after an add (`id` is already escaped).
pub fn added(lang: Lang, noun: &str, id: &str) -> String {
    match lang {
        Lang::Sv => format!("La till {noun} {id}"),
        Lang::En => format!("Added {noun} {id}"),
    }
}

/// Returns the message after a removal.
pub fn removed(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Sv => format!("Tog bort {count} objekt"),
        Lang::En => format!("Removed {count} {}", if count == 1 { "item" } else { "items" }),
    }
}

/// Returns the message after saving to a named file (already escaped).
pub fn saved_to(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Sv => format!("Sparat till {path}"),
        Lang::En => format!("Saved to {path}"),
    }
}

/// Returns the message after the revision status moved on.
pub fn status_now(lang: Lang, label: &str) -> String {
    match lang {
        Lang::Sv => format!("Revisionens status är nu {label}"),
        Lang::En => format!("The revision's status is now {label}"),
    }
}

/// Returns the message shown when a plan cannot be opened.
pub fn cannot_open(lang: Lang) -> &'static str {
    lang.pick("kan inte öppna planen", "cannot open the plan")
}

/// Returns the notice that another lansplan has the plan open (`host`
/// already escaped).
pub fn locked(lang: Lang, pid: u32, host: &str) -> String {
    match lang {
        Lang::Sv => format!("Planen är öppen i en annan lansplan (pid {pid}, värd {host})."),
        Lang::En => format!("The plan is open in another lansplan (pid {pid}, host {host})."),
    }
}

/// Returns "3 ändringar" / "3 changes".
pub fn changes(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Sv => format!("{n} {}", if n == 1 { "ändring" } else { "ändringar" }),
        Lang::En => format!("{n} {}", if n == 1 { "change" } else { "changes" }),
    }
}

/// Returns "2 konflikter" / "2 conflicts".
pub fn conflict_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Sv => format!("{n} {}", if n == 1 { "konflikt" } else { "konflikter" }),
        Lang::En => format!("{n} {}", if n == 1 { "conflict" } else { "conflicts" }),
    }
}

/// Returns "1 konflikt kvar" after one was resolved.
pub fn conflicts_left(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Sv => format!("{} kvar", conflict_count(lang, n)),
        Lang::En => format!("{} left", conflict_count(lang, n)),
    }
}

/// Returns why a merge left a conflict, from its `reason`.
pub fn reason(lang: Lang, reason: &str) -> &'static str {
    match reason {
        "both_changed" => lang.pick("båda sidor har ändrat", "both sides changed it"),
        "ours_removed" => lang.pick("vi tog bort, de ändrade", "we removed it, they edited it"),
        "theirs_removed" => lang.pick("de tog bort, vi ändrade", "they removed it, we edited it"),
        "ours_removed_used" => lang.pick("vi tog bort, de använder", "we removed it, they use it"),
        "theirs_removed_used" => lang.pick("de tog bort, vi använder", "they removed it, we use it"),
        "comment" => lang.pick("kommentaren ändrad på båda håll", "the comment changed on both sides"),
        "invalid" => lang.pick("tillsammans bryter ändringarna mot en regel", "together the changes break a rule"),
        _ => lang.pick("konflikt", "conflict"),
    }
}

/// Returns the participle of an operation agreeing with `n` changes:
/// "1 borttagen", "3 borttagna".
pub fn op_plural(lang: Lang, op: crate::diff::Op, n: usize) -> &'static str {
    use crate::diff::Op;
    match (op, n == 1) {
        (Op::Added, true) => lang.pick("ny", "added"),
        (Op::Added, false) => lang.pick("nya", "added"),
        (Op::Removed, true) => lang.pick("borttagen", "removed"),
        (Op::Removed, false) => lang.pick("borttagna", "removed"),
        (Op::Changed, true) => lang.pick("ändrad", "changed"),
        (Op::Changed, false) => lang.pick("ändrade", "changed"),
        (Op::Moved, true) => lang.pick("flyttad", "moved"),
        (Op::Moved, false) => lang.pick("flyttade", "moved"),
    }
}

/// Returns "av 40" / "of 40".
pub fn of_all(lang: Lang, n: usize) -> String {
    format!("{} {n}", lang.pick("av", "of"))
}

/// Returns what a new draft holds: "version 2025.4 (utkast), 3 av 21 ändringar införda".
pub fn draft_applied(lang: Lang, version: &str, n: usize, total: usize) -> String {
    match lang {
        Lang::Sv => format!("version {version} (utkast), {n} av {total} ändringar införda"),
        Lang::En => format!("version {version} (draft), {n} of {total} changes applied"),
    }
}

/// Returns what a new draft left out: "utelämnade: 1 avvisad · 3 ej granskade".
pub fn left_out(lang: Lang, words: &str) -> String {
    format!("{}: {words}", lang.pick("utelämnade", "left out"))
}

/// Returns "visar 12 av 340" for a filtered outline.
pub fn showing(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Sv => format!("visar {shown} av {total}"),
        Lang::En => format!("showing {shown} of {total}"),
    }
}

/// Returns what an action does, for the help overlay.
pub fn describe(action: super::keymap::Action) -> S {
    use super::keymap::Action as A;
    match action {
        A::Up => s("upp", "up"),
        A::Down => s("ned", "down"),
        A::PageUp => s("en sida upp", "page up"),
        A::PageDown => s("en sida ned", "page down"),
        A::Top => s("först", "first"),
        A::Bottom => s("sist", "last"),
        A::Open => s("öppna fälten / ändra fältet", "open the fields / edit the field"),
        A::Edit => s("ändra fältet (titeln i planvyn)", "edit the field (the title in the outline)"),
        A::Back => s("tillbaka till planvyn", "back to the outline"),
        A::SwitchPane => s("byt ruta", "switch pane"),
        A::AddChild => s("lägg till under (mål, aktivitet, part …)", "add below (goal, activity, party …)"),
        A::AddSibling => s("lägg till av samma slag", "add one of the same kind"),
        A::AddIndicator => s("lägg till indikator till målet", "add an indicator to the goal"),
        A::AddMeasurement => s("lägg till mätning på indikatorn", "add a measurement to the indicator"),
        A::AddCommitment => s("lägg till åtagande i fokusområdet", "add a commitment to the focus area"),
        A::Delete => s("ta bort", "delete"),
        A::MoveToGoal => s(
            "flytta till ett annat mål (ett åtagande: till ett annat fokusområde)",
            "move to another goal (a commitment: to another focus area)",
        ),
        A::MoveUp => s("flytta upp", "move up"),
        A::MoveDown => s("flytta ned", "move down"),
        A::AdvanceStatus => {
            s("revisionsstatus: utkast → remiss → beslutad", "revision status: draft → consultation → adopted")
        }
        A::Undo => s("ångra", "undo"),
        A::Redo => s("gör om", "redo"),
        A::Search => s(
            "sök i id och all text (titlar, beskrivningar, ägare …)",
            "search ids and all text (titles, descriptions, owners …)",
        ),
        A::NextHit => s("nästa träff", "next match"),
        A::ToggleFold => {
            s("fäll ihop eller ut fokusområdet (eller parterna)", "fold or unfold the focus area (or the parties)")
        }
        A::FoldAll => s("fäll ihop allt, eller ut allt", "fold everything, or unfold everything"),
        A::NextOverdue => s("nästa försenade aktivitet", "next overdue activity"),
        A::PrevHit => s("föregående träff", "previous match"),
        A::Filter => s("filtrera på status, ansvarig, fokusområde", "filter by status, responsible, focus area"),
        A::ClearFilter => s("rensa sökning och filter", "clear search and filter"),
        A::Findings => s("kontroll: fel och varningar", "check: errors and warnings"),
        A::Conflicts => s("konflikter från en sammanslagning", "conflicts left by a merge"),
        A::Diff => s("jämför med en annan revision (granska)", "compare with another revision (review)"),
        A::Matrix => s("uppföljning: ansvar per part och fokusområde", "follow-up: responsibility by party and area"),
        A::Timeline => s("uppföljning: aktiviteter på en tidslinje", "follow-up: activities on a timeline"),
        A::Indicators => s("uppföljning: indikatorer mot målvärdet", "follow-up: indicators against the target"),
        A::Services => s(
            "åtaganden: tjänster × regionen, kommunerna, gemensamt",
            "commitments: services × region, kommuner, joint",
        ),
        A::Consultation => s(
            "remissen: mottagare, svar och synpunkter per punkt i planen",
            "the consultation: recipients, responses and points by item",
        ),
        A::LinkPoints => s(
            "koppla remissens synpunkter till ändringen (eller ta bort kopplingen)",
            "link consultation points to the change (or unlink them)",
        ),
        A::Disposition => s("hur en kopplad synpunkt hanterades", "how a linked point was handled"),
        A::Areas => s("uppföljning: indikatorerna per kommun", "follow-up: the indicators per kommun"),
        A::SortAreas => s(
            "ordna kommunerna (planens ordning, sämst först, namn)",
            "order the kommuner (the plan's, worst first, name)",
        ),
        A::NextView => s("nästa uppföljningsvy", "next follow-up view"),
        A::Left => s("kolumnen till vänster", "column to the left"),
        A::Right => s("kolumnen till höger", "column to the right"),
        A::Jump => s(
            "gå till det valda i planen (en ruta i ansvarsmatrisen: planen filtrerad)",
            "go to the selection in the plan (a responsibility cell: the plan filtered)",
        ),
        A::Toggle => s("markera eller avmarkera (flerval)", "tick or untick (several choices)"),
        A::Apply => s("spara valet eller texten", "apply the choice or the text"),
        A::Cancel => s("stäng utan att ändra något", "close, changing nothing"),
        A::ClearText => s("töm texten", "clear the text"),
        A::FilterBack => s("radera sista tecknet i filtret", "delete the filter's last character"),
        A::TakeOurs => s("ta vår sida", "take our side"),
        A::TakeTheirs => s("ta deras sida", "take their side"),
        A::EditField => s("ändra fältet själv (löser konflikten)", "edit the field yourself (settles the conflict)"),
        A::NextChange => s("nästa ändring", "next change"),
        A::PrevChange => s("föregående ändring", "previous change"),
        A::Accept => s("godkänn ändringen", "accept the change"),
        A::Reject => s("avvisa ändringen", "reject the change"),
        A::Question => s("markera med en fråga", "mark with a question"),
        A::Comment => s("kommentar till din markering", "comment on your mark"),
        A::Reply => s("svara på en granskares markering", "reply to a reviewer's mark"),
        A::ReviewParty => s("välj den part du granskar för", "choose the party you review for"),
        A::Unmark => s("ta bort din markering", "remove your mark"),
        A::ExportReview => s("exportera granskningen som Markdown", "export the review as Markdown"),
        A::ApplyReview => {
            s("spara de godkända ändringarna som ny revision", "save the accepted changes as a new revision")
        }
        A::ExportDocx => {
            s("exportera planen som Word-dokument bredvid filen", "export the plan as a Word document beside the file")
        }
        A::ExportDiffDocx => s(
            "exportera ändringarna som spårade ändringar i ett Word-dokument (läses tillbaka med lansplan review import)",
            "export the changes as tracked changes in a Word document (read back with lansplan review import)",
        ),
        A::Save => s("spara", "save"),
        A::SaveAs => s("spara som", "save as"),
        A::NewRevision => s(
            "ny revision: kopia bredvid, nästa version, utkast, dagens datum",
            "new revision: a copy beside, the next version, draft, today's date",
        ),
        A::Recent => s("senast öppnade filer", "recently opened files"),
        A::Help => s("den här hjälpen", "this help"),
        A::Quit => s("avsluta", "quit"),
    }
}

// Commitments (issue 18).
pub const NEW_COMMITMENT: S = s("Nytt åtagande", "New commitment");
pub const MOVE_TO_AREA_TITLE: S = s("Flytta till fokusområde", "Move to focus area");
pub const TEXT_LIST_HINT: S = s("TEXT; TEXT; … (semikolon mellan)", "TEXT; TEXT; … (semicolons between)");
pub const PARENT_GOALS: S = s("Under mål i den överordnade planen", "Under goals of the parent plan");
pub const TAB_SERVICES: S = s("Åtaganden", "Commitments");
pub const SERVICES_TITLE: S =
    s("Åtaganden: vem ger tjänsten, med vilka enheter", "Commitments: who gives the service, with which units");
pub const SERVICE_HEAD: S = s("Tjänst", "Service");
pub const NO_COMMITMENTS: S = s(
    "Planen har inga åtaganden. Lägg till ett med C i planvyn.",
    "The plan has no commitments. Add one with C in the outline.",
);

/// Returns "11 åtaganden, 9 tjänster" for the commitments view.
pub fn services_summary(lang: Lang, commitments: usize, services: usize) -> String {
    match lang {
        Lang::Sv => format!(
            "{commitments} {}, {services} {}",
            if commitments == 1 { "åtagande" } else { "åtaganden" },
            if services == 1 { "tjänst" } else { "tjänster" }
        ),
        Lang::En => format!(
            "{commitments} {}, {services} {}",
            if commitments == 1 { "commitment" } else { "commitments" },
            if services == 1 { "service" } else { "services" }
        ),
    }
}
