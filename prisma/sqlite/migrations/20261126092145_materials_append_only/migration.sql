-- Material ledger rows are never changed; they go only with their shop (shop/redact), when the
-- cascade has already removed the Shop row. Corrections are new moves, reversals, later changes.
CREATE TRIGGER "MaterialMove_append_only_update" BEFORE UPDATE ON "MaterialMove"
BEGIN SELECT RAISE(ABORT, 'MaterialMove rows are append-only'); END;
CREATE TRIGGER "MaterialMove_append_only_delete" BEFORE DELETE ON "MaterialMove"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialMove rows are append-only'); END;
CREATE TRIGGER "MaterialMethodChange_append_only_update" BEFORE UPDATE ON "MaterialMethodChange"
BEGIN SELECT RAISE(ABORT, 'MaterialMethodChange rows are append-only'); END;
CREATE TRIGGER "MaterialMethodChange_append_only_delete" BEFORE DELETE ON "MaterialMethodChange"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialMethodChange rows are append-only'); END;
CREATE TRIGGER "MaterialImpairment_append_only_update" BEFORE UPDATE ON "MaterialImpairment"
BEGIN SELECT RAISE(ABORT, 'MaterialImpairment rows are append-only'); END;
CREATE TRIGGER "MaterialImpairment_append_only_delete" BEFORE DELETE ON "MaterialImpairment"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialImpairment rows are append-only'); END;
CREATE TRIGGER "MaterialPeriodClose_append_only_update" BEFORE UPDATE ON "MaterialPeriodClose"
BEGIN SELECT RAISE(ABORT, 'MaterialPeriodClose rows are append-only'); END;
CREATE TRIGGER "MaterialPeriodClose_append_only_delete" BEFORE DELETE ON "MaterialPeriodClose"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialPeriodClose rows are append-only'); END;
CREATE TRIGGER "MaterialJobCost_append_only_update" BEFORE UPDATE ON "MaterialJobCost"
BEGIN SELECT RAISE(ABORT, 'MaterialJobCost rows are append-only'); END;
CREATE TRIGGER "MaterialJobCost_append_only_delete" BEFORE DELETE ON "MaterialJobCost"
WHEN EXISTS (SELECT 1 FROM "Shop" WHERE "id" = OLD."shopId")
BEGIN SELECT RAISE(ABORT, 'MaterialJobCost rows are append-only'); END;
