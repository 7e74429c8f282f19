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
  "catalogue.col.committed": "En commande (sans pièce)",
  "catalogue.noSite": "aucun site",
  "catalogue.held":
    "Dont {damaged, plural, one {# unité endommagée, qui devient une pièce} other {# unités endommagées, qui deviennent des pièces}} en réparation (à examiner ou réparer), et {safetyStock, plural, one {# unité} other {# unités}} de stock de sécurité, des pièces réservées\u202f; Shopify les compte toujours en endommagé et en stock de sécurité.",
  "catalogue.committed":
    "{units, plural, one {# unité} other {# unités}} sur {rows, plural, one {# ligne} other {# lignes}} non transformées en pièces\u202f: Shopify les tient engagées dans des commandes pas encore expédiées. Loupe sort une pièce du stock quand sa commande arrive et la lie à la ligne de commande\u202f; une pièce créée maintenant n’aurait pas ce lien et ne pourrait suivre ni l’expédition ni une annulation. Les unités remises en stock par une commande annulée redeviennent disponibles, et la lecture suivante crée leurs pièces.",
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
    "{units, plural, one {# unité engagée dans des commandes Shopify pas encore expédiées n’a pas été transformée} other {# unités engagées dans des commandes Shopify pas encore expédiées n’ont pas été transformées}} en pièces (voir pourquoi sur la page).",
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
