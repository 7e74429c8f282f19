-- CreateIndex
CREATE INDEX "Certificate_pieceId_idx" ON "Certificate"("pieceId");

-- CreateIndex
CREATE INDEX "Piece_shopId_state_createdAt_idx" ON "Piece"("shopId", "state", "createdAt");

