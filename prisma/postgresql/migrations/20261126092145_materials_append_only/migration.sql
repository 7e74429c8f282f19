-- Material ledger rows are never changed; they go only with their shop (see loupe_append_only in init).
CREATE TRIGGER "MaterialMove_append_only" BEFORE UPDATE OR DELETE ON "MaterialMove"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "MaterialMethodChange_append_only" BEFORE UPDATE OR DELETE ON "MaterialMethodChange"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "MaterialImpairment_append_only" BEFORE UPDATE OR DELETE ON "MaterialImpairment"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "MaterialPeriodClose_append_only" BEFORE UPDATE OR DELETE ON "MaterialPeriodClose"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
CREATE TRIGGER "MaterialJobCost_append_only" BEFORE UPDATE OR DELETE ON "MaterialJobCost"
  FOR EACH ROW EXECUTE FUNCTION "loupe_append_only"();
