//! Alerts posted to `ALERT_WEBHOOK_URL`, read by the bot's operators.

use super::*;

/// Title of an alert of `kind` (`internal`, `deferred`, `discord`).
pub fn alert_title(lang: Lang, kind: &str) -> String {
    match kind {
        "internal" => tr!(
            lang,
            "⚠️ gvbot : erreur interne",
            "⚠️ gvbot: internal error"
        ),
        "deferred" => tr!(
            lang,
            "⚠️ gvbot : travail différé en échec",
            "⚠️ gvbot: deferred work failed"
        ),
        "discord" => tr!(
            lang,
            "⚠️ gvbot : appels à Discord en échec répété",
            "⚠️ gvbot: calls to Discord keep failing"
        ),
        "permission" => tr!(
            lang,
            "⚠️ gvbot : permission manquante sur un serveur",
            "⚠️ gvbot: a permission is missing on a server"
        ),
        other => tr!(lang, "⚠️ gvbot : {other}", "⚠️ gvbot: {other}"),
    }
}

/// Detail of a permission alert: what to grant the bot's role.
pub fn alert_permission_missing(lang: Lang, needs: Permissions) -> String {
    tr!(
        lang,
        "Discord a refusé : accordez {} au rôle du bot.",
        "Discord refused: grant {} to the bot's role.",
        permission_list(lang, needs)
    )
}

/// Detail of a permission alert when Discord did not say which permission.
pub fn alert_permission_unknown(lang: Lang) -> String {
    tr!(
        lang,
        "Discord a refusé une action au bot (permission manquante) : vérifiez son rôle avec /auditserveur.",
        "Discord refused the bot an action (missing permission): check its role with /auditserveur."
    )
}

pub struct AlertLabels {
    pub kind: &'static str,
    pub command: &'static str,
    pub error_id: &'static str,
    pub time: &'static str,
    pub guild: &'static str,
    pub detail: &'static str,
    pub footer: &'static str,
}

pub fn alert_labels(lang: Lang) -> AlertLabels {
    match lang {
        Lang::Fr => AlertLabels {
            kind: "Type",
            command: "Commande",
            error_id: "Code d'erreur",
            time: "Heure",
            guild: "Serveur",
            detail: "Détail",
            footer: "Au plus une alerte de ce type toutes les 5 minutes ; le détail est dans les logs (chercher le code).",
        },
        Lang::En => AlertLabels {
            kind: "Kind",
            command: "Command",
            error_id: "Error id",
            time: "Time",
            guild: "Server",
            detail: "Detail",
            footer: "At most one alert of this kind every 5 minutes; details are in the logs (search for the id).",
        },
    }
}
