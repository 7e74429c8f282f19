-- AlterTable
ALTER TABLE "Piece" ADD COLUMN     "searchTitle" TEXT NOT NULL DEFAULT '';


-- Existing titles folded as app/domain/search-text.ts folds them (accents of French and the
-- common Latin letters; any other title is folded again the next time it is written). One
-- letter at a time: SQLite's parser refuses a deeper nesting of replace().
UPDATE "Piece" SET "searchTitle" = lower("title");
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'à', 'a'), 'â', 'a'), 'ä', 'a'), 'á', 'a'), 'ã', 'a'), 'å', 'a'), 'À', 'a'), 'Â', 'a'), 'Ä', 'a'), 'Á', 'a'), 'Ã', 'a'), 'Å', 'a');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'ç', 'c'), 'Ç', 'c');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë', 'e'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'î', 'i'), 'ï', 'i'), 'í', 'i'), 'ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'Í', 'i'), 'Ì', 'i');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'ô', 'o'), 'ö', 'o'), 'ó', 'o'), 'ò', 'o'), 'õ', 'o'), 'ø', 'o'), 'Ô', 'o'), 'Ö', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Õ', 'o'), 'Ø', 'o');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace(replace(replace(replace(replace("searchTitle", 'ù', 'u'), 'û', 'u'), 'ü', 'u'), 'ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ú', 'u');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace(replace("searchTitle", 'ÿ', 'y'), 'ý', 'y'), 'Ÿ', 'y'), 'Ý', 'y');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'ñ', 'n'), 'Ñ', 'n');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'œ', 'oe'), 'Œ', 'oe');
UPDATE "Piece" SET "searchTitle" = replace(replace("searchTitle", 'æ', 'ae'), 'Æ', 'ae');
UPDATE "Piece" SET "searchTitle" = replace("searchTitle", 'ß', 'ss');
UPDATE "Piece" SET "searchTitle" = replace(replace(replace("searchTitle", ' ', ' '), ' ', ' '), ' ', ' ');
UPDATE "Piece" SET "searchTitle" = trim("searchTitle");
