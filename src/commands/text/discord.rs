//! Calls to Discord and deferred replies.

use super::*;

/// A permission as Discord's own client names it; others by their API name
/// (`MANAGE_WEBHOOKS`).
pub fn permission(lang: Lang, permission: Permissions) -> String {
    let (fr, en) = match permission {
        Permissions::ADMINISTRATOR => ("Administrateur", "Administrator"),
        Permissions::VIEW_CHANNEL => ("Voir les salons", "View Channels"),
        Permissions::MANAGE_CHANNELS => ("Gérer les salons", "Manage Channels"),
        Permissions::MANAGE_ROLES => ("Gérer les rôles", "Manage Roles"),
        Permissions::MANAGE_GUILD => ("Gérer le serveur", "Manage Server"),
        Permissions::SEND_MESSAGES => ("Envoyer des messages", "Send Messages"),
        Permissions::EMBED_LINKS => ("Intégrer des liens", "Embed Links"),
        Permissions::ATTACH_FILES => ("Joindre des fichiers", "Attach Files"),
        Permissions::READ_MESSAGE_HISTORY => ("Voir les anciens messages", "Read Message History"),
        Permissions::MANAGE_MESSAGES => ("Gérer les messages", "Manage Messages"),
        Permissions::MODERATE_MEMBERS => ("Exclure temporairement des membres", "Timeout Members"),
        Permissions::KICK_MEMBERS => ("Expulser des membres", "Kick Members"),
        Permissions::BAN_MEMBERS => ("Bannir des membres", "Ban Members"),
        Permissions::MANAGE_WEBHOOKS => ("Gérer les webhooks", "Manage Webhooks"),
        Permissions::VIEW_AUDIT_LOG => ("Voir les logs du serveur", "View Audit Log"),
        Permissions::MANAGE_THREADS => ("Gérer les fils", "Manage Threads"),
        other => {
            let names: Vec<&str> = other.iter_names().map(|(name, _)| name).collect();
            return names.join(" + ");
        }
    };
    lang.pick(fr, en).to_owned()
}

/// Several permissions, each in bold: `**Gérer les salons**, **Gérer les rôles**`.
pub fn permission_list(lang: Lang, permissions: Permissions) -> String {
    permissions
        .iter()
        .map(|p| format!("**{}**", permission(lang, p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Discord answered 403. `needs`: the permissions the refused action requires, when known;
/// `code` 50001 is "Missing Access" (the bot cannot see the server or channel at all).
pub fn discord_missing_permission(lang: Lang, needs: Permissions, code: u64) -> String {
    if !needs.is_empty() {
        let list = permission_list(lang, needs);
        return tr!(
            lang,
            "🔒 Discord a refusé : il manque au bot la permission {list} ici. Donnez-la au rôle du bot (Paramètres du serveur → Rôles), puis réessayez.",
            "🔒 Discord refused: the bot lacks the {list} permission here. Grant it to the bot's role (Server Settings → Roles), then try again."
        );
    }
    if code == 50001 {
        return tr!(
            lang,
            "🔒 Discord a refusé : le bot n'a pas accès à ce serveur ou à ce salon (Missing Access). Vérifiez qu'il en est membre et qu'il peut voir le salon.",
            "🔒 Discord refused: the bot has no access to this server or channel (Missing Access). Check that it is a member and can see the channel."
        );
    }
    tr!(
        lang,
        "🔒 Discord a refusé : il manque au bot une permission pour cette action (Missing Permissions). Vérifiez les permissions du rôle du bot.",
        "🔒 Discord refused: the bot lacks a permission for this action (Missing Permissions). Check the bot role's permissions."
    )
}

/// Discord answered 404; `what` is Discord's message (`Unknown Channel`).
pub fn discord_not_found(lang: Lang, what: &str) -> String {
    let thing = match (what, lang) {
        ("Unknown Channel", Lang::Fr) => "le salon",
        ("Unknown Channel", Lang::En) => "the channel",
        ("Unknown Guild", Lang::Fr) => "le serveur",
        ("Unknown Guild", Lang::En) => "the server",
        ("Unknown Role", Lang::Fr) => "le rôle",
        ("Unknown Role", Lang::En) => "the role",
        ("Unknown Member", Lang::Fr) => "le membre",
        ("Unknown Member", Lang::En) => "the member",
        ("Unknown User", Lang::Fr) => "l'utilisateur",
        ("Unknown User", Lang::En) => "the user",
        ("Unknown Message", Lang::Fr) => "le message",
        ("Unknown Message", Lang::En) => "the message",
        (other, _) => other,
    };
    tr!(
        lang,
        "❓ Discord ne trouve pas {thing} ({what}) : il a peut-être été supprimé, ou le bot ne le voit pas.",
        "❓ Discord cannot find {thing} ({what}): it may have been deleted, or the bot cannot see it."
    )
}

/// Discord kept answering 429 (or asked for a longer wait than a call may take).
pub fn discord_rate_limited(lang: Lang, secs: u64) -> String {
    tr!(
        lang,
        "⏳ Discord nous limite : réessayez dans {secs} s.",
        "⏳ Discord limits us: retry in {secs} s."
    )
}

/// gvbot lacks a setting (`DISCORD_TOKEN`…) to call Discord.
pub fn discord_not_configured(lang: Lang, var: &str, error_id: &str) -> String {
    tr!(
        lang,
        "⚙️ gvbot n'est pas configuré pour appeler Discord : la variable `{var}` manque. Prévenez l'administrateur du bot (code `{error_id}`).",
        "⚙️ gvbot is not set up to call Discord: the `{var}` variable is missing. Tell the bot's administrator (code `{error_id}`)."
    )
}

/// A slow command on a deployment that cannot finish work after answering (Lambda without
/// its worker function).
pub fn deferred_unavailable(lang: Lang) -> String {
    tr!(
        lang,
        "⏳ Cette commande prend du temps et ce déploiement ne peut pas encore la terminer en arrière-plan. Prévenez un admin.",
        "⏳ This command takes a while and this deployment cannot finish it in the background yet. Tell an admin."
    )
}

/// The deferred result could not be posted (Discord refused it); the "thinking…" message is
/// replaced by this.
pub fn delivery_failed(lang: Lang, error_id: &str) -> String {
    tr!(
        lang,
        "❌ Le résultat n'a pas pu être envoyé sur Discord. Si cela se reproduit, transmettez ce code à un admin : `{error_id}`.",
        "❌ The result could not be posted to Discord. If it happens again, give this code to an admin: `{error_id}`."
    )
}
