//! The plan format's schema as data: which kinds of item exist, which
//! fields each has, of what type, and which values an enumeration allows.
//!
//! Loading, validation, `get`/`set`, the TUI's editors and the diff all read
//! this one table, so a field is described once.

use crate::i18n::Lang;

/// The kinds of thing a plan file holds, in the order the diff reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Plan,
    Revision,
    Party,
    FocusArea,
    /// A standing commitment (åtagande) of an agreement: who does what (format 1.1).
    Commitment,
    Goal,
    Indicator,
    Activity,
}

impl Kind {
    /// Every kind, in diff order.
    pub const ALL: [Kind; 8] = [
        Kind::Plan,
        Kind::Revision,
        Kind::Party,
        Kind::FocusArea,
        Kind::Commitment,
        Kind::Goal,
        Kind::Indicator,
        Kind::Activity,
    ];

    /// The kinds that live in arrays of tables and carry an `id`.
    pub const COLLECTIONS: [Kind; 6] =
        [Kind::Party, Kind::FocusArea, Kind::Commitment, Kind::Goal, Kind::Indicator, Kind::Activity];

    /// Returns the top-level key of this kind in a plan file.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Revision => "revision",
            Kind::Party => "parties",
            Kind::FocusArea => "focus_areas",
            Kind::Commitment => "commitments",
            Kind::Goal => "goals",
            Kind::Indicator => "indicators",
            Kind::Activity => "activities",
        }
    }

    /// Returns the kind whose top-level key is `key`.
    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Returns the name used in diff JSON (`focus_area`, `activity`, …).
    pub fn json_name(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Revision => "revision",
            Kind::Party => "party",
            Kind::FocusArea => "focus_area",
            Kind::Commitment => "commitment",
            Kind::Goal => "goal",
            Kind::Indicator => "indicator",
            Kind::Activity => "activity",
        }
    }

    /// Returns true for kinds stored as an array of tables with ids.
    pub fn is_collection(self) -> bool {
        !matches!(self, Kind::Plan | Kind::Revision)
    }

    /// Returns the prefix of numbered ids (`G7`, `A31`, `I4`), if the kind uses them.
    pub fn id_prefix(self) -> &'static str {
        match self {
            Kind::Goal => "G",
            Kind::Indicator => "I",
            Kind::Activity => "A",
            Kind::Party => "P",
            Kind::FocusArea => "F",
            Kind::Commitment => "C",
            Kind::Plan | Kind::Revision => "",
        }
    }

    /// Returns the name of one item of this kind, for messages.
    pub fn noun(self, lang: Lang) -> &'static str {
        match self {
            Kind::Plan => lang.pick("planen", "the plan"),
            Kind::Revision => lang.pick("revisionen", "the revision"),
            Kind::Party => lang.pick("part", "party"),
            Kind::FocusArea => lang.pick("fokusområde", "focus area"),
            Kind::Commitment => lang.pick("åtagande", "commitment"),
            Kind::Goal => lang.pick("mål", "goal"),
            Kind::Indicator => lang.pick("indikator", "indicator"),
            Kind::Activity => lang.pick("aktivitet", "activity"),
        }
    }

    /// Returns true for kinds whose Swedish noun is neuter ("ett mål"), which
    /// changes the form of the participles that describe them.
    pub fn neuter(self) -> bool {
        matches!(self, Kind::Plan | Kind::FocusArea | Kind::Commitment | Kind::Goal)
    }

    /// Returns the heading for a list of this kind.
    pub fn plural(self, lang: Lang) -> &'static str {
        match self {
            Kind::Plan => lang.pick("Plan", "Plan"),
            Kind::Revision => lang.pick("Revision", "Revision"),
            Kind::Party => lang.pick("Parter", "Parties"),
            Kind::FocusArea => lang.pick("Fokusområden", "Focus areas"),
            Kind::Commitment => lang.pick("Åtaganden", "Commitments"),
            Kind::Goal => lang.pick("Mål", "Goals"),
            Kind::Indicator => lang.pick("Indikatorer", "Indicators"),
            Kind::Activity => lang.pick("Aktiviteter", "Activities"),
        }
    }

    /// Returns the schema of this kind's fields, in the order a new item
    /// writes them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Plan => PLAN,
            Kind::Revision => REVISION,
            Kind::Party => PARTY,
            Kind::FocusArea => FOCUS_AREA,
            Kind::Commitment => COMMITMENT,
            Kind::Goal => GOAL,
            Kind::Indicator => INDICATOR,
            Kind::Activity => ACTIVITY,
        }
    }

    /// Returns the field called `name`.
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }
}

/// One allowed value of an enumeration, with its Swedish and English labels.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub key: &'static str,
    pub sv: &'static str,
    pub en: &'static str,
}

impl Choice {
    /// Returns the label for `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.sv, self.en)
    }
}

/// The type of a field's value.
#[derive(Debug, PartialEq, Eq)]
pub enum FieldType {
    /// An item's identity.
    Id,
    /// One line of text.
    Text,
    /// Text that may run over several lines.
    LongText,
    /// A TOML local date.
    Date,
    /// One of a fixed set of strings.
    Enum(&'static [Choice]),
    /// The id of an item of the given kind.
    Ref(Kind),
    /// A list of ids of items of the given kind.
    RefList(Kind),
    /// A list of free texts (units, routines, target groups; format 1.1).
    TextList,
    /// `{ start = DATE, end = DATE }`.
    Period,
    /// `{ year = INT, value = FLOAT }`.
    YearValue,
    /// A list of `{ year, value }` (format 1.1: and `area`, `sex`, `n`,
    /// `period`, `source`).
    Measurements,
    /// A table of ids in the data sources, `{ kolada = "U75417" }` (1.1).
    Refs,
}

/// One field of a kind of item.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub sv: &'static str,
    pub en: &'static str,
}

impl Field {
    /// Returns the field's label for `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.sv, self.en)
    }

    /// Returns the enumeration's choices, or an empty slice.
    pub fn choices(&self) -> &'static [Choice] {
        match self.ty {
            FieldType::Enum(c) => c,
            _ => &[],
        }
    }
}

macro_rules! field {
    ($name:literal, $ty:expr, $req:literal, $sv:literal, $en:literal) => {
        Field { name: $name, ty: $ty, required: $req, sv: $sv, en: $en }
    };
}

macro_rules! choice {
    ($key:literal, $sv:literal, $en:literal) => {
        Choice { key: $key, sv: $sv, en: $en }
    };
}

pub const PLAN_KINDS: &[Choice] = &[
    choice!("agreement", "länsöverenskommelse", "county agreement"),
    choice!("action_plan", "handlingsplan", "action plan"),
    // Format 1.1 (issue 18).
    choice!("local_agreement", "lokal överenskommelse", "local agreement"),
];

pub const REVISION_STATUSES: &[Choice] = &[
    choice!("draft", "utkast", "draft"),
    choice!("consultation", "remiss", "consultation"),
    choice!("adopted", "beslutad", "adopted"),
    choice!("superseded", "ersatt", "superseded"),
];

pub const PARTY_KINDS: &[Choice] = &[
    choice!("region", "region", "region"),
    choice!("municipality", "kommun", "municipality"),
    choice!("county_board", "länsstyrelse", "county administrative board"),
    choice!("police", "polis", "police"),
    choice!("civil_society", "civilsamhälle", "civil society"),
    choice!("other", "annan", "other"),
];

pub const SKR_AREAS: &[Choice] = &[
    choice!("early_detection", "tidig upptäckt", "early detection"),
    choice!("early_intervention", "tidiga insatser", "early interventions"),
    choice!("coordination", "samordning", "coordination"),
    choice!("support_treatment", "stöd och behandling", "support and treatment"),
];

pub const GOAL_LEVELS: &[Choice] = &[
    choice!("impact", "effektmål", "impact goal"),
    choice!("outcome", "resultatmål", "outcome goal"),
    choice!("output", "aktivitetsmål", "output goal"),
];

pub const DIRECTIONS: &[Choice] = &[choice!("increase", "öka", "increase"), choice!("decrease", "minska", "decrease")];

pub const ACTIVITY_STATUSES: &[Choice] = &[
    choice!("planned", "planerad", "planned"),
    choice!("ongoing", "pågår", "ongoing"),
    choice!("done", "klar", "done"),
    choice!("cancelled", "inställd", "cancelled"),
];

use FieldType as T;

const PLAN: &[Field] = &[
    field!("id", T::Id, true, "Id", "Id"),
    field!("title", T::Text, true, "Titel", "Title"),
    field!("county", T::Text, true, "Län", "County"),
    field!("kind", T::Enum(PLAN_KINDS), true, "Typ", "Kind"),
    field!("target_group", T::Text, false, "Målgrupp", "Target group"),
    field!("period", T::Period, true, "Period", "Period"),
    field!("vision", T::LongText, false, "Vision", "Vision"),
    field!("overall_goal", T::LongText, false, "Övergripande mål", "Overall goal"),
    // Format 1.1, issue 18: what an agreement says about itself and where it sits.
    field!("purpose", T::LongText, false, "Syfte", "Purpose"),
    field!("background", T::LongText, false, "Bakgrund", "Background"),
    field!("legal_basis", T::LongText, false, "Lagstöd", "Legal basis"),
    field!("target_groups", T::TextList, false, "Målgrupper", "Target groups"),
    field!("review_by", T::Date, false, "Revideras senast", "Review by"),
    field!("parent", T::Text, false, "Överordnad plan", "Parent plan"),
    field!("scope", T::RefList(Kind::Party), false, "Gäller för", "Scope"),
];

const REVISION: &[Field] = &[
    field!("version", T::Text, true, "Version", "Version"),
    field!("date", T::Date, true, "Datum", "Date"),
    field!("status", T::Enum(REVISION_STATUSES), true, "Status", "Status"),
    field!("author", T::Text, false, "Författare", "Author"),
    field!("decided_by", T::Text, false, "Beslutad av", "Decided by"),
    field!("summary", T::LongText, false, "Sammanfattning", "Summary"),
];

const PARTY: &[Field] = &[
    field!("id", T::Id, true, "Id", "Id"),
    field!("name", T::Text, true, "Namn", "Name"),
    field!("kind", T::Enum(PARTY_KINDS), true, "Typ", "Kind"),
    // Format 1.1 (issue 19).
    field!("code", T::Text, false, "SCB-kod", "SCB code"),
];

const FOCUS_AREA: &[Field] = &[
    field!("id", T::Id, true, "Id", "Id"),
    field!("name", T::Text, true, "Namn", "Name"),
    field!("skr", T::Enum(SKR_AREAS), false, "SKR-område", "SKR area"),
    field!("description", T::LongText, false, "Beskrivning", "Description"),
];

/// Format 1.1, issue 18: a standing commitment, without dates or status.
const COMMITMENT: &[Field] = &[
    field!("id", T::Id, true, "Id", "Id"),
    field!("focus_area", T::Ref(Kind::FocusArea), true, "Fokusområde", "Focus area"),
    field!("title", T::Text, true, "Titel", "Title"),
    field!("responsible", T::RefList(Kind::Party), true, "Ansvariga", "Responsible"),
    field!("units", T::TextList, false, "Enheter", "Units"),
    field!("routines", T::TextList, false, "Rutiner", "Routines"),
    field!("description", T::LongText, false, "Beskrivning", "Description"),
];

const GOAL: &[Field] = &[
    field!("id", T::Id, true, "Id", "Id"),
    field!("focus_area", T::Ref(Kind::FocusArea), true, "Fokusområde", "Focus area"),
    field!("level", T::Enum(GOAL_LEVELS), true, "Nivå", "Level"),
    field!("title", T::Text, true, "Titel", "Title"),
    field!("description", T::LongText, false, "Beskrivning", "Description"),
    field!("responsible", T::RefList(Kind::Party), true, "Ansvariga", "Responsible"),
];

const INDICATOR: &[Field] = &[
    field!("id", T::Id, true, "Id", "Id"),
    field!("goal", T::Ref(Kind::Goal), true, "Mål", "Goal"),
    field!("name", T::Text, true, "Namn", "Name"),
    field!("unit", T::Text, true, "Enhet", "Unit"),
    field!("source", T::Text, false, "Källa", "Source"),
    field!("direction", T::Enum(DIRECTIONS), true, "Riktning", "Direction"),
    field!("baseline", T::YearValue, true, "Utgångsvärde", "Baseline"),
    field!("target", T::YearValue, false, "Målvärde", "Target"),
    // Format 1.1 (issue 19).
    field!("refs", T::Refs, false, "Id i källorna", "Source ids"),
    field!("measurements", T::Measurements, false, "Mätningar", "Measurements"),
];

const ACTIVITY: &[Field] = &[
    field!("id", T::Id, true, "Id", "Id"),
    field!("goal", T::Ref(Kind::Goal), true, "Mål", "Goal"),
    field!("title", T::Text, true, "Titel", "Title"),
    field!("description", T::LongText, false, "Beskrivning", "Description"),
    field!("responsible", T::RefList(Kind::Party), true, "Ansvariga", "Responsible"),
    field!("owner", T::Text, false, "Ägare", "Owner"),
    field!("start", T::Date, false, "Start", "Start"),
    field!("due", T::Date, false, "Klart senast", "Due"),
    field!("status", T::Enum(ACTIVITY_STATUSES), true, "Status", "Status"),
];

/// The data sources an indicator's `refs` name (format 1.1): Kolada's KPI
/// id, Öppna jämförelser's and CAN's own ids.
pub const REF_SOURCES: &[Choice] = &[
    choice!("kolada", "Kolada", "Kolada"),
    choice!("oj", "Öppna jämförelser", "Öppna jämförelser"),
    choice!("can", "CAN", "CAN"),
];

/// A measurement's `sex` (format 1.1); absent is `T`.
pub const SEXES: &[Choice] = &[
    choice!("T", "totalt", "total"),
    choice!("K", "kvinnor/flickor", "women/girls"),
    choice!("M", "män/pojkar", "men/boys"),
];

/// Returns the choice `key` of an enumeration, if allowed.
pub fn find_choice(choices: &'static [Choice], key: &str) -> Option<&'static Choice> {
    choices.iter().find(|c| c.key == key)
}

/// Returns true if `id` is a well-formed id: non-empty ASCII letters,
/// digits, `-`, `_` and `.`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}
