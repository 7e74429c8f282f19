// Staged uploads (the storage service's form POST targets) and the files made from them.

export interface StagedUploadRecord {
  token: string;
  filename: string;
  mimeType: string;
  resourceUrl: string;
  /** StagedUploadTargetGenerateUploadResource (FILE, IMAGE, BULK_MUTATION_VARIABLES…). */
  resource: string;
  /** The `key` form parameter: for BULK_MUTATION_VARIABLES it is the `stagedUploadPath`. */
  key: string;
  body: Buffer | null;
}

export interface FileRecord {
  id: number;
  kind: "GenericFile" | "MediaImage";
  filename: string;
  mimeType: string;
  url: string;
  alt: string | null;
  size: number;
  createdAt: number;
}
