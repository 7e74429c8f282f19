// English messages, assembled from one file per area (app/i18n/messages/<area>.en.ts) so that
// areas are edited independently. Keys are "area.thing"; fr.ts must define every key.
import { coreEn } from "./messages/core.en";
import { catalogEn } from "./messages/catalog.en";
import { kioskEn } from "./messages/kiosk.en";
import { provenanceEn } from "./messages/provenance.en";
import { materialsEn } from "./messages/materials.en";
import { materialsFecEn } from "./messages/materials-fec.en";
import { setupEn } from "./messages/setup.en";
import { staffEn } from "./messages/staff.en";
import { detailsEn } from "./messages/details.en";
import { settingsEn } from "./messages/settings.en";
import { partnersEn } from "./messages/partners.en";
import { catalogueEn } from "./messages/catalogue.en";
import { tradeEn } from "./messages/trade.en";
import { limitsEn } from "./messages/limits.en";
import { recordsEn } from "./messages/records.en";
import { ledgerEn } from "./messages/ledger.en";
import { recordEn } from "./messages/record.en";
import { kioskIdleEn } from "./messages/kiosk-idle.en";
import { valuationEn } from "./messages/valuation.en";
import { csvEn } from "./messages/csv.en";
import { numbersEn } from "./messages/numbers.en";

export const en = {
  ...coreEn,
  ...catalogEn,
  ...kioskEn,
  ...provenanceEn,
  ...materialsEn,
  ...materialsFecEn,
  ...setupEn,
  ...staffEn,
  ...detailsEn,
  ...settingsEn,
  ...partnersEn,
  ...catalogueEn,
  ...tradeEn,
  ...limitsEn,
  ...recordsEn,
  ...ledgerEn,
  ...recordEn,
  ...kioskIdleEn,
  ...valuationEn,
  ...csvEn,
  ...numbersEn,
} as const;

export type MessageKey = keyof typeof en;
