import type { kioskEn } from "./kiosk.en";

export const kioskFr: Record<keyof typeof kioskEn, string> = {
  "kiosk.error.BAD_REQUEST": "La requête n'est pas valide\u202f: {detail}",
  "kiosk.error.RATE_LIMITED": "Trop de tentatives. Attendez {seconds} secondes puis réessayez.",
  "kiosk.error.PAIRING_UNKNOWN":
    "Ce code d'appairage n'existe pas. Vérifiez le code affiché sur la borne et saisissez-le à nouveau.",
  "kiosk.error.PAIRING_EXPIRED":
    "Ce code d'appairage a expiré. Relancez «\u202fkiosk pair\u202f» pour obtenir un nouveau code.",
  "kiosk.error.PAIRING_COLLECTED":
    "Cette borne a déjà récupéré son jeton. Pour l'appairer de nouveau, relancez «\u202fkiosk pair\u202f».",
  "kiosk.error.PAIRING_CONFIRMED":
    "Ce code a déjà été confirmé. Relancez «\u202fkiosk pair\u202f» sur la borne pour un nouveau code.",
  "kiosk.error.DEVICE_UNKNOWN":
    "Cette borne n'est pas appairée avec la boutique. Appairez-la de nouveau depuis l'admin (Bornes et impression).",
  "kiosk.error.DEVICE_REVOKED":
    "Cette borne a été retirée de la boutique dans l'admin. Appairez-la de nouveau pour l'utiliser.",
  "kiosk.error.STAFF_REQUIRED": "Identifiez-vous d'abord avec votre code PIN.",
  "kiosk.error.PIN_WRONG":
    "Code PIN erroné. {attemptsLeft, plural, one {# essai restant} other {# essais restants}} avant le verrouillage de la borne.",
  "kiosk.error.PIN_LOCKED": "Trop de codes PIN erronés. Connexion verrouillée jusqu'à {until}.",
  "kiosk.error.PIN_SHOP_LOCKED":
    "Trop de codes PIN erronés dans la boutique en une heure\u202f: la connexion est verrouillée sur toutes les bornes jusqu'à {until}. Le propriétaire et les responsables le voient sur l'accueil de Loupe.",
  "kiosk.error.TAG_CODE_INVALID.LENGTH":
    "Un code d'étiquette a 7 caractères. Vérifiez le code puis scannez-le ou saisissez-le à nouveau.",
  "kiosk.error.TAG_CODE_INVALID.CHARACTER":
    "Ce code d'étiquette contient un caractère que les codes n'utilisent jamais. Vérifiez-le et saisissez-le à nouveau.",
  "kiosk.error.TAG_CODE_INVALID.CHECK":
    "Ce code d'étiquette contient une faute de frappe (son caractère de contrôle ne correspond pas). Vérifiez-le et saisissez-le à nouveau.",
  "kiosk.error.PIECE_NOT_FOUND": "Aucune pièce avec ce code d'étiquette dans cette boutique.",
  "kiosk.error.PIECE_AT_OTHER_LOCATION":
    "Cette pièce se trouve dans un autre emplacement de la boutique ({location})\u202f: une borne ne traite que les pièces de son propre emplacement. Déplacez d'abord la pièce dans l'admin, ou utilisez une borne de cet emplacement.",
  "kiosk.error.TIME_BEFORE_PAIRING":
    "L'heure de cette opération ({at}) est antérieure à l'appairage de cette borne ({paired}). Vérifiez la date et l'heure de la borne, puis recommencez.",
  "kiosk.error.TIME_AHEAD":
    "L'heure de cette opération ({at}) est en avance de plus de 5 minutes sur l'horloge du serveur ({now}). Vérifiez la date et l'heure de la borne, puis recommencez.",
  "kiosk.error.LOCATION_REQUIRED": "Choisissez l'emplacement de la pièce.",
  "kiosk.error.UNKNOWN_LOCATION": "Cet emplacement n'existe pas dans le point de vente de cette borne.",
  "kiosk.error.KEY_REUSED":
    "Cette clé d'opération a déjà servi pour une autre opération. La borne doit utiliser une nouvelle clé.",
  "kiosk.error.ILLEGAL_TRANSITION":
    "Cette pièce ne peut pas être réceptionnée\u202f: elle n'est pas en attente de réception (état\u202f: {state}).",
  "kiosk.error.SAME_STATE": "La pièce est déjà dans cet état.",
  "kiosk.error.NOT_TAGGED": "Imprimez et posez l'étiquette avant de mettre la pièce en vente.",
  "kiosk.error.CHANGED_MEANWHILE":
    "Quelqu'un a modifié cette pièce entre-temps. Recherchez-la de nouveau et réessayez.",
  "kiosk.error.NOT_CONSIGNED": "Cette pièce n'est pas en dépôt-vente.",
  "kiosk.error.REFUND_ONLY": "Une pièce vendue ne revient que par un remboursement, pour être contrôlée.",
  "kiosk.error.UNKNOWN_STATE": "Cette pièce a un état inconnu.",
  "kiosk.error.TEMPLATE_UNKNOWN": "Ce modèle d'étiquette n'existe pas.",
  "kiosk.error.PRICE_MISSING": "Cette pièce n'a pas de prix\u202f: renseignez-le avant d'imprimer son étiquette.",
  "kiosk.error.TEXT_UNPRINTABLE":
    "Le champ {field} contient des caractères que l'imprimante ne sait pas imprimer ({characters}). Modifiez le texte avant d'imprimer.",
  "kiosk.error.PRICE_DOES_NOT_FIT":
    "Le prix est trop large pour cette étiquette (il n'est jamais raccourci). Choisissez une étiquette plus grande ou une police de prix plus petite.",
  "kiosk.error.LAYOUT": "Cette étiquette ne peut pas être imprimée sur ce modèle\u202f: {detail}",
  "kiosk.error.JOB_NOT_FOUND": "Cette impression n'existe pas pour cette borne.",
  "kiosk.error.JOB_NOT_CLAIMED": "Cette impression n'est pas en cours sur cette borne (état\u202f: {status}).",
  "kiosk.error.NO_PIECES": "Choisissez au moins une pièce à imprimer.",
  "kiosk.error.PIECE_WITHOUT_LOCATION":
    "Une pièce n'a pas encore de point de vente\u202f: aucune borne ne peut l'imprimer. Placez-la d'abord dans un emplacement.",
  "kiosk.error.TOO_MANY": "Au plus {max} étiquettes à la fois.",
  "kiosk.field.title": "désignation",
  "kiosk.field.stonesTable": "description des pierres",
  "kiosk.title": "Bornes et impression",
  "kiosk.pair.title": "Appairer une borne",
  "kiosk.pair.help":
    "Sur la borne, lancez «\u202fkiosk pair\u202f»\u202f: elle affiche un code comme 7K3Q-X9M2. Saisissez-le ici, choisissez le point de vente où se trouve la borne et donnez-lui un nom.",
  "kiosk.pair.code": "Code d'appairage",
  "kiosk.pair.location": "Point de vente",
  "kiosk.pair.name": "Nom de la borne",
  "kiosk.pair.submit": "Appairer cette borne",
  "kiosk.pair.done":
    "La borne «\u202f{name}\u202f» est appairée. Elle reçoit son jeton à sa prochaine vérification (sous quelques secondes).",
  "kiosk.pair.noLocations": "Créez d'abord un emplacement\u202f: une borne appartient à un point de vente.",
  "kiosk.pair.codeInvalid": "Un code d'appairage a 8 caractères, comme 7K3Q-X9M2.",
  "kiosk.pair.nameInvalid": "Donnez un nom à la borne (1 à 60 caractères).",
  "kiosk.pair.locationInvalid": "Choisissez l'un des points de vente de la boutique.",
  "kiosk.devices.title": "Bornes appairées",
  "kiosk.devices.empty": "Aucune borne n'est encore appairée.",
  "kiosk.devices.name": "Nom",
  "kiosk.devices.location": "Point de vente",
  "kiosk.devices.pairedBy": "Appairée par",
  "kiosk.devices.lastSeen": "Dernière activité",
  "kiosk.devices.status": "État",
  "kiosk.devices.active": "Active",
  "kiosk.devices.revoked": "Retirée",
  "kiosk.devices.revoke": "Retirer",
  "kiosk.devices.revoked.done": "La borne «\u202f{name}\u202f» a été retirée\u202f: son jeton ne fonctionne plus.",
  "kiosk.devices.never": "Jamais",
  "kiosk.staff.title": "Codes PIN du personnel",
  "kiosk.staff.help":
    "Chaque personne s'identifie à la borne avec un code PIN personnel de 4 à 8 chiffres, pour que chaque action porte son nom. Cinq codes erronés d'affilée verrouillent la connexion pendant 15 minutes.",
  "kiosk.staff.name": "Nom",
  "kiosk.staff.pin": "Code PIN",
  "kiosk.staff.add": "Ajouter une personne",
  "kiosk.staff.setPin": "Définir le PIN",
  "kiosk.staff.hasPin": "PIN défini",
  "kiosk.staff.noPin": "Pas de PIN",
  "kiosk.staff.locked": "Verrouillé jusqu'à {until}",
  "kiosk.staff.unlock": "Déverrouiller",
  "kiosk.staff.removePin": "Retirer le PIN",
  "kiosk.staff.saved": "Code PIN enregistré pour {name}.",
  "kiosk.staff.PIN_FORMAT": "Un code PIN a de 4 à 8 chiffres.",
  "kiosk.staff.PIN_TOO_SIMPLE":
    "Ce code PIN est trop facile à deviner (chiffres répétés ou consécutifs). Choisissez-en un autre.",
  "kiosk.staff.PIN_TAKEN": "Quelqu'un utilise déjà ce code PIN. Choisissez-en un autre.",
  "kiosk.staff.nameInvalid": "Indiquez le nom de la personne (1 à 80 caractères).",
  "kiosk.staff.unknown": "Cette personne n'existe pas dans cette boutique.",
  "kiosk.notice.locksTitle": "La connexion aux bornes a été verrouillée après des codes PIN erronés",
  "kiosk.notice.lockDevice": "{device}\u202f: {failures} codes PIN erronés, verrouillée le {at} jusqu'à {until}.",
  "kiosk.notice.lockShop":
    "Toutes les bornes\u202f: {failures} codes PIN erronés dans la boutique en une heure (le dernier sur {device}), verrouillées le {at} jusqu'à {until}.",
  "kiosk.notice.openKiosks": "Bornes et codes PIN",
  "kiosk.notice.pinChanged":
    "Votre code PIN de borne a été changé par {by} le {at}. Si vous ne l'avez pas demandé, prévenez le propriétaire de la boutique.",
  "kiosk.print.title": "File d'impression",
  "kiosk.print.help":
    "Les étiquettes demandées depuis la liste des pièces ou la fiche d'une pièce sont imprimées en quelques secondes par la borne appairée au point de vente de la pièce.",
  "kiosk.print.queued": "En attente",
  "kiosk.print.claimed": "En cours",
  "kiosk.print.printed": "Imprimées",
  "kiosk.print.failed": "En échec",
  "kiosk.print.cancelled": "Annulées",
  "kiosk.print.none": "Aucune impression pour l'instant.",
  "kiosk.print.piece": "Pièce",
  "kiosk.print.template": "Modèle",
  "kiosk.print.status": "État",
  "kiosk.print.requestedBy": "Demandée par",
  "kiosk.print.when": "Quand",
  "kiosk.print.device": "Borne",
  "kiosk.print.error": "Erreur",
  "kiosk.print.reprint": "Réimpression",
  "kiosk.print.noKiosk":
    "Aucune borne active n'est appairée à {location}\u202f: ces étiquettes attendent qu'il y en ait une.",
  "kiosk.print.progress": "{printed} sur {total} imprimées",
  "kiosk.print.queuedDone": "{count, plural, one {# étiquette envoyée} other {# étiquettes envoyées}} à l'impression.",
  "kiosk.print.byTagCodes": "Codes d'étiquette à imprimer (un par ligne)",
  "kiosk.print.submit": "Imprimer les étiquettes",
  "tags.title": "Modèles d'étiquettes",
  "tags.template": "Modèle",
  "tags.field": "Champ",
  "tags.show": "Imprimé",
  "tags.fontMm": "Hauteur de police (mm)",
  "tags.x": "Gauche (mm)",
  "tags.y": "Haut (mm)",
  "tags.preview": "Aperçu",
  "tags.previewHelp":
    "L'aperçu est produit à partir de la même mise en page que celle envoyée à l'imprimante, à 203 dpi, avec une pièce d'exemple.",
  "tags.save": "Enregistrer pour cette boutique",
  "tags.reset": "Revenir au modèle d'origine",
  "tags.saved": "Modèle enregistré\u202f: les nouvelles étiquettes l'utilisent.",
  "tags.resetDone": "Le modèle d'origine est de nouveau utilisé.",
  "tags.customised": "Ajusté pour cette boutique",
  "tags.builtIn": "D'origine",
  "tags.invalid": "Ces réglages ne donnent pas une étiquette imprimable\u202f: {detail}",
  "tags.valueInvalid": "Tailles et positions\u202f: des millimètres entre 0 et 100.",
  "tags.field.price": "Prix",
  "tags.field.title": "Désignation",
  "tags.field.metal": "Métal",
  "tags.field.weight": "Poids",
  "tags.field.caratTotal": "Total carats",
  "tags.field.stoneLine": "Pierre principale",
  "tags.field.tagCode": "Code-barres",
  "tags.field.tagCodeText": "Code d'étiquette (texte)",
  "tags.field.qr": "QR de provenance",
  "tags.field.stonesTable": "Tableau des pierres",
  "kiosk.error.RFID_DISABLED":
    "Ce modèle est pour étiquettes RFID, et la RFID est désactivée pour cette boutique. Activez-la dans Modèles d'étiquettes (RFID) ou choisissez un modèle sans RFID.",
  "kiosk.error.RFID_PREFIX_MISSING":
    "La RFID a besoin du préfixe entreprise GS1 de la boutique\u202f: saisissez-le dans Modèles d'étiquettes (RFID).",
  "kiosk.error.RFID_NO_GTIN":
    "Cette pièce n'a pas de GTIN\u202f: aucun EPC ne peut être écrit. Donnez à sa variante Shopify un code-barres GTIN sous le préfixe GS1 de la boutique, ou attribuez un GTIN à la pièce dans Loupe.",
  "kiosk.error.RFID_GTIN_NOT_SHOP_PREFIX":
    "Le GTIN {gtin} n'est pas sous le préfixe entreprise GS1 {prefix} de la boutique\u202f: son EPC serait faux. Utilisez un GTIN de la boutique (il commence par {prefix} après le premier chiffre).",
  "kiosk.error.RFID_SERIALS_EXHAUSTED":
    "La boutique a utilisé tous les numéros de série SGTIN-96 (2^38). Plus aucune étiquette RFID ne peut être numérotée.",
  "kiosk.error.RFID_INVALID": "L'EPC ne peut pas être construit\u202f: {detail}",
  "tags.rfid.title": "RFID (EPC SGTIN-96)",
  "tags.rfid.help":
    "Les étiquettes imprimées sur support RFID reçoivent l'EPC de la pièce dans leur puce\u202f: son GTIN (le code-barres de la variante Shopify, ou le GTIN attribué dans Loupe) et un numéro de série que Loupe donne une fois par pièce et ne réutilise jamais. Une réimpression écrit le même EPC.",
  "tags.rfid.enabled": "Écrire les EPC sur le support RFID",
  "tags.rfid.companyPrefix": "Préfixe entreprise GS1",
  "tags.rfid.companyPrefixHelp":
    "6 à 12 chiffres, tel que GS1 l'a attribué (un préfixe UPC prend son 0 initial). Les GTIN doivent commencer par lui après leur premier chiffre.",
  "tags.rfid.filter": "Valeur de filtre EPC",
  "tags.rfid.filterHelp":
    "1 = article de point de vente (la valeur habituelle pour une pièce étiquetée)\u202f; de 0 à 7.",
  "tags.rfid.reason": "Motif du changement",
  "tags.rfid.save": "Enregistrer le réglage RFID",
  "tags.rfid.saved": "Réglage RFID enregistré.",
  "tags.rfid.prefixInvalid": "Un préfixe entreprise GS1 compte 6 à 12 chiffres, rien d'autre (par exemple 3760123).",
  "tags.rfid.prefixRequired": "Saisissez le préfixe entreprise GS1 de la boutique pour activer la RFID.",
  "tags.rfid.filterInvalid": "La valeur de filtre EPC est un nombre entier de 0 à 7.",
  "tags.rfid.reasonRequired": "Indiquez pourquoi le réglage change (il est conservé dans le journal d'audit).",
  "tags.rfid.nextSerial": "Prochain numéro de série\u202f: {serial}",
  "tags.rfid.epc": "EPC écrit\u202f: {hex}",
  "tags.rfid.epcDecoded": "GTIN {gtin} · série {serial} · filtre {filter}",
  "tags.rfid.previewSerial":
    "Une pièce sans numéro de série reçoit le suivant à la première impression de son étiquette.",
  "tags.rfid.stock": "Support RFID",
};
