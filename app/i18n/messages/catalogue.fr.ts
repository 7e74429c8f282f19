import type { catalogueEn } from "./catalogue.en";

export const catalogueFr: Record<keyof typeof catalogueEn, string> = {
  "nav.catalogue": "Catalogue Shopify",
  "catalogue.title": "Pièces depuis le catalogue Shopify",
  "catalogue.intro":
    "Les variantes que Shopify a en stock à un emplacement avec moins de pièces Loupe que d’unités. Créer les pièces crée une pièce par unité, liée à son produit et à sa variante, au site de son emplacement, avec ses détails à compléter. Le stock Shopify ne change pas.",
  "catalogue.read.button": "Lire le catalogue dans Shopify",
  "catalogue.read.help":
    "Lit tous les produits, variantes, collections et niveaux de stock en une seule opération groupée Shopify\u202f; un grand catalogue prend quelques minutes.",
  "catalogue.read.started":
    "Lecture du catalogue dans Shopify en cours. Cette page l’affiche dès que Shopify a répondu.",
  "catalogue.read.underWay": "Une lecture du catalogue est déjà en cours.",
  "catalogue.read.none": "Le catalogue n’a pas encore été lu.",
  "catalogue.read.at": "Catalogue lu le {at}.",
  "catalogue.read.status":
    "Lecture du catalogue\u202f: {status}, {objects, plural, one {# objet} other {# objets}} pour l’instant.",
  "catalogue.read.failed": "La dernière lecture n’a pas abouti ({status})\u202f; la liste montre la précédente.",
  "catalogue.filter.productType": "Type de produit",
  "catalogue.filter.vendor": "Fournisseur",
  "catalogue.filter.tag": "Balise",
  "catalogue.filter.collection": "Collection",
  "catalogue.filter.location": "Emplacement Shopify",
  "catalogue.filter.any": "Tous",
  "catalogue.filter.apply": "Filtrer",
  "catalogue.col.product": "Produit",
  "catalogue.col.sku": "SKU",
  "catalogue.col.price": "Prix",
  "catalogue.col.location": "Emplacement",
  "catalogue.col.onHand": "En stock",
  "catalogue.col.pieces": "Pièces",
  "catalogue.col.toMake": "À créer",
  "catalogue.col.committed": "En commande",
  "catalogue.noSite": "aucun site",
  "catalogue.held":
    "Dont {damaged, plural, one {# unité endommagée, qui devient une pièce} other {# unités endommagées, qui deviennent des pièces}} en réparation (à examiner ou réparer), et {safetyStock, plural, one {# unité} other {# unités}} de stock de sécurité, des pièces réservées\u202f; Shopify les compte toujours en endommagé et en stock de sécurité.",
  "catalogue.committed":
    "{units, plural, one {# unité} other {# unités}} sur {rows, plural, one {# ligne} other {# lignes}} {units, plural, one {est réservée} other {sont réservées}} par des commandes Shopify pas encore expédiées. Créer les pièces en fait une pour chacune qui n’en a pas et l’enregistre vendue sur la ligne de sa commande, comme si la commande était arrivée après la pièce\u202f: l’expédition, l’annulation ou le remboursement de la commande la suivent. Une unité dont Loupe ne trouve pas la commande parmi les commandes ouvertes n’a pas de pièce.",
  "catalogue.totals":
    "{rows, plural, one {# ligne} other {# lignes}}, {units, plural, one {# pièce} other {# pièces}} à créer.",
  "catalogue.shown": "Les {shown} premières lignes sont affichées\u202f; Créer les pièces du filtre les couvre toutes.",
  "catalogue.empty": "Rien à créer\u202f: chaque unité en stock a sa pièce.",
  "catalogue.withoutSite":
    "«\u202f{location}\u202f» n’a pas encore de site ({units, plural, one {# unité} other {# unités}})\u202f: importez d’abord les emplacements Shopify sur la page de mise en route.",
  "catalogue.create.filtered": "Créer les pièces du filtre",
  "catalogue.create.selected": "Créer les pièces des lignes cochées",
  "catalogue.create.done":
    "{created, plural, one {# pièce créée} other {# pièces créées}}\u202f: {active} en vente, {onHold} en réserve, {atRepair} en réparation. Leurs détails sont à compléter.",
  "catalogue.create.held":
    "Dont {damaged} depuis des unités endommagées (en réparation), {safetyStock} depuis le stock de sécurité (réservées).",
  "catalogue.create.committed":
    "{units, plural, one {# unité réservée par une commande que Loupe n’a pas trouvée parmi les commandes ouvertes n’a pas de pièce.} other {# unités réservées par des commandes que Loupe n’a pas trouvées parmi les commandes ouvertes n’ont pas de pièce.}}",
  "catalogue.create.ordersUnavailable":
    "Les commandes ouvertes n’ont pas pu être lues dans Shopify\u202f: {units, plural, one {l’unité réservée par une commande n’a pas été vérifiée et aucune pièce n’a été faite pour elle} other {les # unités réservées par des commandes n’ont pas été vérifiées et aucune pièce n’a été faite pour elles}}. Relancez Créer les pièces pour faire celles qui manquent.",
  "catalogue.create.soldToOrders":
    "{units, plural, one {# pièce créée pour une unité d’une commande pas encore expédiée, enregistrée vendue sur la ligne de sa commande.} other {# pièces créées pour des unités de commandes pas encore expédiées, chacune enregistrée vendue sur la ligne de sa commande.}}",
  "catalogue.create.nothing": "Rien à créer\u202f: ces unités ont déjà leurs pièces.",
  "catalogue.create.noSite":
    "Rien n’a été créé à «\u202f{location}\u202f» ({units, plural, one {# unité} other {# unités}})\u202f: il n’a pas encore de site. Importez d’abord les emplacements Shopify sur la page de mise en route.",
  "catalogue.error.EMPTY_SELECTION": "Rien n’est sélectionné\u202f: cochez au moins une ligne, ou changez le filtre.",
  "catalogue.error.UNKNOWN_LOCATION":
    "Cet emplacement Shopify n’est pas dans le catalogue lu\u202f: relisez le catalogue.",
  "catalogue.error.NO_CATALOGUE": "Lisez d’abord le catalogue dans Shopify.",
  "catalogue.error.tooManyRows": "5 000 lignes au plus à la fois\u202f: utilisez plutôt Créer les pièces du filtre.",
  "catalogue.error.refused": "Les pièces n’ont pas pu être créées ({code}).",
};
