//! Generates realistic plans of any size, and revised copies of them, for
//! benchmarks and load tests: a national roll-up of every county's plans
//! has tens of thousands of activities.
//!
//! Text is assembled from Swedish phrases of realistic length; every
//! reference is valid; randomness is a fixed-seed xorshift so that the same
//! arguments give the same files.

use std::fmt::Write as _;

use super::doc::PlanDoc;
use super::model::Value;
use super::path::{FieldPath, Input};
use super::schema::Kind;

pub mod tricky;

/// A small deterministic random number generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator (0 is replaced by a fixed odd seed).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 { 0x9e37_79b9_7f4a_7c15 } else { seed })
    }

    /// Returns the next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Returns a number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Returns one of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const VERBS: &[&str] =
    &["Utbilda", "Införa", "Samordna", "Följa upp", "Utveckla", "Sprida", "Stärka", "Kartlägga", "Erbjuda", "Förankra"];
const OBJECTS: &[&str] = &[
    "primärvårdens personal i AUDIT och DUDIT",
    "en gemensam rutin för samordnad individuell plan (SIP)",
    "föräldraprogram för vårdnadshavare till tonåringar",
    "elevhälsans hälsosamtal om alkohol, narkotika och spel",
    "mottagningar för unga med riskbruk i varje kommun",
    "motiverande samtal i socialtjänstens ungdomsverksamhet",
    "uppföljningen av CAN:s skolundersökning i årskurs 9 och gymnasiets år 2",
    "samverkan mellan beroendevården och socialtjänsten",
    "stödet till anhöriga och syskon",
    "tillsynen av alkoholservering vid evenemang för unga vuxna",
];
const PLACES: &[&str] = &[
    "i hela länet",
    "i glesbygdskommunerna",
    "på ungdomsmottagningarna",
    "i gymnasieskolan",
    "inom beroendevården",
    "tillsammans med brukarorganisationerna",
];
const OWNERS: &[&str] = &[
    "Folkhälsoenheten",
    "Beroendemottagningen",
    "Elevhälsan",
    "Socialtjänsten, individ- och familjeomsorgen",
    "ANDTS-samordnare, länsstyrelsen",
    "FoU-enheten",
];
const GOALS: &[&str] = &[
    "Färre unga använder alkohol",
    "Fler unga med riskbruk upptäcks tidigt",
    "Unga med samtidiga behov får en samordnad insats",
    "Väntetiden till beroendevården blir kortare",
    "Vuxna nära unga tar större del i det förebyggande arbetet",
    "Färre unga börjar använda narkotika",
];
const MUNICIPALITIES: &[&str] = &["berg", "bracke", "harjedalen", "krokom", "ragunda", "stromsund", "are", "ostersund"];

fn sentence(rng: &mut Rng) -> String {
    format!("{} {} {}.", rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(PLACES))
}

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Returns the text of a valid plan with `activities` activities (one goal
/// per eight activities, an indicator for each impact and outcome goal).
pub fn plan(activities: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let goals = activities.div_ceil(8).max(1);
    let mut out = String::with_capacity(activities * 700);
    out.push_str("# Genererad plan för prestandamätning (lansplan).\nformat = \"lansplan/1\"\n\n");
    out.push_str("[plan]\nid = \"riket-rollup\"\ntitle = \"Nationell sammanställning av länens handlingsplaner\"\n");
    out.push_str("county = \"Samtliga län\"\nkind = \"action_plan\"\ntarget_group = \"Unga 13–29 år\"\n");
    out.push_str("period = { start = 2025-01-01, end = 2028-12-31 }\n\n");
    out.push_str("[revision]\nversion = \"2025.1\"\ndate = 2025-03-01\nstatus = \"draft\"\nauthor = \"Generator\"\n\n");
    out.push_str("[[parties]]\nid = \"region\"\nname = \"Region Jämtland Härjedalen\"\nkind = \"region\"\n\n");
    for m in MUNICIPALITIES {
        let _ = writeln!(out, "[[parties]]\nid = \"{m}\"\nname = \"{} kommun\"\nkind = \"municipality\"\n", m);
    }
    let areas = [
        ("early-detection", "Tidig upptäckt", "early_detection"),
        ("early-intervention", "Tidiga insatser", "early_intervention"),
        ("coordination", "Samverkan och samordning", "coordination"),
        ("support-treatment", "Stöd och behandling", "support_treatment"),
    ];
    for (id, name, skr) in areas {
        let _ = writeln!(
            out,
            "[[focus_areas]]\nid = \"{id}\"\nname = \"{name}\"\nskr = \"{skr}\"\ndescription = {}\n",
            q(&format!("{} {}", sentence(&mut rng), sentence(&mut rng)))
        );
    }
    for g in 1..=goals {
        let level = ["outcome", "impact", "output"][g % 3];
        let _ = writeln!(
            out,
            "# Mål {g}\n[[goals]]\nid = \"G{g}\"\nfocus_area = \"{}\"\nlevel = \"{level}\"\ntitle = {}\ndescription = {}\nresponsible = [\"region\", \"{}\"]\n",
            areas[g % 4].0,
            q(&format!("{} ({g})", rng.pick(GOALS))),
            q(&format!("{} {}", sentence(&mut rng), sentence(&mut rng))),
            rng.pick(MUNICIPALITIES),
        );
    }
    // Every impact and outcome goal has an indicator; output goals are
    // followed up through their activities.
    let mut i = 0;
    for g in (1..=goals).filter(|g| g % 3 != 2) {
        i += 1;
        let base = 20 + rng.below(40);
        let _ = writeln!(
            out,
            "[[indicators]]\nid = \"I{i}\"\ngoal = \"G{g}\"\nname = \"Andel elever i årskurs 9 som druckit alkohol senaste året ({i})\"\nunit = \"%\"\nsource = \"CAN:s nationella skolundersökning\"\ndirection = \"decrease\"\nbaseline = {{ year = 2019, value = {base}.0 }}\ntarget = {{ year = 2028, value = {}.0 }}\nmeasurements = [{{ year = 2021, value = {}.0 }}, {{ year = 2023, value = {}.0 }}]\n",
            base - 8,
            base - 1,
            base - 3
        );
    }
    for a in 1..=activities {
        let g = 1 + (a - 1) % goals;
        let (sm, dm) = (1 + rng.below(12), 1 + rng.below(12));
        let status = ["ongoing", "done", "planned", "ongoing"][rng.below(4)];
        let _ = writeln!(
            out,
            "[[activities]]\nid = \"A{a}\"\ngoal = \"G{g}\"\ntitle = {}\ndescription = {}\nresponsible = [\"{}\"]\nowner = \"{}\"\nstart = 2026-{sm:02}-01\ndue = 2027-{dm:02}-28\nstatus = \"{status}\"\n",
            q(&format!("{} {}", rng.pick(VERBS), rng.pick(OBJECTS))),
            q(&format!("{} {}", sentence(&mut rng), sentence(&mut rng))),
            if rng.below(2) == 0 { "region" } else { rng.pick(MUNICIPALITIES) },
            rng.pick(OWNERS),
        );
    }
    out
}

/// Returns a revised copy of `plan(activities, seed)`'s text with about
/// `share` of its activities touched by edits of every kind: reworded
/// titles, new due dates, status changes, moves to another goal, removals,
/// additions, and a new measurement per touched indicator.
pub fn revise(text: &str, activities: usize, share: f64, seed: u64) -> String {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let Ok(mut doc) = PlanDoc::parse(text) else { return text.to_string() };
    let goals = activities.div_ceil(8).max(1);
    let edits = ((activities as f64 * share).round() as usize).max(1);
    let set = |doc: &mut PlanDoc, kind: Kind, id: String, field: &str, v: Input| {
        if let Some(field) = kind.field(field) {
            let _ = doc.set(&FieldPath { kind, id: Some(id), field, sub: None }, v);
        }
    };
    let mut removed = std::collections::HashSet::new();
    for e in 0..edits {
        let a = 1 + rng.below(activities);
        if removed.contains(&a) {
            continue;
        }
        let id = format!("A{a}");
        match e % 6 {
            0 => set(
                &mut doc,
                Kind::Activity,
                id,
                "title",
                Input::Whole(Value::Str(format!("{} {} {}", rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(PLACES)))),
            ),
            1 => set(
                &mut doc,
                Kind::Activity,
                id,
                "due",
                Input::Whole(Value::Date(super::Date { year: 2028, month: 1 + rng.below(12) as u8, day: 15 })),
            ),
            2 => set(&mut doc, Kind::Activity, id, "status", Input::Whole(Value::Str("done".into()))),
            3 => set(
                &mut doc,
                Kind::Activity,
                id,
                "goal",
                Input::Whole(Value::Str(format!("G{}", 1 + rng.below(goals)))),
            ),
            4 => {
                if doc.remove(Kind::Activity, &id, false).is_ok() {
                    removed.insert(a);
                }
            }
            _ => {
                let new_id = format!("A{}", activities + e + 1);
                let fields = vec![
                    ("id", Value::Str(new_id)),
                    ("goal", Value::Str(format!("G{}", 1 + rng.below(goals)))),
                    ("title", Value::Str(format!("{} {}", rng.pick(VERBS), rng.pick(OBJECTS)))),
                    ("responsible", Value::List(vec!["region".into()])),
                    ("status", Value::Str("planned".into())),
                ];
                let _ = doc.add(Kind::Activity, &fields);
            }
        }
    }
    let indicators = (1..=goals).filter(|g| g % 3 != 2).count();
    for _ in 0..(edits / 10).max(1) {
        let i = 1 + rng.below(indicators);
        if let Ok(path) = FieldPath::parse(&format!("indicators.I{i}.measurements.2025")) {
            let _ = doc.set(&path, Input::Number(30.0 + rng.below(20) as f64));
        }
    }
    if let Ok(path) = FieldPath::parse("revision.version") {
        let _ = doc.set(&path, Input::Whole(Value::Str("2025.2".into())));
    }
    doc.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Date, load_str};

    #[test]
    fn generated_plans_are_valid_and_revisions_differ() {
        let today = Date { year: 2026, month: 1, day: 1 };
        let text = plan(200, 7);
        let loaded = load_str(text.clone(), today).expect("loads");
        assert_eq!(loaded.findings, vec![], "a generated plan checks clean");
        assert_eq!(loaded.plan.activities.len(), 200);
        let revised = load_str(revise(&text, 200, 0.1, 7), today).expect("loads");
        assert_eq!(revised.error_count(), 0, "{:?}", revised.findings.iter().find(|f| f.is_error()));
        let changes = crate::diff::diff(&loaded.plan, &revised.plan);
        assert!(changes.len() >= 15, "{} changes", changes.len());
        assert_eq!(plan(200, 7), text, "deterministic");
    }
}
