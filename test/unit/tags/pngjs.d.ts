// The part of pngjs the tests use (the package ships no types).
declare module "pngjs" {
  type Image = { width: number; height: number; data: Buffer };
  export const PNG: {
    new (options: { width: number; height: number }): Image;
    sync: { read(buf: Buffer): Image; write(png: Image): Buffer };
  };
}
