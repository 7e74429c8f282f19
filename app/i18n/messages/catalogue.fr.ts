import type { catalogueEn } from "./catalogue.en";

export const catalogueFr: Record<keyof typeof catalogueEn, string> = {
  "nav.catalogue": "Catalogue Shopify",
  "catalogue.title": "Pièces depuis le catalogue Shopify",
  "catalogue.intro":
    "Les variantes que Shopify a en stock à un emplacement avec moins de pièces Loupe que d’unités. Créer les pièces crée une pièce par unité, liée à son produit et à sa variante, au site de son emplacement, avec ses détails à compléter. Le stock Shopify ne change pas.",
  "catalogue.read.button": "Lire le catalogue dans Shopify",
  "catalogue.read.help":
    "Lit tous les produits, variantes, collections et niveaux de stock en une seule opération groupée Shopify ; un grand catalogue prend quelques minutes.",
  "catalogue.read.started":
    "Lecture du catalogue dans Shopify en cours. Cette page l’affiche dès que Shopify a répondu.",
  "catalogue.read.underWay": "Une lecture du catalogue est déjà en cours.",
  "catalogue.read.none": "Le catalogue n’a pas encore été lu.",
  "catalogue.read.at": "Catalogue lu le {at}.",
  "catalogue.read.status": "Lecture du catalogue : {status}, {objects} objet(s) pour l’instant.",
  "catalogue.read.failed": "La dernière lecture n’a pas abouti ({status}) ; la liste montre la précédente.",
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
    "Dont {damaged} unité(s) endommagée(s), qui deviennent des pièces en réparation (à examiner ou réparer), et {safetyStock} unité(s) de stock de sécurité, des pièces réservées ; Shopify les compte toujours en endommagé et en stock de sécurité.",
  "catalogue.committed":
    "{units} unité(s) sur {rows} ligne(s) non transformée(s) en pièces : Shopify les tient engagées dans des commandes pas encore expédiées. Loupe sort une pièce du stock quand sa commande arrive et la lie à la ligne de commande ; une pièce créée maintenant n’aurait pas ce lien et ne pourrait suivre ni l’expédition ni une annulation. Les unités remises en stock par une commande annulée redeviennent disponibles, et la lecture suivante crée leurs pièces.",
  "catalogue.totals": "{rows} ligne(s), {units} pièce(s) à créer.",
  "catalogue.shown": "Les {shown} premières lignes sont affichées ; Créer les pièces du filtre les couvre toutes.",
  "catalogue.empty": "Rien à créer : chaque unité en stock a sa pièce.",
  "catalogue.withoutSite":
    "« {location} » n’a pas encore de site ({units} unité(s)) : importez d’abord les emplacements Shopify sur la page de mise en route.",
  "catalogue.create.filtered": "Créer les pièces du filtre",
  "catalogue.create.selected": "Créer les pièces des lignes cochées",
  "catalogue.create.done":
    "{created} pièce(s) créée(s) : {active} en vente, {onHold} réservée(s), {atRepair} en réparation. Leurs détails sont à compléter.",
  "catalogue.create.held":
    "Dont {damaged} depuis des unités endommagées (en réparation), {safetyStock} depuis le stock de sécurité (réservées).",
  "catalogue.create.committed":
    "{units} unité(s) engagée(s) dans des commandes Shopify pas encore expédiées n’ont pas été transformée(s) en pièces (voir pourquoi sur la page).",
  "catalogue.create.nothing": "Rien à créer : ces unités ont déjà leurs pièces.",
  "catalogue.create.noSite":
    "Rien n’a été créé à « {location} » ({units} unité(s)) : il n’a pas encore de site. Importez d’abord les emplacements Shopify sur la page de mise en route.",
  "catalogue.error.EMPTY_SELECTION": "Rien n’est sélectionné : cochez au moins une ligne, ou changez le filtre.",
  "catalogue.error.UNKNOWN_LOCATION": "Cet emplacement Shopify n’est pas dans le catalogue lu : relisez le catalogue.",
  "catalogue.error.NO_CATALOGUE": "Lisez d’abord le catalogue dans Shopify.",
  "catalogue.error.tooManyRows": "5 000 lignes au plus à la fois : utilisez plutôt Créer les pièces du filtre.",
  "catalogue.error.refused": "Les pièces n’ont pas pu être créées ({code}).",
};
