//! Command and option descriptions and choice names (French fallback + en-US/en-GB), read by the declarations' derive attributes.

use super::*;

macro_rules! desc {
    ($($name:ident: $fr:literal, $en:literal;)*) => {
        /// Descriptions used by the command declarations.
        pub mod desc {
            use super::DescLocalizations;
            $(
                pub fn $name() -> DescLocalizations {
                    DescLocalizations::new($fr, [("en-US", $en), ("en-GB", $en)])
                }
            )*
        }
    };
}

desc! {
    ping: "Vérifie que le bot répond et mesure sa latence", "Check that the bot answers and measure its latency";
    info: "Version, disponibilité et chiffres du bot", "Bot version, uptime and figures";
    aide: "Liste des commandes, ou le détail d'une commande", "List the commands, or details of one";
    aide_commande: "Commande à détailler", "Command to describe";
    creerchantier: "Crée un chantier (admin)", "Create a job site (admin)";
    creerchantier_nom: "Nom du chantier", "Job site name";
    chantiers: "Liste des chantiers actifs et de leurs tâches ouvertes", "Active job sites and their open tasks";
    tache: "Crée une tâche pour un membre sur un chantier", "Create a task for a member on a job site";
    tache_membre: "Membre à qui la tâche est assignée", "Member the task is assigned to";
    chantier: "Chantier", "Job site";
    tache_description: "Ce qu'il faut faire", "What needs to be done";
    tache_echeance: "Échéance (JJ/MM)", "Due date (DD/MM)";
    taches: "Liste des tâches (ouvertes par défaut)", "List tasks (open ones by default)";
    taches_membre: "Seulement les tâches de ce membre", "Only this member's tasks";
    taches_statut: "Statut des tâches à afficher", "Status of the tasks to show";
    done: "Marque une tâche comme terminée", "Mark a task as done";
    task_id: "Numéro de la tâche", "Task number";
    reassigner: "Réassigne une tâche à un autre membre", "Reassign a task to another member";
    reassigner_membre: "Nouveau responsable de la tâche", "New assignee of the task";
    annuler: "Annule une tâche (elle reste dans l'historique)", "Cancel a task (kept in history)";
    planifier: "Planifie un membre sur un chantier (manager)", "Schedule a member on a job site (manager)";
    planifier_membre: "Membre à planifier", "Member to schedule";
    planifier_debut: "Premier jour (JJ/MM)", "First day (DD/MM)";
    planifier_fin: "Dernier jour (JJ/MM)", "Last day (DD/MM)";
    planifier_notes: "Notes (matériel, horaires…)", "Notes (equipment, hours…)";
    monplanning: "Planning de cette semaine et de la suivante", "Schedule for this week and next";
    monplanning_membre: "Voir le planning de ce membre", "Show this member's schedule";
    semaine: "Planning de toute l'équipe pour la semaine", "The whole team's schedule for the week";
    semaine_decalage: "Décalage en semaines (1 = semaine prochaine, -1 = précédente)", "Offset in weeks (1 = next week, -1 = last week)";
    config: "Configuration du bot sur ce serveur (admin)", "Bot configuration on this server (admin)";
    config_role: "Associe un rôle Discord à un niveau", "Map a Discord role to a level";
    config_role_niveau: "Niveau donné par ce rôle", "Level granted by this role";
    config_role_role: "Rôle Discord", "Discord role";
    config_voir: "Affiche la configuration", "Show the configuration";
    auditserveur: "Exporte salons, rôles et permissions du serveur en fichier JSON (admin)", "Export the server's channels, roles and permissions as a JSON file (admin)";
    creerchantier_adresse: "Adresse du chantier (sujet de son salon)", "Job site address (topic of its channel)";
    archiverchantier: "Archive un chantier : son salon passe aux archives, en lecture seule (admin)", "Archive a job site: its channel moves to the archives, read-only (admin)";
    archiverchantier_nom: "Chantier à archiver", "Job site to archive";
    chantiers_statut: "Chantiers actifs (par défaut) ou archivés", "Active (default) or archived job sites";
    config_salon: "Choisit le salon ou la catégorie d'un usage", "Choose the channel or category used for a purpose";
    config_salon_type: "Usage : planning, modération, alertes (salons) ; chantiers, archives (catégories)", "Purpose: planning, moderation, alerts (channels); job sites, archives (categories)";
    config_salon_salon: "Salon textuel, ou catégorie pour chantiers et archives", "Text channel, or category for job sites and archives";
    avertir: "Avertit un membre : enregistré, envoyé en MP, journalisé (manager)", "Warn a member: recorded, sent by DM, logged (manager)";
    avertir_membre: "Membre à avertir", "Member to warn";
    avertir_raison: "Raison de l'avertissement", "Reason for the warning";
    sanctions: "Historique des avertissements d'un membre (manager)", "A member's warning history (manager)";
    sanctions_membre: "Membre dont voir l'historique", "Member whose history to show";
    purge: "Supprime les derniers messages de ce salon (manager)", "Delete this channel's latest messages (manager)";
    purge_nombre: "Nombre de messages à supprimer (1 à 100)", "How many messages to delete (1 to 100)";
}

fn en(name: &str) -> NameLocalizations {
    NameLocalizations::new([("en-US", name), ("en-GB", name)])
}

/// English names of the choices of the `statut` option.
pub mod choice {
    use super::{NameLocalizations, en};
    pub fn a_faire() -> NameLocalizations {
        en("To do")
    }
    pub fn en_cours() -> NameLocalizations {
        en("In progress")
    }
    pub fn terminee() -> NameLocalizations {
        en("Done")
    }
    pub fn annulee() -> NameLocalizations {
        en("Cancelled")
    }
    pub fn toutes() -> NameLocalizations {
        en("All")
    }
    pub fn membre() -> NameLocalizations {
        en("member (removes the mapping)")
    }
    pub fn salon_moderation() -> NameLocalizations {
        en("moderation")
    }
    pub fn salon_chantiers() -> NameLocalizations {
        en("job sites (category)")
    }
    pub fn salon_archives() -> NameLocalizations {
        en("archives (category)")
    }
    pub fn salon_alertes() -> NameLocalizations {
        en("alerts")
    }
    pub fn actifs() -> NameLocalizations {
        en("active")
    }
    pub fn archives() -> NameLocalizations {
        en("archived")
    }
}
