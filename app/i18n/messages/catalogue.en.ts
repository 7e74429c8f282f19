// The catalogue page: pieces made from the shop's existing Shopify catalogue.
export const catalogueEn = {
  "nav.catalogue": "Shopify catalogue",
  "catalogue.title": "Pieces from the Shopify catalogue",
  "catalogue.intro":
    "Variants Shopify has in stock at a location with fewer Loupe pieces there than units. Create pieces makes one piece per unit, linked to its product and variant, at the site of its location, with its details to complete. Shopify's stock does not change.",
  "catalogue.read.button": "Read the catalogue from Shopify",
  "catalogue.read.help":
    "Reads every product, variant, collection and stock level in one Shopify bulk operation; a large catalogue takes a few minutes.",
  "catalogue.read.started": "Reading the catalogue from Shopify. This page shows it once Shopify has answered.",
  "catalogue.read.underWay": "A read of the catalogue is already under way.",
  "catalogue.read.none": "The catalogue has not been read yet.",
  "catalogue.read.at": "Catalogue read {at}.",
  "catalogue.read.status":
    "Reading the catalogue: {status}, {objects, plural, one {# object} other {# objects}} so far.",
  "catalogue.read.failed": "The last read did not complete ({status}); the list shows the one before.",
  "catalogue.filter.productType": "Product type",
  "catalogue.filter.vendor": "Vendor",
  "catalogue.filter.tag": "Tag",
  "catalogue.filter.collection": "Collection",
  "catalogue.filter.location": "Shopify location",
  "catalogue.filter.any": "Any",
  "catalogue.filter.apply": "Filter",
  "catalogue.col.product": "Product",
  "catalogue.col.sku": "SKU",
  "catalogue.col.price": "Price",
  "catalogue.col.location": "Location",
  "catalogue.col.onHand": "On hand",
  "catalogue.col.pieces": "Pieces",
  "catalogue.col.toMake": "To create",
  "catalogue.col.committed": "On orders",
  "catalogue.noSite": "no site",
  "catalogue.held":
    "Of these, {damaged, plural, one {# damaged unit becomes a piece} other {# damaged units become pieces}} at repair (to inspect or repair) and {safetyStock, plural, one {# unit} other {# units}} of safety stock pieces on hold; they stay counted in Shopify's damaged and safety stock.",
  "catalogue.committed":
    "{units, plural, one {# unit} other {# units}} on {rows, plural, one {# line} other {# lines}} are committed to Shopify orders not yet fulfilled. Create pieces makes a piece for each one that has none and records it sold on its order's line, as if the order had come after the piece, so the order's shipment, cancellation or refund follows it. A unit whose order Loupe cannot read among the open orders gets no piece.",
  "catalogue.totals":
    "{rows, plural, one {# line} other {# lines}}, {units, plural, one {# piece} other {# pieces}} to create.",
  "catalogue.shown": "The first {shown} lines are shown; Create pieces for the filter covers them all.",
  "catalogue.empty": "Nothing to create: every unit in stock has its piece.",
  "catalogue.withoutSite":
    "“{location}” has no site yet ({units, plural, one {# unit} other {# units}}): import the Shopify locations on the set-up page first.",
  "catalogue.create.filtered": "Create pieces for the filter",
  "catalogue.create.selected": "Create pieces for the ticked lines",
  "catalogue.create.done":
    "{created, plural, one {# piece created} other {# pieces created}}: {active} active, {onHold} on hold, {atRepair} at repair. Their details are to complete.",
  "catalogue.create.held":
    "{damaged} of them from damaged units (at repair), {safetyStock} from safety stock (on hold).",
  "catalogue.create.committed":
    "{units, plural, one {# unit committed to an order Loupe could not find among the open orders was} other {# units committed to orders Loupe could not find among the open orders were}} not made into pieces.",
  "catalogue.create.ordersUnavailable":
    "Shopify's open orders could not be read: {units, plural, one {the unit committed to an order was not checked, and no piece was made for it} other {the # units committed to orders were not checked, and no piece was made for them}}. Create pieces again to make the missing ones.",
  "catalogue.create.soldToOrders":
    "{units, plural, one {# piece made for a unit on an order not yet fulfilled, recorded sold on its order's line.} other {# pieces made for units on orders not yet fulfilled, each recorded sold on its order's line.}}",
  "catalogue.create.nothing": "Nothing to create: these units already have their pieces.",
  "catalogue.create.noSite":
    "Nothing created at “{location}” ({units, plural, one {# unit} other {# units}}): it has no site yet. Import the Shopify locations on the set-up page first.",
  "catalogue.error.EMPTY_SELECTION": "Nothing selected: tick at least one line, or change the filter.",
  "catalogue.error.UNKNOWN_LOCATION": "This Shopify location is not in the catalogue read: read the catalogue again.",
  "catalogue.error.NO_CATALOGUE": "Read the catalogue from Shopify first.",
  "catalogue.error.tooManyRows": "At most 5,000 lines at once: use Create pieces for the filter instead.",
  "catalogue.error.refused": "The pieces could not be created ({code}).",
} as const;
