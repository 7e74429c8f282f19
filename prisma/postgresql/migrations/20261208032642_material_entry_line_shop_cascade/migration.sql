-- MaterialEntryLine holds shop data, so its shopId cascades from Shop like every such table
-- (shop/redact then leaves none of the shop's lines). Its append-only trigger stays as it was.

-- AddForeignKey
ALTER TABLE "MaterialEntryLine" ADD CONSTRAINT "MaterialEntryLine_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
