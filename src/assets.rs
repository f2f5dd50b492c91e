//! Files compiled into the binary: the bundled example plan and the
//! templates, so that `lansplan` works from any folder.

/// The example plan that `lansplan` opens with no arguments.
pub const EXAMPLE_NAME: &str = "lok-2025.3-beslutad.toml";
pub const EXAMPLE: &str = include_str!("../plans/jamtland/lok-2025.3-beslutad.toml");

/// A template for `lansplan new`.
pub struct Template {
    pub name: &'static str,
    pub sv: &'static str,
    pub en: &'static str,
    pub text: &'static str,
}

/// Every template, by name.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "handlingsplan",
        sv: "Handlingsplan byggd på SKR:s fyra fokusområden",
        en: "Action plan built on SKR's four focus areas",
        text: include_str!("../templates/handlingsplan.toml"),
    },
    Template {
        name: "lansoverenskommelse",
        sv: "Länsöverenskommelse med region, kommuner och ansvarsfördelning",
        en: "County agreement with region, municipalities and split of responsibility",
        text: include_str!("../templates/lansoverenskommelse.toml"),
    },
    Template {
        name: "lokal-overenskommelse",
        sv: "Lokal överenskommelse mellan en kommun och regionen under länsöverenskommelsen",
        en: "A kommun's local agreement with the region under the county agreement",
        text: include_str!("../templates/lokal-overenskommelse.toml"),
    },
];

/// Returns the template called `name`.
pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}
