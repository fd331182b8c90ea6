//! `/auditserveur`.

use super::*;

pub struct AuditLabels {
    pub members: &'static str,
    pub roles: &'static str,
    pub categories: &'static str,
    pub channels: &'static str,
    pub overwrites: &'static str,
    pub bot_missing: &'static str,
    pub nothing_missing: &'static str,
}

pub fn audit_labels(lang: Lang) -> AuditLabels {
    match lang {
        Lang::Fr => AuditLabels {
            members: "Membres (environ)",
            roles: "Rôles",
            categories: "Catégories",
            channels: "Salons",
            overwrites: "Permissions spécifiques",
            bot_missing: "Permissions manquantes du bot",
            nothing_missing: "Aucune ✅",
        },
        Lang::En => AuditLabels {
            members: "Members (approx.)",
            roles: "Roles",
            categories: "Categories",
            channels: "Channels",
            overwrites: "Permission overwrites",
            bot_missing: "Bot's missing permissions",
            nothing_missing: "None ✅",
        },
    }
}

pub fn audit_title(lang: Lang, guild: &str) -> String {
    tr!(lang, "🔎 Audit de {guild}", "🔎 Audit of {guild}")
}

pub fn audit_footer(lang: Lang, file: &str) -> String {
    tr!(
        lang,
        "Détail complet dans le fichier joint {file}",
        "Full details in the attached file {file}"
    )
}
