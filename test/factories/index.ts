// Records for tests, made through the app's own models and services with sensible defaults: a test
// names only what it is about. The app's database is the one DATABASE_URL points at (appOn).
export { SEED_ACTOR } from "./actors";
export { makeLocation } from "./locations";
export { makeMaterialClass } from "./materials";
export { makePiece, type PieceHow } from "./pieces";
export { makeShop, type ShopOverrides } from "./shops";
export { makeStaff } from "./staff";
