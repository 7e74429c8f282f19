import type { MessageKey } from "./en";
import { coreFr } from "./messages/core.fr";
import { catalogFr } from "./messages/catalog.fr";
import { kioskFr } from "./messages/kiosk.fr";
import { provenanceFr } from "./messages/provenance.fr";
import { materialsFr } from "./messages/materials.fr";
import { materialsFecFr } from "./messages/materials-fec.fr";
import { setupFr } from "./messages/setup.fr";
import { staffFr } from "./messages/staff.fr";
import { detailsFr } from "./messages/details.fr";
import { settingsFr } from "./messages/settings.fr";
import { partnersFr } from "./messages/partners.fr";
import { catalogueFr } from "./messages/catalogue.fr";
import { tradeFr } from "./messages/trade.fr";
import { limitsFr } from "./messages/limits.fr";
import { recordsFr } from "./messages/records.fr";
import { ledgerFr } from "./messages/ledger.fr";
import { recordFr } from "./messages/record.fr";
import { kioskIdleFr } from "./messages/kiosk-idle.fr";
import { valuationFr } from "./messages/valuation.fr";
import { csvFr } from "./messages/csv.fr";
import { numbersFr } from "./messages/numbers.fr";

export const fr: Record<MessageKey, string> = {
  ...coreFr,
  ...catalogFr,
  ...kioskFr,
  ...provenanceFr,
  ...materialsFr,
  ...materialsFecFr,
  ...setupFr,
  ...staffFr,
  ...detailsFr,
  ...settingsFr,
  ...partnersFr,
  ...catalogueFr,
  ...tradeFr,
  ...limitsFr,
  ...recordsFr,
  ...ledgerFr,
  ...recordFr,
  ...kioskIdleFr,
  ...valuationFr,
  ...csvFr,
  ...numbersFr,
};
