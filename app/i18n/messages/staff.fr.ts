import type { staffEn } from "./staff.en";

export const staffFr: Record<keyof typeof staffEn, string> = {
  "nav.staff": "Équipe",
  "staff.title": "Équipe",
  "staff.intro":
    "Toutes les personnes qui ont ouvert Loupe dans l'admin Shopify. Le propriétaire du compte Shopify est propriétaire ; les autres commencent comme employés jusqu'à ce qu'un autre rôle leur soit donné ici.",
  "staff.column.name": "Nom",
  "staff.column.role": "Rôle",
  "staff.column.language": "Langue",
  "staff.column.since": "Première ouverture de Loupe",
  "staff.column.change": "Changer le rôle",
  "staff.role.owner": "Propriétaire",
  "staff.role.manager": "Responsable",
  "staff.role.staff": "Employé",
  "staff.role.accountant": "Comptable",
  "staff.accountOwner": "Propriétaire du compte Shopify",
  "staff.you": "vous",
  "staff.save": "Enregistrer",
  "staff.saved": "{name} est maintenant {role}.",
  "staff.unchanged": "{name} a déjà ce rôle.",
  "staff.none": "Personne n'a encore ouvert Loupe.",
  "staff.error.STAFF_FORBIDDEN": "Seuls le propriétaire et les responsables peuvent voir et changer les rôles.",
  "staff.error.SELF_ROLE_FORBIDDEN": "Vous ne pouvez pas changer votre propre rôle.",
  "staff.error.ACCOUNT_OWNER_FORBIDDEN": "Le propriétaire du compte Shopify reste propriétaire.",
  "staff.error.MANAGER_ROLE_FORBIDDEN":
    "Un responsable peut seulement passer une personne d'employé à comptable et inversement.",
  "staff.error.STAFF_NOT_FOUND": "Cette personne ne fait pas partie de l'équipe de cette boutique.",
  "staff.error.STAFF_STALE": "Quelqu'un a changé le rôle de cette personne entre-temps ; rechargez la page.",
  "staff.error.unknown": "Le rôle n'a pas pu être changé ({code}).",
};
